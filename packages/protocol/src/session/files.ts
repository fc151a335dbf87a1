// File transfer. Control messages are JSON; file.chunk is a binary layout on the bulk lane:
// [v][0x52][fileId length u8][fileId ASCII][offset u64][data...]. Decoded data is a view into the frame.
import { TetherError, type TetherErrorCode } from '../errors';
import { allocMessage, jsonCodec, oversized, type SessionCodec } from './codec';
import { ERROR_CODE_FIELD } from './handshake';
import { MAX_FILE_CHUNK_BYTES, MAX_FILE_NAME_CHARS, MAX_FILE_SIZE_BYTES, MAX_REASON_CHARS, SESSION_HEADER_BYTES } from './limits';
import { ID_PATTERN, SHA256_HEX, idField, textField } from './schema';

export type FileDirection = 'toCustomer' | 'toTechnician';
export const FILE_DIRECTIONS: readonly FileDirection[] = ['toCustomer', 'toTechnician'];
/** A bare file name: no path separators, no characters Windows refuses, no control characters, not . or .. */
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
export const FILE_NAME_PATTERN = /^(?!\.{1,2}$)[^/\\<>:"|?*\x00-\x1f\x7f]+$/;
const MAX_FILE_ID_CHARS = 64;

export interface FileOfferMessage {
  v: number;
  type: 'file.offer';
  fileId: string;
  name: string;
  size: number;
  /** Lower-case hex SHA-256 of the whole file. */
  sha256: string;
  direction: FileDirection;
}

export interface FileAnswerMessage {
  v: number;
  type: 'file.answer';
  fileId: string;
  accepted: boolean;
  reason?: string;
}

export interface FileChunkMessage {
  v: number;
  type: 'file.chunk';
  fileId: string;
  offset: number;
  data: Uint8Array;
}

export interface FileResumeMessage {
  v: number;
  type: 'file.resume';
  fileId: string;
  offset: number;
}

export interface FileDoneMessage {
  v: number;
  type: 'file.done';
  fileId: string;
  sha256: string;
}

export interface FileErrorMessage {
  v: number;
  type: 'file.error';
  fileId: string;
  code: TetherErrorCode;
  message: string;
}

export type FileMessage = FileOfferMessage | FileAnswerMessage | FileChunkMessage | FileResumeMessage | FileDoneMessage | FileErrorMessage;

const offsetField = { kind: 'int', min: 0, max: MAX_FILE_SIZE_BYTES } as const;
const shaField = { kind: 'string', min: 64, max: 64, pattern: SHA256_HEX } as const;

const fileChunk: SessionCodec<FileChunkMessage> = {
  type: 'file.chunk',
  tag: 0x52,
  lane: 2,
  maxBytes: SESSION_HEADER_BYTES + 1 + MAX_FILE_ID_CHARS + 8 + MAX_FILE_CHUNK_BYTES,
  encode(msg) {
    const { fileId, offset, data } = msg;
    if (typeof fileId !== 'string' || fileId.length < 1 || fileId.length > MAX_FILE_ID_CHARS || !ID_PATTERN.test(fileId)) {
      throw new TypeError('file.chunk fileId must be 1..64 characters [A-Za-z0-9_-]');
    }
    if (!Number.isInteger(offset) || offset < 0 || offset > MAX_FILE_SIZE_BYTES) throw new RangeError('file.chunk offset out of range');
    if (!(data instanceof Uint8Array)) throw new TypeError('file.chunk data must be a Uint8Array');
    if (data.length > MAX_FILE_CHUNK_BYTES) throw new RangeError(`file.chunk data exceeds ${MAX_FILE_CHUNK_BYTES} bytes`);
    const out = allocMessage(msg.v, 0x52, 1 + fileId.length + 8 + data.length);
    out[2] = fileId.length;
    for (let i = 0; i < fileId.length; i++) out[3 + i] = fileId.charCodeAt(i);
    const at = 3 + fileId.length;
    new DataView(out.buffer).setBigUint64(at, BigInt(offset));
    out.set(data, at + 8);
    return out;
  },
  decode(bytes, v) {
    if (bytes.length < 3) throw new TetherError('E_MALFORMED', 'file.chunk is truncated');
    const idLength = bytes[2] as number;
    if (idLength < 1 || idLength > MAX_FILE_ID_CHARS) throw new TetherError('E_MALFORMED', 'file.chunk fileId length out of range');
    const at = 3 + idLength;
    if (bytes.length < at + 8) throw new TetherError('E_MALFORMED', 'file.chunk is truncated');
    const fileId = String.fromCharCode(...bytes.subarray(3, at));
    if (!ID_PATTERN.test(fileId)) throw new TetherError('E_MALFORMED', 'file.chunk fileId has an invalid format');
    const offset = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getBigUint64(at);
    if (offset > BigInt(MAX_FILE_SIZE_BYTES)) throw new TetherError('E_MALFORMED', 'file.chunk offset out of range');
    const data = bytes.subarray(at + 8);
    if (data.length > MAX_FILE_CHUNK_BYTES) throw oversized('file.chunk data', data.length, MAX_FILE_CHUNK_BYTES);
    return { v, type: 'file.chunk', fileId, offset: Number(offset), data };
  },
};

export const fileCodecs = {
  'file.offer': jsonCodec<FileOfferMessage>('file.offer', 0x50, {
    fileId: idField(),
    name: { kind: 'string', min: 1, max: MAX_FILE_NAME_CHARS, pattern: FILE_NAME_PATTERN },
    size: offsetField,
    sha256: shaField,
    direction: { kind: 'enum', values: FILE_DIRECTIONS },
  }),
  'file.answer': jsonCodec<FileAnswerMessage>('file.answer', 0x51, {
    fileId: idField(),
    accepted: { kind: 'bool' },
    reason: textField(MAX_REASON_CHARS, true),
  }),
  'file.chunk': fileChunk,
  'file.resume': jsonCodec<FileResumeMessage>('file.resume', 0x53, { fileId: idField(), offset: offsetField }),
  // Same lane as the chunks, so it cannot overtake them.
  'file.done': jsonCodec<FileDoneMessage>('file.done', 0x54, { fileId: idField(), sha256: shaField }, { lane: 2 }),
  'file.error': jsonCodec<FileErrorMessage>('file.error', 0x55, {
    fileId: idField(),
    code: ERROR_CODE_FIELD,
    message: textField(MAX_REASON_CHARS),
  }),
};
