// The log store: the signed session log as it grows, the technician's notes and outcome, and the
// verification result once the session is finalised.
import { createStore } from 'zustand/vanilla';
import type { LogEntry } from '@tether/crypto';

export type Outcome = 'resolved' | 'partially-resolved' | 'not-resolved' | 'escalated';
export const OUTCOMES: readonly Outcome[] = ['resolved', 'partially-resolved', 'not-resolved', 'escalated'];

export interface LogState {
  entries: LogEntry[];
  notes: string;
  outcome: Outcome;
  verification: { ok: boolean; detail: string } | null;
}

export function createLogStore() {
  return createStore<LogState>(() => ({ entries: [], notes: '', outcome: 'resolved', verification: null }));
}
export type LogStore = ReturnType<typeof createLogStore>;
