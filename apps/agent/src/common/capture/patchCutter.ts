// Cuts the changed box out of a captured frame's bytes into a video.patch body: the box widened to even
// edges for I420 (chroma is shared by 2x2 pixels), planes packed without padding, then byte runs when
// that is smaller. The bytes are the exact ones the encoder is given, masks included.
import { packByteRuns, type VideoPatchMessage } from '@tether/protocol';
import type { FramePlanes, PixelBox } from './dirtyRect';

/** The pixel fields of a video.patch, and the bytes before packing. */
export type CutPatch = Pick<VideoPatchMessage, 'x' | 'y' | 'width' | 'height' | 'frameWidth' | 'frameHeight' | 'format' | 'packing' | 'data'> & {
  pixelBytes: number;
};

/** The box a patch of this frame covers: I420 boxes start and end on even pixels (or the frame edge). */
export function patchBox(box: PixelBox, planes: FramePlanes): PixelBox {
  if (planes.format !== 'I420') return box;
  const x = box.x & ~1;
  const y = box.y & ~1;
  const x1 = Math.min(planes.width, (box.x + box.width + 1) & ~1);
  const y1 = Math.min(planes.height, (box.y + box.height + 1) & ~1);
  return { x, y, width: x1 - x, height: y1 - y };
}

export function cutPatch(frame: Uint8Array, planes: FramePlanes, box: PixelBox): CutPatch {
  const b = patchBox(box, planes);
  const pixels = planes.format === 'I420' ? cutI420(frame, planes, b) : cutRgb(frame, planes, b);
  const packed = packByteRuns(pixels);
  const runs = packed.length < pixels.length;
  return {
    ...b,
    frameWidth: planes.width,
    frameHeight: planes.height,
    format: planes.format === 'RGBA' ? 'RGBX' : planes.format === 'BGRA' ? 'BGRX' : planes.format,
    packing: runs ? 'runs' : 'raw',
    data: runs ? packed : pixels,
    pixelBytes: pixels.length,
  };
}

function copyRows(frame: Uint8Array, out: Uint8Array, at: number, offset: number, stride: number, x: number, y: number, rowBytes: number, rows: number): number {
  for (let r = 0; r < rows; r++) {
    const start = offset + (y + r) * stride + x;
    out.set(frame.subarray(start, start + rowBytes), at);
    at += rowBytes;
  }
  return at;
}

function cutI420(frame: Uint8Array, planes: FramePlanes, b: PixelBox): Uint8Array {
  const cw = Math.ceil(b.width / 2);
  const ch = Math.ceil(b.height / 2);
  const out = new Uint8Array(b.width * b.height + 2 * cw * ch);
  const [yp, up, vp] = planes.layout as [FramePlanes['layout'][0], FramePlanes['layout'][0], FramePlanes['layout'][0]];
  let at = copyRows(frame, out, 0, yp.offset, yp.stride, b.x, b.y, b.width, b.height);
  at = copyRows(frame, out, at, up.offset, up.stride, b.x / 2, b.y / 2, cw, ch);
  copyRows(frame, out, at, vp.offset, vp.stride, b.x / 2, b.y / 2, cw, ch);
  return out;
}

function cutRgb(frame: Uint8Array, planes: FramePlanes, b: PixelBox): Uint8Array {
  const out = new Uint8Array(b.width * b.height * 4);
  const p = planes.layout[0] as FramePlanes['layout'][0];
  copyRows(frame, out, 0, p.offset, p.stride, b.x * 4, b.y, b.width * 4, b.height);
  return out;
}
