// Binary layout of one encoded chunk travelling from the capture page to the Node core over the
// loopback WebSocket. Big-endian, see docs/capture.md:
//   u8 wireVersion(1) u8 kind(1=chunk) u8 flags(bit0 keyframe, bit1 config) u8 codecId
//   u32 seq  u64 timestampUs  u16 width  u16 height
//   [flags.config: varint-string codecString, varint-bytes description (length 0 = none)]
//   chunk bytes (the rest of the frame)
// A patch (the exact pixels of a small change, sent besides the video):
//   u8 wireVersion(1) u8 kind(2=patch) then the video.patch session message (surfaceId 0)
import {
  ByteReader, ByteWriter, PROTOCOL_VERSION, TetherError, decodeSessionMessageOf, encodeSessionMessage, err, ok, utf8Decode, utf8Encode,
  type Result, type VideoPatchMessage,
} from '@tether/protocol';
import { VIDEO_CODEC_NAMES, type VideoCodecName } from './captureTypes';

export const CAPTURE_WIRE_VERSION = 1;
const KIND_CHUNK = 1;
const KIND_PATCH = 2;
const FLAG_KEYFRAME = 0x01;
const FLAG_CONFIG = 0x02;
const MAX_CODEC_STRING = 64;
const MAX_DESCRIPTION = 64 * 1024;
/** A chunk larger than this is refused (a 4K keyframe at high quality stays well below). */
export const MAX_CHUNK_BYTES = 16 * 1024 * 1024;

export interface ChunkFrame {
  seq: number;
  timestampUs: number;
  keyframe: boolean;
  codec: VideoCodecName;
  width: number;
  height: number;
  /** Present when the decoder configuration changed with this chunk. */
  config?: { codecString: string; description?: Uint8Array };
  data: Uint8Array;
}

function codecId(codec: VideoCodecName): number {
  const index = VIDEO_CODEC_NAMES.indexOf(codec);
  if (index < 0) throw new RangeError(`unknown codec ${String(codec)}`);
  return index + 1;
}

export function encodeChunkFrame(frame: ChunkFrame): Uint8Array {
  if (frame.data.length > MAX_CHUNK_BYTES) throw new RangeError(`chunk of ${frame.data.length} bytes exceeds ${MAX_CHUNK_BYTES}`);
  const w = new ByteWriter(32 + frame.data.length + (frame.config?.description?.length ?? 0));
  const flags = (frame.keyframe ? FLAG_KEYFRAME : 0) | (frame.config ? FLAG_CONFIG : 0);
  w.u8(CAPTURE_WIRE_VERSION).u8(KIND_CHUNK).u8(flags).u8(codecId(frame.codec));
  w.u32(frame.seq).u64(frame.timestampUs).u16(frame.width).u16(frame.height);
  if (frame.config) {
    w.string(frame.config.codecString, utf8Encode);
    w.bytes(frame.config.description ?? new Uint8Array(0));
  }
  w.raw(frame.data);
  return w.finish();
}

export function decodeChunkFrame(bytes: Uint8Array): Result<ChunkFrame> {
  try {
    if (bytes.length > MAX_CHUNK_BYTES + 1024) return err('E_OVERSIZED', `capture frame of ${bytes.length} bytes`);
    const r = new ByteReader(bytes);
    const version = r.u8();
    if (version !== CAPTURE_WIRE_VERSION) return err('E_UNSUPPORTED_VERSION', `capture wire version ${version}`);
    const kind = r.u8();
    if (kind !== KIND_CHUNK) return err('E_UNKNOWN_TYPE', `capture frame kind ${kind}`);
    const flags = r.u8();
    if ((flags & ~(FLAG_KEYFRAME | FLAG_CONFIG)) !== 0) return err('E_MALFORMED', `unknown chunk flags 0x${flags.toString(16)}`);
    const codec = VIDEO_CODEC_NAMES[r.u8() - 1];
    if (!codec) return err('E_MALFORMED', 'unknown codec id');
    const seq = r.u32();
    const timestampUs = r.u64Number();
    const width = r.u16();
    const height = r.u16();
    if (width === 0 || height === 0) return err('E_MALFORMED', 'zero frame size');
    let config: ChunkFrame['config'];
    if (flags & FLAG_CONFIG) {
      const codecString = r.string(MAX_CODEC_STRING, utf8Decode);
      if (codecString.length === 0) return err('E_MALFORMED', 'empty codec string');
      const description = r.bytes(MAX_DESCRIPTION);
      config = description.length > 0 ? { codecString, description: description.slice() } : { codecString };
    }
    const data = r.rest();
    if (data.length === 0) return err('E_MALFORMED', 'empty chunk');
    const frame: ChunkFrame = { seq, timestampUs, keyframe: (flags & FLAG_KEYFRAME) !== 0, codec, width, height, data };
    if (config) frame.config = config;
    return ok(frame);
  } catch (e) {
    if (e instanceof TetherError) return { ok: false, error: e };
    return err('E_MALFORMED', e instanceof Error ? e.message : String(e));
  }
}

/** A patch as the page sends it: the video.patch fields the page knows (the agent names the surface). */
export type CapturePatch = Omit<VideoPatchMessage, 'v' | 'type' | 'surfaceId'>;

export function encodePatchFrame(patch: CapturePatch): Uint8Array {
  const message = encodeSessionMessage({ v: PROTOCOL_VERSION, type: 'video.patch', surfaceId: 0, ...patch });
  const out = new Uint8Array(2 + message.length);
  out[0] = CAPTURE_WIRE_VERSION;
  out[1] = KIND_PATCH;
  out.set(message, 2);
  return out;
}

/** Which kind a frame from the page is: 'chunk', 'patch', or null (let the decoder say what is wrong). */
export function captureFrameKind(bytes: Uint8Array): 'chunk' | 'patch' | null {
  if (bytes.length < 2 || bytes[0] !== CAPTURE_WIRE_VERSION) return null;
  return bytes[1] === KIND_PATCH ? 'patch' : bytes[1] === KIND_CHUNK ? 'chunk' : null;
}

export function decodePatchFrame(bytes: Uint8Array): Result<CapturePatch> {
  if (captureFrameKind(bytes) !== 'patch') return err('E_MALFORMED', 'not a capture patch frame');
  const decoded = decodeSessionMessageOf('video.patch', bytes.subarray(2));
  if (!decoded.ok) return decoded;
  const { v: _v, type: _type, surfaceId: _surface, ...patch } = decoded.value;
  return ok(patch);
}
