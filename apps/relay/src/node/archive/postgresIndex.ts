// Archive index in PostgreSQL (the `pg` pool) for organisations that run several relays.
import pg from 'pg';
import type { BlobKind } from '@tether/recording';
import { rowFromSql, type ArchiveIndex, type ArchiveQueryFilter, type IndexRow, type RetentionPolicy, type SqlRow } from './archiveIndex';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS archive_sessions (
  session_id TEXT PRIMARY KEY, org TEXT NOT NULL, technician_serial TEXT NOT NULL, technician_name TEXT NOT NULL,
  customer_ref TEXT, started_at BIGINT NOT NULL, ended_at BIGINT NOT NULL, uploaded_at BIGINT NOT NULL,
  retain_until BIGINT NOT NULL, legal_hold BOOLEAN NOT NULL DEFAULT FALSE, storage TEXT NOT NULL DEFAULT 'hot',
  complete BOOLEAN NOT NULL DEFAULT FALSE, blobs JSONB NOT NULL, customer_token_hash TEXT);
CREATE INDEX IF NOT EXISTS archive_by_org_time ON archive_sessions (org, started_at);
CREATE INDEX IF NOT EXISTS archive_by_retention ON archive_sessions (retain_until);
CREATE TABLE IF NOT EXISTS archive_policies (org TEXT PRIMARY KEY, retention_days INTEGER NOT NULL, action TEXT NOT NULL);
`;

const SELECT = 'SELECT session_id, org, technician_serial, technician_name, customer_ref, started_at, ended_at, uploaded_at, retain_until, legal_hold, storage, complete, blobs::text AS blobs, customer_token_hash FROM archive_sessions';

export class PostgresIndex implements ArchiveIndex {
  private constructor(private readonly pool: pg.Pool) {}

  static async connect(connectionString: string): Promise<PostgresIndex> {
    const pool = new pg.Pool({ connectionString, max: 10 });
    // an idle connection the server closes (restart, failover) must not crash the relay; the pool reconnects
    pool.on('error', () => undefined);
    await pool.query(SCHEMA);
    return new PostgresIndex(pool);
  }

  private async rows(sql: string, args: unknown[]): Promise<IndexRow[]> {
    return (await this.pool.query<SqlRow>(sql, args)).rows.map(rowFromSql);
  }

  async get(sessionId: string): Promise<IndexRow | undefined> {
    return (await this.rows(`${SELECT} WHERE session_id = $1`, [sessionId]))[0];
  }

  async insert(row: IndexRow): Promise<boolean> {
    const result = await this.pool.query(`INSERT INTO archive_sessions
      (session_id, org, technician_serial, technician_name, customer_ref, started_at, ended_at, uploaded_at, retain_until, legal_hold, storage, complete, blobs, customer_token_hash)
      VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13::jsonb, $14) ON CONFLICT (session_id) DO NOTHING`, [
      row.sessionId, row.org, row.technicianSerial, row.technicianName, row.customerRef, row.startedAt, row.endedAt, row.uploadedAt,
      row.retainUntil, row.legalHold, row.storage, row.complete, JSON.stringify(row.blobs), row.customerTokenHash]);
    return result.rowCount === 1;
  }

  async setReceived(sessionId: string, kind: BlobKind, received: number): Promise<void> {
    await this.pool.query(`UPDATE archive_sessions SET blobs = jsonb_set(blobs, ARRAY[$1::text, 'received'], to_jsonb($2::bigint)) WHERE session_id = $3`, [kind, received, sessionId]);
  }

  async setComplete(sessionId: string, complete: boolean): Promise<void> {
    await this.pool.query('UPDATE archive_sessions SET complete = $1 WHERE session_id = $2', [complete, sessionId]);
  }

  async setHold(sessionId: string, hold: boolean): Promise<void> {
    await this.pool.query('UPDATE archive_sessions SET legal_hold = $1 WHERE session_id = $2', [hold, sessionId]);
  }

  async setStorage(sessionId: string, storage: 'hot' | 'cold'): Promise<void> {
    await this.pool.query('UPDATE archive_sessions SET storage = $1 WHERE session_id = $2', [storage, sessionId]);
  }

  async delete(sessionId: string): Promise<void> {
    await this.pool.query('DELETE FROM archive_sessions WHERE session_id = $1', [sessionId]);
  }

  async list(filter: ArchiveQueryFilter): Promise<IndexRow[]> {
    const where = ['org = $1'];
    const args: unknown[] = [filter.org];
    const add = (sql: string, value: unknown) => {
      args.push(value);
      where.push(sql.replace(/\?/g, `$${args.length}`));
    };
    if (filter.technician !== undefined) add('(technician_serial = ? OR technician_name = ?)', filter.technician);
    if (filter.customerRef !== undefined) add('customer_ref = ?', filter.customerRef);
    if (filter.from !== undefined) add('ended_at >= ?', filter.from);
    if (filter.to !== undefined) add('started_at < ?', filter.to);
    args.push(filter.limit ?? 1000);
    return this.rows(`${SELECT} WHERE ${where.join(' AND ')} ORDER BY started_at DESC, session_id LIMIT $${args.length}`, args);
  }

  async expired(now: number): Promise<IndexRow[]> {
    return this.rows(`${SELECT} WHERE retain_until <= $1 AND NOT legal_hold AND storage = 'hot' ORDER BY retain_until`, [now]);
  }

  async getPolicy(org: string): Promise<RetentionPolicy | undefined> {
    const row = (await this.pool.query<{ org: string; retention_days: number; action: string }>('SELECT org, retention_days, action FROM archive_policies WHERE org = $1', [org])).rows[0];
    return row ? { org: row.org, retentionDays: row.retention_days, action: row.action === 'cold' ? 'cold' : 'delete' } : undefined;
  }

  async setPolicy(policy: RetentionPolicy): Promise<void> {
    await this.pool.query(`INSERT INTO archive_policies (org, retention_days, action) VALUES ($1, $2, $3)
      ON CONFLICT (org) DO UPDATE SET retention_days = EXCLUDED.retention_days, action = EXCLUDED.action`, [policy.org, policy.retentionDays, policy.action]);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
