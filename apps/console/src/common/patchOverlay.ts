// The patches drawn over the video until the video catches up. A patch shows a change before the video
// frame of the same capture is decoded; an older frame decoded after it would paint the change away again,
// so after every frame the patches newer than that frame are painted once more, and the ones the frame
// already includes are let go. Timestamps are capture microseconds (the clock of video.chunk).
export interface Closable {
  close(): void;
}

/** A timestamp this far behind the newest one means a new capture clock (the stream restarted). */
export const CLOCK_RESTART_US = 1_000_000;
/** Patches kept at most; the oldest goes first (the video normally settles them within a frame or two). */
export const MAX_PENDING_PATCHES = 64;

export class PatchOverlay<T extends Closable> {
  private pending: { timestampUs: number; item: T }[] = [];
  private newestFrameUs = -Infinity;

  /** Whether a patch of this capture time still adds anything (no newer frame was drawn). */
  wanted(timestampUs: number): boolean {
    return timestampUs > this.newestFrameUs || this.newestFrameUs - timestampUs > CLOCK_RESTART_US;
  }

  /** Keeps a drawn patch for repainting after older frames. */
  add(timestampUs: number, item: T): void {
    if (this.newestFrameUs - timestampUs > CLOCK_RESTART_US) this.clear();
    let at = this.pending.length;
    while (at > 0 && (this.pending[at - 1] as { timestampUs: number }).timestampUs > timestampUs) at--;
    this.pending.splice(at, 0, { timestampUs, item });
    while (this.pending.length > MAX_PENDING_PATCHES) this.pending.shift()?.item.close();
  }

  /** A frame of this capture time was drawn: returns the patches to paint over it again, oldest first. */
  frameDrawn(timestampUs: number): T[] {
    if (timestampUs < this.newestFrameUs - CLOCK_RESTART_US) this.clear();
    this.newestFrameUs = timestampUs;
    let settled = 0;
    while (settled < this.pending.length && (this.pending[settled] as { timestampUs: number }).timestampUs <= timestampUs) settled++;
    for (const p of this.pending.splice(0, settled)) p.item.close();
    return this.pending.map((p) => p.item);
  }

  get size(): number {
    return this.pending.length;
  }

  clear(): void {
    for (const p of this.pending) p.item.close();
    this.pending = [];
    this.newestFrameUs = -Infinity;
  }
}
