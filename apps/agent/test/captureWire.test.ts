import { describe, expect, it } from 'vitest';
import { captureFrameKind, decodeChunkFrame, decodePatchFrame, encodeChunkFrame, encodePatchFrame, type CapturePatch, type ChunkFrame } from '../src/common/capture/captureWire';

const frame: ChunkFrame = {
  seq: 4_000_000_000,
  timestampUs: 2 ** 40 + 7,
  keyframe: true,
  codec: 'h264',
  width: 1920,
  height: 1080,
  config: { codecString: 'avc1.640028', description: new Uint8Array([1, 100, 0, 40]) },
  data: new Uint8Array([0, 0, 0, 1, 0x67, 0x64]),
};

describe('capture chunk frame', () => {
  it('round-trips every field, with and without decoder config', () => {
    const decoded = decodeChunkFrame(encodeChunkFrame(frame));
    expect(decoded).toEqual({ ok: true, value: frame });
    const plain: ChunkFrame = { ...frame, keyframe: false, codec: 'vp8', config: undefined };
    delete plain.config;
    expect(decodeChunkFrame(encodeChunkFrame(plain))).toEqual({ ok: true, value: plain });
  });

  it('has the documented fixed header layout', () => {
    const bytes = encodeChunkFrame({ ...frame, config: undefined, seq: 1, timestampUs: 2, width: 3, height: 4, data: new Uint8Array([9]) });
    expect(Array.from(bytes)).toEqual([1, 1, 0x01, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 3, 0, 4, 9]);
  });

  it('rejects truncated, unknown and malformed frames with typed errors', () => {
    const good = encodeChunkFrame(frame);
    const code = (bytes: Uint8Array): string | undefined => {
      const r = decodeChunkFrame(bytes);
      return r.ok ? undefined : r.error.code;
    };
    expect(code(good.subarray(0, 10))).toBe('E_MALFORMED');
    expect(code(new Uint8Array(0))).toBe('E_MALFORMED');
    expect(code(Uint8Array.from([2, ...good.subarray(1)]))).toBe('E_UNSUPPORTED_VERSION');
    expect(code(Uint8Array.from([1, 9, ...good.subarray(2)]))).toBe('E_UNKNOWN_TYPE');
    expect(code(Uint8Array.from([1, 1, 0x80, ...good.subarray(3)]))).toBe('E_MALFORMED');
    expect(code(Uint8Array.from([1, 1, 1, 9, ...good.subarray(4)]))).toBe('E_MALFORMED');
    const noData = encodeChunkFrame({ ...frame, config: undefined, data: new Uint8Array([1]) }).subarray(0, 20);
    expect(code(noData)).toBe('E_MALFORMED');
    const zeroSize = encodeChunkFrame({ ...frame, width: 0 });
    expect(code(zeroSize)).toBe('E_MALFORMED');
  });

  it('refuses to encode out-of-range fields', () => {
    expect(() => encodeChunkFrame({ ...frame, seq: -1 })).toThrow(RangeError);
    expect(() => encodeChunkFrame({ ...frame, width: 70_000 })).toThrow(RangeError);
  });
});

describe('capture patch frame', () => {
  const patch: CapturePatch = {
    timestampUs: 2 ** 40 + 9, x: 10, y: 20, width: 2, height: 2, frameWidth: 1920, frameHeight: 1080, format: 'I420', packing: 'raw',
    colour: { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false }, data: Uint8Array.from([1, 2, 3, 4, 5, 6]),
  };

  it('round-trips, and is told apart from a chunk frame', () => {
    const bytes = encodePatchFrame(patch);
    expect(captureFrameKind(bytes)).toBe('patch');
    expect(captureFrameKind(encodeChunkFrame(frame))).toBe('chunk');
    expect(decodePatchFrame(bytes)).toEqual({ ok: true, value: patch });
  });

  it('refuses a chunk frame, a cut-off patch, and pixels that do not fit the size (typed errors)', () => {
    const code = (bytes: Uint8Array) => {
      const r = decodePatchFrame(bytes);
      return r.ok ? 'ok' : r.error.code;
    };
    expect(code(encodeChunkFrame(frame))).toBe('E_MALFORMED');
    const bytes = encodePatchFrame(patch);
    expect(code(bytes.subarray(0, bytes.length - 1))).toBe('E_MALFORMED');
    expect(code(bytes.subarray(0, 12))).toBe('E_MALFORMED');
    const wrongTag = bytes.slice();
    wrongTag[3] = 0x66; // a video.chunk tag inside a patch frame
    expect(code(wrongTag)).not.toBe('ok');
    expect(captureFrameKind(Uint8Array.of(9, 2))).toBeNull();
  });
});
