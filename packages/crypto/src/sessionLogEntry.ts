// The session log entry format and its hashing/signing payloads, shared by the writer and the verifier.
//   hash = SHA-512 over: "tether session log v1" | varint index | u64 ts | kind | canonicalJson(data) | prevHash (64)
//   sig        = technician ed25519 over "tether log entry v1\0" | hash
//   counterSig = agent session ed25519 over "tether log counter-signature v1\0" | hash
// The first entry's prevHash is the genesis value (64 zero bytes unless the session supplies one, e.g.
// the handshake transcript hash, which binds the log to that session).
import nacl from 'tweetnacl';
import { ByteWriter, concatBytes, fromHex, toHex, utf8Encode } from '@tether/protocol';
import { canonicalJson, type JsonValue } from './canonicalJson';

export interface LogEntry {
  index: number;
  /** epoch ms */
  ts: number;
  kind: string;
  data: { [key: string]: JsonValue };
  /** hex, 128 chars */
  prevHash: string;
  /** hex, 128 chars */
  hash: string;
  /** base64 technician signature */
  sig: string;
  /** base64 agent session-key counter-signature (consent grants and the final head) */
  counterSig?: string;
}

export const LOG_KIND = /^[a-z][a-z0-9._-]{0,63}$/;
export const ZERO_GENESIS = new Uint8Array(64);
const DOMAIN = 'tether session log v1';
const SIG_PREFIX = utf8Encode('tether log entry v1\0');
const COUNTER_SIG_PREFIX = utf8Encode('tether log counter-signature v1\0');

export function logEntryHash(entry: Pick<LogEntry, 'index' | 'ts' | 'kind' | 'data' | 'prevHash'>): string {
  const bytes = new ByteWriter(256)
    .string(DOMAIN, utf8Encode)
    .varint(entry.index)
    .u64(entry.ts)
    .string(entry.kind, utf8Encode)
    .string(canonicalJson(entry.data), utf8Encode)
    .bytes(fromHex(entry.prevHash))
    .finish();
  return toHex(nacl.hash(bytes));
}

/** The bytes the technician key signs for an entry. */
export function logSignaturePayload(hashHex: string): Uint8Array {
  return concatBytes(SIG_PREFIX, fromHex(hashHex));
}

/** The bytes the agent session key signs to counter-sign an entry (pass to signWithSessionKey). */
export function logCounterSignaturePayload(hashHex: string): Uint8Array {
  return concatBytes(COUNTER_SIG_PREFIX, fromHex(hashHex));
}
