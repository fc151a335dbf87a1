// The archive API's metadata shapes, shared by the relay and its clients. The server keeps only these
// fields plus ciphertext: no content, no keys.
import { err, ok, type Result } from '@tether/protocol';

export type BlobKind = 'org' | 'customer';
export const BLOB_KINDS: readonly BlobKind[] = ['org', 'customer'];

export interface BlobDescriptor {
  size: number;
  /** hex SHA-256 of the ciphertext */
  sha256: string;
}

/** Body of PUT /archive/v1/sessions/:id (technician). */
export interface ArchiveUploadRequest {
  customerRef?: string;
  startedAt: number;
  endedAt: number;
  blobs: { org: BlobDescriptor; customer?: BlobDescriptor };
  /** hex SHA-512 of the customer token (customerTokenHash); required with a customer blob */
  customerTokenHash?: string;
}

export interface ArchiveBlobState extends BlobDescriptor {
  received: number;
}

export interface ArchiveItem {
  sessionId: string;
  org: string;
  technicianSerial: string;
  technicianName: string;
  customerRef: string | null;
  startedAt: number;
  endedAt: number;
  uploadedAt: number;
  /** epoch ms before which the item is never deleted or moved */
  retainUntil: number;
  legalHold: boolean;
  storage: 'hot' | 'cold';
  complete: boolean;
  blobs: { org: ArchiveBlobState; customer?: ArchiveBlobState };
}

const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;
const SHA256_HEX = /^[0-9a-f]{64}$/;
const SHA512_HEX = /^[0-9a-f]{128}$/;
export const MAX_ARCHIVE_BLOB_BYTES = 2 ** 40;

export const isSessionId = (value: unknown): value is string => typeof value === 'string' && SESSION_ID.test(value);

function blobProblem(value: unknown, what: string): string | undefined {
  if (typeof value !== 'object' || value === null) return `${what} must be an object`;
  const b = value as Record<string, unknown>;
  for (const key of Object.keys(b)) if (key !== 'size' && key !== 'sha256') return `${what} has unexpected field "${key}"`;
  if (!Number.isSafeInteger(b.size) || (b.size as number) <= 0 || (b.size as number) > MAX_ARCHIVE_BLOB_BYTES) return `${what}.size must be 1..2^40`;
  if (typeof b.sha256 !== 'string' || !SHA256_HEX.test(b.sha256)) return `${what}.sha256 must be 64 lowercase hex digits`;
  return undefined;
}

export function validateUploadRequest(value: unknown): Result<ArchiveUploadRequest> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err('E_MALFORMED', 'upload request must be an object');
  const r = value as Record<string, unknown>;
  for (const key of Object.keys(r)) {
    if (!['customerRef', 'startedAt', 'endedAt', 'blobs', 'customerTokenHash'].includes(key)) return err('E_MALFORMED', `unexpected field "${key}"`);
  }
  if (r.customerRef !== undefined && (typeof r.customerRef !== 'string' || !/^[A-Za-z0-9._:-]{1,128}$/.test(r.customerRef))) {
    return err('E_MALFORMED', 'customerRef must be 1..128 characters of [A-Za-z0-9._:-]');
  }
  if (!Number.isSafeInteger(r.startedAt) || !Number.isSafeInteger(r.endedAt) || (r.startedAt as number) < 0 || (r.endedAt as number) < (r.startedAt as number)) {
    return err('E_MALFORMED', 'startedAt/endedAt must be epoch ms with endedAt >= startedAt');
  }
  const blobs = r.blobs as Record<string, unknown> | undefined;
  if (typeof blobs !== 'object' || blobs === null) return err('E_MALFORMED', 'blobs must be an object');
  for (const key of Object.keys(blobs)) if (key !== 'org' && key !== 'customer') return err('E_MALFORMED', `unexpected blob "${key}"`);
  const problem = blobProblem(blobs.org, 'blobs.org') ?? (blobs.customer !== undefined ? blobProblem(blobs.customer, 'blobs.customer') : undefined);
  if (problem) return err('E_MALFORMED', problem);
  if ((blobs.customer !== undefined) !== (r.customerTokenHash !== undefined)) return err('E_MALFORMED', 'a customer blob and customerTokenHash go together');
  if (r.customerTokenHash !== undefined && (typeof r.customerTokenHash !== 'string' || !SHA512_HEX.test(r.customerTokenHash))) {
    return err('E_MALFORMED', 'customerTokenHash must be 128 lowercase hex digits');
  }
  return ok(value as ArchiveUploadRequest);
}
