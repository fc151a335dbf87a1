// Where two captured frames differ: the bounding box of every changed pixel, computed from the raw
// plane bytes the change check copies anyway. Word compares find each edge, so a frame that did not
// change costs one pass (as the plain equality check did) and a changed one at most one pass.
export type PlaneFormat = 'I420' | 'RGBX' | 'BGRX' | 'RGBA' | 'BGRA';

export interface PlaneLayoutLike {
  offset: number;
  stride: number;
}

/** How a frame's bytes are laid out: the visible size and one layout per plane (VideoFrame.copyTo's answer). */
export interface FramePlanes {
  format: PlaneFormat;
  width: number;
  height: number;
  layout: readonly PlaneLayoutLike[];
}

export interface PixelBox {
  x: number;
  y: number;
  width: number;
  height: number;
}

export function isPlaneFormat(format: string | null): format is PlaneFormat {
  return format === 'I420' || format === 'RGBX' || format === 'BGRX' || format === 'RGBA' || format === 'BGRA';
}

interface PlaneShape {
  /** Bytes per pixel, pixels per row, rows, and the plane's pixel scale relative to the frame. */
  bpp: number;
  columns: number;
  rows: number;
  scale: number;
}

function planeShapes(planes: FramePlanes): PlaneShape[] {
  if (planes.format === 'I420') {
    const cw = Math.ceil(planes.width / 2);
    const ch = Math.ceil(planes.height / 2);
    return [
      { bpp: 1, columns: planes.width, rows: planes.height, scale: 1 },
      { bpp: 1, columns: cw, rows: ch, scale: 2 },
      { bpp: 1, columns: cw, rows: ch, scale: 2 },
    ];
  }
  return [{ bpp: 4, columns: planes.width, rows: planes.height, scale: 1 }];
}

/** The bounding box of the pixels where `a` and `b` differ, or null when they are equal. */
export function dirtyRect(a: Uint8Array, b: Uint8Array, planes: FramePlanes): PixelBox | null {
  const shapes = planeShapes(planes);
  if (planes.layout.length < shapes.length) throw new RangeError(`${planes.format} needs ${shapes.length} plane layouts`);
  const words = new Words(a, b);
  let box: { x0: number; y0: number; x1: number; y1: number } | null = null;
  shapes.forEach((shape, i) => {
    const found = planeBox(words, planes.layout[i] as PlaneLayoutLike, shape);
    if (!found) return;
    const s = shape.scale;
    const x0 = found.x0 * s;
    const y0 = found.y0 * s;
    const x1 = Math.min(planes.width, (found.x1 + 1) * s) - 1;
    const y1 = Math.min(planes.height, (found.y1 + 1) * s) - 1;
    box = box ? { x0: Math.min(box.x0, x0), y0: Math.min(box.y0, y0), x1: Math.max(box.x1, x1), y1: Math.max(box.y1, y1) } : { x0, y0, x1, y1 };
  });
  if (!box) return null;
  const { x0, y0, x1, y1 } = box;
  return { x: x0, y: y0, width: x1 - x0 + 1, height: y1 - y0 + 1 };
}

/** Whether two equally long byte arrays hold the same bytes (for frames of a format without known planes). */
export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return new Words(a, b).firstDiff(0, a.length) < 0;
}

/** Inclusive pixel bounds of the differences within one plane, or null. */
function planeBox(words: Words, layout: PlaneLayoutLike, shape: PlaneShape): { x0: number; y0: number; x1: number; y1: number } | null {
  const rowBytes = shape.columns * shape.bpp;
  const rowStart = (r: number) => layout.offset + r * layout.stride;
  if (shape.rows === 0 || rowBytes === 0) return null;
  // An unchanged plane (most samples of a still screen) in one pass over its whole span. Padding between
  // rows is inside that span: when only padding differs, the row scan below finds nothing. No row before
  // the one holding the first difference differs, so the scan for the top edge starts there (rows that
  // overlap, a stride shorter than the row, would not allow it).
  const first = words.firstDiff(rowStart(0), rowStart(shape.rows - 1) + rowBytes);
  if (first < 0) return null;
  let y0 = -1;
  for (let r = layout.stride >= rowBytes ? Math.floor((first - layout.offset) / layout.stride) : 0; r < shape.rows; r++) {
    if (words.firstDiff(rowStart(r), rowStart(r) + rowBytes) >= 0) {
      y0 = r;
      break;
    }
  }
  if (y0 < 0) return null;
  let y1 = y0;
  for (let r = shape.rows - 1; r > y0; r--) {
    if (words.firstDiff(rowStart(r), rowStart(r) + rowBytes) >= 0) {
      y1 = r;
      break;
    }
  }
  // Columns: each row only has to be searched outside the bounds found so far.
  let left = rowBytes;
  let right = -1;
  for (let r = y0; r <= y1; r++) {
    const start = rowStart(r);
    if (left > 0) {
      const d = words.firstDiff(start, start + left);
      if (d >= 0) left = d - start;
    }
    if (right < rowBytes - 1) {
      const d = words.lastDiff(start + right + 1, start + rowBytes);
      if (d >= 0) right = d - start;
    }
  }
  return { x0: Math.floor(left / shape.bpp), y0, x1: Math.floor(right / shape.bpp), y1 };
}

/** Byte-exact first/last difference in a range, comparing aligned 32-bit words where it can. */
class Words {
  private readonly wa: Int32Array;
  private readonly wb: Int32Array;

  constructor(
    private readonly a: Uint8Array,
    private readonly b: Uint8Array,
  ) {
    if (a.length !== b.length) throw new RangeError('frames of different sizes');
    const aligned = a.byteOffset % 4 === 0 && b.byteOffset % 4 === 0;
    const words = a.length >>> 2;
    this.wa = aligned ? new Int32Array(a.buffer, a.byteOffset, words) : new Int32Array(0);
    this.wb = aligned ? new Int32Array(b.buffer, b.byteOffset, words) : new Int32Array(0);
  }

  /** Index of the first differing byte in [start, end), or -1. */
  firstDiff(start: number, end: number): number {
    const { a, b, wa, wb } = this;
    if (wa.length === 0) return bytewiseFirst(a, b, start, end);
    let i = start;
    const headEnd = Math.min(end, (i + 3) & ~3);
    for (; i < headEnd; i++) if (a[i] !== b[i]) return i;
    const wordEnd = Math.min(end >>> 2, wa.length);
    let w = i >>> 2;
    // Four words per step while they all match (one branch per 16 bytes), then word by word.
    for (; w + 4 <= wordEnd; w += 4) if (((wa[w] as number) ^ (wb[w] as number)) | ((wa[w + 1] as number) ^ (wb[w + 1] as number)) | ((wa[w + 2] as number) ^ (wb[w + 2] as number)) | ((wa[w + 3] as number) ^ (wb[w + 3] as number))) break;
    for (; w < wordEnd; w++) if (wa[w] !== wb[w]) break;
    for (i = Math.max(i, w << 2); i < end; i++) if (a[i] !== b[i]) return i;
    return -1;
  }

  /** Index of the last differing byte in [start, end), or -1. */
  lastDiff(start: number, end: number): number {
    const { a, b, wa, wb } = this;
    if (wa.length === 0) return bytewiseLast(a, b, start, end);
    let i = end - 1;
    const tailStart = Math.max(start, end & ~3);
    for (; i >= tailStart; i--) if (a[i] !== b[i]) return i;
    const wordStart = (start + 3) >>> 2;
    let w = Math.min((i + 1) >>> 2, wa.length) - 1;
    for (; w >= wordStart; w--) if (wa[w] !== wb[w]) break;
    for (i = Math.min(i, w >= wordStart ? (w << 2) + 3 : (wordStart << 2) - 1); i >= start; i--) if (a[i] !== b[i]) return i;
    return -1;
  }
}

function bytewiseFirst(a: Uint8Array, b: Uint8Array, start: number, end: number): number {
  for (let i = start; i < end; i++) if (a[i] !== b[i]) return i;
  return -1;
}

function bytewiseLast(a: Uint8Array, b: Uint8Array, start: number, end: number): number {
  for (let i = end - 1; i >= start; i--) if (a[i] !== b[i]) return i;
  return -1;
}
