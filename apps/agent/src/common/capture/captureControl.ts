// JSON text messages between the browser host (Node) and the capture page, validated on both ends.
// Decoders never throw: bad input becomes a typed failure (E_MALFORMED / E_UNKNOWN_TYPE / E_BAD_ARGUMENT).
import { TetherError, err, isTetherErrorCode, ok, type Result } from '@tether/protocol';
import {
  CAPTURE_LIMITS,
  VIDEO_CODEC_NAMES,
  type CaptureControl,
  type CapturePageEvent,
  type CaptureStats,
  type MaskRect,
  type VideoCodecName,
} from './captureTypes';

const MAX_TEXT = 64 * 1024;
type Json = Record<string, unknown>;

function bad(detail: string): never {
  throw new TetherError('E_BAD_ARGUMENT', detail);
}

function numberIn(value: unknown, min: number, max: number, what: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) bad(`${what} must be a number in ${min}..${max}`);
  return value;
}

function intIn(value: unknown, min: number, max: number, what: string): number {
  const n = numberIn(value, min, max, what);
  if (!Number.isInteger(n)) bad(`${what} must be an integer`);
  return n;
}

/** Validates mask rectangles (normalised 0..1, inside the surface); throws E_BAD_ARGUMENT. */
export function validateMasks(value: unknown): MaskRect[] {
  if (!Array.isArray(value)) bad('masks must be an array');
  if (value.length > CAPTURE_LIMITS.maxMasks) bad(`at most ${CAPTURE_LIMITS.maxMasks} masks`);
  return value.map((raw: unknown, i) => {
    if (typeof raw !== 'object' || raw === null) bad(`mask ${i} must be an object`);
    const m = raw as Json;
    const rect = {
      x: numberIn(m.x, 0, 1, `mask ${i} x`),
      y: numberIn(m.y, 0, 1, `mask ${i} y`),
      w: numberIn(m.w, 0, 1, `mask ${i} w`),
      h: numberIn(m.h, 0, 1, `mask ${i} h`),
    };
    if (rect.x + rect.w > 1 + 1e-9 || rect.y + rect.h > 1 + 1e-9) bad(`mask ${i} extends past the surface`);
    return rect;
  });
}

export function validateCodecs(value: unknown): VideoCodecName[] {
  if (!Array.isArray(value) || value.length === 0) bad('codecs must be a non-empty array');
  return value.map((c: unknown) => {
    if (typeof c !== 'string' || !(VIDEO_CODEC_NAMES as readonly string[]).includes(c)) bad(`unknown codec ${String(c)}`);
    return c as VideoCodecName;
  });
}

export const validateFps = (v: unknown): number => numberIn(v, CAPTURE_LIMITS.minFps, CAPTURE_LIMITS.maxFps, 'fps');
/** The sampling rate: within limits, and never below the encoded frame rate it feeds. */
export function validateSampleFps(v: unknown, fps: number): number {
  const sampleFps = numberIn(v, CAPTURE_LIMITS.minFps, CAPTURE_LIMITS.maxSampleFps, 'sampleFps');
  if (sampleFps < fps) throw new TetherError('E_BAD_ARGUMENT', `sampleFps (${sampleFps}) must not be below fps (${fps})`);
  return sampleFps;
}
export const validateScale = (v: unknown): number => numberIn(v, CAPTURE_LIMITS.minScale, CAPTURE_LIMITS.maxScale, 'scale');
export const validateBitrate = (v: unknown): number => intIn(v, CAPTURE_LIMITS.minBitrate, CAPTURE_LIMITS.maxBitrate, 'bitrate');

function parseObject(text: string): Json {
  if (text.length > MAX_TEXT) throw new TetherError('E_OVERSIZED', `control text of ${text.length} chars`);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    throw new TetherError('E_MALFORMED', 'not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new TetherError('E_MALFORMED', 'not a JSON object');
  return value as Json;
}

function toResult<T>(fn: () => T): Result<T> {
  try {
    return ok(fn());
  } catch (e) {
    if (e instanceof TetherError) return { ok: false, error: e };
    return err('E_MALFORMED', e instanceof Error ? e.message : String(e));
  }
}

function controlFrom(m: Json): CaptureControl {
  switch (m.type) {
    case 'start': {
      const fps = validateFps(m.fps);
      return {
        type: 'start',
        fps,
        sampleFps: validateSampleFps(m.sampleFps, fps),
        scale: validateScale(m.scale),
        bitrate: validateBitrate(m.bitrate),
        codecs: validateCodecs(m.codecs),
        masks: validateMasks(m.masks),
        keyframeIntervalMs: intIn(m.keyframeIntervalMs, CAPTURE_LIMITS.minKeyframeIntervalMs, CAPTURE_LIMITS.maxKeyframeIntervalMs, 'keyframeIntervalMs'),
      };
    }
    case 'setMasks':
      return { type: 'setMasks', masks: validateMasks(m.masks) };
    case 'setConfig': {
      const out: CaptureControl = { type: 'setConfig' };
      if (m.fps !== undefined) out.fps = validateFps(m.fps);
      if (m.scale !== undefined) out.scale = validateScale(m.scale);
      if (m.bitrate !== undefined) out.bitrate = validateBitrate(m.bitrate);
      return out;
    }
    case 'getStats':
      return { type: 'getStats', id: intIn(m.id, 0, Number.MAX_SAFE_INTEGER, 'id') };
    case 'requestKeyframe':
    case 'pause':
    case 'resume':
    case 'stop':
      return { type: m.type };
    default:
      throw new TetherError('E_UNKNOWN_TYPE', `capture control ${String(m.type)}`);
  }
}

export function decodeCaptureControl(text: string): Result<CaptureControl> {
  return toResult(() => controlFrom(parseObject(text)));
}

function str(v: unknown, what: string): string {
  if (typeof v !== 'string') throw new TetherError('E_MALFORMED', `${what} must be a string`);
  return v;
}

function eventFrom(m: Json): CapturePageEvent {
  switch (m.type) {
    case 'ready':
      return { type: 'ready', userAgent: str(m.userAgent, 'userAgent') };
    case 'configured': {
      const codec = validateCodecs([m.codec])[0] as VideoCodecName;
      const size = (v: unknown, what: string): number => intIn(v, 1, 65535, what);
      return {
        type: 'configured',
        codec,
        codecString: str(m.codecString, 'codecString'),
        width: size(m.width, 'width'),
        height: size(m.height, 'height'),
        sourceWidth: size(m.sourceWidth, 'sourceWidth'),
        sourceHeight: size(m.sourceHeight, 'sourceHeight'),
      };
    }
    case 'stats':
      if (typeof m.stats !== 'object' || m.stats === null) throw new TetherError('E_MALFORMED', 'stats must be an object');
      return { type: 'stats', id: intIn(m.id, 0, Number.MAX_SAFE_INTEGER, 'id'), stats: m.stats as CaptureStats };
    case 'ended':
      return { type: 'ended', reason: str(m.reason, 'reason') };
    case 'error':
      return { type: 'error', code: isTetherErrorCode(m.code) ? m.code : 'E_INTERNAL', message: str(m.message, 'message') };
    default:
      throw new TetherError('E_UNKNOWN_TYPE', `capture page event ${String(m.type)}`);
  }
}

export function decodeCapturePageEvent(text: string): Result<CapturePageEvent> {
  return toResult(() => eventFrom(parseObject(text)));
}
