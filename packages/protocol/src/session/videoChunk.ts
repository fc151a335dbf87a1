// The binary video chunk (one encoded frame), the hottest message: a fixed 22-byte header then the payload.
// [v u8][0x66][seq u32][timestampUs u64][flags u8: bit0 keyframe][codec u8][surfaceId u16][width u16][height u16][data...]
// Encoding allocates once; decoding returns `data` as a view into the frame (no copy).
import { TetherError } from '../errors';
import { allocMessage, checkInt, payloadAfter, type SessionCodec } from './codec';
import { MAX_VIDEO_CHUNK_BYTES } from './limits';

export type VideoCodec = 'avc1' | 'vp8' | 'vp9' | 'av1';
/** Index = the codec byte on the wire. */
export const VIDEO_CODECS: readonly VideoCodec[] = ['avc1', 'vp8', 'vp9', 'av1'];
export const VIDEO_CHUNK_HEADER_BYTES = 22;
const MAX_TIMESTAMP_US = Number.MAX_SAFE_INTEGER;

export interface VideoChunkMessage {
  v: number;
  type: 'video.chunk';
  /** Per-stream frame counter (u32, wraps). */
  seq: number;
  /** Capture timestamp in microseconds (u64, safe integer). */
  timestampUs: number;
  keyframe: boolean;
  codec: VideoCodec;
  surfaceId: number;
  width: number;
  height: number;
  data: Uint8Array;
}

export const videoChunkCodec: SessionCodec<VideoChunkMessage> = {
  type: 'video.chunk',
  tag: 0x66,
  lane: 1,
  maxBytes: VIDEO_CHUNK_HEADER_BYTES + MAX_VIDEO_CHUNK_BYTES,
  encode(msg) {
    const codec = VIDEO_CODECS.indexOf(msg.codec);
    if (codec < 0) throw new TypeError(`video.chunk codec must be one of ${VIDEO_CODECS.join(', ')}`);
    if (typeof msg.keyframe !== 'boolean') throw new TypeError('video.chunk keyframe must be a boolean');
    if (!(msg.data instanceof Uint8Array)) throw new TypeError('video.chunk data must be a Uint8Array');
    if (msg.data.length > MAX_VIDEO_CHUNK_BYTES) throw new RangeError(`video.chunk data exceeds ${MAX_VIDEO_CHUNK_BYTES} bytes`);
    const out = allocMessage(msg.v, 0x66, VIDEO_CHUNK_HEADER_BYTES - 2 + msg.data.length);
    const view = new DataView(out.buffer);
    view.setUint32(2, checkInt(msg.seq, 0, 0xffffffff, 'video.chunk seq'));
    view.setBigUint64(6, BigInt(checkInt(msg.timestampUs, 0, MAX_TIMESTAMP_US, 'video.chunk timestampUs')));
    out[14] = msg.keyframe ? 1 : 0;
    out[15] = codec;
    view.setUint16(16, checkInt(msg.surfaceId, 0, 0xffff, 'video.chunk surfaceId'));
    view.setUint16(18, checkInt(msg.width, 1, 0xffff, 'video.chunk width'));
    view.setUint16(20, checkInt(msg.height, 1, 0xffff, 'video.chunk height'));
    out.set(msg.data, VIDEO_CHUNK_HEADER_BYTES);
    return out;
  },
  decode(bytes, v) {
    const data = payloadAfter(bytes, VIDEO_CHUNK_HEADER_BYTES, MAX_VIDEO_CHUNK_BYTES, 'video.chunk');
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const timestamp = view.getBigUint64(6);
    if (timestamp > BigInt(MAX_TIMESTAMP_US)) throw new TetherError('E_MALFORMED', 'video.chunk timestamp out of range');
    const flags = bytes[14] as number;
    if (flags > 1) throw new TetherError('E_MALFORMED', 'video.chunk has unknown flag bits');
    const codec = VIDEO_CODECS[bytes[15] as number];
    if (!codec) throw new TetherError('E_MALFORMED', `unknown video codec ${bytes[15]}`);
    const width = view.getUint16(18);
    const height = view.getUint16(20);
    if (width === 0 || height === 0) throw new TetherError('E_MALFORMED', 'video.chunk has an empty frame size');
    return {
      v, type: 'video.chunk', seq: view.getUint32(2), timestampUs: Number(timestamp), keyframe: flags === 1, codec,
      surfaceId: view.getUint16(16), width, height, data,
    };
  },
};
