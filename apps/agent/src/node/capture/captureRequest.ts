// Validates what a caller asks startCapture() for and fills in defaults; bad values throw a
// TetherError E_BAD_ARGUMENT that names the field.
import { TetherError } from '@tether/protocol';
import { validateBitrate, validateCodecs, validateFps, validateMasks, validateSampleFps, validateScale } from '../../common/capture/captureControl';
import { CAPTURE_LIMITS, DEFAULT_CAPTURE_OPTIONS, defaultSampleFps, type CaptureStartOptions, type MaskRect, type VideoCodecName } from '../../common/capture/captureTypes';

export interface CaptureRequest {
  /** X display to capture and to show the capture browser on, e.g. ":93". */
  display: string;
  /** Encoded frames per second at most (default 30). */
  fps?: number;
  /** Screen samples per second (default twice fps, at most 120); see CaptureStartOptions.sampleFps. */
  sampleFps?: number;
  /** Codec preference, first supported wins (default h264, vp8, vp9, av1). */
  codecs?: VideoCodecName[];
  masks?: MaskRect[];
  scale?: number;
  bitrate?: number;
  /** A keyframe at least this often, also when the screen is idle (refresh). Default 5000. */
  keyframeIntervalMs?: number;
  /** How long to wait for the page to start streaming. Default 20000. */
  startTimeoutMs?: number;
  /** Extra Chromium switches. */
  chromiumArgs?: string[];
  /**
   * Opens the capture page in a window the caller owns (the Electron shell's hidden capture window)
   * instead of launching Debian Chromium. The returned host is closed when capture ends.
   */
  openPage?: (pageUrl: string) => Promise<CapturePageHost>;
}

export interface CapturePageHost {
  close(): Promise<void>;
}

export function captureStartOptions(request: CaptureRequest): CaptureStartOptions {
  if (typeof request.display !== 'string' || !/^:\d+(\.\d+)?$/.test(request.display)) {
    throw new TetherError('E_BAD_ARGUMENT', `display must look like ":93", got ${JSON.stringify(request.display)}`);
  }
  const keyframeIntervalMs = request.keyframeIntervalMs ?? DEFAULT_CAPTURE_OPTIONS.keyframeIntervalMs;
  if (
    !Number.isInteger(keyframeIntervalMs) ||
    keyframeIntervalMs < CAPTURE_LIMITS.minKeyframeIntervalMs ||
    keyframeIntervalMs > CAPTURE_LIMITS.maxKeyframeIntervalMs
  ) {
    throw new TetherError('E_BAD_ARGUMENT', `keyframeIntervalMs must be an integer in ${CAPTURE_LIMITS.minKeyframeIntervalMs}..${CAPTURE_LIMITS.maxKeyframeIntervalMs}`);
  }
  const fps = validateFps(request.fps ?? DEFAULT_CAPTURE_OPTIONS.fps);
  return {
    fps,
    sampleFps: validateSampleFps(request.sampleFps ?? defaultSampleFps(fps), fps),
    scale: validateScale(request.scale ?? DEFAULT_CAPTURE_OPTIONS.scale),
    bitrate: validateBitrate(request.bitrate ?? DEFAULT_CAPTURE_OPTIONS.bitrate),
    codecs: validateCodecs(request.codecs ?? DEFAULT_CAPTURE_OPTIONS.codecs),
    masks: validateMasks(request.masks ?? []),
    keyframeIntervalMs,
  };
}
