// How fast the screen is sampled: a still screen is sampled at twice the encoded rate (a change shows
// sooner), sustained full-screen motion at the encoded rate (the CPU goes to the encoder), and a screen
// that settles is sampled fast again. Real Xvfb, a real X client changing the whole screen (xsetroot in a
// loop), real Chromium capture; the rates are the frames the capture track actually delivered.
// In motion the 1920x1080 screen is captured and encoded at 1280x720 with a minimum rate on the track, and
// at full size, without one, again once it settles. Constant change in a small window is not motion.
import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTION_MIN_RATE_SHARE } from '../../apps/agent/src/common/capture/motionSize';
import type { CaptureHandle } from '../../apps/agent/src/node/capture/browserHost';
import { captureFreshDisplay, sleep, type CapturedDisplay } from '../support/decoder/captureScene';
import type { XDisplay } from '../support/xvfb';

const FPS = 10; // encoded frames/s; the screen is then sampled at 20/s while still

let x: XDisplay;
let capture: CaptureHandle;
let painter: ChildProcess | undefined;
let chunkSizes: string[];
let captured: CapturedDisplay | undefined;

beforeAll(async () => {
  captured = await captureFreshDisplay(FPS);
  ({ x, capture, chunkSizes } = captured);
}, 60_000);

afterAll(async () => {
  painter?.kill('SIGKILL');
  await captured?.close();
});

/** Frames the capture track delivered per second over `ms`, and the sampling rate the page reports. */
async function measured(ms: number): Promise<{ perSecond: number; samplingFps: number }> {
  const before = await capture.stats();
  await sleep(ms);
  const after = await capture.stats();
  if (!before || !after) throw new Error('no capture stats');
  return { perSecond: ((after.framesIn - before.framesIn) * 1000) / ms, samplingFps: after.samplingFps };
}

describe('capture sampling rate', () => {
  it('samples a still screen at twice the encoded rate, drops to the encoded rate under motion, and speeds up again when it settles', async () => {
    await sleep(1500);
    const still = await measured(2000);
    expect(still.samplingFps).toBe(2 * FPS);
    expect(still.perSecond).toBeGreaterThan(1.5 * FPS);
    expect((await capture.stats())?.motion).toBe(false);
    expect((await capture.stats())?.minFps).toBeNull();

    // Constant change in a small window (a terminal printing without pause): every sample may differ,
    // but over a small part of the screen, so it stays fast sampling at full size.
    const terminal = spawn('xterm', ['-geometry', '40x10+100+100', '-e', 'sh', '-c', 'while true; do date +%N; done'], { env: x.env, stdio: 'ignore' });
    try {
      await sleep(3500);
      const busy = await capture.stats();
      expect(busy?.framesUnchanged).toBeLessThan(busy?.framesIn ?? 0);
      expect(busy?.motion).toBe(false);
      expect([busy?.width, busy?.height]).toEqual([1920, 1080]);
    } finally {
      terminal.kill('SIGKILL');
    }
    await sleep(1000);

    // Full-screen motion: the root window takes a new colour far more often than frames are encoded
    // (a new one each time, so no two samples match).
    painter = spawn('sh', ['-c', 'i=1; while true; do xsetroot -solid "#$(printf %06x $((i * 7919 % 16777215)))"; i=$((i + 1)); done'], { env: x.env, stdio: 'ignore' });
    await sleep(3000);
    const moving = await measured(2000);
    expect(moving.samplingFps).toBe(FPS);
    expect(moving.perSecond).toBeLessThan(1.3 * FPS);
    const inMotion = await capture.stats();
    expect(inMotion?.motion).toBe(true);
    expect([inMotion?.width, inMotion?.height]).toEqual([1280, 720]);
    // Chromium holds the minimum rate (a refused request would leave the capturer at its own pace).
    expect(inMotion?.minFps).toBe(Math.round(FPS * MOTION_MIN_RATE_SHARE));
    expect(inMotion?.constraintFailures).toBe(0);
    const motionMark = chunkSizes.length;

    painter.kill('SIGKILL');
    painter = undefined;
    await sleep(3000);
    const settled = await measured(2000);
    expect(settled.samplingFps).toBe(2 * FPS);
    expect(settled.perSecond).toBeGreaterThan(1.5 * FPS);
    const after = await capture.stats();
    expect(after?.samplingChanges).toBe(2);
    expect(after?.motion).toBe(false);
    expect(after?.minFps).toBeNull();
    expect(after?.constraintFailures).toBe(0);
    expect([after?.width, after?.height]).toEqual([1920, 1080]);
    // The stream went to 1280x720 with a keyframe, and came back to full size with one.
    expect(chunkSizes).toContain('1280x720 key');
    expect(chunkSizes.slice(motionMark)).toContain('1920x1080 key');
  }, 60_000);
});
