// Where ciphertext lives: FolderBlobStore (embedded default) or S3BlobStore (scale-out). A blob grows by
// appends at its current end (resumable uploads) and can be read back, deleted, or moved to cold storage.
import type { BlobKind } from '@tether/recording';

export interface BlobStore {
  /** bytes stored so far (0 when absent) */
  size(key: string, where?: 'hot' | 'cold'): Promise<number>;
  /** appends at `offset`, which must equal the current size; returns the new size */
  append(key: string, offset: number, bytes: Uint8Array): Promise<number>;
  read(key: string, where?: 'hot' | 'cold'): AsyncIterable<Uint8Array>;
  delete(key: string, where?: 'hot' | 'cold'): Promise<void>;
  moveToCold(key: string): Promise<void>;
  close(): Promise<void>;
}

/** org and session ids are validated before they get here; the key is still made path-safe. */
export function blobKey(org: string, sessionId: string, kind: BlobKind): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`).replace(/^\./, '%2e');
  return `${safe(org)}/${safe(sessionId)}.${kind}`;
}
