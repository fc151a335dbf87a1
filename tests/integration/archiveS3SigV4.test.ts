// The S3 signature check is real: s3rver behind s3SigV4Proxy (signatures re-computed with
// @smithy/signature-v4). A wrong secret, a wrong region or a clock more than 15 min off make S3BlobStore
// fail with an S3RequestError (TetherError E_INTERNAL naming S3's code) and write nothing; requests signed by
// our signer but changed on the way (payload, path, query) or sent with UNSIGNED-PAYLOAD are refused.
import { randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArchiveKeyPair, generateTechnicianKeyPair } from '../../packages/crypto/src/index';
import { encodeAdminKey } from '../../packages/recording/src/index';
import { ArchiveClient, RecordingFileWriter, archiveSession } from '../../packages/recording/src/node/index';
import { S3BlobStore } from '../../apps/relay/src/node/archive/index';
import { openArchiveFromConfig } from '../../apps/relay/src/node/archive/archiveFromConfig';
import { resolveRelayConfig } from '../../apps/relay/src/node/config';
import { startRelay } from '../../apps/relay/src/node/index';
import { makeOrg, testConfig } from '../../apps/relay/test/relayFixtures';
import { payloadSha256, s3CanonicalPath, s3CanonicalQuery, signS3Request } from '../../apps/relay/src/node/archive/s3Signature';
import { startS3rver, type TestS3 } from '../support/s3rver';
import { startSigV4Proxy, type SigV4Proxy } from '../support/s3SigV4Proxy';

let s3: TestS3;
let proxy: SigV4Proxy;

beforeAll(async () => {
  s3 = await startS3rver(['tether-sig']);
  proxy = await startSigV4Proxy({ upstream: s3.endpoint, region: s3.region, keys: { [s3.accessKeyId]: s3.secretAccessKey } });
});

afterAll(async () => {
  await proxy?.stop();
  await s3?.stop();
});

const MINUTE = 60_000;
const store = (extra: { secretAccessKey?: string; region?: string; now?: () => Date } = {}) =>
  new S3BlobStore({ endpoint: proxy.endpoint, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, bucket: 'tether-sig', ...extra });

/** A request signed by our signer for `signed`, but sent as `sent` (to tamper with it on the way). */
async function rawRequest(signed: { method: string; path: string; query?: Record<string, string>; body: string; payloadHash?: string }, sent: Partial<typeof signed> & { headers?: Record<string, string> } = {}): Promise<{ status: number; code: string | undefined }> {
  const host = new URL(proxy.endpoint).host;
  const { headers } = signS3Request(
    { method: signed.method, path: signed.path, query: signed.query, headers: { host }, payloadHash: signed.payloadHash ?? payloadSha256(signed.body) },
    { accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, region: s3.region }, new Date(),
  );
  delete headers.host;
  const query = s3CanonicalQuery(sent.query ?? signed.query);
  const response = await fetch(`${proxy.endpoint}${s3CanonicalPath(sent.path ?? signed.path)}${query ? `?${query}` : ''}`, {
    method: signed.method, headers: { ...headers, ...sent.headers }, body: signed.method === 'GET' ? undefined : (sent.body ?? signed.body),
  });
  const text = await response.text();
  return { status: response.status, code: /<Code>([^<]*)<\/Code>/.exec(text)?.[1] };
}

describe('S3BlobStore against the verifying proxy', () => {
  it('a wrong secret key: SignatureDoesNotMatch as a TetherError, nothing written', async () => {
    const error = await store({ secretAccessKey: 'not-the-secret' }).append('org/a.org', 0, Uint8Array.of(1, 2, 3)).catch((e: unknown) => e);
    expect(error).toMatchObject({ name: 'S3RequestError', code: 'E_INTERNAL', status: 403, s3Code: 'SignatureDoesNotMatch' });
    expect((error as Error).message).toMatch(/S3 refused LIST hot\/org\/a\.org\/: HTTP 403 SignatureDoesNotMatch.*check the archive S3 access key, secret key, region/);
    expect(await store().size('org/a.org')).toBe(0);
  });

  it('a wrong region: refused (AuthorizationHeaderMalformed)', async () => {
    await expect(store({ region: 'eu-west-1' }).append('org/b.org', 0, Uint8Array.of(1))).rejects.toMatchObject({ code: 'E_INTERNAL', status: 400, s3Code: 'AuthorizationHeaderMalformed' });
    expect(await store().size('org/b.org')).toBe(0);
  });

  it('a clock more than 15 min off either way: RequestTimeTooSkewed; 14 min off still works', async () => {
    for (const offset of [-16 * MINUTE, 16 * MINUTE]) {
      await expect(store({ now: () => new Date(Date.now() + offset) }).append('org/c.org', 0, Uint8Array.of(1))).rejects.toMatchObject({ status: 403, s3Code: 'RequestTimeTooSkewed' });
    }
    expect(await store().size('org/c.org')).toBe(0);
    const late = store({ now: () => new Date(Date.now() - 14 * MINUTE) });
    expect(await late.append('org/c.org', 0, Uint8Array.of(1, 2))).toBe(2);
    expect(await store().size('org/c.org')).toBe(2);
  });

  it('the right credentials with awkward keys pass (path and query encoding agree with the verifier)', async () => {
    const blobs = store();
    const key = "acme%2fsupport/it's (x)*!~ é.org";
    expect(await blobs.append(key, 0, Uint8Array.of(9, 8, 7))).toBe(3);
    expect(await blobs.size(key)).toBe(3);
    await blobs.moveToCold(key);
    expect(await blobs.size(key, 'cold')).toBe(3);
    expect(proxy.log.filter((e) => e.path.includes('it') && e.refused !== undefined)).toEqual([]);
  });

  it('an unreachable endpoint is a TetherError too', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as { port: number };
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const blobs = new S3BlobStore({ endpoint: `http://127.0.0.1:${port}`, region: s3.region, accessKeyId: s3.accessKeyId, secretAccessKey: s3.secretAccessKey, bucket: 'tether-sig' });
    await expect(blobs.size('org/x.org')).rejects.toMatchObject({ name: 'TetherError', code: 'E_INTERNAL', message: expect.stringMatching(/unreachable/) });
  });
});

describe('requests changed after signing are refused', () => {
  const put = { method: 'PUT', path: '/tether-sig/raw/object', body: 'the signed body' };

  it('the untouched request passes (control)', async () => {
    expect(await rawRequest(put)).toEqual({ status: 200, code: undefined });
  });

  it('another payload with the signed hash: XAmzContentSHA256Mismatch', async () => {
    expect(await rawRequest(put, { body: 'a tampered body' })).toEqual({ status: 400, code: 'XAmzContentSHA256Mismatch' });
  });

  it('another payload with its own hash but the old signature: SignatureDoesNotMatch', async () => {
    expect(await rawRequest(put, { body: 'a tampered body', headers: { 'x-amz-content-sha256': payloadSha256('a tampered body') } })).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('another path or query: SignatureDoesNotMatch', async () => {
    expect(await rawRequest(put, { path: '/tether-sig/raw/other' })).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
    const list = { method: 'GET', path: '/tether-sig/', query: { 'list-type': '2', prefix: 'raw/' }, body: '' };
    expect(await rawRequest(list)).toEqual({ status: 200, code: undefined });
    expect(await rawRequest(list, { query: { 'list-type': '2', prefix: 'hot/' } })).toEqual({ status: 403, code: 'SignatureDoesNotMatch' });
  });

  it('UNSIGNED-PAYLOAD is refused (our client always signs the payload hash)', async () => {
    expect(await rawRequest({ ...put, payloadHash: 'UNSIGNED-PAYLOAD' })).toEqual({ status: 403, code: 'AccessDenied' });
  });
});

describe('the relay archive with a wrong S3 secret', () => {
  it('answers the technician\'s upload with a JSON E_INTERNAL error naming SignatureDoesNotMatch and keeps serving', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tether-archive-s3-sig-'));
    const org = makeOrg();
    const admin = generateTechnicianKeyPair();
    const config = resolveRelayConfig({
      ...testConfig(org), archiveDir: join(folder, 'index'), archiveS3Endpoint: proxy.endpoint, archiveS3Region: s3.region, archiveS3Bucket: 'tether-sig',
      archiveS3AccessKeyId: s3.accessKeyId, archiveS3SecretAccessKey: 'a-wrong-secret', archiveAdminKeys: [encodeAdminKey('admin-pub', admin.publicKey)],
    });
    const archive = await openArchiveFromConfig(config);
    if (!archive) throw new Error('archive not configured');
    const relay = await startRelay(config, { archive });
    try {
      const start = Date.now();
      const recordingPath = join(folder, 'sig-1.ttrec');
      const writer = await RecordingFileWriter.create(recordingPath, { v: 1, sessionId: 'sig-1', org: org.cert.org, technicianSerial: org.cert.serial, codecString: 'vp8', startedAt: start });
      writer.recordMessage('agent', { v: 1, type: 'video.chunk', seq: 0, timestampUs: 0, keyframe: true, codec: 'vp8', surfaceId: 0, width: 64, height: 64, data: randomBytes(100) }, start);
      await writer.close();
      const upload = archiveSession({
        relayHttpUrl: relay.httpUrl, certificate: org.cert, techSecretKey: org.tech.secretKey, archivePublicKey: generateArchiveKeyPair().publicKey,
        sessionId: 'sig-1', recordingPath, logEntries: [], startedAt: start, endedAt: start + 1000,
      });
      await expect(upload).rejects.toMatchObject({ code: 'E_INTERNAL', message: expect.stringMatching(/SignatureDoesNotMatch/) });
      // the relay is still up and answers the admin; the item is announced but holds no bytes
      const items = await new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey }).list();
      expect(items.map((i) => [i.sessionId, i.complete])).toEqual([['sig-1', false]]);
    } finally {
      await relay.close();
      await archive.close();
      await rm(folder, { recursive: true, force: true });
    }
  });
});
