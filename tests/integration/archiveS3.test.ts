// S3BlobStore against a real S3 server (s3rver on loopback) behind a SigV4-verifying proxy (s3SigV4Proxy:
// every request's signature is re-computed with @smithy/signature-v4 and refused when it differs, since
// s3rver itself checks access keys only): appends at the current end,
// reads back in order, refuses a wrong offset, deletes, moves to a cold bucket or the cold/ prefix; and the
// relay archive opened from config with S3 blobs takes a real upload that the admin fetches back.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SessionLogWriter, generateArchiveKeyPair, generateTechnicianKeyPair, logCounterSignaturePayload, openArchive, signDetached, type LogEntry } from '../../packages/crypto/src/index';
import { toBase64 } from '../../packages/protocol/src/index';
import { encodeAdminKey } from '../../packages/recording/src/index';
import { ArchiveClient, RecordingFileWriter, archiveSession } from '../../packages/recording/src/node/index';
import { S3BlobStore } from '../../apps/relay/src/node/archive/index';
import { openArchiveFromConfig } from '../../apps/relay/src/node/archive/archiveFromConfig';
import { resolveRelayConfig } from '../../apps/relay/src/node/config';
import { startRelay } from '../../apps/relay/src/node/index';
import { makeOrg, testConfig } from '../../apps/relay/test/relayFixtures';
import { startS3rver, type TestS3 } from '../support/s3rver';
import { startSigV4Proxy, type SigV4Proxy } from '../support/s3SigV4Proxy';

let s3: TestS3;
let proxy: SigV4Proxy;
let folder: string;

beforeAll(async () => {
  s3 = await startS3rver(['tether-hot', 'tether-cold', 'tether-single', 'tether-archive']);
  proxy = await startSigV4Proxy({ upstream: s3.endpoint, region: s3.region, keys: { [s3.accessKeyId]: s3.secretAccessKey } });
  folder = await mkdtemp(join(tmpdir(), 'tether-archive-s3-'));
});

afterAll(async () => {
  await proxy?.stop();
  await s3?.stop();
  await rm(folder, { recursive: true, force: true });
});

const store = (extra: { bucket: string; coldBucket?: string }) =>
  new S3BlobStore({ endpoint: proxy.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, ...extra });

/** Every request so far passed the signature check, and PUTs with a body carried its SHA-256. */
function expectAllVerified(): void {
  expect(proxy.log.length).toBeGreaterThan(0);
  expect(proxy.log.filter((e) => e.refused !== undefined)).toEqual([]);
  for (const entry of proxy.log) expect(entry.payloadHash).toMatch(/^[0-9a-f]{64}$/);
}

/** A minimal session log the archive accepts: handshake, then a counter-signed end. */
function counterSignedLog(techSecret: Uint8Array, start: number): LogEntry[] {
  const agent = generateTechnicianKeyPair();
  const log = new SessionLogWriter(techSecret);
  log.append('handshake', { sas: '111222', agentSessionPub: toBase64(agent.publicKey) }, start);
  const last = log.append('session.ended', { reason: 'done' }, start + 10);
  const attached = log.attachCounterSignature(last.index, signDetached(logCounterSignaturePayload(last.hash), agent.secretKey), agent.publicKey);
  if (!attached.ok) throw attached.error;
  return log.entries;
}

async function readAll(blobs: S3BlobStore, key: string, where: 'hot' | 'cold' = 'hot'): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const part of blobs.read(key, where)) parts.push(part);
  return Buffer.concat(parts);
}

describe('S3BlobStore on s3rver behind the SigV4 check', () => {
  it.each([
    ['a separate cold bucket', { bucket: 'tether-hot', coldBucket: 'tether-cold' }],
    ['the cold/ prefix of the same bucket', { bucket: 'tether-single' }],
  ])('appends, reads, refuses a wrong offset, moves to cold and deletes (%s)', async (_, buckets) => {
    const blobs = store(buckets);
    const key = 'acme%2fsupport/session-1.org';
    const a = randomBytes(70_000);
    const b = randomBytes(1_100_000);
    const c = randomBytes(5);
    expect(await blobs.size(key)).toBe(0);
    expect(await blobs.append(key, 0, a)).toBe(a.length);
    expect(await blobs.append(key, a.length, b)).toBe(a.length + b.length);
    await expect(blobs.append(key, a.length, c)).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    expect(await blobs.append(key, a.length + b.length, c)).toBe(a.length + b.length + c.length);
    expect(await blobs.size(key)).toBe(a.length + b.length + c.length);
    expect((await readAll(blobs, key)).equals(Buffer.concat([a, b, c]))).toBe(true);
    // another blob under the same prefix stays apart
    await blobs.append(`${key}x`, 0, c);
    expect(await blobs.size(key)).toBe(a.length + b.length + c.length);

    await blobs.moveToCold(key);
    expect(await blobs.size(key, 'hot')).toBe(0);
    expect(await blobs.size(key, 'cold')).toBe(a.length + b.length + c.length);
    expect((await readAll(blobs, key, 'cold')).equals(Buffer.concat([a, b, c]))).toBe(true);
    expect(await blobs.size(`${key}x`)).toBe(c.length);

    await blobs.delete(key, 'cold');
    await blobs.delete(`${key}x`);
    expect(await blobs.size(key, 'cold')).toBe(0);
    expect(await blobs.size(`${key}x`)).toBe(0);
    expect(await readAll(blobs, key, 'cold')).toHaveLength(0);
    expectAllVerified();
    // the 1.1 MB part went through with its own hash as x-amz-content-sha256 (signed payload)
    expect(proxy.log.some((e) => e.method === 'PUT' && e.bodyLength === b.length)).toBe(true);
  });

  it('surfaces server refusals as TetherErrors naming S3\'s code (unknown access key, unknown bucket)', async () => {
    const blobs = new S3BlobStore({ endpoint: proxy.endpoint, region: s3.region, accessKeyId: 'NOT-A-KEY', secretAccessKey: s3.secretAccessKey, bucket: 'tether-hot' });
    await expect(blobs.append('k/x.org', 0, Uint8Array.of(1))).rejects.toMatchObject({ name: 'S3RequestError', code: 'E_INTERNAL', status: 403, s3Code: 'InvalidAccessKeyId' });
    // a signed request for a bucket that does not exist reaches s3rver, which answers NoSuchBucket
    await expect(store({ bucket: 'no-such-bucket' }).append('k/x.org', 0, Uint8Array.of(1))).rejects.toMatchObject({ code: 'E_INTERNAL', status: 404, s3Code: 'NoSuchBucket' });
  });

  it('backs the relay archive opened from config: a technician uploads, the admin fetches the same ciphertext', async () => {
    const org = makeOrg();
    const admin = generateTechnicianKeyPair();
    const archiveKeys = generateArchiveKeyPair();
    const config = resolveRelayConfig({
      ...testConfig(org), archiveDir: join(folder, 'index'), archiveS3Endpoint: proxy.endpoint, archiveS3Region: s3.region, archiveS3Bucket: 'tether-archive',
      archiveS3AccessKeyId: s3.accessKeyId, archiveS3SecretAccessKey: s3.secretAccessKey, archiveAdminKeys: [encodeAdminKey('admin-pub', admin.publicKey)],
    });
    const archive = await openArchiveFromConfig(config);
    if (!archive) throw new Error('archive not configured');
    const relay = await startRelay(config, { archive });
    try {
      const start = Date.now();
      const recordingPath = join(folder, 's3-1.ttrec');
      const writer = await RecordingFileWriter.create(recordingPath, { v: 1, sessionId: 's3-1', org: org.cert.org, technicianSerial: org.cert.serial, codecString: 'vp8', startedAt: start });
      writer.recordMessage('agent', { v: 1, type: 'video.chunk', seq: 0, timestampUs: 0, keyframe: true, codec: 'vp8', surfaceId: 0, width: 64, height: 64, data: randomBytes(3000) }, start);
      await writer.close();
      await archiveSession({
        relayHttpUrl: relay.httpUrl, certificate: org.cert, techSecretKey: org.tech.secretKey, archivePublicKey: archiveKeys.publicKey,
        sessionId: 's3-1', recordingPath, logEntries: counterSignedLog(org.tech.secretKey, start), startedAt: start, endedAt: start + 1000,
      });
      const client = new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey });
      expect((await client.list()).map((i) => [i.sessionId, i.complete])).toEqual([['s3-1', true]]);
      const sealed = await client.fetchBlob('s3-1');
      expect(openArchive(archiveKeys.secretKey, sealed).ok).toBe(true);
      // the ciphertext really lives in the bucket
      const blobs = store({ bucket: 'tether-archive' });
      expect(await blobs.size(`${org.cert.org}/s3-1.org`)).toBe(sealed.length);
      expect(proxy.log.filter((e) => e.refused === undefined && e.path.startsWith('/tether-archive/')).length).toBeGreaterThan(0);
    } finally {
      await relay.close();
      await archive.close();
    }
  });
});
