import { describe, expect, it } from 'vitest';
import { dirtyRect, sameBytes, type FramePlanes, type PixelBox } from '../src/common/capture/dirtyRect';

function i420(width: number, height: number): FramePlanes {
  const cw = Math.ceil(width / 2);
  const ch = Math.ceil(height / 2);
  return { format: 'I420', width, height, layout: [{ offset: 0, stride: width }, { offset: width * height, stride: cw }, { offset: width * height + cw * ch, stride: cw }] };
}

function bgrx(width: number, height: number, padding = 0): FramePlanes {
  return { format: 'BGRX', width, height, layout: [{ offset: 0, stride: width * 4 + padding }] };
}

function bytesFor(planes: FramePlanes): number {
  if (planes.format !== 'I420') return (planes.layout[0]!.stride) * planes.height;
  const cw = Math.ceil(planes.width / 2);
  return planes.width * planes.height + 2 * cw * Math.ceil(planes.height / 2);
}

/** The obvious per-pixel answer, to check the word-skipping search against. */
function reference(a: Uint8Array, b: Uint8Array, planes: FramePlanes): PixelBox | null {
  let x0 = Infinity, y0 = Infinity, x1 = -1, y1 = -1;
  const mark = (x: number, y: number) => { x0 = Math.min(x0, x); y0 = Math.min(y0, y); x1 = Math.max(x1, x); y1 = Math.max(y1, y); };
  const { width, height, layout } = planes;
  if (planes.format === 'I420') {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) { const i = layout[0]!.offset + y * layout[0]!.stride + x; if (a[i] !== b[i]) mark(x, y); }
    for (const p of [1, 2]) {
      for (let y = 0; y < Math.ceil(height / 2); y++) for (let x = 0; x < Math.ceil(width / 2); x++) {
        const i = layout[p]!.offset + y * layout[p]!.stride + x;
        if (a[i] !== b[i]) { mark(2 * x, 2 * y); mark(Math.min(width - 1, 2 * x + 1), Math.min(height - 1, 2 * y + 1)); }
      }
    }
  } else {
    for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) for (let c = 0; c < 4; c++) {
      const i = layout[0]!.offset + y * layout[0]!.stride + 4 * x + c;
      if (a[i] !== b[i]) mark(x, y);
    }
  }
  return x1 < 0 ? null : { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
}

describe('dirtyRect', () => {
  it('is null for equal frames and finds a single changed byte in every plane', () => {
    const planes = i420(64, 36);
    const a = new Uint8Array(bytesFor(planes)).fill(16);
    expect(dirtyRect(a, a.slice(), planes)).toBeNull();
    const luma = a.slice();
    luma[10 * 64 + 37] = 17;
    expect(dirtyRect(a, luma, planes)).toEqual({ x: 37, y: 10, width: 1, height: 1 });
    const chroma = a.slice();
    chroma[64 * 36 + 32 * 18 + 5 * 32 + 7] = 1; // V plane, chroma pixel (7, 5)
    expect(dirtyRect(a, chroma, planes)).toEqual({ x: 14, y: 10, width: 2, height: 2 });
  });

  it('matches a per-pixel search on random changes (I420 odd sizes, BGRX with row padding, unaligned buffers)', () => {
    const next = random(7);
    const shapes = [i420(1920 / 8, 1080 / 8), i420(33, 17), bgrx(50, 21), bgrx(31, 9, 12)];
    for (const planes of shapes) {
      for (let round = 0; round < 60; round++) {
        const size = bytesFor(planes);
        const a = new Uint8Array(size);
        for (let i = 0; i < size; i++) a[i] = (next() * 256) | 0;
        const b = a.slice();
        const changes = round % 5;
        for (let c = 0; c < changes; c++) { const i = (next() * size) | 0; b[i] = (b[i]! + 1 + ((next() * 254) | 0)) & 0xff; }
        // Half of the rounds run on views that do not start on a 4-byte boundary.
        const [va, vb] = round % 2 ? [copyAt(a, 1), copyAt(b, 3)] : [a, b];
        expect(dirtyRect(va, vb, planes), `${planes.format} ${planes.width}x${planes.height} round ${round}`).toEqual(reference(a, b, planes));
      }
    }
  });

  it('tells equal byte arrays from ones that differ in any byte, aligned or not', () => {
    const a = Uint8Array.from({ length: 103 }, (_, i) => i);
    expect(sameBytes(a, a.slice())).toBe(true);
    for (const at of [0, 1, 50, 100, 102]) {
      const b = a.slice();
      b[at] = 255;
      expect(sameBytes(a, b)).toBe(false);
      expect(sameBytes(copyAt(a, 1), copyAt(b, 3))).toBe(false);
    }
  });

  it('is null when only the padding between rows differs, and finds a change next to it', () => {
    const planes = bgrx(31, 9, 12);
    const a = new Uint8Array(bytesFor(planes)).fill(9);
    const padded = a.slice();
    for (let y = 0; y < 8; y++) padded[y * (31 * 4 + 12) + 31 * 4 + 5] = 200; // in row y's padding
    expect(dirtyRect(a, padded, planes)).toBeNull();
    const beside = padded.slice();
    beside[4 * (31 * 4 + 12) + 30 * 4 + 3] = 0; // row 4, its last pixel
    expect(dirtyRect(a, beside, planes)).toEqual({ x: 30, y: 4, width: 1, height: 1 });
    for (let at = 0; at < 64; at++) {
      // Every position within the first sixteen words (the four-word steps and what is left after them).
      const b = a.slice();
      b[at] = 1;
      expect(dirtyRect(a, b, planes)).toEqual({ x: Math.floor(at / 4), y: 0, width: 1, height: 1 });
    }
  });

  it('covers a whole-frame change', () => {
    const planes = bgrx(40, 30);
    const a = new Uint8Array(bytesFor(planes));
    const b = a.slice();
    b[0] = 1;
    b[b.length - 1] = 1;
    expect(dirtyRect(a, b, planes)).toEqual({ x: 0, y: 0, width: 40, height: 30 });
  });
});

function copyAt(bytes: Uint8Array, offset: number): Uint8Array {
  const backing = new Uint8Array(bytes.length + offset);
  backing.set(bytes, offset);
  return backing.subarray(offset);
}
