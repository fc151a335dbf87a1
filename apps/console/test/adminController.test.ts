// The admin view's controller in Node against a real relay + SQLite/folder archive over loopback HTTP
// (the page's fetch is Node's): an admin key the relay does not know, sign-in, search, legal hold, open
// (verified), an unreachable relay, and a customer token used for another session.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionLogWriter, encodeKey, generateArchiveKeyPair, generateTechnicianKeyPair, logCounterSignaturePayload, signDetached } from '@tether/crypto';
import { toBase64, type VideoChunkMessage } from '@tether/protocol';
import { encodeAdminKey, type FetchLike } from '@tether/recording';
import { RecordingFileWriter, archiveSession } from '@tether/recording/node';
import { FolderBlobStore, SqliteIndex, createRelayArchive, type RelayArchive } from '../../relay/src/node/archive/index';
import type { RunningRelay } from '../../relay/src/node/index';
import { ORG, makeOrg, startTestRelay, type TestOrg } from '../../relay/test/relayFixtures';
import { AdminController } from '../src/common/admin/adminController';

let folder: string;
let org: TestOrg;
let relay: RunningRelay;
let archive: RelayArchive;
const archiveKeys = generateArchiveKeyPair();
const admin = generateTechnicianKeyPair();
const START = Date.now() - 10_000;
let token = '';

const controllerFor = (relayUrl: string) => new AdminController({
  config: { relayUrl, org: { org: ORG, rootPublicKey: org.root.publicKey, archivePublicKey: archiveKeys.publicKey } },
  fetch: fetch as unknown as FetchLike,
});

async function archiveOne(sessionId: string, customerRef: string): Promise<string> {
  const path = join(folder, `${sessionId}.ttrec`);
  const writer = await RecordingFileWriter.create(path, { v: 1, sessionId, org: ORG, technicianSerial: org.cert.serial, codecString: 'vp8', startedAt: START });
  const chunk: VideoChunkMessage = { v: 1, type: 'video.chunk', seq: 0, timestampUs: 0, keyframe: true, codec: 'vp8', surfaceId: 0, width: 64, height: 48, data: new Uint8Array(50) };
  writer.recordMessage('agent', chunk, START + 100);
  await writer.close();
  const agent = generateTechnicianKeyPair();
  const log = new SessionLogWriter(org.tech.secretKey);
  log.append('handshake', { sas: '123456', agentSessionPub: toBase64(agent.publicKey) }, START);
  const last = log.append('session.ended', { reason: 'done' }, START + 500);
  log.attachCounterSignature(last.index, signDetached(logCounterSignaturePayload(last.hash), agent.secretKey), agent.publicKey);
  const archived = await archiveSession({
    relayHttpUrl: relay.httpUrl, certificate: org.cert, techSecretKey: org.tech.secretKey, archivePublicKey: archiveKeys.publicKey,
    sessionId, recordingPath: path, logEntries: log.entries, startedAt: START, endedAt: START + 500, customerRef,
  });
  return archived.customerToken as string;
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tether-admin-controller-'));
  org = makeOrg();
  archive = createRelayArchive({
    index: new SqliteIndex(join(folder, 'index.sqlite')), blobs: new FolderBlobStore(join(folder, 'hot'), join(folder, 'cold')),
    organisations: [{ org: ORG, rootPublicKey: org.root.publicKey, adminKeys: [encodeAdminKey('admin-pub', admin.publicKey)] }],
  });
  relay = await startTestRelay(org, {}, { archive });
  token = await archiveOne('s-a', 'cust-a');
  await archiveOne('s-b', 'cust-b');
});

afterAll(async () => {
  await relay?.close();
  await archive?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('AdminController', () => {
  const archiveSec = () => encodeKey('archive-sec', archiveKeys.secretKey);

  it('explains an admin key the relay does not know, and an unreachable relay', async () => {
    const controller = controllerFor(relay.url);
    expect(await controller.signInAdmin(encodeAdminKey('admin-sec', generateTechnicianKeyPair().secretKey), archiveSec())).toBe(false);
    expect(controller.stores.auth.getState()).toMatchObject({ mode: 'signed-out', error: expect.stringMatching(/does not accept this admin key \(is admin\.pub in the relay's archive adminKeys\?\)/) });
    const down = controllerFor('ws://127.0.0.1:9/relay');
    expect(await down.signInAdmin(encodeAdminKey('admin-sec', admin.secretKey), archiveSec())).toBe(false);
    expect(down.stores.auth.getState().error).toMatch(/sign-in failed: the relay cannot be reached/);
  });

  it('signs in, searches, holds and opens a verified session', async () => {
    const controller = controllerFor(relay.url);
    expect(await controller.signInAdmin(encodeAdminKey('admin-sec', admin.secretKey), archiveSec())).toBe(true);
    expect(controller.stores.archive.getState().items.map((i) => i.sessionId).sort()).toEqual(['s-a', 's-b']);
    controller.setSearchForm({ customerRef: 'cust-b' });
    await controller.search();
    expect(controller.stores.archive.getState().items.map((i) => i.sessionId)).toEqual(['s-b']);
    await controller.setLegalHold('s-b', true);
    expect(controller.stores.archive.getState().items[0]).toMatchObject({ sessionId: 's-b', legalHold: true });
    await controller.openSession('s-b');
    const record = controller.stores.record.getState();
    expect(record.status).toBe('open');
    expect(record.record?.verdict).toMatchObject({ ok: true, headline: 'verified' });
    expect(record.record?.timeline.frames).toHaveLength(1);
    controller.signOut();
    expect(controller.stores.auth.getState().mode).toBe('signed-out');
    await controller.openSession('s-a'); // no keys any more: nothing happens
    expect(controller.stores.record.getState().status).toBe('idle');
  });

  it("opens a customer's own record and refuses another session with the same token", async () => {
    const controller = controllerFor(relay.url);
    expect(await controller.openCustomerRecord('s-a', token)).toBe(true);
    expect(controller.stores.record.getState().record?.verdict.ok).toBe(true);
    expect(await controller.openCustomerRecord('s-b', token)).toBe(false);
    expect(controller.stores.record.getState()).toMatchObject({ status: 'failed', error: expect.stringMatching(/^this token does not open session s-b/) });
    expect(await controller.openCustomerRecord('s-a', 'not-a-token')).toBe(false);
    expect(controller.stores.record.getState().error).toMatch(/customer token starts with "tct1\."/);
  });
});
