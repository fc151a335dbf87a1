// Binary relay frames: [envelopeVersion=1][lane][opaque bytes]. The relay reads only these two header
// bytes; everything after them is end-to-end sealed and opaque to it.
import { err, ok, type Result } from '../result';

export const RELAY_ENVELOPE_VERSION = 1;
export const LANE_HEADER_BYTES = 2;

/** 0 = control (never dropped, always ahead), 1 = video (droppable when the receiver is slow), 2 = bulk (flow-controlled, never dropped). */
export const Lane = { control: 0, video: 1, bulk: 2 } as const;
export type Lane = (typeof Lane)[keyof typeof Lane];
export const LANE_NAMES: Record<Lane, 'control' | 'video' | 'bulk'> = { 0: 'control', 1: 'video', 2: 'bulk' };

export interface LaneFrame {
  lane: Lane;
  payload: Uint8Array;
}

export function isLane(value: unknown): value is Lane {
  return value === 0 || value === 1 || value === 2;
}

/** Builds a frame. Misuse (a lane that does not exist, a non-byte payload) throws, as a programming error. */
export function encodeLaneFrame(lane: Lane, payload: Uint8Array): Uint8Array {
  if (!isLane(lane)) throw new RangeError(`lane must be 0, 1 or 2, got ${String(lane)}`);
  if (!(payload instanceof Uint8Array)) throw new TypeError('payload must be a Uint8Array');
  const out = new Uint8Array(LANE_HEADER_BYTES + payload.length);
  out[0] = RELAY_ENVELOPE_VERSION;
  out[1] = lane;
  out.set(payload, LANE_HEADER_BYTES);
  return out;
}

/** Reads the two header bytes only: what the relay needs to schedule a frame. */
export function readLaneHeader(frame: Uint8Array): Result<Lane> {
  if (frame.length < LANE_HEADER_BYTES) return err('E_MALFORMED', `binary frame of ${frame.length} bytes has no lane header`);
  if (frame[0] !== RELAY_ENVELOPE_VERSION) return err('E_UNSUPPORTED_VERSION', `relay envelope version ${String(frame[0])}, expected ${RELAY_ENVELOPE_VERSION}`);
  const lane = frame[1];
  if (!isLane(lane)) return err('E_MALFORMED', `unknown lane ${String(lane)}`);
  return ok(lane);
}

/** Splits a frame into lane and payload (a view, not a copy). Never throws. */
export function decodeLaneFrame(frame: Uint8Array, maxBytes = Number.POSITIVE_INFINITY): Result<LaneFrame> {
  if (!(frame instanceof Uint8Array)) return err('E_MALFORMED', 'binary frame expected');
  if (frame.length > maxBytes) return err('E_OVERSIZED', `frame of ${frame.length} bytes exceeds ${maxBytes}`);
  const lane = readLaneHeader(frame);
  if (!lane.ok) return lane;
  return ok({ lane: lane.value, payload: frame.subarray(LANE_HEADER_BYTES) });
}
