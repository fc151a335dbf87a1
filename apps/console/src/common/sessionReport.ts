// The technician's session report: who, when, the scopes granted (and changed), what was done (input,
// refusals, elevation), the files with their hashes, the chat, the technician's notes and outcome, the
// customer's rating and the log head with its verification. Saved as JSON and as a self-contained HTML page.
import type { LogEntry } from '@tether/crypto';
import type { ConsentGrant, ReportSummary } from '@tether/protocol';
import type { ChatLine } from './stores/chatStore';
import type { TransferRow } from './stores/filesStore';
import type { Outcome } from './stores/logStore';
import type { SignedInTechnician } from './stores/sessionStore';

export interface ConsoleReport {
  v: 1;
  kind: 'tether-session-report';
  sessionId: string;
  technician: SignedInTechnician;
  startedAt: number;
  endedAt: number;
  endReason: string;
  scopes: Array<Pick<ConsentGrant, 'grantId' | 'mode' | 'clipboard' | 'files' | 'shareOnlyRegion' | 'issuedAt' | 'expiresAt'>>;
  actions: Array<{ at: number; kind: string; detail: string }>;
  files: Array<Pick<TransferRow, 'name' | 'size' | 'sha256' | 'direction' | 'status'>>;
  chat: Array<Pick<ChatLine, 'from' | 'text' | 'ts'>>;
  notes: string;
  outcome: Outcome;
  rating: { stars: number; comment?: string } | null;
  /** What the customer's agent reported (its own counts; input it refused). */
  customerSide: Pick<ReportSummary, 'outcome' | 'scopes' | 'files' | 'counts'> | null;
  log: { entries: number; head: string; counterSigned: boolean; verified: boolean; verification: string };
}

export interface ReportInput {
  sessionId: string;
  technician: SignedInTechnician;
  startedAt: number;
  endedAt: number;
  endReason: string;
  scopes: ConsentGrant[];
  entries: LogEntry[];
  files: TransferRow[];
  chat: ChatLine[];
  notes: string;
  outcome: Outcome;
  rating: { stars: number; comment?: string } | null;
  verification: { ok: boolean; detail: string } | null;
  agentSummary?: ReportSummary | null;
}

/** Log kinds that are actions worth listing (chat and files have their own sections). */
const ACTION_KINDS = new Set([
  'session.created', 'peer.joined', 'peer.left', 'peer.rejoined', 'handshake', 'consent.requested', 'consent.granted', 'consent.denied',
  'consent.revoked', 'session.paused', 'session.resumed', 'session.stopped', 'agent.refused', 'file.offered', 'file.answer', 'file.done',
  'input.summary', 'session.ended',
]);

function describe(entry: LogEntry): string {
  const d = entry.data as Record<string, unknown>;
  switch (entry.kind) {
    case 'consent.requested': return `requested ${String(d.mode)} (clipboard ${d.clipboard ? 'on' : 'off'}, files ${d.files ? 'on' : 'off'})`;
    case 'consent.granted': {
      const g = d.grant as Record<string, unknown> | undefined;
      return `granted ${String(g?.mode)} (clipboard ${g?.clipboard ? 'on' : 'off'}, files ${g?.files ? 'on' : 'off'})`;
    }
    case 'handshake': return `secured, SAS ${String(d.sas)}`;
    case 'agent.refused': return `${String(d.code)}: ${String(d.message)}`;
    case 'file.offered': return `${String(d.name)} (${String(d.size)} bytes, sha256 ${String(d.sha256)})`;
    default: {
      const parts = Object.entries(d).filter(([, v]) => typeof v !== 'object').map(([k, v]) => `${k}=${String(v)}`);
      return parts.join(', ');
    }
  }
}

export function buildReport(input: ReportInput): ConsoleReport {
  const head = input.entries.at(-1);
  const ended = [...input.entries].reverse().find((e) => e.kind === 'session.ended');
  return {
    v: 1,
    kind: 'tether-session-report',
    sessionId: input.sessionId,
    technician: input.technician,
    startedAt: input.startedAt,
    endedAt: input.endedAt,
    endReason: input.endReason,
    scopes: input.scopes.map((g) => ({ grantId: g.grantId, mode: g.mode, clipboard: g.clipboard, files: g.files, shareOnlyRegion: g.shareOnlyRegion, issuedAt: g.issuedAt, expiresAt: g.expiresAt })),
    actions: input.entries.filter((e) => ACTION_KINDS.has(e.kind)).map((e) => ({ at: e.ts, kind: e.kind, detail: describe(e) })),
    files: input.files.map((f) => ({ name: f.name, size: f.size, sha256: f.sha256, direction: f.direction, status: f.status })),
    chat: input.chat.map((c) => ({ from: c.from, text: c.text, ts: c.ts })),
    notes: input.notes,
    outcome: input.outcome,
    rating: input.rating,
    customerSide: input.agentSummary ? { outcome: input.agentSummary.outcome, scopes: input.agentSummary.scopes, files: input.agentSummary.files, counts: input.agentSummary.counts } : null,
    log: {
      entries: input.entries.length,
      head: head?.hash ?? '',
      counterSigned: !!ended?.counterSig,
      verified: input.verification?.ok ?? false,
      verification: input.verification?.detail ?? 'not verified',
    },
  };
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

const time = (ms: number): string => (ms ? new Date(ms).toISOString().replace('T', ' ').slice(0, 19) + ' UTC' : '—');

/** A self-contained HTML page of the report (no scripts; every value escaped). */
export function reportHtml(r: ConsoleReport): string {
  const e = escapeHtml;
  const rows = (cells: string[][]): string => cells.map((c) => `<tr>${c.map((x) => `<td>${e(x)}</td>`).join('')}</tr>`).join('');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Tether session ${e(r.sessionId)}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<style>body{font:14px system-ui,sans-serif;margin:2em;max-width:60em}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:4px 6px;text-align:left;vertical-align:top}h2{margin-top:1.5em}</style></head><body>
<h1>Tether session report</h1>
<table>${rows([
    ['Session', r.sessionId],
    ['Technician', `${r.technician.name} (${r.technician.employeeNo}, ${r.technician.department}, ${r.technician.org})`],
    ['Started', time(r.startedAt)],
    ['Ended', time(r.endedAt)],
    ['How it ended', r.endReason],
    ['Outcome', r.outcome],
    ['Customer side', r.customerSide ? `outcome ${r.customerSide.outcome}; ${r.customerSide.counts.inputEvents} input events, ${r.customerSide.counts.inputRefused} refused; ${r.customerSide.counts.chatMessages} chat messages` : 'no summary received'],
    ['Customer rating', r.rating ? `${r.rating.stars}/5${r.rating.comment ? ` — ${r.rating.comment}` : ''}` : 'none given'],
    ['Signed log', `${r.log.entries} entries, head ${r.log.head.slice(0, 32)}…, ${r.log.counterSigned ? 'counter-signed by the customer' : 'not counter-signed'}, ${r.log.verified ? 'verified' : 'NOT verified'} (${r.log.verification})`],
  ])}</table>
<h2>Technician notes</h2><p>${e(r.notes || '—')}</p>
<h2>Scopes granted</h2><table><tr><th>Mode</th><th>Clipboard</th><th>Files</th><th>Issued</th><th>Expires</th></tr>${rows(r.scopes.map((s) => [s.mode, s.clipboard ? 'yes' : 'no', s.files ? 'yes' : 'no', time(s.issuedAt), time(s.expiresAt)]))}</table>
<h2>Actions</h2><table><tr><th>Time</th><th>What</th><th>Detail</th></tr>${rows(r.actions.map((a) => [time(a.at), a.kind, a.detail]))}</table>
<h2>Files</h2><table><tr><th>Name</th><th>Size</th><th>Direction</th><th>SHA-256</th><th>Status</th></tr>${rows(r.files.map((f) => [f.name, String(f.size), f.direction, f.sha256, f.status]))}</table>
<h2>Chat</h2><table><tr><th>Time</th><th>From</th><th>Text</th></tr>${rows(r.chat.map((c) => [time(c.ts), c.from, c.text]))}</table>
</body></html>`;
}
