// The archive's rules, independent of HTTP and of the storage behind it: who may upload or read what,
// idempotent and resumable uploads with a final SHA-256 check, legal hold, and retention.
import { createHash } from 'node:crypto';
import { TetherError } from '@tether/protocol';
import { isSessionId, type ArchiveItem, type ArchiveUploadRequest, type BlobKind } from '@tether/recording';
import { DEFAULT_RETENTION_DAYS, publicItem, type ArchiveIndex, type ArchiveQueryFilter, type IndexRow, type RetentionPolicy } from './archiveIndex';
import { blobKey, type BlobStore } from './blobStore';

const DAY_MS = 86_400_000;
export const MAX_APPEND_BYTES = 8 << 20;

export type ArchivePrincipal =
  | { kind: 'technician'; org: string; serial: string; name: string }
  | { kind: 'admin'; org: string }
  | { kind: 'customer'; tokenHash: string };

export class ArchiveConflict extends TetherError {
  constructor(readonly received: number, detail: string) {
    super('E_BAD_ARGUMENT', detail);
  }
}

export interface RetentionReport {
  deleted: string[];
  movedToCold: string[];
}

export class ArchiveService {
  private readonly locks = new Map<string, Promise<unknown>>();

  constructor(readonly index: ArchiveIndex, readonly blobs: BlobStore, private readonly now: () => number = Date.now) {}

  private async serialised<T>(key: string, work: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(key) ?? Promise.resolve();
    const next = previous.catch(() => undefined).then(work);
    this.locks.set(key, next);
    try {
      return await next;
    } finally {
      if (this.locks.get(key) === next) this.locks.delete(key);
    }
  }

  async policyFor(org: string): Promise<RetentionPolicy> {
    return (await this.index.getPolicy(org)) ?? { org, retentionDays: DEFAULT_RETENTION_DAYS, action: 'delete' };
  }

  async setPolicy(principal: ArchivePrincipal, policy: { retentionDays: unknown; action: unknown }): Promise<RetentionPolicy> {
    if (principal.kind !== 'admin') throw new TetherError('E_SCOPE_DENIED', 'only an admin may change the retention policy');
    if (!Number.isInteger(policy.retentionDays) || (policy.retentionDays as number) < 1 || (policy.retentionDays as number) > 36_500) {
      throw new TetherError('E_MALFORMED', 'retentionDays must be an integer 1..36500');
    }
    if (policy.action !== 'delete' && policy.action !== 'cold') throw new TetherError('E_MALFORMED', 'action must be "delete" or "cold"');
    const stored: RetentionPolicy = { org: principal.org, retentionDays: policy.retentionDays as number, action: policy.action };
    await this.index.setPolicy(stored);
    return stored;
  }

  /** Creates the upload, or returns the existing one when the same technician announces the same content again. */
  async begin(principal: ArchivePrincipal, sessionId: string, request: ArchiveUploadRequest): Promise<ArchiveItem> {
    if (principal.kind !== 'technician') throw new TetherError('E_SCOPE_DENIED', 'only a technician uploads recordings');
    if (!isSessionId(sessionId)) throw new TetherError('E_MALFORMED', 'session id must be 1..128 characters of [A-Za-z0-9_-]');
    return this.serialised(sessionId, async () => {
      const existing = await this.index.get(sessionId);
      if (existing && !(await this.restartable(principal, existing, request))) return publicItem(this.sameUpload(principal, existing, request));
      const now = this.now();
      const policy = await this.policyFor(principal.org);
      const row: IndexRow = {
        sessionId, org: principal.org, technicianSerial: principal.serial, technicianName: principal.name,
        customerRef: request.customerRef ?? null, startedAt: request.startedAt, endedAt: request.endedAt, uploadedAt: now,
        retainUntil: Math.max(now, request.endedAt) + policy.retentionDays * DAY_MS, legalHold: false, storage: 'hot', complete: false,
        blobs: {
          org: { ...request.blobs.org, received: 0 },
          ...(request.blobs.customer ? { customer: { ...request.blobs.customer, received: 0 } } : {}),
        },
        customerTokenHash: request.customerTokenHash ?? null,
      };
      if (!(await this.index.insert(row))) return publicItem(this.sameUpload(principal, (await this.index.get(sessionId)) as IndexRow, request));
      return publicItem(row);
    });
  }

  /**
   * An upload that never completed may be started again by the technician who began it, with new content
   * (the console re-seals after a reload: a fresh customer key means a different ciphertext). The partial
   * blobs and the row are dropped; a complete item is never replaced.
   */
  private async restartable(principal: ArchivePrincipal & { kind: 'technician' }, existing: IndexRow, request: ArchiveUploadRequest): Promise<boolean> {
    if (existing.complete || existing.org !== principal.org || existing.technicianSerial !== principal.serial) return false;
    if (sameContent(existing, request)) return false;
    for (const kind of Object.keys(existing.blobs) as BlobKind[]) await this.blobs.delete(blobKey(existing.org, existing.sessionId, kind));
    await this.index.delete(existing.sessionId);
    return true;
  }

  private sameUpload(principal: ArchivePrincipal & { kind: 'technician' }, existing: IndexRow, request: ArchiveUploadRequest): IndexRow {
    const same = existing.org === principal.org && existing.technicianSerial === principal.serial && sameContent(existing, request);
    if (!same) throw new ArchiveConflict(-1, `session ${existing.sessionId} is already archived with different content or by someone else`);
    return existing;
  }

  private async ownRow(principal: ArchivePrincipal, sessionId: string): Promise<IndexRow> {
    const row = isSessionId(sessionId) ? await this.index.get(sessionId) : undefined;
    const visible = row && (
      (principal.kind === 'admin' && row.org === principal.org)
      || (principal.kind === 'technician' && row.org === principal.org && row.technicianSerial === principal.serial)
      || (principal.kind === 'customer' && row.customerTokenHash !== null && row.customerTokenHash === principal.tokenHash));
    // the same answer whether the session does not exist or belongs to someone else
    if (!row || !visible) throw new TetherError('E_SESSION_UNKNOWN', `no archived session ${sessionId} for these credentials`);
    return row;
  }

  async append(principal: ArchivePrincipal, sessionId: string, kind: BlobKind, offset: number, bytes: Uint8Array): Promise<{ received: number; complete: boolean }> {
    if (principal.kind !== 'technician') throw new TetherError('E_SCOPE_DENIED', 'only the uploading technician appends');
    if (bytes.length === 0 || bytes.length > MAX_APPEND_BYTES) throw new TetherError('E_OVERSIZED', `a chunk must be 1..${MAX_APPEND_BYTES} bytes`);
    return this.serialised(`${sessionId}/${kind}`, async () => {
      const row = await this.ownRow(principal, sessionId);
      const blob = row.blobs[kind];
      if (!blob) throw new TetherError('E_MALFORMED', `this upload has no ${kind} blob`);
      const key = blobKey(row.org, sessionId, kind);
      const received = await this.blobs.size(key);
      if (offset !== received) throw new ArchiveConflict(received, `expected offset ${received}, got ${offset}`);
      if (received + bytes.length > blob.size) throw new TetherError('E_OVERSIZED', `the blob was announced as ${blob.size} bytes`);
      const now = await this.blobs.append(key, offset, bytes);
      await this.index.setReceived(sessionId, kind, now);
      if (now === blob.size) await this.checkDigest(row, kind, key);
      const complete = await this.completeIfDone(sessionId);
      return { received: now, complete };
    });
  }

  private async checkDigest(row: IndexRow, kind: BlobKind, key: string): Promise<void> {
    const hash = createHash('sha256');
    for await (const piece of this.blobs.read(key)) hash.update(piece);
    if (hash.digest('hex') !== row.blobs[kind]?.sha256) {
      await this.blobs.delete(key);
      await this.index.setReceived(row.sessionId, kind, 0);
      throw new TetherError('E_DECRYPT_FAILED', `the uploaded ${kind} blob does not match its announced SHA-256; it was discarded, upload again`);
    }
  }

  private async completeIfDone(sessionId: string): Promise<boolean> {
    const row = (await this.index.get(sessionId)) as IndexRow;
    const done = Object.values(row.blobs).every((b) => b.received === b.size);
    if (done && !row.complete) await this.index.setComplete(sessionId, true);
    return done;
  }

  async get(principal: ArchivePrincipal, sessionId: string): Promise<ArchiveItem> {
    return publicItem(await this.ownRow(principal, sessionId));
  }

  async list(principal: ArchivePrincipal, filter: Omit<ArchiveQueryFilter, 'org'> & { org?: string }): Promise<ArchiveItem[]> {
    if (principal.kind !== 'admin') throw new TetherError('E_SCOPE_DENIED', 'only an admin may list the archive');
    if (filter.org !== undefined && filter.org !== principal.org) throw new TetherError('E_SCOPE_DENIED', 'an admin sees only their own organisation');
    return (await this.index.list({ ...filter, org: principal.org })).map(publicItem);
  }

  /** Ciphertext for an admin (org copy) or for the customer (their copy only). */
  async read(principal: ArchivePrincipal, sessionId: string, kind: BlobKind): Promise<{ size: number; stream: AsyncIterable<Uint8Array> }> {
    if (principal.kind === 'technician') throw new TetherError('E_SCOPE_DENIED', 'technicians upload; admins and the customer read');
    if (principal.kind === 'customer' && kind !== 'customer') throw new TetherError('E_SCOPE_DENIED', 'a customer token opens only the customer copy');
    const row = await this.ownRow(principal, sessionId);
    const blob = row.blobs[kind];
    if (!row.complete || !blob) throw new TetherError('E_SESSION_UNKNOWN', `session ${sessionId} has no complete ${kind} copy`);
    return { size: blob.size, stream: this.blobs.read(blobKey(row.org, sessionId, kind), row.storage) };
  }

  async setHold(principal: ArchivePrincipal, sessionId: string, hold: unknown): Promise<ArchiveItem> {
    if (principal.kind !== 'admin') throw new TetherError('E_SCOPE_DENIED', 'only an admin sets a legal hold');
    if (typeof hold !== 'boolean') throw new TetherError('E_MALFORMED', 'hold must be true or false');
    const row = await this.ownRow(principal, sessionId);
    await this.index.setHold(sessionId, hold);
    return publicItem({ ...row, legalHold: hold });
  }

  /** Deletes or moves to cold storage every hot item past its retention date that is not on hold. */
  async enforceRetention(now = this.now()): Promise<RetentionReport> {
    const report: RetentionReport = { deleted: [], movedToCold: [] };
    for (const row of await this.index.expired(now)) {
      if (row.legalHold || row.retainUntil > now) continue; // re-checked: never early, never held
      const policy = await this.policyFor(row.org);
      await this.serialised(row.sessionId, async () => {
        const kinds = Object.keys(row.blobs) as BlobKind[];
        if (policy.action === 'cold' && row.complete) {
          for (const kind of kinds) await this.blobs.moveToCold(blobKey(row.org, row.sessionId, kind));
          await this.index.setStorage(row.sessionId, 'cold');
          report.movedToCold.push(row.sessionId);
        } else {
          for (const kind of kinds) await this.blobs.delete(blobKey(row.org, row.sessionId, kind));
          await this.index.delete(row.sessionId);
          report.deleted.push(row.sessionId);
        }
      });
    }
    return report;
  }
}

/** Whether an announced upload describes the blobs a row already has. */
function sameContent(existing: IndexRow, request: ArchiveUploadRequest): boolean {
  return existing.blobs.org.sha256 === request.blobs.org.sha256 && existing.blobs.org.size === request.blobs.org.size
    && existing.blobs.customer?.sha256 === request.blobs.customer?.sha256;
}
