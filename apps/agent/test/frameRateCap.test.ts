import { describe, expect, it } from 'vitest';
import { FrameRateCap } from '../src/common/capture/frameRateCap';

const MS = 1000; // timestamps are in microseconds

describe('the encoded frame rate cap', () => {
  it('lets one sample in two through when sampling at twice the encoded rate under constant change', () => {
    const cap = new FrameRateCap(60);
    let encoded = 0;
    for (let i = 0; i < 120; i++) {
      const t = i * (1e6 / 120);
      if (cap.allows(t)) {
        cap.encoded(t);
        encoded++;
      }
    }
    expect(encoded).toBe(60);
  });

  it('does not count samples that were compared and not encoded: a change after a quiet spell goes at once', () => {
    const cap = new FrameRateCap(60);
    cap.encoded(0);
    // Samples at 8.3 ms intervals come in unchanged; each is allowed to be compared once the interval has
    // passed, and none is encoded, so the budget stays spent only by the frame at 0.
    expect(cap.allows(8.3 * MS)).toBe(false);
    expect(cap.allows(16.7 * MS)).toBe(true); // unchanged: not encoded
    // The change shows in the next sample, 8.3 ms later: allowed, though a sample 8.3 ms ago was allowed too.
    expect(cap.allows(25 * MS)).toBe(true);
    cap.encoded(25 * MS);
    expect(cap.allows(33.3 * MS)).toBe(false);
  });

  it('follows a new rate', () => {
    const cap = new FrameRateCap(60);
    cap.encoded(0);
    cap.setFps(10);
    expect(cap.allows(50 * MS)).toBe(false);
    expect(cap.allows(90 * MS)).toBe(true);
  });
});
