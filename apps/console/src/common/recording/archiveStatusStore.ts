// What the report panel shows about the session's recording: still recording, sealing, uploading with
// progress, archived (with the customer's token to hand over), failed (with Retry), or not archived
// because this console has no organisation configuration (the recording stays on this machine).
import { createStore } from 'zustand/vanilla';

export type ArchivePhase = 'off' | 'recording' | 'sealing' | 'uploading' | 'archived' | 'failed' | 'not-archived';

export interface ArchiveStatus {
  phase: ArchivePhase;
  sessionId: string;
  /** 0..100 while uploading */
  percent: number;
  /** give this to the customer: it opens exactly this session's record */
  customerToken: string;
  /** why it failed or why it is not archived, in words a person can act on */
  message: string;
  /** recordings a crashed or reloaded page left behind (offered after sign-in) */
  unfinished: string[];
}

export const initialArchiveStatus: ArchiveStatus = { phase: 'off', sessionId: '', percent: 0, customerToken: '', message: '', unfinished: [] };

export const NO_ORG_MESSAGE = 'not archived: this console has no organisation configuration (the recording is kept on this computer)';

export function createArchiveStatusStore() {
  return createStore<ArchiveStatus>(() => ({ ...initialArchiveStatus }));
}
export type ArchiveStatusStore = ReturnType<typeof createArchiveStatusStore>;
