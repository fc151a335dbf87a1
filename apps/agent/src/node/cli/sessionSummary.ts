// The closing words of a headless session: one paragraph saying who helped, for how long, what was
// allowed and refused, and how it ended; and the process exit code that goes with it.
import type { AgentOutcome } from '../../common/session/agentSession';
import type { PromptRecord } from './terminalPrompt';

export const EXIT_OK = 0;
/** Verification failed, or the customer refused everything. */
export const EXIT_REFUSED = 1;
/** Bad input: arguments, configuration, display, or a code the relay would not accept. */
export const EXIT_BAD_INPUT = 2;

export interface SummaryFacts {
  outcome: AgentOutcome;
  record: PromptRecord;
  startedAt: number;
  endedAt: number;
  keptFiles: string[];
}

/** A failure before the technician was being verified means the relay refused the code or could not be reached. */
/** Failures that come from what the customer typed or where the agent points (not from the technician). */
const INPUT_FAILURES = new Set(['E_CODE_INVALID', 'E_CODE_EXPIRED', 'E_CODE_USED', 'E_RATE_LIMITED', 'E_LOCKED_OUT', 'E_BAD_ARGUMENT', 'E_SESSION_UNKNOWN']);

export function exitCodeFor(outcome: AgentOutcome, record: PromptRecord): number {
  if (outcome.by === 'failure' && outcome.code) return INPUT_FAILURES.has(outcome.code) || (outcome.code === 'E_PEER_GONE' && !record.reachedVerification) ? EXIT_BAD_INPUT : EXIT_REFUSED;
  if (outcome.by === 'failure') return record.reachedVerification ? EXIT_REFUSED : EXIT_BAD_INPUT;
  if (outcome.grants.length === 0 && record.consentRefusals > 0) return EXIT_REFUSED;
  return EXIT_OK;
}

export function formatDuration(ms: number): string {
  const s = Math.max(0, Math.round(ms / 1000));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return `${m} min ${s % 60} s`;
  return `${Math.floor(m / 60)} h ${m % 60} min`;
}

export function sessionSummary(facts: SummaryFacts): string {
  const { outcome, record } = facts;
  const t = outcome.technician ?? record.technician;
  const who = t ? `${t.name} (employee ${t.employeeNo}, ${t.department}, ${t.org})` : 'no verified technician';
  const parts = [`Session summary: ${who}; ${formatDuration(facts.endedAt - facts.startedAt)}.`];
  if (record.decisions.length) parts.push(`You allowed: ${record.decisions.join('; then ')}.`);
  else parts.push('You allowed nothing: your screen was never shared.');
  if (record.consentRefusals) parts.push(`You refused ${record.consentRefusals} request${record.consentRefusals === 1 ? '' : 's'}.`);
  parts.push(`${outcome.refusedInputs} input event${outcome.refusedInputs === 1 ? '' : 's'} outside what you allowed ${outcome.refusedInputs === 1 ? 'was' : 'were'} refused.`);
  if (facts.keptFiles.length) parts.push(`Files received and kept: ${facts.keptFiles.join(', ')}.`);
  if (record.filesDeclined.length) parts.push(`Files you declined: ${record.filesDeclined.join(', ')}.`);
  parts.push(`Outcome: ${outcome.reason} (ended by ${outcome.by === 'failure' ? 'an error' : outcome.by}).`);
  if (record.rating) parts.push(`Your rating: ${record.rating.stars}/5.`);
  if (outcome.counterSignedHead) parts.push(`Session log counter-signed (head ${outcome.counterSignedHead.slice(0, 16)}...).`);
  return parts.join(' ');
}
