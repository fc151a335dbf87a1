// Append-only, hash-chained, technician-signed session log: the writer, the verifier and JSON-lines I/O.
// verifyLog names the first bad entry for any edit, deletion, insertion, reordering or bad signature;
// truncation of the tail is caught by requiring a counter-signed head.
import nacl from 'tweetnacl';
import { err, fromBase64, ok, toBase64, toHex, type Result } from '@tether/protocol';
import { isJsonSafe, type JsonValue } from './canonicalJson';
import { assertKeyBytes } from './keys';
import { LOG_KIND, ZERO_GENESIS, logCounterSignaturePayload, logEntryHash, logSignaturePayload, type LogEntry } from './sessionLogEntry';

export type LogFailureReason =
  | 'malformed' | 'index-mismatch' | 'broken-chain' | 'hash-mismatch' | 'bad-signature'
  | 'bad-counter-signature' | 'missing-counter-signature';

export type LogVerification =
  | { ok: true; head: string; length: number }
  | { ok: false; index: number; reason: LogFailureReason; detail: string };

export interface VerifyLogOptions {
  techPublicKey: Uint8Array;
  /** the agent's session public key; required to check counter-signatures */
  agentPublicKey?: Uint8Array;
  /** fail unless the last entry carries a valid counter-signature (detects a truncated tail) */
  requireCounterSignedHead?: boolean;
  /** genesis prevHash bytes (64); defaults to zeros */
  genesis?: Uint8Array;
}

const ENTRY_FIELDS = ['index', 'ts', 'kind', 'data', 'prevHash', 'hash', 'sig', 'counterSig'];
const HEX_HASH = /^[0-9a-f]{128}$/;

function copyEntry(entry: LogEntry): LogEntry {
  return JSON.parse(JSON.stringify(entry)) as LogEntry;
}

export class SessionLogWriter {
  private readonly secretKey: Uint8Array;
  private readonly log: LogEntry[] = [];
  private readonly genesis: string;

  constructor(techSecretKey: Uint8Array, options: { genesis?: Uint8Array } = {}) {
    assertKeyBytes(techSecretKey, 64, 'technician secret key');
    if (options.genesis) assertKeyBytes(options.genesis, 64, 'log genesis');
    this.secretKey = techSecretKey.slice();
    this.genesis = toHex(options.genesis ?? ZERO_GENESIS);
  }

  /** Hash of the last entry (the genesis value while empty). */
  get head(): string {
    return this.log.at(-1)?.hash ?? this.genesis;
  }

  get entries(): LogEntry[] {
    return this.log.map(copyEntry);
  }

  append(kind: string, data: { [key: string]: JsonValue }, ts: number): LogEntry {
    if (typeof kind !== 'string' || !LOG_KIND.test(kind)) throw new TypeError(`log kind must match ${LOG_KIND}`);
    if (!Number.isSafeInteger(ts) || ts < 0) throw new RangeError('ts must be a non-negative integer (epoch ms)');
    if (typeof data !== 'object' || data === null || Array.isArray(data) || !isJsonSafe(data)) throw new TypeError('log data must be a JSON-safe object');
    const body = { index: this.log.length, ts, kind, data: JSON.parse(JSON.stringify(data)) as LogEntry['data'], prevHash: this.head };
    const hash = logEntryHash(body);
    const sig = toBase64(nacl.sign.detached(logSignaturePayload(hash), this.secretKey));
    const entry: LogEntry = { ...body, hash, sig };
    this.log.push(entry);
    return copyEntry(entry);
  }

  /** Stores the agent's counter-signature after checking it against the agent session key. */
  attachCounterSignature(index: number, signature: Uint8Array, agentPublicKey: Uint8Array): Result<LogEntry> {
    assertKeyBytes(agentPublicKey, 32, 'agent session public key');
    const entry = this.log[index];
    if (!entry) return err('E_BAD_ARGUMENT', `no log entry ${index}`);
    if (!(signature instanceof Uint8Array) || signature.length !== 64 || !nacl.sign.detached.verify(logCounterSignaturePayload(entry.hash), signature, agentPublicKey)) {
      return err('E_AUTH_FAILED', `invalid counter-signature for log entry ${index}`);
    }
    entry.counterSig = toBase64(signature);
    return ok(copyEntry(entry));
  }
}

function shapeProblem(input: unknown): string | undefined {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return 'entry is not an object';
  const e = input as Record<string, unknown>;
  for (const key of Object.keys(e)) if (!ENTRY_FIELDS.includes(key)) return `unexpected field "${key}"`;
  if (!Number.isSafeInteger(e.index) || (e.index as number) < 0) return 'index must be a non-negative integer';
  if (!Number.isSafeInteger(e.ts) || (e.ts as number) < 0) return 'ts must be a non-negative integer';
  if (typeof e.kind !== 'string' || !LOG_KIND.test(e.kind)) return 'invalid kind';
  if (typeof e.data !== 'object' || e.data === null || Array.isArray(e.data) || !isJsonSafe(e.data)) return 'data must be a JSON object';
  if (typeof e.prevHash !== 'string' || !HEX_HASH.test(e.prevHash)) return 'prevHash must be 128 lowercase hex digits';
  if (typeof e.hash !== 'string' || !HEX_HASH.test(e.hash)) return 'hash must be 128 lowercase hex digits';
  if (!isSignature(e.sig)) return 'sig must be a base64 64-byte signature';
  if (e.counterSig !== undefined && !isSignature(e.counterSig)) return 'counterSig must be a base64 64-byte signature';
  return undefined;
}

function isSignature(value: unknown): value is string {
  try {
    return typeof value === 'string' && fromBase64(value).length === 64;
  } catch {
    return false;
  }
}

export function verifyLog(entries: unknown, options: VerifyLogOptions): LogVerification {
  assertKeyBytes(options.techPublicKey, 32, 'technician public key');
  if (options.agentPublicKey) assertKeyBytes(options.agentPublicKey, 32, 'agent public key');
  if (options.genesis) assertKeyBytes(options.genesis, 64, 'log genesis');
  if (!Array.isArray(entries)) return { ok: false, index: 0, reason: 'malformed', detail: 'the log is not a list of entries' };
  let previous = toHex(options.genesis ?? ZERO_GENESIS);
  const fail = (index: number, reason: LogFailureReason, detail: string): LogVerification => ({ ok: false, index, reason, detail });
  for (let i = 0; i < entries.length; i++) {
    const input: unknown = entries[i];
    const problem = shapeProblem(input);
    if (problem) return fail(i, 'malformed', problem);
    const entry = input as LogEntry;
    if (entry.index !== i) return fail(i, 'index-mismatch', `entry at position ${i} claims index ${entry.index} (deleted, inserted or reordered)`);
    if (entry.prevHash !== previous) return fail(i, 'broken-chain', 'prevHash does not match the previous entry');
    if (logEntryHash(entry) !== entry.hash) return fail(i, 'hash-mismatch', 'the entry content was changed after it was written');
    if (!nacl.sign.detached.verify(logSignaturePayload(entry.hash), fromBase64(entry.sig), options.techPublicKey)) {
      return fail(i, 'bad-signature', 'not signed by the technician key');
    }
    if (entry.counterSig !== undefined && options.agentPublicKey
      && !nacl.sign.detached.verify(logCounterSignaturePayload(entry.hash), fromBase64(entry.counterSig), options.agentPublicKey)) {
      return fail(i, 'bad-counter-signature', 'not counter-signed by the agent session key');
    }
    previous = entry.hash;
  }
  if (options.requireCounterSignedHead) {
    const last = entries.length - 1;
    const head = entries[last] as LogEntry | undefined;
    if (!head || head.counterSig === undefined || !options.agentPublicKey) {
      return fail(Math.max(last, 0), 'missing-counter-signature', 'the final head is not counter-signed by the agent (log may be truncated)');
    }
  }
  return { ok: true, head: previous, length: entries.length };
}

export function serializeLog(entries: readonly LogEntry[]): string {
  return entries.map((entry) => JSON.stringify(entry)).join('\n') + (entries.length ? '\n' : '');
}

/** Parses JSON lines (blank lines ignored); shape and signatures are checked by verifyLog. */
export function parseLog(text: string): Result<unknown[]> {
  if (typeof text !== 'string') return err('E_MALFORMED', 'log text must be a string');
  const out: unknown[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = (lines[i] as string).trim();
    if (line === '') continue;
    try {
      out.push(JSON.parse(line));
    } catch {
      return err('E_MALFORMED', `log line ${i + 1} is not valid JSON`);
    }
  }
  return ok(out);
}
