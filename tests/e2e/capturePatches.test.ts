// Small changes travel twice: at once as a patch (their exact pixels) and as video. Real Xvfb, a real X
// client appearing, the real capture page, and the console's real VideoPipe in Chromium.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoPatchMessage } from '@tether/protocol';
import type { CapturePatch } from '../../apps/agent/src/common/capture/captureWire';
import type { EncodedChunk } from '../../apps/agent/src/common/capture/captureTypes';
import { startCapture, type CaptureHandle } from '../../apps/agent/src/node/capture/browserHost';
import { hexToRgb, near, paintRoot, parkPointer, sleep } from '../support/decoder/captureScene';
import { startVideoPipePage, videoChunkMessage, type VideoPipePage } from '../support/videoPipePage';
import { startXObserver } from '../support/xObserver';
import { startXvfb, type XDisplay } from '../support/xvfb';

const GREY = '#505050';
const WHITE: [number, number, number] = [255, 255, 255];
const WIN = { x: 400, y: 300, width: 240, height: 180 };
/** A point inside the xev window, clear of its inner box. */
const INSIDE: [number, number] = [WIN.x + 200, WIN.y + 150];

const asPatch = (p: CapturePatch): VideoPatchMessage => ({ v: 1, type: 'video.patch', surfaceId: 0, ...p });

describe('capture patches (Xvfb + capture page + console VideoPipe)', () => {
  let x: XDisplay;
  let capture: CaptureHandle;
  let pipe: VideoPipePage;
  const arrivals: ({ kind: 'chunk'; chunk: EncodedChunk } | { kind: 'patch'; patch: CapturePatch })[] = [];

  beforeAll(async () => {
    x = await startXvfb();
    parkPointer(x);
    paintRoot(x, GREY);
    pipe = await startVideoPipePage();
    capture = await startCapture({ display: x.display, fps: 30, keyframeIntervalMs: 60_000 });
    pipe.configure(capture.codecString);
    capture.onChunk((chunk) => {
      arrivals.push({ kind: 'chunk', chunk });
      pipe.push(videoChunkMessage(chunk));
    });
    capture.onPatch((patch) => {
      arrivals.push({ kind: 'patch', patch });
      pipe.push(asPatch(patch));
    });
    const first = await pipe.waitFor((s) => s.frames >= 1);
    // The benchmark stamps paints and input in this page: it must have the fine (5 us) clock.
    expect(first.isolated).toBe(true);
  });

  afterAll(async () => {
    await capture?.close();
    await pipe?.close();
    await x?.stop();
  });

  /** The first patch from the capture after arrival `mark` that `accept` takes (undefined after 5 s). */
  async function nextPatch(mark: number, accept: (p: CapturePatch) => boolean = () => true): Promise<CapturePatch | undefined> {
    for (let i = 0; i < 200; i++) {
      const found = arrivals.slice(mark).find((a) => a.kind === 'patch' && accept(a.patch));
      if (found) return (found as { patch: CapturePatch }).patch;
      await sleep(25);
    }
    return undefined;
  }

  /** The stream's first keyframe (the grey screen). */
  const firstKeyframe = (): EncodedChunk => (arrivals.find((a) => a.kind === 'chunk' && a.chunk.keyframe) as { chunk: EncodedChunk }).chunk;

  /** A second VideoPipe page showing the first keyframe. */
  async function replayOfFirstKeyframe(): Promise<VideoPipePage> {
    const replay = await startVideoPipePage();
    replay.configure(capture.codecString);
    replay.push(videoChunkMessage(firstKeyframe()));
    await replay.waitFor((s) => s.frames >= 1);
    return replay;
  }

  it('sends a small change as a patch ahead of its video frame, and the console shows it from the patch', async () => {
    await pipe.watch(INSIDE[0], INSIDE[1], WHITE, 12);
    const mark = arrivals.length;
    const window = await startXObserver({ display: x.display, name: 'tether-patch-test', ...WIN });
    try {
      let hit = await pipe.hit();
      for (let i = 0; i < 200 && !hit.at; i++) hit = (await sleep(25), await pipe.hit());
      expect(hit.by).toBe('patch');
      const since = arrivals.slice(mark);
      const patchAt = since.findIndex((a) => a.kind === 'patch' && a.patch.x <= WIN.x && a.patch.y <= WIN.y && a.patch.x + a.patch.width >= WIN.x + WIN.width && a.patch.y + a.patch.height >= WIN.y + WIN.height);
      expect(patchAt).toBeGreaterThanOrEqual(0);
      const patch = (since[patchAt] as { patch: CapturePatch }).patch;
      // Small: the box around the window (and its border), not the screen.
      expect(patch.width * patch.height).toBeLessThan(WIN.width * WIN.height * 1.3);
      expect(patch.format).toBe('I420');
      expect([patch.frameWidth, patch.frameHeight]).toEqual([1920, 1080]);
      expect(patch.packing).toBe('runs');
      // The video that carries the change (its frame, or a later one if the encoder skipped it) came after it.
      const carries = (a: (typeof arrivals)[number]) => a.kind === 'chunk' && a.chunk.timestampUs >= patch.timestampUs;
      for (let i = 0; i < 80 && !arrivals.slice(mark).some(carries); i++) await sleep(25);
      const frameAt = arrivals.slice(mark).findIndex(carries);
      expect(frameAt).toBeGreaterThan(patchAt);
      // Once the video frame is drawn too, the pixels agree.
      await sleep(300);
      const [inside, outside] = await pipe.pixels([INSIDE, [100, 100]]);
      expect(near(inside!, WHITE, 12)).toBe(true);
      expect(near(outside!, [0x50, 0x50, 0x50], 12)).toBe(true);
      const stats = await capture.stats();
      expect(stats?.patchesSent).toBeGreaterThan(0);
      expect(stats?.malformedFrames).toBe(0);
    } finally {
      await window.stop();
    }
  });

  it('keeps a patch on the canvas when an older frame is decoded after it', async () => {
    await sleep(300);
    const mark = arrivals.length;
    const window = await startXObserver({ display: x.display, name: 'tether-patch-test-2', ...WIN });
    try {
      const patch = await nextPatch(mark);
      expect(patch).toBeDefined();
      await sleep(300);
      // A second page gets the grey keyframe, the patch, then the grey keyframe again (an older frame, late).
      const replay = await replayOfFirstKeyframe();
      try {
        replay.push(asPatch(patch!));
        await replay.waitFor((s) => s.patches >= 1);
        replay.push(videoChunkMessage(firstKeyframe()));
        await replay.waitFor((s) => s.frames >= 2);
        const [inside, outside] = await replay.pixels([INSIDE, [100, 100]]);
        expect(near(inside!, WHITE, 12)).toBe(true);
        expect(near(outside!, [0x50, 0x50, 0x50], 12)).toBe(true);
        // A patch of a picture of another size (a rescaled stream) is refused; the stream goes on.
        replay.push({ ...asPatch(patch!), frameWidth: 1280, frameHeight: 720, x: 0, y: 0, timestampUs: patch!.timestampUs + 1 });
        const state = await replay.waitFor((s) => s.refused.length === 1);
        expect(state.refused[0]).toMatch(/does not fit/);
        expect(state.decodeErrors).toBe(0);
      } finally {
        await replay.close();
      }
    } finally {
      await window.stop();
    }
  });

  it('shows a saturated colour the same from the patch as from the video (the colour space of the capture travels with it)', async () => {
    const replay = await replayOfFirstKeyframe();
    try {
      for (const colour of ['#c02020', '#2040e0']) {
        const mark = arrivals.length;
        const term = spawn('xterm', ['-bg', colour, '-geometry', '30x8+400+300'], { env: x.env, stdio: 'ignore' });
        try {
          const patch = await nextPatch(mark, (p) => p.width > 100);
          expect(patch).toBeDefined();
          replay.push(asPatch(patch!));
          await sleep(600);
          const [fromPatch] = await replay.pixels([[500, 360]]);
          const [fromVideo] = await pipe.pixels([[500, 360]]);
          expect(near(fromPatch!, hexToRgb(colour), 12)).toBe(true);
          expect(near(fromPatch!, fromVideo!, 6)).toBe(true);
        } finally {
          term.kill('SIGKILL');
          await sleep(300);
        }
      }
    } finally {
      await replay.close();
    }
  });

  it('sends a whole-screen change as video only', async () => {
    await sleep(300);
    const mark = arrivals.length;
    paintRoot(x, '#2060a0');
    await sleep(800);
    const since = arrivals.slice(mark);
    expect(since.some((a) => a.kind === 'chunk')).toBe(true);
    expect(since.filter((a) => a.kind === 'patch')).toEqual([]);
  });
});
