// How large a picture the customer's machine can capture, encode and send in sustained motion. Encoding
// costs in proportion to the pixels (measured here, H.264 in Chromium: 12.3-12.9 ms of CPU per 1280x720
// frame, 9.8 at 1120x630, 6.1 at 960x540), and the capturer shares the CPU with the application that
// moves and with the encoder. When the capturer delivers clearly fewer frames than it is asked for, the
// machine is short of CPU: a smaller picture then keeps the frame rate, which is what motion needs (the
// first frame after the screen settles is full size again). As WebRTC does for a camera short of CPU,
// a larger picture is tried again after a while with headroom, and each probe that fails doubles that
// wait, so a machine at its limit does not swing between sizes.
//
// The machine's capacity outlasts one episode of motion: the size learned stays for the next one.

/** The largest picture (in pixels) per rung in motion; the first rung is the default. */
export const MOTION_RUNGS: readonly number[] = [1280 * 720, 960 * 540, 640 * 360];
/**
 * Two windows in a row in which the capturer delivered less than this share of the asked rate: short of
 * CPU (one such window can be a passing burst of other work). One window below SEVERE_SHARE is enough.
 */
export const OVERLOAD_SHARE = 0.8;
export const OVERLOAD_WINDOWS = 2;
export const SEVERE_SHARE = 0.6;
/** Windows at or above this share have headroom. */
export const HEADROOM_SHARE = 0.9;
export const LOAD_WINDOW_MS = 1000;
/** After a size change the capturer takes a moment to deliver the new size: not judged. */
export const SETTLE_MS = 500;
/** Headroom this long before a larger picture is tried; doubled by each failed try, up to the maximum. */
export const FIRST_PROBE_DELAY_MS = 10_000;
export const MAX_PROBE_DELAY_MS = 80_000;
/** A step down within this long after a step up means the larger picture was too much. */
export const FAILED_PROBE_MS = 5000;

export class MotionLoadGovernor {
  private rung = 0;
  private inMotion = false;
  private windowRate = 0;
  private windowStart = -Infinity;
  private delivered = 0;
  private settleUntil = -Infinity;
  private headroomSince: number | null = null;
  private overloaded = 0;
  private probeDelay = FIRST_PROBE_DELAY_MS;
  private steppedUpAt = -Infinity;

  /** The largest picture to capture in motion now, in pixels. */
  get maxPixels(): number {
    return MOTION_RUNGS[this.rung] as number;
  }

  /** How long headroom must last now before a larger picture is tried. */
  get probeDelayMs(): number {
    return this.probeDelay;
  }

  /**
   * One frame the capturer delivered at `nowMs`, while it was asked for `rate` frames a second and the
   * screen was (or was not) in sustained motion. Returns the new largest picture when it changes, else null.
   */
  frame(nowMs: number, rate: number, motion: boolean): number | null {
    if (!motion || rate <= 0) {
      this.inMotion = false;
      this.overloaded = 0;
      this.windowStart = -Infinity;
      this.headroomSince = null;
      return null;
    }
    if (!this.inMotion) {
      // The capturer is only now being asked for the motion size.
      this.inMotion = true;
      this.settleUntil = nowMs + SETTLE_MS;
    }
    if (nowMs < this.settleUntil) return null;
    if (this.windowStart === -Infinity || rate !== this.windowRate) {
      this.windowRate = rate;
      this.windowStart = nowMs;
      this.delivered = 0;
    } else if (nowMs - this.windowStart >= LOAD_WINDOW_MS) {
      const verdict = this.judge(this.delivered / ((nowMs - this.windowStart) / 1000) / rate, nowMs);
      if (verdict !== null) {
        // The frames of the old size still in flight say nothing about the new one.
        this.settleUntil = nowMs + SETTLE_MS;
        this.windowStart = -Infinity;
        return verdict;
      }
      this.windowStart = nowMs;
      this.delivered = 0;
    }
    this.delivered++;
    return null;
  }

  /** `share`: frames delivered in the window as a share of the asked rate. */
  private judge(share: number, nowMs: number): number | null {
    if (share < OVERLOAD_SHARE) {
      this.headroomSince = null;
      this.overloaded++;
      if (this.rung >= MOTION_RUNGS.length - 1 || (this.overloaded < OVERLOAD_WINDOWS && share >= SEVERE_SHARE)) return null;
      this.overloaded = 0;
      if (nowMs - this.steppedUpAt <= FAILED_PROBE_MS) this.probeDelay = Math.min(MAX_PROBE_DELAY_MS, this.probeDelay * 2);
      this.rung++;
      return this.maxPixels;
    }
    this.overloaded = 0;
    if (share < HEADROOM_SHARE || this.rung === 0) {
      this.headroomSince = null;
      return null;
    }
    this.headroomSince ??= this.windowStart;
    if (nowMs - this.headroomSince < this.probeDelay) return null;
    this.headroomSince = null;
    this.rung--;
    this.steppedUpAt = nowMs;
    return this.maxPixels;
  }
}
