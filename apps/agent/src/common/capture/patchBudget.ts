// Which changes are sent as patches: small ones, within a byte budget that refills at a share of the
// video bitrate (so a constrained link, whose bitrate the adapter lowered, gets fewer patch bytes), and
// never while the page's socket is backed up. Beyond that the change simply travels as video.
import type { PixelBox } from './dirtyRect';

/** Changes larger than this (about a 400x400 area) go only as video. */
export const MAX_PATCH_PIXELS = 160_000;
/** The page's socket holding more than this means the link is busy: no patches. */
export const MAX_PATCH_BACKLOG_BYTES = 64 * 1024;
/** Share of the video bitrate patches may use on average, and the smallest refill rate. */
export const PATCH_BITRATE_SHARE = 0.25;
export const MIN_PATCH_BYTES_PER_SEC = 16 * 1024;
/** Burst: how many seconds of refill the bucket holds. */
const BURST_SECONDS = 1;

export class PatchBudget {
  private tokens: number;
  private last: number | null = null;
  private rate: number;

  constructor(bitrate: number) {
    this.rate = PatchBudget.rateFor(bitrate);
    this.tokens = this.rate * BURST_SECONDS;
  }

  static rateFor(bitrate: number): number {
    return Math.max(MIN_PATCH_BYTES_PER_SEC, (bitrate / 8) * PATCH_BITRATE_SHARE);
  }

  setBitrate(bitrate: number): void {
    this.rate = PatchBudget.rateFor(bitrate);
    this.tokens = Math.min(this.tokens, this.rate * BURST_SECONDS);
  }

  /** Whether a change of this box may become a patch now (the bucket may go into debt by one patch). */
  allows(box: PixelBox, backlogBytes: number, nowMs: number): boolean {
    this.refill(nowMs);
    return box.width * box.height <= MAX_PATCH_PIXELS && backlogBytes <= MAX_PATCH_BACKLOG_BYTES && this.tokens > 0;
  }

  spend(bytes: number, nowMs: number): void {
    this.refill(nowMs);
    this.tokens -= bytes;
  }

  private refill(nowMs: number): void {
    if (this.last !== null) this.tokens = Math.min(this.rate * BURST_SECONDS, this.tokens + ((nowMs - this.last) / 1000) * this.rate);
    this.last = nowMs;
  }
}
