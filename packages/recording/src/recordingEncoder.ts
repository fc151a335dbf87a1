// Turns recording records into framed bytes (see recordingFormat.ts). Pure: the caller decides where the
// bytes go and when they are flushed (the Node writer appends them to a file).
import type { LogEntry, JsonValue } from '@tether/crypto';
import { encodeSessionMessage, utf8Encode, type SessionMessage } from '@tether/protocol';
import { crc32 } from './crc32';
import {
  FRAME_HEADER_BYTES, MAX_RECORD_PAYLOAD, RECORDING_MAGIC, RECORDING_VERSION, RecordKind, validateRecordingHeader,
  type Direction, type RecordingHeader,
} from './recordingFormat';

function frame(kind: number, atMs: number | undefined, body: Uint8Array): Uint8Array {
  const timeBytes = atMs === undefined ? 0 : 8;
  const payloadLength = 1 + timeBytes + body.length;
  if (payloadLength > MAX_RECORD_PAYLOAD) throw new RangeError(`recording record exceeds ${MAX_RECORD_PAYLOAD} bytes`);
  const out = new Uint8Array(FRAME_HEADER_BYTES + payloadLength);
  const view = new DataView(out.buffer);
  view.setUint32(0, payloadLength);
  out[FRAME_HEADER_BYTES] = kind;
  if (atMs !== undefined) {
    if (!Number.isSafeInteger(atMs) || atMs < 0) throw new RangeError('record time must be a non-negative integer (epoch ms)');
    view.setBigUint64(FRAME_HEADER_BYTES + 1, BigInt(atMs));
  }
  out.set(body, FRAME_HEADER_BYTES + 1 + timeBytes);
  view.setUint32(4, crc32(out.subarray(FRAME_HEADER_BYTES)));
  return out;
}

/** The file preamble plus the header frame: the first bytes of every recording. */
export function encodeRecordingStart(header: RecordingHeader): Uint8Array {
  const problem = validateRecordingHeader(header);
  if (problem) throw new TypeError(`recording header: ${problem}`);
  const headerFrame = frame(RecordKind.header, undefined, utf8Encode(JSON.stringify(header)));
  const out = new Uint8Array(RECORDING_MAGIC.length + 1 + headerFrame.length);
  out.set(RECORDING_MAGIC, 0);
  out[RECORDING_MAGIC.length] = RECORDING_VERSION;
  out.set(headerFrame, RECORDING_MAGIC.length + 1);
  return out;
}

/**
 * A session message as sent or received. file.chunk payloads are not kept (the file itself is not part of
 * the recording); they become a "file.chunk" event with the id, offset and length.
 */
export function encodeMessageRecord(direction: Direction, message: SessionMessage, atMs: number): Uint8Array {
  if (message.type === 'file.chunk') {
    return encodeEventRecord('file.chunk', { direction, fileId: message.fileId, offset: message.offset, bytes: message.data.length }, atMs);
  }
  const encoded = encodeSessionMessage(message);
  const body = new Uint8Array(1 + encoded.length);
  body[0] = direction === 'agent' ? 0 : 1;
  body.set(encoded, 1);
  return frame(RecordKind.message, atMs, body);
}

export function encodeLogRecord(entry: LogEntry, atMs: number): Uint8Array {
  return frame(RecordKind.log, atMs, utf8Encode(JSON.stringify(entry)));
}

export function encodeEventRecord(name: string, data: JsonValue, atMs: number): Uint8Array {
  if (typeof name !== 'string' || name.length === 0 || name.length > 64) throw new TypeError('event name must be 1..64 characters');
  return frame(RecordKind.event, atMs, utf8Encode(JSON.stringify({ name, data })));
}
