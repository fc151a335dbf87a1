import { describe, expect, it } from 'vitest';
import { SamplingGovernor } from '../src/common/capture/samplingGovernor';

/** Feeds `seconds` of samples at `perSecond`, each changed with `changed(i)`; returns the rates it set. */
function feed(g: SamplingGovernor, from: number, seconds: number, perSecond: number, changed: (i: number) => boolean): { rates: number[]; at: number } {
  const rates: number[] = [];
  const n = Math.round(seconds * perSecond);
  let t = from;
  for (let i = 0; i < n; i++) {
    t = from + (i * 1000) / perSecond;
    const r = g.observe(changed(i), t);
    if (r !== null) rates.push(r);
  }
  return { rates, at: t + 1000 / perSecond };
}

describe('the capture sampling governor', () => {
  it('samples fast while the screen is still, and drops to the encoded rate under sustained motion', () => {
    const g = new SamplingGovernor(60, 120);
    expect(g.rate).toBe(120);
    let s = feed(g, 0, 3, 120, () => false); // still screen
    expect(s.rates).toEqual([]);
    s = feed(g, s.at, 2.5, 60, () => true); // full-screen motion: every compared sample changed
    expect(s.rates).toEqual([60]);
    expect(g.rate).toBe(60);
    s = feed(g, s.at, 2.5, 60, (i) => i % 3 === 0); // settles: most samples unchanged
    expect(s.rates).toEqual([120]);
    expect(g.rate).toBe(120);
  });

  it('stays fast for motion slower than the encoded rate (a 25 fps video among still samples)', () => {
    const g = new SamplingGovernor(60, 120);
    const s = feed(g, 0, 5, 100, (i) => i % 4 === 0);
    expect(s.rates).toEqual([]);
    expect(g.rate).toBe(120);
  });

  it('does nothing when there is no headroom, and follows the encoded rate in motion', () => {
    const flat = new SamplingGovernor(30, 30);
    expect(feed(flat, 0, 3, 30, () => true).rates).toEqual([]);
    const g = new SamplingGovernor(30, 60);
    feed(g, 0, 2.5, 30, () => true);
    expect(g.rate).toBe(30);
    expect(g.setFps(15)).toBe(15); // the link adapted down: motion sampling follows
    expect(new SamplingGovernor(30, 60).setFps(15)).toBeNull(); // fast mode keeps its rate
  });
});
