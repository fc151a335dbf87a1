// A capture short of CPU in full-screen motion takes a smaller picture, to keep its frame rate
// (motionLoad.ts). Real Xvfb, a real X client repainting the whole screen 60 times a second, real
// Chromium capture asked for 60 frames a second. The shortage is made for real: the capture browser's
// processes are stopped (SIGSTOP) for 12 of every 20 ms, as a CPU quota would throttle them, so the
// capturer delivers far fewer frames than asked. The stream must step down to a smaller picture with a
// keyframe, and the screen must come back at full size once it settles.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MOTION_RUNGS } from '../../apps/agent/src/common/capture/motionLoad';
import type { CaptureHandle } from '../../apps/agent/src/node/capture/browserHost';
import { captureFreshDisplay, sleep, type CapturedDisplay } from '../support/decoder/captureScene';
import { processTree } from '../support/procTree';
import { startRootPainter, type XRootPainter } from '../support/xRootPainter';
import type { XDisplay } from '../support/xvfb';

const FPS = 60;
/** The capture browser is stopped this long in every period: it keeps well under 60 % of its frames. */
const STOPPED_MS = 12;
const PERIOD_MS = 20;

let x: XDisplay;
let capture: CaptureHandle;
let painter: XRootPainter | undefined;
let throttle: { stop(): void } | undefined;
let chunkSizes: string[];
let captured: CapturedDisplay | undefined;

/** The capture browser this test started, and every process below it. */
function captureProcesses(): number[] {
  const browser = processTree(process.pid).find(({ pid }) => {
    try {
      return readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('--auto-select-desktop-capture-source');
    } catch {
      return false;
    }
  });
  if (!browser) throw new Error('the capture browser is not running');
  return processTree(browser.pid).map((p) => p.pid);
}

/** Stops the processes for `stoppedMs` of every `periodMs`, until stopped (then they run freely). */
function throttleProcesses(pids: number[], stoppedMs: number, periodMs: number): { stop(): void } {
  const signal = (name: NodeJS.Signals): void => {
    for (const pid of pids) {
      try {
        process.kill(pid, name);
      } catch {
        // gone meanwhile
      }
    }
  };
  let resume: NodeJS.Timeout | undefined;
  const timer = setInterval(() => {
    signal('SIGSTOP');
    resume = setTimeout(() => signal('SIGCONT'), stoppedMs);
  }, periodMs);
  return {
    stop() {
      clearInterval(timer);
      clearTimeout(resume);
      signal('SIGCONT');
    },
  };
}

beforeAll(async () => {
  captured = await captureFreshDisplay(FPS);
  ({ x, capture, chunkSizes } = captured);
}, 60_000);

afterAll(async () => {
  throttle?.stop();
  painter?.stop();
  await captured?.close();
});

describe('the picture size in motion on a machine short of CPU', () => {
  it('steps down to a smaller picture while the capturer falls behind, and is full size again once the screen settles', async () => {
    await sleep(1500);
    const before = await capture.stats();
    expect(before?.motionMaxPixels).toBe(MOTION_RUNGS[0]);
    expect(before?.motionSizeChanges).toBe(0);

    throttle = throttleProcesses(captureProcesses(), STOPPED_MS, PERIOD_MS);
    painter = await startRootPainter(x.display, FPS);
    // Frames the capturer delivered, second by second, until the size changed (for the failure message).
    const delivered: number[] = [];
    let last = await capture.stats();
    const deadline = Date.now() + 12_000;
    while (Date.now() < deadline && (last?.motionSizeChanges ?? 0) === 0) {
      await sleep(1000);
      const now = await capture.stats();
      delivered.push((now?.framesIn ?? 0) - (last?.framesIn ?? 0));
      last = now;
    }
    await sleep(1000); // the keyframe of the new size
    const starved = await capture.stats();
    console.log(`capture held back ${STOPPED_MS} of every ${PERIOD_MS} ms: delivered ${delivered.join(', ')} frames a second; ${starved?.width}x${starved?.height}`);
    expect(starved?.motion).toBe(true);
    expect(starved?.motionSizeChanges).toBeGreaterThanOrEqual(1);
    expect(starved?.motionMaxPixels).toBeLessThan(MOTION_RUNGS[0] as number);
    expect((starved?.width ?? 0) * (starved?.height ?? 0)).toBeLessThanOrEqual(starved?.motionMaxPixels ?? 0);
    expect(starved?.constraintFailures).toBe(0);
    // The new size reached the stream with a keyframe.
    expect(chunkSizes).toContain('960x540 key');

    throttle.stop();
    throttle = undefined;
    painter.stop();
    painter = undefined;
    const settledMark = chunkSizes.length;
    await sleep(3500);
    const settled = await capture.stats();
    expect(settled?.motion).toBe(false);
    expect([settled?.width, settled?.height]).toEqual([1920, 1080]);
    expect(chunkSizes.slice(settledMark)).toContain('1920x1080 key');
    // What was learned stays for the next motion (the machine did not get faster when the screen settled).
    expect(settled?.motionMaxPixels).toBe(starved?.motionMaxPixels);
  }, 60_000);
});
