// Unchanged-frame detection: copy the frame's pixels (the exact bytes the encoder would see) and
// compare them word by word with the previous accepted frame. Exact (any changed pixel counts), and
// about a millisecond or two at 1080p I420 (3 MB), far cheaper than encoding the frame.
export class ChangeDetector {
  private previous: Uint8Array | null = null;
  private current: Uint8Array | null = null;

  /** Forget the reference frame, so the next frame counts as changed (after config or mask changes). */
  reset(): void {
    this.previous = null;
  }

  /** Resolves true when the frame differs from the last one passed here (or cannot be read). */
  async changed(frame: VideoFrame): Promise<boolean> {
    let size: number;
    try {
      size = frame.allocationSize();
    } catch {
      this.previous = null;
      return true;
    }
    if (!this.current || this.current.length !== size) this.current = new Uint8Array(size);
    try {
      await frame.copyTo(this.current);
    } catch {
      this.previous = null;
      return true;
    }
    const same = this.previous !== null && this.previous.length === size && sameBytes(this.previous, this.current);
    const swap = this.previous;
    this.previous = this.current;
    this.current = swap;
    return !same;
  }
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  const words = a.length >>> 2;
  const wa = new Uint32Array(a.buffer, a.byteOffset, words);
  const wb = new Uint32Array(b.buffer, b.byteOffset, words);
  for (let i = 0; i < words; i++) if (wa[i] !== wb[i]) return false;
  for (let i = words << 2; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
