// The real `tether-admin` CLI (tsx child process) against a real relay with the archive on loopback:
// admin key, list/search, fetch + open, verify (and the first bad entry after tampering), export
// (video + verified log + report), the customer's own export, and one-line errors (exit 2) for bad input.
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeKey, type LogEntry, type TechnicianCertificate } from '../../packages/crypto/src/index';
import { type VideoChunkMessage } from '../../packages/protocol/src/index';
import { parseSessionBundle, serializeSessionBundle } from '../../packages/recording/src/index';
import { RecordingFileWriter, archiveSession } from '../../packages/recording/src/node/index';
import { FolderBlobStore, SqliteIndex, createRelayArchive, type RelayArchive } from '../../apps/relay/src/node/archive/index';
import { startRelay, type RunningRelay } from '../../apps/relay/src/node/index';
import { runAdminAsync as admin } from '../../apps/admin/test/runCli';
import { signedSessionLog } from '../support/signedLog';

const ORG = 'acme-support';
let dir: string;
let relay: RunningRelay;
let archive: RelayArchive;
let certificate: TechnicianCertificate;
let techSecret: Uint8Array;
let archivePublicKey: Uint8Array;
let rootPubText: string;
const tokens: Record<string, string> = {};
// sessions must fall inside the certificate's validity (issued now, 30 days)
const FIRST = Date.now() + 60_000;
const LATER = FIRST + 3 * 86_400_000;
const iso = (ms: number) => new Date(ms).toISOString();

const p = (...parts: string[]) => join(dir, ...parts);
const conn = () => ['--relay', relay.httpUrl, '--admin-key', p('admin', 'admin.sec')];

function expectUserError(result: { code: number | null; stderr: string }, fragment: string | RegExp) {
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(fragment);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

const signedLog = (start: number): LogEntry[] => signedSessionLog(techSecret, { start });

async function uploadSession(sessionId: string, startedAt: number, customerRef: string): Promise<void> {
  const path = p(`${sessionId}.ttrec`);
  const writer = await RecordingFileWriter.create(path, { v: 1, sessionId, org: ORG, technicianSerial: certificate.serial, codecString: 'vp8', startedAt });
  for (let seq = 0; seq < 12; seq++) {
    const chunk: VideoChunkMessage = { v: 1, type: 'video.chunk', seq, timestampUs: seq * 33_333, keyframe: seq % 6 === 0, codec: 'vp8', surfaceId: 0, width: 320, height: 240, data: new Uint8Array(500).fill(seq) };
    writer.recordMessage('agent', chunk, startedAt + seq);
  }
  await writer.close();
  const archived = await archiveSession({
    relayHttpUrl: relay.httpUrl, certificate, techSecretKey: techSecret, archivePublicKey, sessionId, recordingPath: path,
    logEntries: signedLog(startedAt), startedAt, endedAt: startedAt + 60_000, customerRef,
  });
  tokens[sessionId] = archived.customerToken as string;
}

function key(text: string, kind: Parameters<typeof decodeKey>[1]): Uint8Array {
  const decoded = decodeKey(text, kind);
  if (!decoded.ok) throw decoded.error;
  return decoded.value;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'tether-archive-cli-'));
  for (const args of [
    ['init-org', '--org', ORG, '--out', p('org')],
    ['issue', '--root', p('org'), '--name', 'Ada Example', '--employee-no', 'E-1', '--department', 'Support', '--days', '30', '--out', p('ada')],
    ['admin-key', '--out', p('admin')],
  ]) {
    const result = await admin(...args);
    if (result.code !== 0) throw new Error(result.stderr);
  }
  const orgJson = JSON.parse(await readFile(p('org', 'org.json'), 'utf8')) as { rootPublicKey: string; archivePublicKey: string };
  rootPubText = orgJson.rootPublicKey;
  archivePublicKey = key(orgJson.archivePublicKey, 'archive-pub');
  certificate = JSON.parse(await readFile(p('ada', 'certificate.json'), 'utf8')) as TechnicianCertificate;
  techSecret = key(await readFile(p('ada', 'tech.sec'), 'utf8'), 'tech-sec');
  archive = createRelayArchive({
    index: new SqliteIndex(p('index.sqlite')),
    blobs: new FolderBlobStore(p('hot'), p('cold')),
    organisations: [{ org: ORG, rootPublicKey: key(rootPubText, 'root-pub'), adminKeys: [(await readFile(p('admin', 'admin.pub'), 'utf8')).trim()] }],
  });
  relay = await startRelay({ port: 0, org: ORG, rootPublicKey: rootPubText }, { archive });
  await uploadSession('s-first', FIRST, 'cust-1');
  await uploadSession('s-later', LATER, 'cust-2');
}, 60_000);

afterAll(async () => {
  await relay?.close();
  await archive?.close();
  await rm(dir, { recursive: true, force: true });
});

describe('tether-admin archive', () => {
  it('admin-key writes a 0600 secret and a public key, and refuses to overwrite', async () => {
    expect((await stat(p('admin', 'admin.sec'))).mode & 0o777).toBe(0o600);
    expect(await readFile(p('admin', 'admin.pub'), 'utf8')).toMatch(/^tether:admin-pub:[A-Za-z0-9+/=]+\n$/);
    expectUserError(await admin('admin-key', '--out', p('admin')), /refusing to overwrite/);
  });

  it('lists and searches by technician, customer reference and date range', async () => {
    const all = await admin('archive', 'list', ...conn());
    expect(all.code, all.stderr).toBe(0);
    expect(all.stdout).toContain('s-first');
    expect(all.stdout).toContain('s-later');
    expect(all.stdout).toContain('Ada Example');
    const byRef = await admin('archive', 'search', ...conn(), '--customer-ref', 'cust-2', '--json');
    expect((JSON.parse(byRef.stdout) as { sessionId: string }[]).map((i) => i.sessionId)).toEqual(['s-later']);
    const byDate = await admin('archive', 'search', ...conn(), '--from', iso(FIRST - 3_600_000), '--to', iso(FIRST + 3_600_000), '--json');
    expect((JSON.parse(byDate.stdout) as { sessionId: string }[]).map((i) => i.sessionId)).toEqual(['s-first']);
    const byTech = await admin('archive', 'search', ...conn(), '--technician', certificate.serial, '--json');
    expect(JSON.parse(byTech.stdout)).toHaveLength(2);
    const none = await admin('archive', 'search', ...conn(), '--technician', 'someone-else');
    expect(none.stdout.trim()).toBe('no sessions match');
  });

  it('fetches and opens a session with the archive key, verifies it, and names the first bad entry after tampering', async () => {
    const fetched = await admin('archive', 'fetch', 's-first', ...conn(), '--root', p('org'), '--out', p('s1.ttbndl'));
    expect(fetched.code, fetched.stderr).toBe(0);
    expect((await stat(p('s1.ttbndl'))).mode & 0o777).toBe(0o600);
    const bundle = parseSessionBundle(new Uint8Array(await readFile(p('s1.ttbndl'))));
    expect(bundle.ok && bundle.value.manifest).toMatchObject({ sessionId: 's-first', customerRef: 'cust-1' });

    const remote = await admin('archive', 'verify', 's-first', ...conn(), '--root', p('org'));
    expect(remote.code, remote.stderr).toBe(0);
    expect(remote.stdout).toMatch(/VERIFIED/);
    expect(remote.stdout).toMatch(/log verified: 4 entries/);

    if (!bundle.ok) throw bundle.error;
    const lines = bundle.value.logText.trim().split('\n');
    lines[2] = (lines[2] as string).replace('hello', 'HELLO');
    // a re-signed manifest would need the technician key; so the log edit shows in the manifest and the chain
    await writeFile(p('s1-tampered.ttbndl'), serializeSessionBundle({ ...bundle.value, logText: `${lines.join('\n')}\n` }));
    const tampered = await admin('archive', 'verify', '--bundle', p('s1-tampered.ttbndl'), '--root', p('org'));
    expect(tampered.code).toBe(1);
    expect(tampered.stdout).toMatch(/NOT VERIFIED/);
    expect(tampered.stdout).toMatch(/first bad entry: 2 \(hash-mismatch\)/);
    expect(tampered.stdout).toMatch(/log text was changed/);
  });

  it('exports a video, the verified log as JSON and an HTML report', async () => {
    const out = p('export-1');
    const result = await admin('archive', 'export', 's-first', ...conn(), '--root', p('org'), '--out', out);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/video\.webm: 12 frames, 0\.4 s, vp8 320x240/);
    expect(result.stdout).toMatch(/VERIFIED/);
    const webm = await readFile(join(out, 'video.webm'));
    expect(webm.subarray(0, 4).toString('hex')).toBe('1a45dfa3');
    const log = JSON.parse(await readFile(join(out, 'log.json'), 'utf8')) as { verification: { ok: boolean }; entries: unknown[] };
    expect(log.verification.ok).toBe(true);
    expect(log.entries).toHaveLength(4);
    expect(await readFile(join(out, 'report.html'), 'utf8')).toMatch(/<strong>VERIFIED<\/strong>.*log verified/);
    expectUserError(await admin('archive', 'export', 's-first', ...conn(), '--root', p('org'), '--out', out), /refusing to overwrite/);
  });

  it('a customer exports their own session with their token, and nothing else', async () => {
    const out = p('customer-export');
    const own = await admin('archive', 'export', 's-later', '--relay', relay.httpUrl, '--customer-token', tokens['s-later'] as string, '--root-pub', rootPubText, '--out', out);
    expect(own.code, own.stderr).toBe(0);
    const log = JSON.parse(await readFile(join(out, 'log.json'), 'utf8')) as { sessionId: string; verification: { ok: boolean; certificate: { detail: string } } };
    expect(log.sessionId).toBe('s-later');
    expect(log.verification.ok).toBe(true);
    expect(log.verification.certificate.detail).toMatch(/valid at session start/);
    expectUserError(await admin('archive', 'export', 's-first', '--relay', relay.httpUrl, '--customer-token', tokens['s-later'] as string, '--out', p('cx')), /404/);
  });

  it('bad input gets one clear line and exit code 2', async () => {
    expectUserError(await admin('archive', 'list', '--admin-key', p('admin', 'admin.sec')), /missing required flag --relay/);
    expectUserError(await admin('archive', 'list', '--relay', 'not a url', '--admin-key', p('admin', 'admin.sec')), /--relay must be a URL/);
    expectUserError(await admin('archive', 'list', '--relay', relay.httpUrl, '--admin-key', p('admin', 'admin.pub')), /wrong key kind: expected admin-sec, got admin-pub/);
    expectUserError(await admin('archive', 'list', ...conn(), '--from', 'yesterday'), /--from must be a date/);
    expectUserError(await admin('archive', 'search', ...conn()), /at least one of/);
    expectUserError(await admin('archive', 'frobnicate'), /expected list, search, fetch, verify or export/);
    expectUserError(await admin('archive', 'verify', 'no/such', ...conn(), '--root', p('org')), /is not a session id/);
    expectUserError(await admin('archive', 'verify', 'missing-session', ...conn(), '--root', p('org')), /404/);
    expectUserError(await admin('archive', 'export', 's-first', '--relay', relay.httpUrl, '--customer-token', 'tct1.short', '--out', p('x')), /not a customer token/);
    expectUserError(await admin('archive', 'list', '--relay', 'http://127.0.0.1:1', '--admin-key', p('admin', 'admin.sec')), /cannot reach the relay/);
    const stranger = p('stranger');
    await admin('admin-key', '--out', stranger);
    expectUserError(await admin('archive', 'list', '--relay', relay.httpUrl, '--admin-key', join(stranger, 'admin.sec')), /40[13]/);
  });
});
