// How the console's VideoPipe puts decoded frames on the canvas: converted to RGBA (VideoFrame.copyTo)
// and put, in Debian Chromium without a GPU; drawn with drawImage where the page has a GPU or its copyTo
// cannot convert. All must show the colour on the screen. Real Xvfb, the real capture page and encoder, the real VideoPipe.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EncodedChunk } from '../../apps/agent/src/common/capture/captureTypes';
import type { CaptureHandle } from '../../apps/agent/src/node/capture/browserHost';
import { captureFreshDisplay, hexToRgb, near, sleep, type CapturedDisplay } from '../support/decoder/captureScene';
import { startVideoPipePage, videoChunkMessage, type Rgb, type VideoPipePage } from '../support/videoPipePage';

// Saturated, with red, green and blue apart: a swapped channel or a wrong YUV matrix shows.
const COLOUR = '#d02878';
const POINTS: [number, number][] = [
  [200, 200],
  [1700, 300],
  [960, 540],
  [300, 900],
];

describe('console VideoPipe: decoded frames onto the canvas (Xvfb + capture page + Chromium)', () => {
  let captured: CapturedDisplay | undefined;
  let capture: CaptureHandle;
  const pages: VideoPipePage[] = [];
  const chunks: EncodedChunk[] = [];

  beforeAll(async () => {
    captured = await captureFreshDisplay(30, { colour: COLOUR, keyframeIntervalMs: 60_000 });
    capture = captured.capture;
    capture.onChunk((chunk) => chunks.push(chunk));
    for (let i = 0; i < 200 && !chunks.some((c) => c.keyframe); i++) await sleep(25);
  });

  afterAll(async () => {
    for (const page of pages) await page.close();
    await captured?.close();
  });

  async function showFirstKeyframe(convert: boolean, emulateGpu = false): Promise<{ path: string; pixels: Rgb[] }> {
    const page = await startVideoPipePage({ emulateGpu });
    pages.push(page);
    if (!convert) await page.withoutRgbaConversion();
    page.configure(capture.codecString);
    page.push(videoChunkMessage(chunks.find((c) => c.keyframe)!));
    const state = await page.waitFor((s) => s.frames >= 1);
    expect(state.decodeErrors).toBe(0);
    expect([state.width, state.height]).toEqual([1920, 1080]);
    return { path: state.drawPath, pixels: await page.pixels(POINTS) };
  }

  /** The pixels drawn another way match the converted ones, point by point. */
  function expectSameColours(drawn: Rgb[], converted: Rgb[]): void {
    drawn.forEach((rgb, i) => expect(near(rgb, converted[i]!, 4), `${rgb.join(',')} drawn, ${converted[i]!.join(',')} converted`).toBe(true));
  }

  it('converts frames to RGBA in Chromium and shows the colour on the screen', async () => {
    const shown = await showFirstKeyframe(true);
    expect(shown.path).toBe('rgba');
    for (const rgb of shown.pixels) expect(near(rgb, hexToRgb(COLOUR), 12), `${rgb.join(',')} for ${COLOUR}`).toBe(true);
  });

  it('draws with drawImage where the page has a GPU, with the same colours as the conversion', async () => {
    const converted = await showFirstKeyframe(true);
    const drawn = await showFirstKeyframe(true, true);
    expect(drawn.path).toBe('drawImage');
    expectSameColours(drawn.pixels, converted.pixels);
  });

  it('draws with drawImage where copyTo cannot convert, and shows the same colours as the conversion', async () => {
    const converted = await showFirstKeyframe(true);
    const drawn = await showFirstKeyframe(false);
    expect(drawn.path).toBe('drawImage');
    expectSameColours(drawn.pixels, converted.pixels);
  });
});
