// Types shared by the capture page (renderer) and the browser host (node): codecs, masks, knobs,
// the control messages Node sends to the page and the events the page sends back.
import type { TetherErrorCode } from '@tether/protocol';

export type VideoCodecName = 'h264' | 'vp8' | 'vp9' | 'av1';

export const VIDEO_CODEC_NAMES: readonly VideoCodecName[] = ['h264', 'vp8', 'vp9', 'av1'];

/** Codec preference when nothing was negotiated: H.264 first (fastest software encoder here). */
export const DEFAULT_CODEC_PREFERENCE: readonly VideoCodecName[] = ['h264', 'vp8', 'vp9', 'av1'];

/** A rectangle normalised to the captured surface, 0..1 (same shape as the consent grant's NormRect). */
export interface MaskRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Adaptive knobs. `scale` is a resolution divisor (2 = half width and half height). */
export interface CaptureKnobs {
  fps: number;
  scale: number;
  bitrate: number;
}

export interface CaptureStartOptions extends CaptureKnobs {
  /**
   * How often the screen is sampled (frames/s asked of the capturer). A change on screen reaches the page
   * about one sampling interval later (measured on Xvfb: 32 ms at 30, 16 ms at 60, 8 ms at 120), so the
   * screen is sampled faster than frames are encoded (`fps`, the cap): unchanged samples are dropped
   * after an exact comparison, and a change is encoded from the first sample that shows it.
   */
  sampleFps: number;
  codecs: VideoCodecName[];
  masks: MaskRect[];
  /** A keyframe is forced when none was sent for this long (also the idle refresh period). */
  keyframeIntervalMs: number;
}

export const CAPTURE_LIMITS = {
  minFps: 1,
  maxFps: 60,
  maxSampleFps: 120,
  minScale: 1,
  maxScale: 16,
  minBitrate: 50_000,
  maxBitrate: 50_000_000,
  maxMasks: 64,
  minKeyframeIntervalMs: 250,
  maxKeyframeIntervalMs: 600_000,
} as const;

/** The sampling rate used when none is given: twice the encoded frame rate, at most 120. */
export function defaultSampleFps(fps: number): number {
  return Math.min(CAPTURE_LIMITS.maxSampleFps, 2 * fps);
}

export const DEFAULT_CAPTURE_OPTIONS: CaptureStartOptions = {
  fps: 30,
  sampleFps: defaultSampleFps(30),
  scale: 1,
  bitrate: 4_000_000,
  codecs: [...DEFAULT_CODEC_PREFERENCE],
  masks: [],
  keyframeIntervalMs: 5000,
};

/** Node -> page (JSON text frames). */
export type CaptureControl =
  | ({ type: 'start' } & CaptureStartOptions)
  | { type: 'setMasks'; masks: MaskRect[] }
  | { type: 'setConfig'; fps?: number; scale?: number; bitrate?: number }
  | { type: 'requestKeyframe' }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'getStats'; id: number }
  | { type: 'stop' };

export interface CaptureStats {
  /** Frames delivered by the capture track. */
  framesIn: number;
  /** Dropped by the fps cap. */
  framesOverFpsCap: number;
  /** Skipped because they were identical to the last encoded frame. */
  framesUnchanged: number;
  /** Dropped because the encoder or the socket was backed up. */
  framesDroppedBackpressure: number;
  framesEncoded: number;
  keyframes: number;
  bytesSent: number;
  /** The screen sampling rate asked of the capturer now, and how often it was changed (motion/still). */
  samplingFps: number;
  samplingChanges: number;
  /** The screen is in sustained motion: it is captured at most 1280x720 (less on a machine short of CPU) until it settles (motionSize.ts). */
  motion: boolean;
  /** The largest picture in motion now, in pixels: smaller on a machine short of CPU (motionLoad.ts), and how often it changed. */
  motionMaxPixels: number;
  motionSizeChanges: number;
  /** The minimum frame rate the capture track holds now (set in motion, see motionSize.ts), or null. */
  minFps: number | null;
  /** Size or rate requests the capture track refused (each leaves the previous constraints in force). */
  constraintFailures: number;
  /** Small changes also sent as patches (their exact pixels, ahead of the video), their bytes, and the mean time to cut one. */
  patchesSent: number;
  patchBytesSent: number;
  patchMsMean: number;
  /** Mean time from encode() to the chunk callback, ms. */
  encodeMsMean: number;
  /** Mean time of the unchanged-frame check (copy + compare), ms. */
  compareMsMean: number;
  /** Mean time of mask/scale compositing when active, ms. */
  composeMsMean: number;
  paused: boolean;
  codec: VideoCodecName | null;
  width: number;
  height: number;
}

/** Page -> Node (JSON text frames). Binary frames carry encoded chunks (see captureWire.ts). */
export type CapturePageEvent =
  | { type: 'ready'; userAgent: string }
  | { type: 'configured'; codec: VideoCodecName; codecString: string; width: number; height: number; sourceWidth: number; sourceHeight: number }
  | { type: 'stats'; id: number; stats: CaptureStats }
  | { type: 'ended'; reason: string }
  | { type: 'error'; code: TetherErrorCode; message: string };

/** One encoded chunk as the Node side hands it on. */
export interface EncodedChunk {
  seq: number;
  timestampUs: number;
  keyframe: boolean;
  codec: VideoCodecName;
  codecString: string;
  width: number;
  height: number;
  /** Decoder description (avcC / av1C ...) when the encoder supplied one; present on config-carrying chunks. */
  description?: Uint8Array;
  /** True on the first chunk after a (re)configuration: the decoder must be configured before decoding it. */
  configChanged: boolean;
  data: Uint8Array;
}
