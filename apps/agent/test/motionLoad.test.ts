import { describe, expect, it } from 'vitest';
import { FIRST_PROBE_DELAY_MS, MAX_PROBE_DELAY_MS, MOTION_RUNGS, MotionLoadGovernor } from '../src/common/capture/motionLoad';

const [LARGE, MEDIUM, SMALL] = MOTION_RUNGS as [number, number, number];

interface Fed {
  at: number;
  changes: { at: number; maxPixels: number }[];
}

/** Frames delivered at `fps` for `seconds` from `from` (ms), the capturer asked for `rate`. */
function feed(g: MotionLoadGovernor, from: number, seconds: number, fps: number, rate = 60, motion = true): Fed {
  const changes: Fed['changes'] = [];
  const n = Math.round(seconds * fps);
  for (let i = 0; i < n; i++) {
    const at = from + (i * 1000) / fps;
    const maxPixels = g.frame(at, rate, motion);
    if (maxPixels !== null) changes.push({ at, maxPixels });
  }
  return { at: from + (n * 1000) / fps, changes };
}

/** Frames at `fps` until the governor changes the size (within `maxSeconds`); the time just after that frame. */
function untilChange(g: MotionLoadGovernor, from: number, fps: number, maxSeconds = 200): { at: number; maxPixels: number } {
  for (let i = 0; i < maxSeconds * fps; i++) {
    const at = from + (i * 1000) / fps;
    const maxPixels = g.frame(at, 60, true);
    if (maxPixels !== null) return { at, maxPixels };
  }
  throw new Error(`no change within ${maxSeconds} s at ${fps} frames a second`);
}

describe('the picture size a machine keeps up with in motion', () => {
  it('stays at the largest motion picture while the capturer delivers what it is asked for', () => {
    const g = new MotionLoadGovernor();
    expect(g.maxPixels).toBe(LARGE);
    expect(feed(g, 0, 30, 60).changes).toEqual([]);
    expect(feed(g, 30_000, 30, 50).changes).toEqual([]); // 83 %: not short of CPU
    expect(g.maxPixels).toBe(LARGE);
  });

  it('steps down one size at a time while the capturer falls short, and not below the smallest', () => {
    const g = new MotionLoadGovernor();
    const fed = feed(g, 0, 10, 40); // two thirds of the asked rate
    expect(fed.changes.map((c) => c.maxPixels)).toEqual([MEDIUM, SMALL]);
    // The first step needs the settling time after motion began and two windows short of frames.
    expect(fed.changes[0]!.at).toBeGreaterThanOrEqual(2500);
    expect(fed.changes[0]!.at).toBeLessThan(2600);
    // The next one again waits for the capturer to deliver the new size, then two windows.
    expect(fed.changes[1]!.at - fed.changes[0]!.at).toBeGreaterThanOrEqual(2500);
    expect(g.maxPixels).toBe(SMALL);
  });

  it('takes one short window for a passing burst, and steps at once when the capturer nearly stops', () => {
    const g = new MotionLoadGovernor();
    let at = feed(g, 0, 3, 60).at;
    at = feed(g, at, 1, 45).at; // one window at 75 %
    expect(feed(g, at, 10, 58).changes).toEqual([]);
    at += 10_000;
    // Short seconds between full ones (two windows in a row never both short) are not a shortage either.
    for (let i = 0; i < 5; i++) {
      expect(feed(g, at, 1, 45).changes).toEqual([]);
      at += 1000;
      expect(feed(g, at, 1, 60).changes).toEqual([]);
      at += 1000;
    }
    // Below 60 %: the first window wholly in it steps down.
    const severe = feed(g, at, 2.5, 30);
    expect(severe.changes.map((c) => c.maxPixels)).toEqual([MEDIUM]);
    expect(severe.changes[0]!.at - at).toBeLessThan(2100);
  });

  it('judges nothing while the screen is not in motion, and keeps what it learned for the next motion', () => {
    const g = new MotionLoadGovernor();
    expect(feed(g, 0, 10, 20, 60, false).changes).toEqual([]); // a still screen delivers few frames: not a load signal
    const moving = feed(g, 10_000, 3.5, 40);
    expect(moving.changes.map((c) => c.maxPixels)).toEqual([MEDIUM]);
    feed(g, moving.at, 5, 20, 60, false);
    expect(g.maxPixels).toBe(MEDIUM); // the machine did not get faster because the screen settled
  });

  it('does not count the frames of the first half second of motion (the capturer is changing size)', () => {
    const g = new MotionLoadGovernor();
    // Motion begins, then 0.6 s without frames while the capturer changes size, then the full rate: no
    // verdict against the gap.
    expect(g.frame(0, 60, true)).toBeNull();
    expect(feed(g, 600, 5, 60).changes).toEqual([]);
    expect(g.maxPixels).toBe(LARGE);
  });

  it('tries the larger picture after a stretch of headroom, and waits twice as long after a failed try', () => {
    const g = new MotionLoadGovernor();
    const down = untilChange(g, 0, 40);
    expect(down.maxPixels).toBe(MEDIUM);
    // Headroom at the smaller size: the larger one is tried after the probe delay (and one window).
    const probe = untilChange(g, down.at, 58);
    expect(probe.maxPixels).toBe(LARGE);
    expect(probe.at - down.at).toBeGreaterThanOrEqual(FIRST_PROBE_DELAY_MS);
    expect(probe.at - down.at).toBeLessThan(FIRST_PROBE_DELAY_MS + 2000);
    // The larger picture is too much: back down at once, and the next try waits twice as long.
    const backDown = untilChange(g, probe.at, 40);
    expect(backDown.maxPixels).toBe(MEDIUM);
    expect(backDown.at - probe.at).toBeLessThan(3000);
    expect(g.probeDelayMs).toBe(2 * FIRST_PROBE_DELAY_MS);
    const again = untilChange(g, backDown.at, 58);
    expect(again.maxPixels).toBe(LARGE);
    expect(again.at - backDown.at).toBeGreaterThanOrEqual(2 * FIRST_PROBE_DELAY_MS);
  });

  it('caps the wait between failed tries, and keeps the larger picture when a try succeeds', () => {
    const g = new MotionLoadGovernor();
    let at = untilChange(g, 0, 40).at;
    for (let i = 0; i < 6; i++) {
      at = untilChange(g, at, 58).at; // try the larger picture
      at = untilChange(g, at, 40).at; // too much: back down
    }
    expect(g.probeDelayMs).toBe(MAX_PROBE_DELAY_MS);
    const success = untilChange(g, at, 58);
    expect(success.at - at).toBeLessThan(MAX_PROBE_DELAY_MS + 2000);
    expect(feed(g, success.at, 60, 56).changes).toEqual([]);
    expect(g.maxPixels).toBe(LARGE);
  });

  it('counts a stretch without frames against the capturer (a starved capturer delivers nothing)', () => {
    const g = new MotionLoadGovernor();
    const at = feed(g, 0, 2, 60).at;
    expect(g.frame(at + 3000, 60, true)).toBe(MEDIUM);
  });

  it('does not judge a window that mixes two asked rates (the link raised the frame rate again)', () => {
    const g = new MotionLoadGovernor();
    const at = feed(g, 0, 1.9, 15, 15).at; // the link had lowered the rate to 15, and the capturer kept up
    expect(feed(g, at, 10, 60, 60).changes).toEqual([]); // and at 60 it keeps up too
    expect(g.maxPixels).toBe(LARGE);
  });
});
