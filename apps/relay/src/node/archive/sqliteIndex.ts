// Embedded archive index in SQLite (better-sqlite3, synchronous, WAL).
import Database from 'better-sqlite3';
import type { BlobKind } from '@tether/recording';
import { rowFromSql, type ArchiveIndex, type ArchiveQueryFilter, type IndexRow, type RetentionPolicy, type SqlRow } from './archiveIndex';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS archive_sessions (
  session_id TEXT PRIMARY KEY, org TEXT NOT NULL, technician_serial TEXT NOT NULL, technician_name TEXT NOT NULL,
  customer_ref TEXT, started_at INTEGER NOT NULL, ended_at INTEGER NOT NULL, uploaded_at INTEGER NOT NULL,
  retain_until INTEGER NOT NULL, legal_hold INTEGER NOT NULL DEFAULT 0, storage TEXT NOT NULL DEFAULT 'hot',
  complete INTEGER NOT NULL DEFAULT 0, blobs TEXT NOT NULL, customer_token_hash TEXT);
CREATE INDEX IF NOT EXISTS archive_by_org_time ON archive_sessions (org, started_at);
CREATE INDEX IF NOT EXISTS archive_by_retention ON archive_sessions (retain_until);
CREATE TABLE IF NOT EXISTS archive_policies (org TEXT PRIMARY KEY, retention_days INTEGER NOT NULL, action TEXT NOT NULL);
`;

export class SqliteIndex implements ArchiveIndex {
  private readonly db: Database.Database;

  constructor(path: string) {
    this.db = new Database(path);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    this.db.exec(SCHEMA);
  }

  async get(sessionId: string): Promise<IndexRow | undefined> {
    const row = this.db.prepare('SELECT * FROM archive_sessions WHERE session_id = ?').get(sessionId) as SqlRow | undefined;
    return row ? rowFromSql(row) : undefined;
  }

  async insert(row: IndexRow): Promise<boolean> {
    const result = this.db.prepare(`INSERT OR IGNORE INTO archive_sessions
      (session_id, org, technician_serial, technician_name, customer_ref, started_at, ended_at, uploaded_at, retain_until, legal_hold, storage, complete, blobs, customer_token_hash)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(
      row.sessionId, row.org, row.technicianSerial, row.technicianName, row.customerRef, row.startedAt, row.endedAt, row.uploadedAt,
      row.retainUntil, row.legalHold ? 1 : 0, row.storage, row.complete ? 1 : 0, JSON.stringify(row.blobs), row.customerTokenHash);
    return result.changes === 1;
  }

  async setReceived(sessionId: string, kind: BlobKind, received: number): Promise<void> {
    this.db.prepare(`UPDATE archive_sessions SET blobs = json_set(blobs, '$.' || ? || '.received', ?) WHERE session_id = ?`).run(kind, received, sessionId);
  }

  async setComplete(sessionId: string, complete: boolean): Promise<void> {
    this.db.prepare('UPDATE archive_sessions SET complete = ? WHERE session_id = ?').run(complete ? 1 : 0, sessionId);
  }

  async setHold(sessionId: string, hold: boolean): Promise<void> {
    this.db.prepare('UPDATE archive_sessions SET legal_hold = ? WHERE session_id = ?').run(hold ? 1 : 0, sessionId);
  }

  async setStorage(sessionId: string, storage: 'hot' | 'cold'): Promise<void> {
    this.db.prepare('UPDATE archive_sessions SET storage = ? WHERE session_id = ?').run(storage, sessionId);
  }

  async delete(sessionId: string): Promise<void> {
    this.db.prepare('DELETE FROM archive_sessions WHERE session_id = ?').run(sessionId);
  }

  async list(filter: ArchiveQueryFilter): Promise<IndexRow[]> {
    const where = ['org = ?'];
    const args: (string | number)[] = [filter.org];
    if (filter.technician !== undefined) { where.push('(technician_serial = ? OR technician_name = ?)'); args.push(filter.technician, filter.technician); }
    if (filter.customerRef !== undefined) { where.push('customer_ref = ?'); args.push(filter.customerRef); }
    if (filter.from !== undefined) { where.push('ended_at >= ?'); args.push(filter.from); }
    if (filter.to !== undefined) { where.push('started_at < ?'); args.push(filter.to); }
    args.push(filter.limit ?? 1000);
    const rows = this.db.prepare(`SELECT * FROM archive_sessions WHERE ${where.join(' AND ')} ORDER BY started_at DESC, session_id LIMIT ?`).all(...args) as SqlRow[];
    return rows.map(rowFromSql);
  }

  async expired(now: number): Promise<IndexRow[]> {
    const rows = this.db.prepare(`SELECT * FROM archive_sessions WHERE retain_until <= ? AND legal_hold = 0 AND storage = 'hot' ORDER BY retain_until`).all(now) as SqlRow[];
    return rows.map(rowFromSql);
  }

  async getPolicy(org: string): Promise<RetentionPolicy | undefined> {
    const row = this.db.prepare('SELECT org, retention_days, action FROM archive_policies WHERE org = ?').get(org) as { org: string; retention_days: number; action: string } | undefined;
    return row ? { org: row.org, retentionDays: row.retention_days, action: row.action === 'cold' ? 'cold' : 'delete' } : undefined;
  }

  async setPolicy(policy: RetentionPolicy): Promise<void> {
    this.db.prepare(`INSERT INTO archive_policies (org, retention_days, action) VALUES (?, ?, ?)
      ON CONFLICT (org) DO UPDATE SET retention_days = excluded.retention_days, action = excluded.action`).run(policy.org, policy.retentionDays, policy.action);
  }

  async close(): Promise<void> {
    this.db.close();
  }
}
