// Verifies an opened session: the log chain, the technician's signature on every entry (key from the
// certificate in the manifest, which must match the log's technician) and the agent's counter-signatures
// (key from the log's handshake entry), requiring a counter-signed head. Reports the first bad entry.
import { certificatePublicKey, parseLog, sha512, verifyDetached, verifyCertificate, verifyLog, type LogEntry, type LogVerification, type TechnicianCertificate } from '@tether/crypto';
import { fromBase64, toHex, utf8Encode } from '@tether/protocol';
import { manifestSigningBytes, type SessionBundle } from './sessionBundle';

export interface SessionVerification {
  ok: boolean;
  log: LogVerification;
  entries: LogEntry[];
  certificate: { ok: boolean; detail: string };
  /** the technician's signature over the manifest, which binds the recording and log hashes */
  manifest: { ok: boolean; detail: string };
  /** one line a person can act on */
  summary: string;
}

function agentKeyFrom(entries: unknown[]): Uint8Array | undefined {
  for (const entry of entries) {
    const e = entry as Partial<LogEntry>;
    if (e && e.kind === 'handshake' && typeof e.data?.agentSessionPub === 'string') {
      try {
        const key = fromBase64(e.data.agentSessionPub);
        return key.length === 32 ? key : undefined;
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

export function verifySession(bundle: SessionBundle, options: { rootPublicKey?: Uint8Array } = {}): SessionVerification {
  const parsed = parseLog(bundle.logText);
  const cert = bundle.manifest.certificate as TechnicianCertificate;
  let certificate = { ok: true, detail: 'certificate not checked (no root key given)' };
  if (options.rootPublicKey) {
    // checked at the session's start time: a certificate that expired later still signed a valid session
    const checked = verifyCertificate(cert, { rootPublicKey: options.rootPublicKey, org: bundle.manifest.org, now: bundle.manifest.startedAt });
    certificate = checked.ok ? { ok: true, detail: `certificate ${cert.serial} valid at session start` } : { ok: false, detail: `certificate: ${checked.reason}` };
  }
  if (!parsed.ok) {
    const log: LogVerification = { ok: false, index: 0, reason: 'malformed', detail: parsed.error.detail ?? parsed.error.message };
    return { ok: false, log, entries: [], certificate, manifest: { ok: false, detail: 'not checked' }, summary: `log unreadable: ${log.detail}` };
  }
  let techPublicKey: Uint8Array;
  try {
    techPublicKey = certificatePublicKey(cert);
  } catch {
    const log: LogVerification = { ok: false, index: 0, reason: 'malformed', detail: 'the manifest certificate has no usable key' };
    return { ok: false, log, entries: [], certificate: { ok: false, detail: log.detail }, manifest: { ok: false, detail: log.detail }, summary: log.detail };
  }
  const manifest = checkManifest(bundle, techPublicKey);
  const agentPublicKey = agentKeyFrom(parsed.value);
  const entries = parsed.value as LogEntry[];
  const log = checkHead(verifyLog(parsed.value, { techPublicKey, agentPublicKey, requireCounterSignedHead: false }), entries);
  const okAll = log.ok && certificate.ok && manifest.ok;
  const trailing = log.ok ? log.length - 1 - lastCounterSignedEnd(entries) : 0;
  const summary = log.ok
    ? `log verified: ${log.length} entries, head counter-signed by the agent${trailing > 0 ? ` (then ${trailing} technician-signed ${entries.slice(-trailing).map((e) => e.kind).join(', ')})` : ''}${certificate.ok ? '' : `; ${certificate.detail}`}`
    : `log entry ${log.index} is bad (${log.reason}): ${log.detail}`;
  return { ok: okAll, log, entries, certificate, manifest, summary: manifest.ok ? summary : `${manifest.detail}; ${summary}` };
}

function checkManifest(bundle: SessionBundle, techPublicKey: Uint8Array): { ok: boolean; detail: string } {
  const m = bundle.manifest;
  let signature: Uint8Array;
  try {
    signature = fromBase64(m.signature);
  } catch {
    return { ok: false, detail: 'manifest signature is not base64' };
  }
  if (signature.length !== 64 || !verifyDetached(manifestSigningBytes(m), signature, techPublicKey)) return { ok: false, detail: 'manifest not signed by the technician' };
  if (toHex(sha512(bundle.recording)) !== m.recordingSha512) return { ok: false, detail: 'recording was changed after the session (hash mismatch)' };
  if (toHex(sha512(utf8Encode(bundle.logText))) !== m.logSha512) return { ok: false, detail: 'log text was changed after the session (hash mismatch)' };
  return { ok: true, detail: 'manifest signed by the technician; recording and log hashes match' };
}

/**
 * Entries the technician's session core records after the agent counter-signed the final head (the
 * customer's rating arrives after it; the agent may have left). They stay technician-signed and hash-chained,
 * and the manifest binds the whole log text, but only these kinds may follow the counter-signed head.
 */
const AFTER_HEAD_KINDS = new Set(['rating', 'peer.left']);

function lastCounterSignedEnd(entries: readonly LogEntry[]): number {
  for (let i = entries.length - 1; i >= 0; i--) if (entries[i]?.kind === 'session.ended' && entries[i]?.counterSig) return i;
  return -1;
}

/** Requires an agent-counter-signed `session.ended` followed only by AFTER_HEAD_KINDS (detects a cut-off tail). */
function checkHead(log: LogVerification, entries: readonly LogEntry[]): LogVerification {
  if (!log.ok) return log;
  const head = lastCounterSignedEnd(entries);
  const last = entries.length - 1;
  if (head < 0) return { ok: false, index: last, reason: 'missing-counter-signature', detail: 'no session end counter-signed by the agent (log may be truncated)' };
  for (let i = head + 1; i <= last; i++) {
    const kind = entries[i]?.kind ?? '';
    if (!AFTER_HEAD_KINDS.has(kind)) return { ok: false, index: i, reason: 'missing-counter-signature', detail: `entry "${kind}" follows the agent-counter-signed end of the session` };
  }
  return log;
}
