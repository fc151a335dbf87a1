// The archive end to end over real HTTP on loopback: a technician seals and uploads a recorded session,
// an admin lists, fetches, opens and verifies it; tampering, replays, foreign organisations and foreign
// customers are refused; uploads are idempotent and resumable; retention (injected clock) deletes exactly
// the expired, non-held items. Store: SQLite + blob folder.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArchiveKeyPair, generateTechnicianKeyPair, issueCertificate, openArchive, serializeLog, type LogEntry, type TechnicianCertificate } from '../../packages/crypto/src/index';
import { type VideoChunkMessage } from '../../packages/protocol/src/index';
import { customerArchiveKeyPair, encodeAdminKey, parseSessionBundle, readRecording, verifySession } from '../../packages/recording/src/index';
import { ArchiveClient, RecordingFileWriter, archiveSession, sealSessionToFile } from '../../packages/recording/src/node/index';
import { FolderBlobStore, SqliteIndex, createRelayArchive, type RelayArchive } from '../../apps/relay/src/node/archive/index';
import { startRelay, type RunningRelay } from '../../apps/relay/src/node/index';
import { ORG, makeOrg, testConfig, type TestOrg } from '../../apps/relay/test/relayFixtures';
import { signedSessionLog } from '../support/signedLog';

let folder: string;
let org: TestOrg;
let otherOrg: TestOrg;
let relay: RunningRelay;
let archive: RelayArchive;
const archiveKeys = generateArchiveKeyPair();
const admin = generateTechnicianKeyPair();
const otherAdmin = generateTechnicianKeyPair();
const clock = Date.now();

const signedLog = (techSecret: Uint8Array, start: number): LogEntry[] => signedSessionLog(techSecret, { start });

async function recordSession(sessionId: string, frames = 10): Promise<string> {
  const path = join(folder, `${sessionId}.ttrec`);
  const writer = await RecordingFileWriter.create(path, { v: 1, sessionId, org: ORG, technicianSerial: org.cert.serial, codecString: 'vp8', startedAt: clock });
  for (let seq = 0; seq < frames; seq++) {
    const chunk: VideoChunkMessage = { v: 1, type: 'video.chunk', seq, timestampUs: seq * 33_333, keyframe: seq === 0, codec: 'vp8', surfaceId: 0, width: 320, height: 240, data: new Uint8Array(3000).fill(seq) };
    writer.recordMessage('agent', chunk, clock + seq);
  }
  await writer.close();
  return path;
}

/** A certificate's fields without its signature, key and organisation (to issue a variant). */
function certFields(o: TestOrg): Pick<TechnicianCertificate, 'serial' | 'name' | 'employeeNo' | 'department' | 'notBefore' | 'notAfter'> {
  const { serial, name, employeeNo, department, notBefore, notAfter } = o.cert;
  return { serial, name, employeeNo, department, notBefore, notAfter };
}

const adminClient = (secretKey = admin.secretKey) => new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey });

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tether-archive-api-'));
  org = makeOrg();
  otherOrg = makeOrg({ org: 'other-org' });
  archive = createRelayArchive({
    index: new SqliteIndex(join(folder, 'index.sqlite')),
    blobs: new FolderBlobStore(join(folder, 'hot'), join(folder, 'cold')),
    organisations: [
      { org: ORG, rootPublicKey: org.root.publicKey, adminKeys: [encodeAdminKey('admin-pub', admin.publicKey)] },
      { org: 'other-org', rootPublicKey: otherOrg.root.publicKey, adminKeys: [encodeAdminKey('admin-pub', otherAdmin.publicKey)] },
    ],
    now: () => clock,
  });
  relay = await startRelay(testConfig(org), { archive });
});

afterAll(async () => {
  await relay?.close();
  await archive?.close();
  await rm(folder, { recursive: true, force: true });
});

describe('archive API', () => {
  let customerToken = '';

  it('stores a sealed session that the admin can list, fetch, open and verify', async () => {
    const recordingPath = await recordSession('s-1');
    const archived = await archiveSession({
      relayHttpUrl: relay.httpUrl, certificate: org.cert, techSecretKey: org.tech.secretKey, archivePublicKey: archiveKeys.publicKey,
      sessionId: 's-1', recordingPath, logEntries: signedLog(org.tech.secretKey, clock), startedAt: clock, endedAt: clock + 60_000, customerRef: 'cust-42',
    });
    expect(archived.item).toMatchObject({ sessionId: 's-1', org: ORG, technicianSerial: org.cert.serial, complete: true, customerRef: 'cust-42', legalHold: false });
    customerToken = archived.customerToken as string;
    const items = await adminClient().list({ customerRef: 'cust-42' });
    expect(items.map((i) => i.sessionId)).toEqual(['s-1']);
    expect(await adminClient().list({ technician: 'nobody' })).toEqual([]);
    const sealed = await adminClient().fetchBlob('s-1');
    expect(new TextDecoder().decode(sealed.subarray(0, 4))).toBe('TTAR');
    const opened = openArchive(archiveKeys.secretKey, sealed);
    if (!opened.ok) throw opened.error;
    const bundle = parseSessionBundle(opened.value);
    if (!bundle.ok) throw bundle.error;
    expect(bundle.value.recording).toEqual(new Uint8Array(await readFile(recordingPath)));
    const verified = verifySession(bundle.value, { rootPublicKey: org.root.publicKey });
    expect(verified.summary).toMatch(/log verified: 4 entries/);
    expect(verified.ok).toBe(true);
    const recording = readRecording(bundle.value.recording);
    expect(recording.ok && recording.value.records).toHaveLength(10);
  });

  it('detects tampering with the ciphertext, the log and the recording', async () => {
    const sealed = await adminClient().fetchBlob('s-1');
    for (const at of [10, Math.floor(sealed.length / 2), sealed.length - 1]) {
      const bad = sealed.slice();
      bad[at] = (bad[at] as number) ^ 1;
      expect(openArchive(archiveKeys.secretKey, bad).ok).toBe(false);
    }
    const opened = openArchive(archiveKeys.secretKey, sealed);
    const bundle = opened.ok ? parseSessionBundle(opened.value) : undefined;
    if (!bundle?.ok) throw new Error('cannot open');
    const lines = bundle.value.logText.trim().split('\n');
    lines[2] = lines[2]!.replace('hello', 'HELLO');
    const editedLog = verifySession({ ...bundle.value, logText: lines.join('\n') + '\n' });
    expect(editedLog.ok).toBe(false);
    expect(editedLog.log).toMatchObject({ ok: false, index: 2, reason: 'hash-mismatch' });
    const recording = bundle.value.recording.slice();
    recording[recording.length - 5] = (recording[recording.length - 5] as number) ^ 0x80;
    const editedRecording = verifySession({ ...bundle.value, recording });
    expect(editedRecording.ok).toBe(false);
    expect(editedRecording.manifest.detail).toMatch(/recording was changed/);
  });

  it('lets the customer token open exactly its own session, with the customer key only', async () => {
    const customer = new ArchiveClient(relay.httpUrl, { kind: 'customer', token: customerToken });
    const sealed = await customer.fetchBlob('s-1');
    expect(openArchive(archiveKeys.secretKey, sealed).ok).toBe(false); // not the org copy
    const opened = openArchive(customerArchiveKeyPair(customerToken).secretKey, sealed);
    expect(opened.ok).toBe(true);
    const recordingPath = await recordSession('s-2');
    const second = await archiveSession({
      relayHttpUrl: relay.httpUrl, certificate: org.cert, techSecretKey: org.tech.secretKey, archivePublicKey: archiveKeys.publicKey,
      sessionId: 's-2', recordingPath, logEntries: signedLog(org.tech.secretKey, clock), startedAt: clock, endedAt: clock + 1000,
    });
    await expect(customer.fetchBlob('s-2')).rejects.toMatchObject({ code: 'E_SESSION_UNKNOWN' });
    await expect(new ArchiveClient(relay.httpUrl, { kind: 'customer', token: second.customerToken as string }).fetchBlob('s-1')).rejects.toMatchObject({ code: 'E_SESSION_UNKNOWN' });
    await expect(customer.list()).rejects.toMatchObject({ code: 'E_SCOPE_DENIED' });
  });

  it("refuses another organisation's admin and technician, unknown admin keys, replays and stale requests", async () => {
    await expect(adminClient(otherAdmin.secretKey).get('s-1')).rejects.toMatchObject({ code: 'E_SESSION_UNKNOWN' });
    expect(await adminClient(otherAdmin.secretKey).list()).toEqual([]);
    await expect(adminClient(otherAdmin.secretKey).list({ org: ORG })).rejects.toMatchObject({ code: 'E_SCOPE_DENIED' });
    await expect(adminClient(generateTechnicianKeyPair().secretKey).list()).rejects.toMatchObject({ code: 'E_AUTH_FAILED' });
    const foreignTech = new ArchiveClient(relay.httpUrl, { kind: 'technician', certificate: otherOrg.cert, secretKey: otherOrg.tech.secretKey });
    await expect(foreignTech.get('s-1')).rejects.toMatchObject({ code: 'E_SESSION_UNKNOWN' });
    await expect(foreignTech.fetchBlob('s-1')).rejects.toMatchObject({ code: 'E_SCOPE_DENIED' });
    const stale = new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey }, () => clock - 10 * 60_000);
    await expect(stale.list()).rejects.toMatchObject({ code: 'E_AUTH_FAILED' });
    // replay: capture one signed request and send it twice
    const captured: { url: string; init: RequestInit }[] = [];
    const realFetch = globalThis.fetch;
    globalThis.fetch = (async (url: string, init: RequestInit) => { captured.push({ url, init }); return realFetch(url, init); }) as typeof fetch;
    try {
      await adminClient().list();
    } finally {
      globalThis.fetch = realFetch;
    }
    const replay = await realFetch(captured[0]!.url, captured[0]!.init);
    expect(replay.status).toBe(401);
    expect(((await replay.json()) as { code: string }).code).toBe('E_REPLAY');
    // a technician's signature over a different body does not authorise this one
    const tech = new ArchiveClient(relay.httpUrl, { kind: 'technician', certificate: org.cert, secretKey: otherOrg.tech.secretKey });
    await expect(tech.get('s-1')).rejects.toMatchObject({ code: 'E_AUTH_FAILED' });
  });

  it('is idempotent and resumable', async () => {
    const recordingPath = await recordSession('s-3', 400);
    const logText = serializeLog(signedLog(org.tech.secretKey, clock));
    expect(logText.length).toBeGreaterThan(0);
    const sealed = await sealSessionToFile({ recordingPath, logText, manifest: { v: 1, sessionId: 's-3', org: ORG, technicianSerial: org.cert.serial, certificate: org.cert, startedAt: clock, endedAt: clock, recordingSha512: '', logSha512: '', signature: '' } }, archiveKeys.publicKey, join(folder, 's-3.ttar'));
    const tech = new ArchiveClient(relay.httpUrl, { kind: 'technician', certificate: org.cert, secretKey: org.tech.secretKey });
    const request = { startedAt: clock, endedAt: clock + 5, blobs: { org: { size: sealed.size, sha256: sealed.sha256 } } };
    const begun = await tech.begin('s-3', request);
    expect(begun.blobs.org.received).toBe(0);
    const bytes = new Uint8Array(await readFile(sealed.path));
    expect(await tech.append('s-3', 'org', 0, bytes.subarray(0, 100_000))).toBe(100_000);
    await expect(tech.append('s-3', 'org', 0, bytes.subarray(0, 100_000))).rejects.toMatchObject({ status: 409 });
    const again = await tech.begin('s-3', request);
    expect(again.blobs.org.received).toBe(100_000);
    const done = await tech.uploadFiles('s-3', request, { org: sealed.path });
    expect(done.complete).toBe(true);
    expect(await tech.uploadFiles('s-3', request, { org: sealed.path })).toEqual(done);
    expect((await adminClient().list()).filter((i) => i.sessionId === 's-3')).toHaveLength(1);
    expect(await adminClient().fetchBlob('s-3')).toEqual(bytes);
    await expect(tech.begin('s-3', { ...request, blobs: { org: { size: sealed.size, sha256: 'ab'.repeat(32) } } })).rejects.toMatchObject({ status: 409 });
    // content that does not match the announced hash is discarded
    await writeFile(join(folder, 'wrong.bin'), new Uint8Array(1000).fill(7));
    const wrong = { startedAt: clock, endedAt: clock, blobs: { org: { size: 1000, sha256: 'cd'.repeat(32) } } };
    await expect(tech.uploadFiles('s-4', wrong, { org: join(folder, 'wrong.bin') })).rejects.toMatchObject({ code: 'E_DECRYPT_FAILED' });
    expect((await tech.get('s-4')).blobs.org.received).toBe(0);
  });

  it('retention deletes exactly the expired items that are not on hold, and honours the cold policy', async () => {
    const service = archive.service;
    const DAY = 86_400_000;
    const items = await adminClient().list();
    const before = Object.fromEntries(items.map((i) => [i.sessionId, i.retainUntil]));
    expect(before['s-1']).toBe(clock + 60_000 + 30 * DAY);
    await adminClient().setHold('s-2', true);
    const start = clock;
    expect(await service.enforceRetention(start + 29 * DAY)).toEqual({ deleted: [], movedToCold: [] });
    const earliest = Math.min(...Object.values(before));
    expect(await service.enforceRetention(earliest - 1)).toEqual({ deleted: [], movedToCold: [] });
    const report = await service.enforceRetention(start + 31 * DAY);
    expect(report.deleted.sort()).toEqual(['s-1', 's-3', 's-4']);
    expect((await adminClient().list()).map((i) => i.sessionId)).toEqual(['s-2']);
    await expect(adminClient().fetchBlob('s-1')).rejects.toMatchObject({ code: 'E_SESSION_UNKNOWN' });
    expect((await adminClient().fetchBlob('s-2')).length).toBeGreaterThan(0);
    // policy: move to cold after 1 day; the held item stays hot until released
    await adminClient().setPolicy({ retentionDays: 1, action: 'cold' });
    const recordingPath = await recordSession('s-5');
    await archiveSession({
      relayHttpUrl: relay.httpUrl, certificate: org.cert, techSecretKey: org.tech.secretKey, archivePublicKey: archiveKeys.publicKey,
      sessionId: 's-5', recordingPath, logEntries: signedLog(org.tech.secretKey, clock), startedAt: clock, endedAt: clock, customerCopy: false,
    });
    const cold = await service.enforceRetention(clock + 2 * DAY);
    expect(cold).toEqual({ deleted: [], movedToCold: ['s-5'] });
    expect((await adminClient().get('s-5')).storage).toBe('cold');
    expect(openArchive(archiveKeys.secretKey, await adminClient().fetchBlob('s-5')).ok).toBe(true);
    await adminClient().setHold('s-2', false);
    expect(await service.enforceRetention(start + 31 * DAY)).toEqual({ deleted: [], movedToCold: ['s-2'] }); // the policy is now cold
  });

  it('answers browsers cross-origin: preflights pass the signing headers, refusals still carry the origin grant', async () => {
    const preflight = await fetch(`${relay.httpUrl}/archive/v1/sessions/s-1/blobs/org`, {
      method: 'OPTIONS', headers: { origin: 'http://127.0.0.1:9', 'access-control-request-method': 'PATCH', 'access-control-request-headers': 'x-tether-signature, upload-offset' },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe('*');
    expect(preflight.headers.get('access-control-allow-methods')).toContain('PATCH');
    for (const header of ['x-tether-signature', 'x-tether-certificate', 'x-tether-admin-key', 'upload-offset']) {
      expect(preflight.headers.get('access-control-allow-headers')).toContain(header);
    }
    const refused = await fetch(`${relay.httpUrl}/archive/v1/sessions`, { headers: { origin: 'http://127.0.0.1:9' } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe('*');
    // the relay's other endpoints are not opened to other origins
    const health = await fetch(`${relay.httpUrl}/healthz`, { headers: { origin: 'http://127.0.0.1:9' } });
    expect(health.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the technician who began an upload restart it with new content while it is incomplete (a re-seal after a reload), never a complete one', async () => {
    const recordingPath = await recordSession('s-6', 200);
    const manifest = { v: 1 as const, sessionId: 's-6', org: ORG, technicianSerial: org.cert.serial, certificate: org.cert, startedAt: clock, endedAt: clock, recordingSha512: '', logSha512: '', signature: '' };
    const logText = serializeLog(signedLog(org.tech.secretKey, clock));
    const first = await sealSessionToFile({ recordingPath, logText, manifest }, archiveKeys.publicKey, join(folder, 's-6.first.ttar'));
    const second = await sealSessionToFile({ recordingPath, logText, manifest }, archiveKeys.publicKey, join(folder, 's-6.second.ttar'));
    expect(second.sha256).not.toBe(first.sha256); // a fresh ephemeral key: other ciphertext for the same session
    const tech = new ArchiveClient(relay.httpUrl, { kind: 'technician', certificate: org.cert, secretKey: org.tech.secretKey });
    const requestFor = (sealed: { size: number; sha256: string }) => ({ startedAt: clock, endedAt: clock + 5, blobs: { org: { size: sealed.size, sha256: sealed.sha256 } } });
    await tech.begin('s-6', requestFor(first));
    expect(await tech.append('s-6', 'org', 0, new Uint8Array(await readFile(first.path)).subarray(0, 50_000))).toBe(50_000);
    // another technician of the same organisation cannot take it over
    const colleague = makeOrg({ serial: 'tech-0002' });
    const colleagueCert = issueCertificate(org.root.secretKey, { ...certFields(colleague), org: ORG, techPub: colleague.tech.publicKey });
    const other = new ArchiveClient(relay.httpUrl, { kind: 'technician', certificate: colleagueCert, secretKey: colleague.tech.secretKey });
    await expect(other.begin('s-6', requestFor(second))).rejects.toMatchObject({ status: 409 });
    // the uploader restarts with the re-sealed copy: the partial bytes are dropped and the new copy lands
    const restarted = await tech.begin('s-6', requestFor(second));
    expect(restarted.blobs.org).toMatchObject({ sha256: second.sha256, received: 0 });
    const done = await tech.uploadFiles('s-6', requestFor(second), { org: second.path });
    expect(done.complete).toBe(true);
    expect(await adminClient().fetchBlob('s-6')).toEqual(new Uint8Array(await readFile(second.path)));
    // complete: no more restarts
    await expect(tech.begin('s-6', requestFor(first))).rejects.toMatchObject({ status: 409 });
  });
});
