// The archive service against the scale-out store: a real PostgreSQL server (private cluster) for the
// index, with the blob folder. Same rules as the embedded store: idempotent begin, offset-checked appends,
// digest check, org scoping, hold, retention with an injected clock.
import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ArchiveService, FolderBlobStore, PostgresIndex } from '../../apps/relay/src/node/archive/index';
import { postgresAvailable, startPostgres, type RunningPostgres } from '../support/postgres';

const DAY = 86_400_000;
const T0 = 1_750_000_000_000;
let pg: RunningPostgres;
let index: PostgresIndex;
let folder: string;
let service: ArchiveService;
const tech = { kind: 'technician', org: 'acme', serial: 'tech-1', name: 'Ada' } as const;
const admin = { kind: 'admin', org: 'acme' } as const;
const otherAdmin = { kind: 'admin', org: 'other' } as const;

const bytes = (n: number, fill: number) => new Uint8Array(n).fill(fill);
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

describe.skipIf(!postgresAvailable())('archive on PostgreSQL', () => {
  beforeAll(async () => {
    pg = await startPostgres();
    index = await PostgresIndex.connect(pg.url);
    folder = await mkdtemp(join(tmpdir(), 'tether-archive-pg-'));
    service = new ArchiveService(index, new FolderBlobStore(join(folder, 'hot'), join(folder, 'cold')), () => T0);
  }, 60_000);

  afterAll(async () => {
    await index?.close();
    await pg?.stop();
    if (folder) await rm(folder, { recursive: true, force: true });
  });

  it('uploads idempotently and resumably, checks the digest and scopes reads to the org', async () => {
    const blob = bytes(5000, 3);
    const request = { startedAt: T0, endedAt: T0 + 1000, customerRef: 'c-1', blobs: { org: { size: blob.length, sha256: sha(blob) } } };
    expect((await service.begin(tech, 'p-1', request)).blobs.org.received).toBe(0);
    expect((await service.append(tech, 'p-1', 'org', 0, blob.subarray(0, 2000))).received).toBe(2000);
    await expect(service.append(tech, 'p-1', 'org', 0, blob.subarray(0, 2000))).rejects.toMatchObject({ received: 2000 });
    expect((await service.begin(tech, 'p-1', request)).blobs.org.received).toBe(2000);
    expect(await service.append(tech, 'p-1', 'org', 2000, blob.subarray(2000))).toEqual({ received: 5000, complete: true });
    const read = await service.read(admin, 'p-1', 'org');
    const parts: Uint8Array[] = [];
    for await (const p of read.stream) parts.push(p);
    expect(Buffer.concat(parts)).toEqual(Buffer.from(blob));
    expect((await service.list(admin, { customerRef: 'c-1' })).map((i) => i.sessionId)).toEqual(['p-1']);
    expect(await service.list(otherAdmin, {})).toEqual([]);
    await expect(service.read(otherAdmin, 'p-1', 'org')).rejects.toMatchObject({ code: 'E_SESSION_UNKNOWN' });
    await expect(service.begin(tech, 'p-1', { ...request, blobs: { org: { size: 5000, sha256: sha(bytes(5000, 4)) } } })).rejects.toMatchObject({ received: -1 });
    const bad = { startedAt: T0, endedAt: T0, blobs: { org: { size: 10, sha256: sha(bytes(10, 1)) } } };
    await service.begin(tech, 'p-bad', bad);
    await expect(service.append(tech, 'p-bad', 'org', 0, bytes(10, 2))).rejects.toMatchObject({ code: 'E_DECRYPT_FAILED' });
  });

  it('retention deletes exactly the expired, non-held items', async () => {
    for (const [id, endedAt] of [['p-2', T0 + DAY], ['p-3', T0 + 5 * DAY]] as const) {
      const blob = bytes(100, 9);
      await service.begin(tech, id, { startedAt: T0, endedAt, blobs: { org: { size: 100, sha256: sha(blob) } } });
      await service.append(tech, id, 'org', 0, blob);
    }
    await service.setHold(admin, 'p-1', true);
    expect(await service.enforceRetention(T0 + 30 * DAY - 1)).toEqual({ deleted: [], movedToCold: [] });
    const first = await service.enforceRetention(T0 + 31 * DAY);
    expect(first.deleted.sort()).toEqual(['p-2', 'p-bad']);
    expect((await service.list(admin, {})).map((i) => i.sessionId).sort()).toEqual(['p-1', 'p-3']);
    await service.setPolicy(admin, { retentionDays: 30, action: 'cold' });
    expect(await service.enforceRetention(T0 + 35 * DAY)).toEqual({ deleted: [], movedToCold: ['p-3'] });
    expect((await service.get(admin, 'p-3')).storage).toBe('cold');
    expect((await service.get(admin, 'p-1')).legalHold).toBe(true);
  });
});
