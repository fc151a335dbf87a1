import { describe, expect, it } from 'vitest';
import { CLOCK_RESTART_US, MAX_PENDING_PATCHES, PatchOverlay } from '../src/common/patchOverlay';

class Item {
  closed = false;
  constructor(readonly name: string) {}
  close(): void {
    this.closed = true;
  }
}

describe('PatchOverlay', () => {
  it('repaints patches newer than a late older frame, and lets go of those a frame includes', () => {
    const overlay = new PatchOverlay<Item>();
    const a = new Item('a');
    const b = new Item('b');
    overlay.add(2000, b);
    overlay.add(1000, a);
    // A frame captured before both patches arrives after them: both are painted again, in capture order.
    expect(overlay.frameDrawn(500).map((i) => i.name)).toEqual(['a', 'b']);
    // The frame of patch a's capture includes it: only b is repainted, a is closed.
    expect(overlay.frameDrawn(1000).map((i) => i.name)).toEqual(['b']);
    expect(a.closed).toBe(true);
    expect(overlay.frameDrawn(3000)).toEqual([]);
    expect(b.closed).toBe(true);
    expect(overlay.size).toBe(0);
  });

  it('refuses a patch older than a drawn frame, but not after the capture clock restarted', () => {
    const overlay = new PatchOverlay<Item>();
    overlay.frameDrawn(5_000_000);
    expect(overlay.wanted(4_999_000)).toBe(false);
    expect(overlay.wanted(5_000_001)).toBe(true);
    expect(overlay.wanted(5_000_000 - CLOCK_RESTART_US - 1)).toBe(true);
    const kept = new Item('kept');
    overlay.add(6_000_000, kept);
    // A frame from a restarted capture clock drops what belonged to the old clock.
    expect(overlay.frameDrawn(10)).toEqual([]);
    expect(kept.closed).toBe(true);
  });

  it('keeps a bounded number of patches, closing the oldest', () => {
    const overlay = new PatchOverlay<Item>();
    const items = Array.from({ length: MAX_PENDING_PATCHES + 3 }, (_, i) => new Item(String(i)));
    items.forEach((item, i) => overlay.add(i + 1, item));
    expect(overlay.size).toBe(MAX_PENDING_PATCHES);
    expect(items.slice(0, 3).every((i) => i.closed)).toBe(true);
    expect(items[3]!.closed).toBe(false);
  });
});
