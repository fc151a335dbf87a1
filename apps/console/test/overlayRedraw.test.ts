// When the annotation overlay is drawn again: on new strokes or a new size, every frame while a laser
// stroke fades and once after it, and not at all while nothing changes.
import { describe, expect, it } from 'vitest';
import { LASER_MS, laserFading, overlayStale, type OverlayDrawn, type StrokeTiming } from '../src/common/overlayRedraw';

const pen: StrokeTiming = { tool: 'pen', at: 1000 };
const drawn = (strokes: StrokeTiming[], now: number, width = 800, height = 450): OverlayDrawn<StrokeTiming> => ({ strokes, width, height, fading: laserFading(strokes, now) });

describe('annotation overlay redraw', () => {
  it('draws the first time, then not again while nothing changes', () => {
    const strokes = [pen];
    expect(overlayStale(null, strokes, 800, 450, 2000)).toBe(true);
    expect(overlayStale(drawn(strokes, 2000), strokes, 800, 450, 2016)).toBe(false);
    expect(overlayStale(drawn(strokes, 2000), strokes, 800, 450, 60_000)).toBe(false);
  });

  it('draws again when the strokes are replaced or the overlay is resized', () => {
    const strokes = [pen];
    const last = drawn(strokes, 2000);
    expect(overlayStale(last, [...strokes], 800, 450, 2016)).toBe(true);
    expect(overlayStale(last, [], 800, 450, 2016)).toBe(true);
    expect(overlayStale(last, strokes, 1600, 900, 2016)).toBe(true);
  });

  it('draws every frame while a laser stroke fades, once more after, then stops', () => {
    const strokes = [{ tool: 'laser', at: 1000 }];
    expect(overlayStale(drawn(strokes, 1016), strokes, 800, 450, 1032)).toBe(true);
    const lastWhileFading = drawn(strokes, 1000 + LASER_MS - 1);
    expect(lastWhileFading.fading).toBe(true);
    expect(overlayStale(lastWhileFading, strokes, 800, 450, 1000 + LASER_MS + 15)).toBe(true);
    const cleared = drawn(strokes, 1000 + LASER_MS + 15);
    expect(cleared.fading).toBe(false);
    expect(overlayStale(cleared, strokes, 800, 450, 1000 + LASER_MS + 31)).toBe(false);
  });

  it('does not count a laser stroke still being drawn as fading', () => {
    expect(laserFading([{ tool: 'laser', at: -1 }], 100)).toBe(false);
  });
});
