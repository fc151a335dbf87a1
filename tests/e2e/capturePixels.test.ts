// Real Xvfb + real X clients + Debian Chromium capture page -> WebCodecs chunks -> test decoder page.
// Checks what the technician would actually see: colours, privacy masks, keyframes, scaling, pause.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodedChunk } from '../../apps/agent/src/common/capture/captureTypes';
import { startCapture, type CaptureHandle } from '../../apps/agent/src/node/capture/browserHost';
import { startDecoderPage, type DecoderPage } from '../support/decoderPage';
import { allNear, hexToRgb, near, paintRoot, parkPointer, sleep } from '../support/decoder/captureScene';
import { startXvfb, type XDisplay } from '../support/xvfb';

const RED = '#c02020';
const BLUE = '#2040e0';
const GREEN = '#20c040';
const BLACK: [number, number, number] = [0, 0, 0];
const POINTS: [number, number][] = [
  [0.25, 0.25],
  [0.75, 0.25],
  [0.25, 0.75],
  [0.7, 0.7],
];

describe('screen capture pixels (Xvfb + Chromium + WebCodecs)', () => {
  let x: XDisplay;
  let decoder: DecoderPage;
  let capture: CaptureHandle;
  const chunks: EncodedChunk[] = [];

  beforeAll(async () => {
    x = await startXvfb();
    parkPointer(x);
    paintRoot(x, RED);
    decoder = await startDecoderPage();
    // Long keyframe interval: on an idle screen nothing is sent unless asked for.
    capture = await startCapture({ display: x.display, fps: 30, keyframeIntervalMs: 60_000 });
    capture.onChunk((chunk) => {
      chunks.push(chunk);
      decoder.push(chunk);
    });
  });

  afterAll(async () => {
    await capture?.close();
    await decoder?.close();
    await x?.stop();
  });

  it('negotiates H.264 first and shows the painted colour', async () => {
    expect(capture.codec).toBe('h264');
    expect(capture.codecString).toBe('avc1.640028');
    expect([capture.width, capture.height]).toEqual([1920, 1080]);
    await decoder.waitForSample(POINTS, (rgb) => allNear(rgb, hexToRgb(RED)));
    expect(chunks[0]?.keyframe).toBe(true);
    expect(chunks[0]?.configChanged).toBe(true);
  });

  it('shows a new colour after the screen changes', async () => {
    paintRoot(x, BLUE);
    await decoder.waitForSample(POINTS, (rgb) => allNear(rgb, hexToRgb(BLUE)));
    const state = await decoder.state();
    expect(state.errors).toEqual([]);
    expect(state.decoded).toBeGreaterThanOrEqual(2);
  });

  it('paints privacy masks black before encoding and lifts them again', async () => {
    paintRoot(x, GREEN);
    capture.setMasks([{ x: 0.1, y: 0.1, w: 0.3, h: 0.3 }, { x: 0.6, y: 0.6, w: 0.2, h: 0.2 }]);
    const masked: [number, number][] = [[0.25, 0.25], [0.7, 0.7]];
    const open: [number, number][] = [[0.75, 0.25], [0.25, 0.75]];
    const rgb = await decoder.waitForSample([...masked, ...open], (s) => allNear(s.slice(0, 2), BLACK, 12) && allNear(s.slice(2), hexToRgb(GREEN)));
    expect(rgb.slice(0, 2).every((c) => near(c, BLACK, 12))).toBe(true);
    // just outside the mask edge the colour is intact
    const [edge] = (await decoder.sample([[0.42, 0.25]], 1)) ?? [];
    expect(edge && near(edge, hexToRgb(GREEN))).toBe(true);
    capture.setMasks([]);
    await decoder.waitForSample(masked, (s) => allNear(s, hexToRgb(GREEN)));
  });

  it('sends a keyframe when asked, even on an idle screen', async () => {
    await sleep(500); // let the last change settle
    const before = chunks.length;
    await sleep(700);
    expect(chunks.length - before).toBeLessThanOrEqual(1); // idle: nothing (or a straggler) is sent
    const mark = chunks.length;
    capture.requestKeyframe();
    const deadline = Date.now() + 5000;
    while (!chunks.slice(mark).some((c) => c.keyframe) && Date.now() < deadline) await sleep(50);
    expect(chunks.slice(mark).some((c) => c.keyframe)).toBe(true);
  });

  it('halves the frame size with scale 2 and restores it', async () => {
    const mark = chunks.length;
    capture.setConfig({ scale: 2 });
    await decoder.waitFor((s) => s.width === 960 && s.height === 540);
    const scaled = chunks.slice(mark).find((c) => c.width === 960);
    expect(scaled?.height).toBe(540);
    expect(scaled?.keyframe).toBe(true);
    expect(capture.width).toBe(960);
    await decoder.waitForSample(POINTS, (rgb) => allNear(rgb, hexToRgb(GREEN)));
    capture.setConfig({ scale: 1 });
    await decoder.waitFor((s) => s.width === 1920 && s.height === 1080);
  });

  it('sends nothing while paused and a fresh keyframe on resume', async () => {
    capture.pause();
    await sleep(300);
    const mark = chunks.length;
    paintRoot(x, RED);
    await sleep(800);
    expect(chunks.length).toBe(mark);
    capture.resume();
    await decoder.waitForSample(POINTS, (rgb) => allNear(rgb, hexToRgb(RED)));
    expect(chunks[mark]?.keyframe).toBe(true);
  });

  it('refuses bad masks and knobs with E_BAD_ARGUMENT', () => {
    expect(() => capture.setMasks([{ x: 0.9, y: 0, w: 0.5, h: 0.1 }])).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
    expect(() => capture.setConfig({ scale: 0.5 })).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
    expect(() => capture.setConfig({ fps: 1000 })).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
  });

  it('reports stats with no malformed frames', async () => {
    const stats = await capture.stats();
    expect(stats?.malformedFrames).toBe(0);
    expect(stats?.framesEncoded).toBeGreaterThan(0);
    expect(stats?.framesUnchanged).toBeGreaterThan(0);
    expect(stats?.chunksReceived).toBe(chunks.length);
  });
});
