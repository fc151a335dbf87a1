import { describe, expect, it } from 'vitest';
import { SamplingGovernor, type SamplingState } from '../src/common/capture/samplingGovernor';
import { MOTION_MAX_PIXELS, captureConstraints, motionSize } from '../src/common/capture/motionSize';

/** Feeds `seconds` of samples at `perSecond`, each changed with `changed(i)`; returns the states it set. */
function feed(g: SamplingGovernor, from: number, seconds: number, perSecond: number, changed: (i: number) => boolean): { states: SamplingState[]; at: number } {
  const states: SamplingState[] = [];
  const n = Math.round(seconds * perSecond);
  let t = from;
  for (let i = 0; i < n; i++) {
    t = from + (i * 1000) / perSecond;
    const r = g.observe(changed(i), t);
    if (r !== null) states.push(r);
  }
  return { states, at: t + 1000 / perSecond };
}

describe('the capture sampling governor', () => {
  it('samples fast while the screen is still, and drops to the encoded rate under sustained motion', () => {
    const g = new SamplingGovernor(60, 120);
    expect(g.state).toEqual({ rate: 120, motion: false });
    let s = feed(g, 0, 3, 120, () => false); // still screen
    expect(s.states).toEqual([]);
    s = feed(g, s.at, 2.5, 60, () => true); // full-screen motion: every compared sample changed
    expect(s.states).toEqual([{ rate: 60, motion: true }]);
    expect(g.rate).toBe(60);
    s = feed(g, s.at, 2.5, 60, (i) => i % 3 === 0); // settles: most samples unchanged
    expect(s.states).toEqual([{ rate: 120, motion: false }]);
    expect(g.rate).toBe(120);
  });

  it('stays fast for motion slower than the encoded rate (a 25 fps video among still samples)', () => {
    const g = new SamplingGovernor(60, 120);
    const s = feed(g, 0, 5, 100, (i) => i % 4 === 0);
    expect(s.states).toEqual([]);
    expect(g.rate).toBe(120);
  });

  it('counts a capturer that falls behind as motion when nearly every sample it delivers changed', () => {
    // 1080p under load: 34 frames a second delivered, all different; below 0.6 x 60 changed per second.
    const behind = new SamplingGovernor(60, 120);
    expect(feed(behind, 0, 2.5, 34, () => true).states).toEqual([{ rate: 60, motion: true }]);
    // 30 changes a second among 48 samples is not: many samples repeat (a 30 fps video).
    const video = new SamplingGovernor(60, 120);
    expect(feed(video, 0, 3, 48, (i) => i % 8 < 5).states).toEqual([]);
    // The same 30 changes among 36 samples is.
    const mostly = new SamplingGovernor(60, 120);
    expect(feed(mostly, 0, 2.5, 36, (i) => i % 6 !== 0).states).toEqual([{ rate: 60, motion: true }]);
    // Nor a few changes that are all there is (a blinking cursor, typing).
    const typing = new SamplingGovernor(60, 120);
    expect(feed(typing, 0, 3, 10, () => true).states).toEqual([]);
    // A machine so busy that the full-size screen comes at 20 frames a second, each one different: motion,
    // and the smaller picture is what lets it catch up.
    const starved = new SamplingGovernor(60, 120);
    expect(feed(starved, 0, 2.5, 20, () => true).states).toEqual([{ rate: 60, motion: true }]);
  });

  it('stays in motion while a starved capturer delivers few frames that all differ, and settles when they repeat', () => {
    const g = new SamplingGovernor(60, 120);
    let s = feed(g, 0, 2.5, 40, () => true);
    expect(s.states).toEqual([{ rate: 60, motion: true }]);
    s = feed(g, s.at, 5, 15, () => true); // fewer than SETTLED_RATE x 60 a second, but every one changed
    expect(s.states).toEqual([]);
    s = feed(g, s.at, 2.5, 15, (i) => i % 3 === 0); // the screen settled: most of the few samples repeat
    expect(s.states).toEqual([{ rate: 120, motion: false }]);
  });

  it('counts only changes over much of the screen: a video in a small window stays at full size', () => {
    // Every sample changed, but only a 480x270 box of a 1920x1080 picture (1/16): not motion.
    const video = new SamplingGovernor(60, 120);
    let t = 0;
    const states: SamplingState[] = [];
    for (let i = 0; i < 180; i++, t += 1000 / 60) {
      const r = video.observe(true, t, (480 * 270) / (1920 * 1080));
      if (r) states.push(r);
    }
    expect(states).toEqual([]);
    // Half the screen changing is.
    const half = new SamplingGovernor(60, 120);
    for (let i = 0, u = 0; i < 180; i++, u += 1000 / 60) {
      const r = half.observe(true, u, 0.5);
      if (r) states.push(r);
    }
    expect(states).toEqual([{ rate: 60, motion: true }]);
  });

  it('reports motion even without sampling headroom, and follows the encoded rate in motion', () => {
    const flat = new SamplingGovernor(30, 30);
    expect(feed(flat, 0, 3, 30, () => true).states).toEqual([{ rate: 30, motion: true }]);
    const g = new SamplingGovernor(30, 60);
    feed(g, 0, 2.5, 30, () => true);
    expect(g.rate).toBe(30);
    expect(g.setFps(15)).toEqual({ rate: 15, motion: true }); // the link adapted down: motion sampling follows
    expect(new SamplingGovernor(30, 60).setFps(15)).toBeNull(); // fast mode keeps its rate
  });
});

describe('the picture size in motion', () => {
  it('keeps the shape within 1280x720 worth of pixels, and leaves small screens alone', () => {
    expect(motionSize({ width: 1920, height: 1080 })).toEqual({ width: 1280, height: 720 });
    expect(motionSize({ width: 3840, height: 2160 })).toEqual({ width: 1280, height: 720 });
    const wide = motionSize({ width: 2560, height: 1080 });
    expect(wide!.width * wide!.height).toBeLessThanOrEqual(MOTION_MAX_PIXELS);
    expect(wide!.width / wide!.height).toBeCloseTo(2560 / 1080, 1);
    expect(motionSize({ width: 1280, height: 720 })).toBeNull();
    expect(motionSize({ width: 1024, height: 768 })).toBeNull();
  });

  it('asks the capturer for a size and a minimum rate (half the encoded rate) only in motion', () => {
    expect(captureConstraints(120, false, { width: 1920, height: 1080 })).toEqual({ frameRate: { ideal: 120 } });
    expect(captureConstraints(60, true, { width: 1920, height: 1080 })).toEqual({ frameRate: { ideal: 60, min: 30 }, width: { max: 1280 }, height: { max: 720 } });
    expect(captureConstraints(60, true, null)).toEqual({ frameRate: { ideal: 60, min: 30 } });
    expect(captureConstraints(30, true, { width: 1280, height: 720 })).toEqual({ frameRate: { ideal: 30, min: 15 } });
  });
});
