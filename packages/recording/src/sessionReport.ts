// A self-contained HTML session report (no scripts, everything escaped): who, when, verification result,
// consent and actions from the log, chat, and the recording's contents.
import type { LogEntry } from '@tether/crypto';
import type { RecordingRecord } from './recordingFormat';
import type { SessionManifest } from './sessionBundle';
import type { SessionVerification } from './sessionVerification';

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');

const time = (ms: number): string => new Date(ms).toISOString();

export interface ReportInput {
  manifest: SessionManifest;
  verification: SessionVerification;
  records: readonly RecordingRecord[];
  video?: { file: string; frames: number; durationMs: number; codec: string };
}

function logRows(entries: readonly LogEntry[]): string {
  return entries.map((e) => `<tr><td>${e.index}</td><td>${time(e.ts)}</td><td>${escapeHtml(e.kind)}</td><td><code>${escapeHtml(JSON.stringify(e.data))}</code></td><td>${e.counterSig ? 'yes' : ''}</td></tr>`).join('\n');
}

function chatRows(records: readonly RecordingRecord[]): string {
  return records
    .filter((r): r is Extract<RecordingRecord, { kind: 'message' }> => r.kind === 'message' && r.message.type === 'chat.message')
    .map((r) => `<tr><td>${time(r.atMs)}</td><td>${r.direction}</td><td>${escapeHtml((r.message as { text: string }).text)}</td></tr>`)
    .join('\n');
}

export function renderSessionReport(input: ReportInput): string {
  const { manifest, verification, records } = input;
  const cert = manifest.certificate;
  const counts = new Map<string, number>();
  for (const r of records) {
    const key = r.kind === 'message' ? r.message.type : r.kind === 'event' ? `event ${r.name}` : 'log';
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  const countRows = [...counts].sort().map(([k, n]) => `<tr><td>${escapeHtml(k)}</td><td>${n}</td></tr>`).join('\n');
  const status = verification.ok ? 'VERIFIED' : 'NOT VERIFIED';
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Tether session ${escapeHtml(manifest.sessionId)}</title>
<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;vertical-align:top}code{font-size:85%}.bad{color:#b00}.good{color:#060}</style></head>
<body>
<h1>Session report</h1>
<p class="${verification.ok ? 'good' : 'bad'}"><strong>${status}</strong>: ${escapeHtml(verification.summary)}; ${escapeHtml(verification.certificate.detail)}</p>
<table>
<tr><th>Session</th><td>${escapeHtml(manifest.sessionId)}</td></tr>
<tr><th>Organisation</th><td>${escapeHtml(manifest.org)}</td></tr>
<tr><th>Technician</th><td>${escapeHtml(cert.name)} (no. ${escapeHtml(cert.employeeNo)}, ${escapeHtml(cert.department)}), certificate ${escapeHtml(cert.serial)}</td></tr>
<tr><th>Customer reference</th><td>${escapeHtml(manifest.customerRef ?? '')}</td></tr>
<tr><th>Started</th><td>${time(manifest.startedAt)}</td></tr>
<tr><th>Ended</th><td>${time(manifest.endedAt)}</td></tr>
${input.video ? `<tr><th>Video</th><td>${escapeHtml(input.video.file)}: ${input.video.frames} frames, ${(input.video.durationMs / 1000).toFixed(1)} s, ${escapeHtml(input.video.codec)}</td></tr>` : ''}
</table>
<h2>Recording contents</h2><table><tr><th>record</th><th>count</th></tr>
${countRows}
</table>
<h2>Chat</h2><table><tr><th>time</th><th>from</th><th>text</th></tr>
${chatRows(records)}
</table>
<h2>Signed log</h2><table><tr><th>#</th><th>time</th><th>kind</th><th>data</th><th>agent counter-signed</th></tr>
${logRows(verification.entries)}
</table>
</body></html>
`;
}
