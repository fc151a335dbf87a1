// The archive's metadata index: one row per archived session, plus per-organisation retention policies.
// Implemented by SqliteIndex (embedded default) and PostgresIndex (scale-out); both pass one test suite.
import type { ArchiveItem, BlobKind } from '@tether/recording';

export interface IndexRow extends ArchiveItem {
  /** hex SHA-512 of the customer token, when a customer copy exists */
  customerTokenHash: string | null;
}

export interface RetentionPolicy {
  org: string;
  retentionDays: number;
  /** what happens at the retention date */
  action: 'delete' | 'cold';
}

export const DEFAULT_RETENTION_DAYS = 30;

export interface ArchiveQueryFilter {
  org: string;
  technician?: string;
  customerRef?: string;
  /** sessions that ended at or after (epoch ms) */
  from?: number;
  /** sessions that started before (epoch ms) */
  to?: number;
  limit?: number;
}

export interface ArchiveIndex {
  get(sessionId: string): Promise<IndexRow | undefined>;
  /** false when a row with that id exists already */
  insert(row: IndexRow): Promise<boolean>;
  setReceived(sessionId: string, kind: BlobKind, received: number): Promise<void>;
  setComplete(sessionId: string, complete: boolean): Promise<void>;
  setHold(sessionId: string, hold: boolean): Promise<void>;
  setStorage(sessionId: string, storage: 'hot' | 'cold'): Promise<void>;
  delete(sessionId: string): Promise<void>;
  list(filter: ArchiveQueryFilter): Promise<IndexRow[]>;
  /** hot rows whose retention date has passed and that are not on legal hold */
  expired(now: number): Promise<IndexRow[]>;
  getPolicy(org: string): Promise<RetentionPolicy | undefined>;
  setPolicy(policy: RetentionPolicy): Promise<void>;
  close(): Promise<void>;
}

/** Column values shared by the SQL implementations. */
export interface SqlRow {
  session_id: string; org: string; technician_serial: string; technician_name: string; customer_ref: string | null;
  started_at: number | string; ended_at: number | string; uploaded_at: number | string; retain_until: number | string;
  legal_hold: number | boolean; storage: string; complete: number | boolean; blobs: string; customer_token_hash: string | null;
}

export function rowFromSql(r: SqlRow): IndexRow {
  return {
    sessionId: r.session_id, org: r.org, technicianSerial: r.technician_serial, technicianName: r.technician_name,
    customerRef: r.customer_ref, startedAt: Number(r.started_at), endedAt: Number(r.ended_at), uploadedAt: Number(r.uploaded_at),
    retainUntil: Number(r.retain_until), legalHold: Boolean(r.legal_hold), storage: r.storage === 'cold' ? 'cold' : 'hot',
    complete: Boolean(r.complete), blobs: JSON.parse(r.blobs) as IndexRow['blobs'], customerTokenHash: r.customer_token_hash,
  };
}

export function publicItem(row: IndexRow): ArchiveItem {
  const { customerTokenHash: _hidden, ...item } = row;
  return item;
}
