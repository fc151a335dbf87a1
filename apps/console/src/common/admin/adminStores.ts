// The admin view's state: four small zustand (vanilla) stores the React components read. The controller
// (adminController.ts) and the player (renderer) are the only writers.
import { createStore } from 'zustand/vanilla';
import type { ArchiveItem } from '@tether/recording';
import { EMPTY_SEARCH, type ArchiveSearchForm } from './archiveQuery';
import type { SessionRecord } from './sessionRecord';

export type AdminMode = 'signed-out' | 'admin' | 'customer';

export interface AuthState {
  mode: AdminMode;
  /** the organisation the view is for (from /config.json) */
  org: string | null;
  busy: boolean;
  error: string;
  /** the customer's last request (the form shows it again after switching to the customer view) */
  customer: { sessionId: string; token: string };
}

export interface ArchiveListState {
  items: ArchiveItem[];
  form: ArchiveSearchForm;
  loading: boolean;
  error: string;
  /** ids whose legal hold is being changed */
  holding: string[];
}

export interface RecordState {
  status: 'idle' | 'loading' | 'open' | 'failed';
  sessionId: string | null;
  record: SessionRecord | null;
  error: string;
}

export interface PlayerState {
  state: 'empty' | 'paused' | 'playing' | 'seeking' | 'ended';
  positionMs: number;
  durationMs: number;
  decodedFrames: number;
  error: string;
}

export function createAdminStores() {
  return {
    auth: createStore<AuthState>(() => ({ mode: 'signed-out', org: null, busy: false, error: '', customer: { sessionId: '', token: '' } })),
    archive: createStore<ArchiveListState>(() => ({ items: [], form: EMPTY_SEARCH, loading: false, error: '', holding: [] })),
    record: createStore<RecordState>(() => ({ status: 'idle', sessionId: null, record: null, error: '' })),
    player: createStore<PlayerState>(() => ({ state: 'empty', positionMs: 0, durationMs: 0, decodedFrames: 0, error: '' })),
  };
}

export type AdminStores = ReturnType<typeof createAdminStores>;

/** The list with one item replaced (after a legal-hold change). */
export function replaceItem(items: readonly ArchiveItem[], item: ArchiveItem): ArchiveItem[] {
  return items.map((i) => (i.sessionId === item.sessionId ? item : i));
}
