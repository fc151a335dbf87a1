// End-to-end sealing of session frames. Each direction has its own key (from the handshake); each lane
// (0 control, 1 video, 2 bulk) has its own 64-bit counter, and the nonce binds both:
//   nonce (24 bytes) = lane (1) | 15 zero bytes | counter (8, big-endian)
//   frame            = counter (8, big-endian) | Poly1305 MAC (16) | XSalsa20 ciphertext
// The lane itself travels in the relay envelope header, so a frame moved to another lane fails to open.
// Control and bulk must arrive with exactly the next counter; video may skip counters (frames the relay
// dropped, counted in droppedVideoFrames) but never go back. A failed frame never advances any state.
import { err, ok, type Result } from '@tether/protocol';
import { assertKeyBytes } from './keys';
import { secureRandomBytes } from './randomSource';
import { SECRETBOX_OVERHEAD, SECRETBOX_PADDING, openInPlace, sealInPlace } from './secretboxInPlace';

export const LANE_CONTROL = 0;
export const LANE_VIDEO = 1;
export const LANE_BULK = 2;
export type Lane = typeof LANE_CONTROL | typeof LANE_VIDEO | typeof LANE_BULK;

const COUNTER_BYTES = 8;
/** Bytes a sealed frame adds to its plaintext. */
export const FRAME_OVERHEAD = COUNTER_BYTES + SECRETBOX_OVERHEAD;
const MAX_COUNTER = Number.MAX_SAFE_INTEGER;

function isLane(lane: unknown): lane is Lane {
  return lane === LANE_CONTROL || lane === LANE_VIDEO || lane === LANE_BULK;
}

function writeCounter(target: Uint8Array, offset: number, counter: number): void {
  const view = new DataView(target.buffer, target.byteOffset + offset, COUNTER_BYTES);
  view.setUint32(0, Math.floor(counter / 2 ** 32));
  view.setUint32(4, counter >>> 0);
}

function nonceFor(nonce: Uint8Array, lane: Lane, counter: number): Uint8Array {
  nonce[0] = lane;
  writeCounter(nonce, 16, counter);
  return nonce;
}

export class FrameSealer {
  private readonly key: Uint8Array;
  private readonly counters = [0, 0, 0];
  private readonly nonce = new Uint8Array(24);

  constructor(key: Uint8Array) {
    assertKeyBytes(key, 32, 'frame key');
    this.key = key.slice();
  }

  /** Returns the sealed frame (a view into a fresh buffer, no further copy needed before sending). */
  seal(lane: Lane, plaintext: Uint8Array): Uint8Array {
    if (!isLane(lane)) throw new RangeError(`unknown lane ${String(lane)}`);
    if (!(plaintext instanceof Uint8Array)) throw new TypeError('plaintext must be a Uint8Array');
    const counter = this.counters[lane] as number;
    if (counter >= MAX_COUNTER) throw new RangeError('frame counter exhausted; start a new session');
    const buffer = new Uint8Array(SECRETBOX_PADDING + plaintext.length);
    buffer.set(plaintext, SECRETBOX_PADDING);
    sealInPlace(buffer, nonceFor(this.nonce, lane, counter), this.key);
    this.counters[lane] = counter + 1;
    // buffer = 16 zero bytes | MAC | ciphertext: put the counter in bytes 8..16 and return from byte 8.
    writeCounter(buffer, SECRETBOX_OVERHEAD - COUNTER_BYTES, counter);
    return buffer.subarray(SECRETBOX_OVERHEAD - COUNTER_BYTES);
  }
}

export class FrameOpener {
  private readonly key: Uint8Array;
  private readonly expected = [0, 0, 0];
  private readonly nonce = new Uint8Array(24);
  private dropped = 0;

  constructor(key: Uint8Array) {
    assertKeyBytes(key, 32, 'frame key');
    this.key = key.slice();
  }

  /** Video frames skipped (counter gaps) so far. */
  get droppedVideoFrames(): number {
    return this.dropped;
  }

  open(lane: number, frame: Uint8Array): Result<Uint8Array> {
    if (!isLane(lane)) return err('E_MALFORMED', `unknown lane ${lane}`);
    if (!(frame instanceof Uint8Array) || frame.length < FRAME_OVERHEAD) return err('E_MALFORMED', 'sealed frame is truncated');
    const view = new DataView(frame.buffer, frame.byteOffset, COUNTER_BYTES);
    const high = view.getUint32(0);
    if (high >= 2 ** 21) return err('E_MALFORMED', 'frame counter out of range');
    const counter = high * 2 ** 32 + view.getUint32(4);
    const expected = this.expected[lane] as number;
    if (counter < expected) return err('E_REPLAY', `lane ${lane} frame ${counter} repeats or precedes ${expected}`);
    if (counter > expected && lane !== LANE_VIDEO) return err('E_REPLAY', `lane ${lane} frame ${counter} arrived out of order (expected ${expected})`);
    const buffer = new Uint8Array(frame.length - COUNTER_BYTES + SECRETBOX_OVERHEAD);
    buffer.set(frame.subarray(COUNTER_BYTES), SECRETBOX_OVERHEAD);
    if (!openInPlace(buffer, nonceFor(this.nonce, lane, counter), this.key)) {
      return err('E_DECRYPT_FAILED', `lane ${lane} frame ${counter} failed authentication`);
    }
    if (lane === LANE_VIDEO) this.dropped += counter - expected;
    this.expected[lane] = counter + 1;
    return ok(buffer.subarray(SECRETBOX_PADDING));
  }
}

/** Throwaway frames the warm-up seals and opens: enough for V8 to optimise both paths here. */
export const WARM_UP_ROUNDS = 1000;
let warmedUp = false;

/**
 * Seals and opens throwaway control-sized frames under a throwaway key, once per process, so that a
 * session's first real messages do not run through unoptimised code. A side that mostly seals video
 * (the agent) otherwise opens each input event in 40-70 us instead of 5, and one that mostly opens video
 * (the console) seals each in about 50 us: input is rare enough that V8 takes hundreds of events to
 * optimise those paths. Costs 30-50 ms of CPU once. Returns false when it already ran.
 */
export function warmUpFrameCrypto(rounds = WARM_UP_ROUNDS): boolean {
  if (warmedUp) return false;
  warmedUp = true;
  const key = secureRandomBytes(32);
  const sealer = new FrameSealer(key);
  const opener = new FrameOpener(key);
  const sizes = [24, 64, 120, 200].map((n) => new Uint8Array(n));
  for (let i = 0; i < rounds; i++) {
    const opened = opener.open(LANE_CONTROL, sealer.seal(LANE_CONTROL, sizes[i % sizes.length] as Uint8Array));
    if (!opened.ok) throw new Error(`frame crypto warm-up: ${opened.error.message}`);
  }
  return true;
}
