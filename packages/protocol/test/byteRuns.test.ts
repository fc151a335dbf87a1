import { describe, expect, it } from 'vitest';
import { TetherError, decodeSessionMessage, encodeSessionMessage, packByteRuns, unpackByteRuns, videoPatchPixels, type VideoPatchMessage } from '../src/index';

function codeOf(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (e) {
    return e instanceof TetherError ? e.code : 'other';
  }
}

/** Pseudo-random bytes with runs of every length, as screen content has (seeded, so failures repeat). */
function screenLike(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let s = seed;
  let i = 0;
  while (i < length) {
    s = (s * 1103515245 + 12345) >>> 0;
    const run = s % 7 === 0 ? 1 + (s % 300) : 1 + (s % 3);
    out.fill((s >>> 8) & 0xff, i, Math.min(length, i + run));
    i += run;
  }
  return out;
}

describe('byte runs (video.patch packing)', () => {
  it('round-trips empty, tiny, literal-only, run-only and mixed inputs', () => {
    const inputs = [
      new Uint8Array(0), Uint8Array.of(7), Uint8Array.of(1, 1), Uint8Array.of(1, 1, 1),
      Uint8Array.from({ length: 1000 }, (_, i) => i & 0xff), new Uint8Array(100_000).fill(235),
      ...[1, 2, 3, 4, 5].map((seed) => screenLike(50_000, seed)),
    ];
    for (const input of inputs) {
      const packed = packByteRuns(input);
      expect(packed.length).toBeLessThanOrEqual(input.length + Math.ceil(input.length / 128) + 1);
      expect(unpackByteRuns(packed, input.length)).toEqual(input);
    }
  });

  it('packs a solid area to a small fraction', () => {
    expect(packByteRuns(new Uint8Array(135_000).fill(235)).length).toBeLessThan(2100);
  });

  it('refuses a cut-off literal, a run without its byte, and a stream longer or shorter than the patch', () => {
    expect(codeOf(() => unpackByteRuns(Uint8Array.of(3, 1, 2), 4))).toBe('E_MALFORMED');
    expect(codeOf(() => unpackByteRuns(Uint8Array.of(130), 5))).toBe('E_MALFORMED');
    expect(codeOf(() => unpackByteRuns(Uint8Array.of(130, 9), 4))).toBe('E_MALFORMED');
    expect(codeOf(() => unpackByteRuns(Uint8Array.of(130, 9), 6))).toBe('E_MALFORMED');
    expect(codeOf(() => unpackByteRuns(Uint8Array.of(130, 9), 5))).toBe('ok');
  });
});

describe('video.patch', () => {
  const base: VideoPatchMessage = {
    v: 1, type: 'video.patch', timestampUs: 10, surfaceId: 0, x: 0, y: 0, width: 4, height: 2, frameWidth: 64, frameHeight: 32, format: 'I420', packing: 'runs',
    colour: { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false }, data: packByteRuns(new Uint8Array(12).fill(16)),
  };

  it('decodes to pixels of exactly its size', () => {
    const decoded = decodeSessionMessage(encodeSessionMessage(base));
    if (!decoded.ok) throw decoded.error;
    expect(videoPatchPixels(decoded.value as VideoPatchMessage)).toEqual(new Uint8Array(12).fill(16));
  });

  it('refuses pixels that do not fit its size, odd I420 origins, oversized areas and unknown enums', () => {
    const bytes = encodeSessionMessage(base);
    const code = (mutate: (b: Uint8Array) => Uint8Array) => {
      const r = decodeSessionMessage(mutate(bytes.slice()));
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code((b) => b)).toBe('ok');
    expect(code((b) => { b[19] = 3; return b; })).toBe('E_MALFORMED'); // height 3: 12 bytes no longer fit 4x3
    expect(code((b) => { b[13] = 1; return b; })).toBe('E_MALFORMED'); // x = 1 with I420
    expect(code((b) => { b[16] = 2; b[17] = 1; b[18] = 2; b[19] = 1; b[20] = 8; b[22] = 8; return b; })).toBe('E_MALFORMED'); // 513 x 513 pixels
    expect(code((b) => { b[21] = 3; return b; })).toBe('E_MALFORMED'); // wider than its picture (4 of 3)
    expect(code((b) => { b[24] = 3; return b; })).toBe('E_MALFORMED'); // format
    expect(code((b) => { b[25] = 2; return b; })).toBe('E_MALFORMED'); // packing
    expect(code((b) => { b[26] = 6; return b; })).toBe('E_MALFORMED'); // matrix
    expect(code((b) => { b[29] = 2; return b; })).toBe('E_MALFORMED'); // flags
    expect(code((b) => b.subarray(0, 30))).toBe('E_MALFORMED'); // no pixels
    expect(() => encodeSessionMessage({ ...base, x: 1 })).toThrow(RangeError);
    expect(() => encodeSessionMessage({ ...base, x: 62 })).toThrow(RangeError); // past the picture's right edge
    expect(() => encodeSessionMessage({ ...base, format: 'NV12' as 'I420' })).toThrow(TypeError);
  });
});
