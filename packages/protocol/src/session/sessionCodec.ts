// The public encoder/decoder of end-to-end session messages. Decoding never throws: every failure is
// a Result carrying E_MALFORMED, E_OVERSIZED, E_UNKNOWN_TYPE or E_UNSUPPORTED_VERSION.
import { TetherError } from '../errors';
import { err, ok, type Result } from '../result';
import { SUPPORTED_VERSIONS } from '../version';
import type { SessionCodec, SessionLane } from './codec';
import { MAX_SESSION_MESSAGE_BYTES, SESSION_HEADER_BYTES } from './limits';
import { SESSION_CODECS, codecForTag, isSessionMessageType, type SessionMessage, type SessionMessageOf, type SessionMessageType } from './registry';
import type { FileChunkMessage } from './files';
import type { VideoChunkMessage } from './videoChunk';

export interface DecodeOptions {
  /** Refuse messages larger than this (default MAX_SESSION_MESSAGE_BYTES). */
  maxBytes?: number;
}

/** Encodes any session message. Throws TypeError/RangeError for a message that breaks the contract. */
export function encodeSessionMessage(msg: SessionMessage): Uint8Array {
  if (typeof msg !== 'object' || msg === null || !isSessionMessageType(msg.type)) throw new TypeError('not a session message type');
  if (!SUPPORTED_VERSIONS.includes(msg.v)) throw new RangeError(`unsupported session message version ${String(msg.v)}`);
  return (SESSION_CODECS[msg.type] as SessionCodec<SessionMessage>).encode(msg);
}

/** Decodes one session message; never throws. */
export function decodeSessionMessage(bytes: Uint8Array, opts: DecodeOptions = {}): Result<SessionMessage> {
  try {
    if (!(bytes instanceof Uint8Array)) return err('E_MALFORMED', 'a session message must be a Uint8Array');
    const limit = opts.maxBytes ?? MAX_SESSION_MESSAGE_BYTES;
    if (bytes.length > limit) return err('E_OVERSIZED', `message of ${bytes.length} bytes exceeds ${limit}`);
    if (bytes.length < SESSION_HEADER_BYTES) return err('E_MALFORMED', 'message is shorter than its header');
    const v = bytes[0] as number;
    if (!SUPPORTED_VERSIONS.includes(v)) return err('E_UNSUPPORTED_VERSION', `session message version ${v}`);
    const codec = codecForTag(bytes[1] as number);
    if (!codec) return err('E_UNKNOWN_TYPE', `session message tag 0x${(bytes[1] as number).toString(16).padStart(2, '0')}`);
    // Each codec enforces its own limits: fixed layouts refuse any other length (E_MALFORMED), variable
    // payloads refuse more than their maximum (E_OVERSIZED) before doing any work on them.
    return ok(codec.decode(bytes, v));
  } catch (e) {
    if (e instanceof TetherError) return { ok: false, error: e };
    return err('E_MALFORMED', 'unreadable session message');
  }
}

/** Decodes and insists on one type (E_UNKNOWN_TYPE if the frame holds another). */
export function decodeSessionMessageOf<T extends SessionMessageType>(type: T, bytes: Uint8Array, opts?: DecodeOptions): Result<SessionMessageOf<T>> {
  const result = decodeSessionMessage(bytes, opts);
  if (!result.ok) return result;
  if (result.value.type !== type) return err('E_UNKNOWN_TYPE', `expected ${type}, got ${result.value.type}`);
  return ok(result.value as SessionMessageOf<T>);
}

/** The relay lane a message type travels on (video chunks: 1, file chunks and file.done: 2, else 0). */
export function sessionLaneFor(type: SessionMessageType): SessionLane {
  return SESSION_CODECS[type].lane;
}

export function encodeVideoChunk(msg: VideoChunkMessage): Uint8Array {
  return encodeSessionMessage(msg);
}

/** Hot path: `data` of the result is a view into `bytes` (no copy). */
export function decodeVideoChunk(bytes: Uint8Array, opts?: DecodeOptions): Result<VideoChunkMessage> {
  return decodeSessionMessageOf('video.chunk', bytes, opts);
}

export function encodeFileChunk(msg: FileChunkMessage): Uint8Array {
  return encodeSessionMessage(msg);
}

/** `data` of the result is a view into `bytes` (no copy). */
export function decodeFileChunk(bytes: Uint8Array, opts?: DecodeOptions): Result<FileChunkMessage> {
  return decodeSessionMessageOf('file.chunk', bytes, opts);
}
