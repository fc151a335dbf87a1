// How fast the capture page samples the screen. A change reaches the page about one sampling interval
// after it is drawn, so a mostly still screen is sampled at `sampleFps` (twice the encoded rate): a
// click, a keystroke or a dialog shows sooner. Under sustained motion every sample changes and the
// encoder, not the sampling, sets the pace: sampling faster then only costs CPU (on this machine 25 % of
// a core at 120/s against 16 % at 60/s) that the encoder needs, so sampling drops to the encoded rate
// until the screen settles again.

/** Share of compared samples that changed, over a window, that counts as sustained motion. */
export const MOTION_SHARE = 0.9;
/** Below this share (in motion mode) the screen has settled: sample fast again. */
export const SETTLED_SHARE = 0.6;
export const WINDOW_MS = 1000;

export class SamplingGovernor {
  private mode: 'fast' | 'motion' = 'fast';
  private windowStart = -Infinity;
  private compared = 0;
  private changed = 0;

  constructor(private fps: number, private readonly sampleFps: number) {}

  /** The sampling rate in force now. */
  get rate(): number {
    return this.mode === 'fast' ? this.sampleFps : Math.min(this.fps, this.sampleFps);
  }

  /** The encoded rate changed (link adaptation); returns the new sampling rate if that changes it. */
  setFps(fps: number): number | null {
    const before = this.rate;
    this.fps = fps;
    return this.rate === before ? null : this.rate;
  }

  /**
   * One sample was compared with the last (it passed the frame-rate cap): `changed` says whether it
   * differed. Returns the new sampling rate when it should change, else null.
   */
  observe(changed: boolean, nowMs: number): number | null {
    let verdict: number | null = null;
    if (nowMs - this.windowStart >= WINDOW_MS) {
      verdict = this.judge();
      this.windowStart = nowMs;
      this.compared = 0;
      this.changed = 0;
    }
    this.compared++;
    if (changed) this.changed++;
    return verdict;
  }

  private judge(): number | null {
    if (this.sampleFps <= this.fps || this.compared === 0) return null;
    const share = this.changed / this.compared;
    // Motion: nearly every compared sample changed, at least half as often as frames may be encoded (an
    // encoder that cannot keep up compares fewer samples).
    if (this.mode === 'fast' && share >= MOTION_SHARE && this.changed >= 0.5 * this.fps) {
      this.mode = 'motion';
      return this.rate;
    }
    if (this.mode === 'motion' && share < SETTLED_SHARE) {
      this.mode = 'fast';
      return this.rate;
    }
    return null;
  }
}
