// How fast the capture page samples the screen. A change reaches the page about one sampling interval
// after it is drawn, so a mostly still screen is sampled at `sampleFps` (twice the encoded rate): a
// click, a keystroke or a dialog shows sooner. Under sustained motion every sample changes and the
// encoder, not the sampling, sets the pace: sampling faster then only costs CPU (on this machine 25 % of
// a core at 120/s against 16 % at 60/s) that the encoder needs, so sampling drops to the encoded rate
// until the screen settles again. Sustained motion is also reported as such: the capture page then
// asks the capturer for a smaller picture (see motionSize.ts).

/**
 * Changed samples per second, as a share of the encoded rate, that count as sustained motion (a 60 fps
 * animation captured at 57/s, or fast scrolling). Counted per second rather than as a share of the samples:
 * at twice the encoded rate half the samples of a 60 fps animation are repeats, and a capturer short of CPU
 * delivers repeats too.
 */
export const MOTION_RATE = 0.6;
/**
 * Or: nearly every sample changed, at least this share of the encoded rate. A capturer that cannot keep
 * up at full size (on this machine a 1080p screen is delivered at 35-45 frames a second under load)
 * never reaches MOTION_RATE, yet every frame it delivers differs: that is sustained motion too, and the
 * smaller picture is what lets it keep up.
 */
export const MOTION_SHARE = 0.75;
/**
 * The least changed samples per second, as a share of the encoded rate, for that second rule. Low: a busy
 * machine delivered a 1080p screen in full-screen motion at 20 frames a second, and motion that is not
 * recognised as such keeps the full-size picture that starves the capturer.
 */
export const MOTION_SHARE_RATE = 0.2;
/**
 * A sample counts towards motion only if its changed box covers at least this share of the picture: a
 * video or an animation in a small window is sent well at full size (and its changes often as patches);
 * only motion over much of the screen is worth a smaller picture.
 */
export const MOTION_MIN_AREA = 0.25;
/**
 * Below this (in motion mode) the screen has settled: sample fast again, at full size. Unless nearly every
 * sample still changes (SETTLED_SHARE or more of them): that is a capturer short of CPU, still in motion.
 */
export const SETTLED_RATE = 0.35;
export const SETTLED_SHARE = 0.75;
export const WINDOW_MS = 1000;

/** What the capturer is asked for: the sampling rate, and whether the screen is in sustained motion. */
export interface SamplingState {
  rate: number;
  motion: boolean;
}

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

  get motion(): boolean {
    return this.mode === 'motion';
  }

  get state(): SamplingState {
    return { rate: this.rate, motion: this.motion };
  }

  /** The encoded rate changed (link adaptation); returns the new state if the sampling rate changes. */
  setFps(fps: number): SamplingState | null {
    const before = this.rate;
    this.fps = fps;
    return this.rate === before ? null : this.state;
  }

  /**
   * One sample was compared with the last (it passed the frame-rate cap): `changed` says whether it
   * differed, `area` what share of the picture its changed box covers (1 when not known). Returns the
   * new state when motion starts or ends, else null.
   */
  observe(changed: boolean, nowMs: number, area = 1): SamplingState | null {
    let verdict: SamplingState | null = null;
    if (nowMs - this.windowStart >= WINDOW_MS) {
      verdict = this.judge();
      this.windowStart = nowMs;
      this.compared = 0;
      this.changed = 0;
    }
    this.compared++;
    if (changed && area >= MOTION_MIN_AREA) this.changed++;
    return verdict;
  }

  private judge(): SamplingState | null {
    if (this.compared === 0) return null;
    const sustained = this.changed >= MOTION_RATE * this.fps || (this.changed >= MOTION_SHARE_RATE * this.fps && this.changed >= MOTION_SHARE * this.compared);
    if (this.mode === 'fast' && sustained) {
      this.mode = 'motion';
      return this.state;
    }
    if (this.mode === 'motion' && this.changed < SETTLED_RATE * this.fps && this.changed < SETTLED_SHARE * this.compared) {
      this.mode = 'fast';
      return this.state;
    }
    return null;
  }
}
