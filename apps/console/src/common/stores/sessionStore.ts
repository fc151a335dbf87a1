// The session store: who is signed in, the session's phase (with the reason a person can act on), its
// code and invite link, the SAS for the spoken check, the current grant and the elevation round trip.
import { createStore } from 'zustand/vanilla';
import type { ConsentGrant, ReportSummary, ScopeMode } from '@tether/protocol';
import type { TechPhase } from '../technicianSession';

export interface SignedInTechnician {
  name: string;
  employeeNo: string;
  department: string;
  org: string;
  serial: string;
  notAfter: number;
}

export type ConsolePhase = 'signed-out' | 'ready' | TechPhase;

export interface ElevationState {
  status: 'idle' | 'pending' | 'granted' | 'denied';
  requested?: { mode: ScopeMode; clipboard: boolean; files: boolean };
  reason?: string;
}

/** The organisation's permission template this session works under (what may be asked for at most). */
export interface TemplateLimits {
  id: string;
  name: string;
  modes: ScopeMode[];
  clipboard: boolean;
  files: boolean;
  maxDurationMs: number;
}

export interface SessionState {
  technician: SignedInTechnician | null;
  phase: ConsolePhase;
  reason: string;
  sessionId: string;
  code: string;
  inviteUrl: string;
  codeExpiresAt: number;
  sas: string;
  grant: ConsentGrant | null;
  /** Every scope granted during the session, in order (for the report). */
  scopes: ConsentGrant[];
  elevation: ElevationState;
  rating: { stars: number; comment?: string } | null;
  startedAt: number;
  endedAt: number;
  error: string;
  /** The latest refusal reported by the agent (input outside the grant, a file refused, …). */
  notice: string;
  /** The customer's agent's own account of the session (report.summary), if it sent one. */
  agentSummary: ReportSummary | null;
  /** The permission template sent to the agent, if any. */
  template: TemplateLimits | null;
}

export const initialSession: SessionState = {
  technician: null, phase: 'signed-out', reason: '', sessionId: '', code: '', inviteUrl: '', codeExpiresAt: 0, sas: '',
  grant: null, scopes: [], elevation: { status: 'idle' }, rating: null, startedAt: 0, endedAt: 0, error: '', notice: '', agentSummary: null, template: null,
};

export const PHASE_LABELS: Record<ConsolePhase, string> = {
  'signed-out': 'Signed out',
  ready: 'Ready',
  creating: 'Creating session…',
  waiting: 'Waiting for the customer',
  securing: 'Securing the connection…',
  'awaiting-consent': 'Awaiting the customer’s consent',
  connected: 'Connected',
  paused: 'Paused',
  ended: 'Ended',
};

/** A new grant arrived (or null: lost). Elevation is answered when a grant follows a pending request. */
export function applyGrant(state: SessionState, grant: ConsentGrant | null): Partial<SessionState> {
  const next: Partial<SessionState> = { grant };
  if (grant) next.scopes = [...state.scopes, grant];
  if (grant && state.elevation.status === 'pending') next.elevation = { ...state.elevation, status: 'granted' };
  return next;
}

export function createSessionStore() {
  return createStore<SessionState>(() => ({ ...initialSession }));
}
export type SessionStore = ReturnType<typeof createSessionStore>;
