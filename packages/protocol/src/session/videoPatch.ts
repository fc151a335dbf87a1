// video.patch: the exact pixels of one small screen change, sent next to the video stream so the
// technician sees it without waiting for the encoder and the decoder. The video frame of the same
// capture follows and paints over it; a patch is a preview, never the only copy of a change.
// [v u8][0x67][timestampUs u64][surfaceId u16][x u16][y u16][width u16][height u16]
// [frameWidth u16][frameHeight u16][format u8][packing u8][matrix u8][primaries u8][transfer u8]
// [flags u8: bit0 full range][data...]
// Pixel layout of the unpacked data: I420 = Y (w*h), U, V (ceil(w/2)*ceil(h/2) each); RGBX/BGRX = w*h*4.
import { TetherError } from '../errors';
import { allocMessage, checkInt, payloadAfter, type SessionCodec } from './codec';
import { MAX_VIDEO_PATCH_BYTES, MAX_VIDEO_PATCH_PIXELS } from './limits';
import { byteRunsLength, unpackByteRuns } from './byteRuns';

export const VIDEO_PATCH_FORMATS = ['I420', 'RGBX', 'BGRX'] as const;
export type VideoPatchFormat = (typeof VIDEO_PATCH_FORMATS)[number];
export const VIDEO_PATCH_PACKINGS = ['raw', 'runs'] as const;
export type VideoPatchPacking = (typeof VIDEO_PATCH_PACKINGS)[number];
/** Index 0 means "not given"; the names are WebCodecs VideoColorSpace values. */
export const PATCH_MATRICES = [null, 'rgb', 'bt709', 'bt470bg', 'smpte170m', 'bt2020-ncl'] as const;
export const PATCH_PRIMARIES = [null, 'bt709', 'bt470bg', 'smpte170m', 'bt2020', 'smpte432'] as const;
export const PATCH_TRANSFERS = [null, 'bt709', 'smpte170m', 'iec61966-2-1', 'linear', 'pq', 'hlg'] as const;
export const VIDEO_PATCH_HEADER_BYTES = 30;

export interface VideoPatchColour {
  matrix: (typeof PATCH_MATRICES)[number];
  primaries: (typeof PATCH_PRIMARIES)[number];
  transfer: (typeof PATCH_TRANSFERS)[number];
  fullRange: boolean;
}

export interface VideoPatchMessage {
  v: number;
  type: 'video.patch';
  /** Capture timestamp (µs) of the frame the pixels come from: the same clock as video.chunk. */
  timestampUs: number;
  surfaceId: number;
  /** Position and size in the video's pixel space (I420 patches start and end on even pixels). */
  x: number;
  y: number;
  width: number;
  height: number;
  /** The size of the picture the patch belongs to (a viewer showing another size drops it). */
  frameWidth: number;
  frameHeight: number;
  format: VideoPatchFormat;
  packing: VideoPatchPacking;
  colour: VideoPatchColour;
  data: Uint8Array;
}

/** Bytes of the unpacked pixels of a patch. */
export function videoPatchPixelBytes(format: VideoPatchFormat, width: number, height: number): number {
  if (format === 'I420') return width * height + 2 * Math.ceil(width / 2) * Math.ceil(height / 2);
  return width * height * 4;
}

/** The patch's pixels, unpacked and checked against its size (E_MALFORMED otherwise). */
export function videoPatchPixels(patch: VideoPatchMessage): Uint8Array {
  const expected = videoPatchPixelBytes(patch.format, patch.width, patch.height);
  if (patch.packing === 'runs') return unpackByteRuns(patch.data, expected);
  if (patch.data.length !== expected) throw new TetherError('E_MALFORMED', `video.patch holds ${patch.data.length} bytes, its size needs ${expected}`);
  return patch.data;
}

function indexIn<T>(table: readonly T[], value: T, what: string): number {
  const index = table.indexOf(value);
  if (index < 0) throw new TypeError(`video.patch ${what} must be one of ${table.map(String).join(', ')}`);
  return index;
}

function at<T>(table: readonly T[], index: number, what: string): T {
  if (index >= table.length) throw new TetherError('E_MALFORMED', `video.patch has an unknown ${what} ${index}`);
  return table[index] as T;
}

function checkGeometry(x: number, y: number, width: number, height: number, frameWidth: number, frameHeight: number, format: VideoPatchFormat): string | null {
  if (width === 0 || height === 0 || frameWidth === 0 || frameHeight === 0) return 'an empty size';
  if (x + width > frameWidth || y + height > frameHeight) return 'a rectangle outside its picture';
  if (width * height > MAX_VIDEO_PATCH_PIXELS) return `more than ${MAX_VIDEO_PATCH_PIXELS} pixels`;
  if (format === 'I420' && (x % 2 !== 0 || y % 2 !== 0)) return 'an I420 rectangle that starts on an odd pixel';
  return null;
}

export const videoPatchCodec: SessionCodec<VideoPatchMessage> = {
  type: 'video.patch',
  tag: 0x67,
  lane: 1,
  maxBytes: VIDEO_PATCH_HEADER_BYTES + MAX_VIDEO_PATCH_BYTES,
  encode(msg) {
    if (!(msg.data instanceof Uint8Array)) throw new TypeError('video.patch data must be a Uint8Array');
    if (msg.data.length > MAX_VIDEO_PATCH_BYTES) throw new RangeError(`video.patch data exceeds ${MAX_VIDEO_PATCH_BYTES} bytes`);
    const format = indexIn(VIDEO_PATCH_FORMATS, msg.format, 'format');
    const packing = indexIn(VIDEO_PATCH_PACKINGS, msg.packing, 'packing');
    if (typeof msg.colour !== 'object' || msg.colour === null || typeof msg.colour.fullRange !== 'boolean') throw new TypeError('video.patch colour must give matrix, primaries, transfer and fullRange');
    const x = checkInt(msg.x, 0, 0xffff, 'video.patch x');
    const y = checkInt(msg.y, 0, 0xffff, 'video.patch y');
    const width = checkInt(msg.width, 1, 0xffff, 'video.patch width');
    const height = checkInt(msg.height, 1, 0xffff, 'video.patch height');
    const frameWidth = checkInt(msg.frameWidth, 1, 0xffff, 'video.patch frameWidth');
    const frameHeight = checkInt(msg.frameHeight, 1, 0xffff, 'video.patch frameHeight');
    const bad = checkGeometry(x, y, width, height, frameWidth, frameHeight, msg.format);
    if (bad) throw new RangeError(`video.patch has ${bad}`);
    const out = allocMessage(msg.v, 0x67, VIDEO_PATCH_HEADER_BYTES - 2 + msg.data.length);
    const view = new DataView(out.buffer);
    view.setBigUint64(2, BigInt(checkInt(msg.timestampUs, 0, Number.MAX_SAFE_INTEGER, 'video.patch timestampUs')));
    view.setUint16(10, checkInt(msg.surfaceId, 0, 0xffff, 'video.patch surfaceId'));
    view.setUint16(12, x);
    view.setUint16(14, y);
    view.setUint16(16, width);
    view.setUint16(18, height);
    view.setUint16(20, frameWidth);
    view.setUint16(22, frameHeight);
    out[24] = format;
    out[25] = packing;
    out[26] = indexIn(PATCH_MATRICES, msg.colour.matrix, 'matrix');
    out[27] = indexIn(PATCH_PRIMARIES, msg.colour.primaries, 'primaries');
    out[28] = indexIn(PATCH_TRANSFERS, msg.colour.transfer, 'transfer');
    out[29] = msg.colour.fullRange ? 1 : 0;
    out.set(msg.data, VIDEO_PATCH_HEADER_BYTES);
    return out;
  },
  decode(bytes, v) {
    const data = payloadAfter(bytes, VIDEO_PATCH_HEADER_BYTES, MAX_VIDEO_PATCH_BYTES, 'video.patch');
    if (data.length === 0) throw new TetherError('E_MALFORMED', 'video.patch has no pixels');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const timestamp = view.getBigUint64(2);
    if (timestamp > BigInt(Number.MAX_SAFE_INTEGER)) throw new TetherError('E_MALFORMED', 'video.patch timestamp out of range');
    const format = at(VIDEO_PATCH_FORMATS, bytes[24] as number, 'format');
    const packing = at(VIDEO_PATCH_PACKINGS, bytes[25] as number, 'packing');
    const x = view.getUint16(12);
    const y = view.getUint16(14);
    const width = view.getUint16(16);
    const height = view.getUint16(18);
    const frameWidth = view.getUint16(20);
    const frameHeight = view.getUint16(22);
    const bad = checkGeometry(x, y, width, height, frameWidth, frameHeight, format);
    if (bad) throw new TetherError('E_MALFORMED', `video.patch has ${bad}`);
    const flags = bytes[29] as number;
    if (flags > 1) throw new TetherError('E_MALFORMED', 'video.patch has unknown flag bits');
    const expected = videoPatchPixelBytes(format, width, height);
    const holds = packing === 'raw' ? data.length : byteRunsLength(data);
    if (holds !== expected) throw new TetherError('E_MALFORMED', `video.patch holds ${holds} pixel bytes, its size needs ${expected}`);
    return {
      v, type: 'video.patch', timestampUs: Number(timestamp), surfaceId: view.getUint16(10), x, y, width, height, frameWidth, frameHeight, format, packing,
      colour: {
        matrix: at(PATCH_MATRICES, bytes[26] as number, 'matrix'),
        primaries: at(PATCH_PRIMARIES, bytes[27] as number, 'primaries'),
        transfer: at(PATCH_TRANSFERS, bytes[28] as number, 'transfer'),
        fullRange: flags === 1,
      },
      data,
    };
  },
};
