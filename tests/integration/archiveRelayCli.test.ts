// `pnpm relay` with the archive configured by environment only: a real relay process opens SQLite + the blob
// folder, a technician uploads a sealed session, an admin lists and fetches it, and it is still there after
// the relay restarts. A second organisation comes from an organisations file; bad archive settings are named.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionLogWriter, encodeKey, generateArchiveKeyPair, generateTechnicianKeyPair, logCounterSignaturePayload, openArchive, signDetached, type LogEntry } from '../../packages/crypto/src/index';
import { toBase64 } from '../../packages/protocol/src/index';
import { encodeAdminKey } from '../../packages/recording/src/index';
import { ArchiveClient, RecordingFileWriter, archiveSession } from '../../packages/recording/src/node/index';
import { ORG, makeOrg, type TestOrg } from '../../apps/relay/test/relayFixtures';

let folder: string;
let org: TestOrg;
let otherOrg: TestOrg;
const admin = generateTechnicianKeyPair();
const otherAdmin = generateTechnicianKeyPair();
const archiveKeys = generateArchiveKeyPair();

interface RelayProcess {
  child: ChildProcessWithoutNullStreams;
  httpUrl: string;
  stop(): Promise<number | null>;
}

function spawnRelay(env: Record<string, string>): ChildProcessWithoutNullStreams {
  return spawn(process.execPath, ['--import', 'tsx', 'apps/relay/src/node/main.ts'], { env: { ...process.env, TETHER_RELAY_PORT: '0', ...env }, stdio: ['pipe', 'pipe', 'pipe'] });
}

async function startRelayProcess(env: Record<string, string>): Promise<RelayProcess> {
  const child = spawnRelay(env);
  const out = await new Promise<string>((resolve, reject) => {
    let text = '';
    let errText = '';
    child.stderr.on('data', (d: Buffer) => (errText += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      text += d.toString();
      if (/archive at .*\n/.test(text)) resolve(text);
    });
    child.once('exit', (code) => reject(new Error(`relay exited with ${code}: ${errText}${text}`)));
  });
  const port = /listening on ws:\/\/127\.0\.0\.1:(\d+)\/relay/.exec(out)?.[1];
  if (!port) throw new Error(`no URL in: ${out}`);
  return {
    child, httpUrl: `http://127.0.0.1:${port}`,
    stop: () => {
      const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      return exited;
    },
  };
}

function counterSignedLog(techSecret: Uint8Array, start: number): LogEntry[] {
  const agent = generateTechnicianKeyPair();
  const log = new SessionLogWriter(techSecret);
  log.append('handshake', { sas: '654321', agentSessionPub: toBase64(agent.publicKey) }, start);
  const last = log.append('session.ended', { reason: 'done' }, start + 10);
  const attached = log.attachCounterSignature(last.index, signDetached(logCounterSignaturePayload(last.hash), agent.secretKey), agent.publicKey);
  if (!attached.ok) throw attached.error;
  return log.entries;
}

async function upload(relayHttpUrl: string, who: TestOrg, sessionId: string): Promise<void> {
  const start = Date.now();
  const recordingPath = join(folder, `${sessionId}.ttrec`);
  const writer = await RecordingFileWriter.create(recordingPath, { v: 1, sessionId, org: who.cert.org, technicianSerial: who.cert.serial, codecString: 'vp8', startedAt: start });
  writer.recordMessage('agent', { v: 1, type: 'video.chunk', seq: 0, timestampUs: 0, keyframe: true, codec: 'vp8', surfaceId: 0, width: 64, height: 64, data: new Uint8Array(2000).fill(7) }, start);
  await writer.close();
  await archiveSession({
    relayHttpUrl, certificate: who.cert, techSecretKey: who.tech.secretKey, archivePublicKey: archiveKeys.publicKey,
    sessionId, recordingPath, logEntries: counterSignedLog(who.tech.secretKey, start), startedAt: start, endedAt: start + 1000,
  });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tether-archive-cli-'));
  org = makeOrg();
  otherOrg = makeOrg({ org: 'other-org' });
});

afterAll(async () => {
  await rm(folder, { recursive: true, force: true });
});

describe('relay CLI with the archive', () => {
  it('serves the archive from environment config (SQLite + folder), and keeps it across a restart', async () => {
    const orgsFile = join(folder, 'organisations.json');
    await writeFile(orgsFile, JSON.stringify([{ org: 'other-org', rootPublicKey: encodeKey('root-pub', otherOrg.root.publicKey), adminKeys: [encodeAdminKey('admin-pub', otherAdmin.publicKey)] }]));
    const env = {
      TETHER_RELAY_ORG: ORG, TETHER_RELAY_ROOT_PUBLIC_KEY: org.rootPublicKeyText, TETHER_RELAY_ARCHIVE_DIR: join(folder, 'archive'),
      TETHER_RELAY_ARCHIVE_ADMIN_KEYS: encodeAdminKey('admin-pub', admin.publicKey), TETHER_RELAY_ARCHIVE_ORGANISATIONS_FILE: orgsFile,
      TETHER_RELAY_ARCHIVE_RETENTION_INTERVAL_MS: '60000',
    };
    let relay = await startRelayProcess(env);
    try {
      await upload(relay.httpUrl, org, 'cli-1');
      await upload(relay.httpUrl, otherOrg, 'cli-other');
      const adminClient = () => new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey });
      expect((await adminClient().list()).map((i) => i.sessionId)).toEqual(['cli-1']);
      expect((await new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey: otherAdmin.secretKey }).list()).map((i) => i.sessionId)).toEqual(['cli-other']);
      expect(await relay.stop()).toBe(0);

      relay = await startRelayProcess(env);
      const items = await adminClient().list();
      expect(items.map((i) => [i.sessionId, i.complete])).toEqual([['cli-1', true]]);
      const sealed = await adminClient().fetchBlob('cli-1');
      expect(openArchive(archiveKeys.secretKey, sealed).ok).toBe(true);
    } finally {
      if (relay.child.exitCode === null) expect(await relay.stop()).toBe(0);
    }
  }, 60_000);

  it.each([
    ['no admin keys', { TETHER_RELAY_ARCHIVE_DIR: '/tmp/x' }, /archiveAdminKeys/],
    ['an S3 endpoint without a bucket', { TETHER_RELAY_ARCHIVE_S3_ENDPOINT: 'http://127.0.0.1:1' }, /archiveS3Bucket/],
    ['a non-postgres index URL', { TETHER_RELAY_ARCHIVE_POSTGRES_URL: 'mysql://x' }, /archivePostgresUrl/],
    ['a bad admin key', { TETHER_RELAY_ARCHIVE_DIR: '/tmp/x', TETHER_RELAY_ARCHIVE_ADMIN_KEYS: 'tether:root-pub:AAAA' }, /admin key .*wrong key kind/],
    ['a missing organisations file', { TETHER_RELAY_ARCHIVE_DIR: '/tmp/x', TETHER_RELAY_ARCHIVE_ORGANISATIONS_FILE: '/nonexistent/orgs.json' }, /organisations file .*could not be read/],
  ])('refuses %s with a message naming it', async (_, env, message) => {
    const child = spawnRelay({ TETHER_RELAY_ROOT_PUBLIC_KEY: org.rootPublicKeyText, ...env });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(message);
  });
});
