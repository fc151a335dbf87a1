// The files store: one row per transfer with its hash, progress and outcome.
import { createStore } from 'zustand/vanilla';
import type { FileDirection } from '@tether/protocol';

export type TransferStatus = 'hashing' | 'offered' | 'sending' | 'verifying' | 'done' | 'declined' | 'failed';

export interface TransferRow {
  fileId: string;
  name: string;
  size: number;
  sha256: string;
  direction: FileDirection;
  status: TransferStatus;
  sent: number;
  resumes: number;
  message: string;
}

export interface FilesState {
  transfers: TransferRow[];
  /** The last refusal before a transfer started (size limit, no permission), shown under the picker. */
  error: string;
}

export function updateTransfer(state: FilesState, fileId: string, patch: Partial<TransferRow>): Partial<FilesState> {
  return { transfers: state.transfers.map((t) => (t.fileId === fileId ? { ...t, ...patch } : t)) };
}

export function progressOf(row: TransferRow): number {
  return row.size === 0 ? (row.status === 'done' ? 1 : 0) : Math.min(1, row.sent / row.size);
}

export function createFilesStore() {
  return createStore<FilesState>(() => ({ transfers: [], error: '' }));
}
export type FilesStore = ReturnType<typeof createFilesStore>;
