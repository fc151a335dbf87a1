// The capture page in a window the caller owns (how the Electron shell runs it in its hidden capture
// window): startCapture serves the page and hands its URL to openPage instead of launching Chromium
// itself; the stream decodes to the painted colour, and closing the capture closes the caller's window.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCapture } from '../../apps/agent/src/node/capture/browserHost';
import { launchChromium } from '../../apps/agent/src/node/capture/chromiumProcess';
import { startDecoderPage, type DecoderPage } from '../support/decoderPage';
import { allNear, hexToRgb, paintRoot, parkPointer } from '../support/decoder/captureScene';
import { startXvfb, type XDisplay } from '../support/xvfb';

let x: XDisplay;
let decoder: DecoderPage;

beforeAll(async () => {
  x = await startXvfb();
  parkPointer(x);
  decoder = await startDecoderPage();
}, 60_000);

afterAll(async () => {
  await decoder?.close();
  await x?.stop();
});

describe('capture page in a caller-owned window', () => {
  it('streams through the window openPage opened, and closes it when capture ends', async () => {
    paintRoot(x, '#7030b0');
    const opened: string[] = [];
    let closed = 0;
    const capture = await startCapture({
      display: x.display,
      codecs: ['h264'],
      openPage: async (url) => {
        opened.push(url);
        const window = await launchChromium({ display: x.display, args: ['--auto-select-desktop-capture-source=Entire screen', '--window-position=4000,4000'] });
        await window.page.goto(url);
        return {
          close: async () => {
            closed++;
            await window.close();
          },
        };
      },
    });
    try {
      expect(opened).toHaveLength(1);
      expect(opened[0]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\//);
      capture.onChunk((chunk) => decoder.push(chunk));
      capture.requestKeyframe();
      await decoder.waitForSample([[0.5, 0.5]], (rgb) => allNear(rgb, hexToRgb('#7030b0')), 15_000);
    } finally {
      await capture.close();
    }
    expect(closed).toBe(1);
  }, 60_000);
});
