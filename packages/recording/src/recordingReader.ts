// Reads a recording, record by record, and recovers everything before a torn or damaged tail.
// A bad preamble or header is a typed failure; anything wrong after it ends the readable part and is
// reported in `tail` (a crash mid-write leaves exactly such a tail).
import type { LogEntry, JsonValue } from '@tether/crypto';
import { decodeSessionMessage, equalBytes, err, ok, utf8Decode, type Result } from '@tether/protocol';
import { crc32 } from './crc32';
import {
  FRAME_HEADER_BYTES, MAX_RECORD_PAYLOAD, RECORDING_MAGIC, RECORDING_PREAMBLE_BYTES, RECORDING_VERSION, RecordKind,
  validateRecordingHeader, type RecordingHeader, type RecordingRecord,
} from './recordingFormat';

export type RecordingTail =
  | { intact: true }
  | { intact: false; offset: number; lostBytes: number; reason: 'truncated' | 'checksum' | 'oversized' | 'undecodable'; detail: string };

export interface RecordingContents {
  header: RecordingHeader;
  records: RecordingRecord[];
  /** byte length of the readable part (a recovered file can be cut to this length and appended to) */
  validBytes: number;
  tail: RecordingTail;
}

interface FrameScan {
  payload?: Uint8Array;
  problem?: { reason: 'truncated' | 'checksum' | 'oversized'; detail: string };
}

function scanFrame(bytes: Uint8Array, offset: number): FrameScan {
  if (bytes.length - offset < FRAME_HEADER_BYTES) return { problem: { reason: 'truncated', detail: 'frame header cut short' } };
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, FRAME_HEADER_BYTES);
  const length = view.getUint32(0);
  if (length === 0 || length > MAX_RECORD_PAYLOAD) return { problem: { reason: 'oversized', detail: `frame length ${length} is not plausible` } };
  const start = offset + FRAME_HEADER_BYTES;
  if (bytes.length - start < length) return { problem: { reason: 'truncated', detail: `frame of ${length} bytes cut short` } };
  const payload = bytes.subarray(start, start + length);
  if (crc32(payload) !== view.getUint32(4)) return { problem: { reason: 'checksum', detail: 'frame checksum does not match' } };
  return { payload };
}

function parseJson(bytes: Uint8Array): unknown {
  return JSON.parse(utf8Decode(bytes)) as unknown;
}

function timeOf(payload: Uint8Array): number {
  const t = new DataView(payload.buffer, payload.byteOffset + 1, 8).getBigUint64(0);
  if (t > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error('record time out of range');
  return Number(t);
}

function decodeRecord(payload: Uint8Array): RecordingRecord {
  if (payload.length < 9) throw new Error('record too short');
  const atMs = timeOf(payload);
  const body = payload.subarray(9);
  switch (payload[0]) {
    case RecordKind.message: {
      const direction = body[0] === 0 ? 'agent' : body[0] === 1 ? 'technician' : undefined;
      if (!direction) throw new Error('unknown message direction');
      const message = decodeSessionMessage(body.slice(1));
      if (!message.ok) throw new Error(message.error.detail ?? message.error.message);
      return { kind: 'message', atMs, direction, message: message.value };
    }
    case RecordKind.log: {
      const entry = parseJson(body);
      if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw new Error('log record is not an object');
      return { kind: 'log', atMs, entry: entry as LogEntry };
    }
    case RecordKind.event: {
      const event = parseJson(body) as { name?: unknown; data?: unknown };
      if (typeof event !== 'object' || event === null || typeof event.name !== 'string') throw new Error('event record has no name');
      return { kind: 'event', atMs, name: event.name, data: (event.data ?? null) as JsonValue };
    }
    default:
      throw new Error(`unknown record kind ${String(payload[0])}`);
  }
}

function readHeader(bytes: Uint8Array): Result<{ header: RecordingHeader; offset: number }> {
  if (bytes.length < RECORDING_PREAMBLE_BYTES || !equalBytes(bytes.subarray(0, RECORDING_MAGIC.length), RECORDING_MAGIC)) {
    return err('E_MALFORMED', 'not a Tether recording (bad magic)');
  }
  const version = bytes[RECORDING_MAGIC.length];
  if (version !== RECORDING_VERSION) return err('E_UNSUPPORTED_VERSION', `recording version ${String(version)} is not supported`);
  const scan = scanFrame(bytes, RECORDING_PREAMBLE_BYTES);
  if (!scan.payload) return err('E_MALFORMED', `recording header unreadable: ${scan.problem?.detail ?? 'unknown'}`);
  if (scan.payload[0] !== RecordKind.header) return err('E_MALFORMED', 'the first record is not the header');
  let header: unknown;
  try {
    header = parseJson(scan.payload.subarray(1));
  } catch {
    return err('E_MALFORMED', 'recording header is not JSON');
  }
  const problem = validateRecordingHeader(header);
  if (problem) return err('E_MALFORMED', `recording header: ${problem}`);
  return ok({ header: header as RecordingHeader, offset: RECORDING_PREAMBLE_BYTES + FRAME_HEADER_BYTES + scan.payload.length });
}

/** Iterates the records; `onTail` hears how the readable part ended. */
export function* iterateRecords(bytes: Uint8Array, start: number, onTail: (tail: RecordingTail, validBytes: number) => void): Generator<RecordingRecord> {
  let offset = start;
  while (offset < bytes.length) {
    const scan = scanFrame(bytes, offset);
    if (!scan.payload) {
      const problem = scan.problem as NonNullable<FrameScan['problem']>;
      onTail({ intact: false, offset, lostBytes: bytes.length - offset, ...problem }, offset);
      return;
    }
    let record: RecordingRecord;
    try {
      record = decodeRecord(scan.payload);
    } catch (error) {
      onTail({ intact: false, offset, lostBytes: bytes.length - offset, reason: 'undecodable', detail: (error as Error).message }, offset);
      return;
    }
    yield record;
    offset += FRAME_HEADER_BYTES + scan.payload.length;
  }
  onTail({ intact: true }, offset);
}

export function readRecording(bytes: Uint8Array): Result<RecordingContents> {
  if (!(bytes instanceof Uint8Array)) return err('E_BAD_ARGUMENT', 'recording must be bytes');
  const start = readHeader(bytes);
  if (!start.ok) return start;
  let tail: RecordingTail = { intact: true };
  let validBytes = start.value.offset;
  const records = [...iterateRecords(bytes, start.value.offset, (t, valid) => { tail = t; validBytes = valid; })];
  return ok({ header: start.value.header, records, validBytes, tail });
}
