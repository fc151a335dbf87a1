// Unchanged-screen detection: an idle screen produces only the periodic refresh keyframes, a changing
// screen produces a chunk per change. Real Xvfb, real xsetroot, real Chromium capture.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodedChunk } from '../../apps/agent/src/common/capture/captureTypes';
import { startCapture, type CaptureHandle } from '../../apps/agent/src/node/capture/browserHost';
import { paintRoot, parkPointer, sleep } from '../support/decoder/captureScene';
import { startXvfb, type XDisplay } from '../support/xvfb';

const WINDOW_MS = 3000;
const REFRESH_MS = 1000;

describe('capture change detection', () => {
  let x: XDisplay;
  let capture: CaptureHandle;
  const chunks: EncodedChunk[] = [];

  beforeAll(async () => {
    x = await startXvfb();
    parkPointer(x);
    paintRoot(x, '#808080');
    capture = await startCapture({ display: x.display, fps: 30, keyframeIntervalMs: REFRESH_MS });
    capture.onChunk((chunk) => chunks.push(chunk));
    await sleep(300);
  });

  afterAll(async () => {
    await capture?.close();
    await x?.stop();
  });

  it('sends only refresh keyframes while the screen is idle, and a stream while it changes', async () => {
    const idleStart = chunks.length;
    await sleep(WINDOW_MS);
    const idle = chunks.slice(idleStart);

    const changingStart = chunks.length;
    let flip = false;
    const painter = setInterval(() => {
      flip = !flip;
      paintRoot(x, flip ? '#3060a0' : '#a06030');
    }, 60);
    await sleep(WINDOW_MS);
    clearInterval(painter);
    const changing = chunks.slice(changingStart);

    // idle: about WINDOW_MS / REFRESH_MS refresh keyframes and nothing else
    expect(idle.every((c) => c.keyframe)).toBe(true);
    expect(idle.length).toBeGreaterThanOrEqual(1);
    expect(idle.length).toBeLessThanOrEqual(Math.ceil(WINDOW_MS / REFRESH_MS) + 1);
    // changing: ~16 repaints per second, each one sent
    expect(changing.length).toBeGreaterThan(idle.length * 5);
    expect(changing.some((c) => !c.keyframe)).toBe(true);

    const stats = await capture.stats();
    expect(stats?.framesUnchanged).toBeGreaterThan(stats?.framesEncoded ?? Infinity);
    const idleBytes = idle.reduce((n, c) => n + c.data.length, 0);
    const changingBytes = changing.reduce((n, c) => n + c.data.length, 0);
    console.log(
      `capture change detection: idle ${idle.length} chunks / ${idleBytes} B in ${WINDOW_MS} ms, ` +
        `changing ${changing.length} chunks / ${changingBytes} B; encode mean ${stats?.encodeMsMean.toFixed(2)} ms, ` +
        `compare mean ${stats?.compareMsMean.toFixed(2)} ms`,
    );
  });
});
