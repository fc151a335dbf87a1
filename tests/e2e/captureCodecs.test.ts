// Codec negotiation: the first codec of the caller's list that this Chromium can encode is used, and
// every negotiated stream decodes to the painted colour in the test technician decoder.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoCodecName } from '../../apps/agent/src/common/capture/captureTypes';
import { startCapture } from '../../apps/agent/src/node/capture/browserHost';
import { startDecoderPage, type DecoderPage } from '../support/decoderPage';
import { allNear, hexToRgb, paintRoot, parkPointer } from '../support/decoder/captureScene';
import { startXvfb, type XDisplay } from '../support/xvfb';

const POINTS: [number, number][] = [
  [0.2, 0.3],
  [0.8, 0.6],
];

describe('capture codec negotiation', () => {
  let x: XDisplay;
  let decoder: DecoderPage;

  beforeAll(async () => {
    x = await startXvfb();
    parkPointer(x);
    decoder = await startDecoderPage();
  });

  afterAll(async () => {
    await decoder?.close();
    await x?.stop();
  });

  const cases: { codecs: VideoCodecName[]; expected: VideoCodecName; colour: string }[] = [
    { codecs: ['vp8'], expected: 'vp8', colour: '#d08010' },
    { codecs: ['vp9', 'h264'], expected: 'vp9', colour: '#10a0b0' },
  ];
  for (const { codecs, expected, colour } of cases) {
    it(`codecs [${codecs.join(', ')}] -> ${expected}, decodes to ${colour}`, async () => {
      paintRoot(x, colour);
      const capture = await startCapture({ display: x.display, codecs });
      try {
        expect(capture.codec).toBe(expected);
        capture.onChunk((chunk) => decoder.push(chunk));
        await decoder.waitForSample(POINTS, (rgb) => allNear(rgb, hexToRgb(colour)));
        expect((await decoder.state()).codec).toBe(capture.codecString);
      } finally {
        await capture.close();
      }
    });
  }

  it('rejects an unknown codec or a bad display with E_BAD_ARGUMENT before launching anything', async () => {
    await expect(startCapture({ display: x.display, codecs: ['hevc' as VideoCodecName] })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    await expect(startCapture({ display: 'localhost:0' })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    await expect(startCapture({ display: x.display, keyframeIntervalMs: 10 })).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
  });
});
