// The encoded-frame-rate cap of the capture pipeline. The screen is sampled faster than frames are
// encoded, and only samples that are encoded count against the cap: an unchanged sample (dropped after
// comparison) leaves the budget alone, so the first sample that shows a change after a quiet spell is
// encoded at once instead of waiting out the interval of a sample that carried nothing.

/** Accept a frame when at least this share of the nominal interval has passed (capture jitter). */
export const FPS_CAP_SLACK = 0.85;

export class FrameRateCap {
  private lastEncodedUs = -Infinity;

  constructor(private fps: number) {}

  setFps(fps: number): void {
    this.fps = fps;
  }

  /** Whether a sample taken at `timestampUs` may be encoded (compared, then encoded if it changed). */
  allows(timestampUs: number): boolean {
    return timestampUs - this.lastEncodedUs >= (1e6 / this.fps) * FPS_CAP_SLACK;
  }

  /** The sample at `timestampUs` was handed to the encoder. */
  encoded(timestampUs: number): void {
    this.lastEncodedUs = timestampUs;
  }
}
