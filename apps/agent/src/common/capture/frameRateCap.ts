// The encoded-frame-rate cap of the capture pipeline, as a budget: every 1/fps of capture time earns one
// frame of credit (up to MAX_CREDIT), every encoded frame spends one. The screen is sampled faster than
// frames are encoded, and only samples that are encoded spend: an unchanged sample (dropped after
// comparison) leaves the budget alone, so the first sample that shows a change after a quiet spell is
// encoded at once. A budget rather than a minimum interval, because captured frames arrive with jitter:
// at 57 frames/s from the capturer a 14 ms minimum interval threw away one frame in six.

/** Credit a sample needs (a little under one frame, for timestamp rounding). */
export const FPS_CAP_SLACK = 0.85;
/**
 * Credit saved at most: a few frames may follow each other early, the average stays within the rate.
 * Three, because a loaded capturer delivers in bursts: gaps between frames spread from 6 to 40 ms around
 * a mean under 1/fps, and with 1.5 the credit of each long gap was lost and 1-2.4 changed frames a second
 * were dropped in the burst after it (measured in the e2e benchmark, full-screen motion at 60).
 */
export const MAX_CREDIT = 3;

export class FrameRateCap {
  private credit = 1;
  private lastUs: number | null = null;

  constructor(private fps: number) {}

  setFps(fps: number): void {
    this.fps = fps;
  }

  /** Whether a sample taken at `timestampUs` may be encoded (compared, then encoded if it changed). */
  allows(timestampUs: number): boolean {
    this.earn(timestampUs);
    return this.credit >= FPS_CAP_SLACK;
  }

  /** The sample at `timestampUs` was handed to the encoder. */
  encoded(timestampUs: number): void {
    this.earn(timestampUs);
    this.credit -= 1;
  }

  private earn(timestampUs: number): void {
    if (this.lastUs !== null && timestampUs > this.lastUs) this.credit = Math.min(MAX_CREDIT, this.credit + ((timestampUs - this.lastUs) * this.fps) / 1e6);
    if (this.lastUs === null || timestampUs > this.lastUs) this.lastUs = timestampUs;
  }
}
