// The Tether recording file: append-only, one length-prefixed, CRC-checked frame per record, so a crash
// mid-write loses only the torn tail and a reader recovers every record before it.
//   file    = "TTREC\0" | u8 version (1) | frame*
//   frame   = u32 payload length | u32 CRC-32(payload) | payload          (big-endian)
//   payload = u8 kind | body
//     kind 0 header  : UTF-8 JSON RecordingHeader (always the first frame)
//     kind 1 message : u64 atMs | u8 direction (0 from agent, 1 from technician) | encodeSessionMessage bytes
//                      (video.chunk records keep the encoded chunk exactly as received: no re-encode)
//     kind 2 log     : u64 atMs | UTF-8 JSON LogEntry (as the technician's SessionLogWriter produced it)
//     kind 3 event   : u64 atMs | UTF-8 JSON { name, data } (local events, e.g. file.chunk progress)
import type { LogEntry } from '@tether/crypto';
import type { JsonValue } from '@tether/crypto';
import type { SessionMessage } from '@tether/protocol';
import { utf8Encode } from '@tether/protocol';

export const RECORDING_MAGIC = utf8Encode('TTREC\0');
export const RECORDING_VERSION = 1;
export const RECORDING_PREAMBLE_BYTES = RECORDING_MAGIC.length + 1;
export const FRAME_HEADER_BYTES = 8;
/** Largest payload a reader accepts; a length beyond it means the frame header itself is garbage. */
export const MAX_RECORD_PAYLOAD = 8 * 1024 * 1024;

export const RecordKind = { header: 0, message: 1, log: 2, event: 3 } as const;

export interface RecordingHeader {
  v: 1;
  sessionId: string;
  org: string;
  technicianSerial: string;
  /** WebCodecs codec string of the first stream.config (may be empty until the stream starts) */
  codecString: string;
  /** epoch ms */
  startedAt: number;
  /** opaque id the customer can be given to request their record */
  customerRef?: string;
}

export type Direction = 'agent' | 'technician';

export type RecordingRecord =
  | { kind: 'message'; atMs: number; direction: Direction; message: SessionMessage }
  | { kind: 'log'; atMs: number; entry: LogEntry }
  | { kind: 'event'; atMs: number; name: string; data: JsonValue };

export function validateRecordingHeader(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return 'header is not an object';
  const h = value as Record<string, unknown>;
  const allowed = ['v', 'sessionId', 'org', 'technicianSerial', 'codecString', 'startedAt', 'customerRef'];
  for (const key of Object.keys(h)) if (!allowed.includes(key)) return `unexpected header field "${key}"`;
  if (h.v !== 1) return `unsupported recording header version ${String(h.v)}`;
  for (const key of ['sessionId', 'org', 'technicianSerial', 'codecString']) {
    if (typeof h[key] !== 'string' || (h[key] as string).length > 200) return `header ${key} must be a string of at most 200 characters`;
  }
  if ((h.sessionId as string).length === 0) return 'header sessionId is empty';
  if (!Number.isSafeInteger(h.startedAt) || (h.startedAt as number) < 0) return 'header startedAt must be epoch ms';
  if (h.customerRef !== undefined && (typeof h.customerRef !== 'string' || h.customerRef.length > 200)) return 'header customerRef must be a short string';
  return undefined;
}
