// Opening an archived session in the admin view, with real crypto: a recording built with the recording
// encoder, a signed and counter-signed log, a technician-signed manifest, sealed to the archive key. Checks
// the verdict (verified / first bad entry / manifest failure), the sealed-copy failure, the export files,
// and the player's timeline: frame times, codec strings, events and the seek-to-keyframe plan.
import { describe, expect, it } from 'vitest';
import {
  generateArchiveKeyPair, generateRootKeyPair, generateTechnicianKeyPair, issueCertificate,
  sealArchive, serializeLog, sha512, signDetached, type LogEntry,
} from '@tether/crypto';
import { concatBytes, toBase64, toHex, utf8Encode, type SessionMessage, type VideoChunkMessage } from '@tether/protocol';
import { encodeLogRecord, encodeMessageRecord, encodeRecordingStart, manifestSigningBytes, serializeSessionBundle, type SessionManifest } from '@tether/recording';
import { openSessionRecord } from '../src/common/admin/sessionRecord';
import { frameIndexAt, formatPosition, seekPlan } from '../src/common/admin/playbackTimeline';
import { signedSessionLog } from '../../../tests/support/signedLog';

const START = Date.UTC(2024, 4, 31, 9);
const root = generateRootKeyPair();
const tech = generateTechnicianKeyPair();
const archive = generateArchiveKeyPair();
const certificate = issueCertificate(root.secretKey, { name: 'Ada', employeeNo: 'E1', department: 'Support', org: 'acme', techPub: tech.publicKey, notBefore: START - 1000, notAfter: START + 86_400_000 });

const signedLog = (chatText = 'hello'): LogEntry[] => signedSessionLog(tech.secretKey, { start: START, chatText, at: { grant: 10, chat: 1200, end: 3000 } });

const chunk = (seq: number, keyframe: boolean, codec: VideoChunkMessage['codec'] = 'vp8'): VideoChunkMessage =>
  ({ v: 1, type: 'video.chunk', seq, timestampUs: seq * 100_000, keyframe, codec, surfaceId: 0, width: 64, height: 48, data: new Uint8Array(40).fill(seq) });

function recording(entries: readonly LogEntry[]): Uint8Array {
  const parts: Uint8Array[] = [encodeRecordingStart({ v: 1, sessionId: 's-1', org: 'acme', technicianSerial: certificate.serial, codecString: '', startedAt: START })];
  const message = (m: SessionMessage, at: number, direction: 'agent' | 'technician' = 'agent') => parts.push(encodeMessageRecord(direction, m, START + at));
  message({ v: 1, type: 'stream.config', codec: 'vp8', codecString: 'vp8', width: 64, height: 48, fps: 10, bitrate: 100_000 }, 0);
  message(chunk(0, false), 50); // before the first keyframe: not decodable, dropped
  for (let i = 1; i <= 20; i++) message(chunk(i, i === 1 || i === 11), i * 100);
  message({ v: 1, type: 'chat.message', id: 'c1', from: 'customer', text: 'hello', ts: START + 1200 }, 1200, 'agent');
  message({ v: 1, type: 'file.offer', fileId: 'f1', name: 'notes.txt', size: 12, sha256: 'ab'.repeat(32), direction: 'toCustomer' }, 1500, 'technician');
  for (const e of entries) parts.push(encodeLogRecord(e, e.ts));
  return concatBytes(...parts);
}

function sealedSession(options: { entries?: LogEntry[]; sessionId?: string; tamperRecording?: boolean } = {}): Uint8Array {
  const entries = options.entries ?? signedLog();
  const logText = serializeLog(entries);
  const rec = recording(entries);
  const unsigned = {
    v: 1 as const, sessionId: options.sessionId ?? 's-1', org: 'acme', technicianSerial: certificate.serial, certificate, customerRef: 'cust-42',
    startedAt: START, endedAt: START + 3000, recordingSha512: toHex(sha512(rec)), logSha512: toHex(sha512(utf8Encode(logText))),
  };
  const manifest: SessionManifest = { ...unsigned, signature: toBase64(signDetached(manifestSigningBytes(unsigned), tech.secretKey)) };
  const recordingBytes = options.tamperRecording ? rec.map((b, i) => (i === rec.length - 3 ? b ^ 1 : b)) : rec;
  return sealArchive(archive.publicKey, serializeSessionBundle({ manifest, recording: recordingBytes, logText }));
}

describe('opening a session record', () => {
  it('opens, verifies and prepares the export of an untouched session', () => {
    const opened = openSessionRecord('s-1', sealedSession(), archive.secretKey, { rootPublicKey: root.publicKey });
    if (!opened.ok) throw opened.error;
    const record = opened.value;
    expect(record.verdict).toMatchObject({ ok: true, headline: 'verified' });
    expect(record.verdict.checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect(record.files.map((f) => [f.name, f.mimeType])).toEqual([['video.webm', 'video/webm'], ['log.json', 'application/json'], ['report.html', 'text/html']]);
    const log = JSON.parse(record.files[1]?.bytes as string) as { verification: { ok: boolean }; entries: unknown[] };
    expect(log.verification.ok).toBe(true);
    expect(log.entries).toHaveLength(4);
    expect(record.files[2]?.bytes).toMatch(/VERIFIED/);
  });

  it('names the first bad entry of a log edited before it was sealed', () => {
    const entries = signedLog();
    entries[2] = { ...(entries[2] as LogEntry), data: { text: 'HELLO' } };
    const opened = openSessionRecord('s-1', sealedSession({ entries }), archive.secretKey, { rootPublicKey: root.publicKey });
    if (!opened.ok) throw opened.error;
    expect(opened.value.verdict).toMatchObject({ ok: false, headline: 'NOT VERIFIED: first bad entry #2 (hash-mismatch)', firstBadEntry: { index: 2, kind: 'chat', reason: 'hash-mismatch' } });
  });

  it('reports a recording changed after the manifest was signed', () => {
    const opened = openSessionRecord('s-1', sealedSession({ tamperRecording: true }), archive.secretKey);
    if (!opened.ok) throw opened.error;
    expect(opened.value.verdict.ok).toBe(false);
    expect(opened.value.verdict.firstBadEntry).toBeUndefined();
    expect(opened.value.verdict.headline).toMatch(/^NOT VERIFIED: recording was changed after the session/);
  });

  it('refuses a changed sealed copy, the wrong key and a record of another session', () => {
    const sealed = sealedSession();
    const flipped = sealed.slice();
    const at = Math.floor(flipped.length / 2);
    flipped[at] = (flipped[at] as number) ^ 1;
    expect(openSessionRecord('s-1', flipped, archive.secretKey)).toMatchObject({ ok: false, error: { code: 'E_DECRYPT_FAILED', detail: expect.stringMatching(/cannot be opened: it was changed/) } });
    expect(openSessionRecord('s-1', sealed, generateArchiveKeyPair().secretKey)).toMatchObject({ ok: false, error: { code: 'E_DECRYPT_FAILED' } });
    expect(openSessionRecord('s-2', sealed, archive.secretKey)).toMatchObject({ ok: false, error: { code: 'E_MALFORMED', detail: expect.stringMatching(/belongs to session s-1/) } });
  });
});

describe('playback timeline', () => {
  const opened = openSessionRecord('s-1', sealedSession(), archive.secretKey);
  if (!opened.ok) throw opened.error;
  const { timeline } = opened.value;

  it('keeps the decodable frames on the session clock with their codec string, and the events', () => {
    expect(timeline.frames.map((f) => f.chunk.seq)).toEqual(Array.from({ length: 20 }, (_, i) => i + 1));
    expect(timeline.frames[0]).toMatchObject({ atMs: 100, codecString: 'vp8' });
    expect(timeline.durationMs).toBe(3000);
    expect(timeline.events.filter((e) => e.kind !== 'log')).toEqual([
      { atMs: 1200, kind: 'chat', label: 'customer: hello' },
      { atMs: 1500, kind: 'file', label: 'file offered: notes.txt (12 bytes)' },
    ]);
    expect(timeline.events.filter((e) => e.kind === 'log').map((e) => e.label)).toEqual(['log #0 handshake', 'log #1 consent.grant', 'log #2 chat', 'log #3 session.ended']);
  });

  it('seeks by decoding from the keyframe at or before the wanted frame', () => {
    expect(seekPlan(timeline.frames, 50)).toBeNull();
    expect(frameIndexAt(timeline.frames, 100)).toBe(0);
    expect(seekPlan(timeline.frames, 100)).toEqual({ from: 0, to: 0 });
    expect(seekPlan(timeline.frames, 1050)).toEqual({ from: 0, to: 9 });
    expect(seekPlan(timeline.frames, 1100)).toEqual({ from: 10, to: 10 });
    expect(seekPlan(timeline.frames, 1750)).toEqual({ from: 10, to: 16 });
    expect(seekPlan(timeline.frames, 99_999)).toEqual({ from: 10, to: 19 });
  });

  it('formats positions as m:ss.t', () => {
    expect(formatPosition(0)).toBe('0:00.0');
    expect(formatPosition(61_250)).toBe('1:01.2');
  });
});
