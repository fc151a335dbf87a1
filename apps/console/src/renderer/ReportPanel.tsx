// After the session: the report (notes and outcome editable), the customer's rating, the log's
// verification, downloads (report JSON + HTML, the signed log as JSON lines), and the recording's archive
// status (uploading n %, archived with the customer's token, or the error with Retry). Also here: the
// offer to archive recordings a crashed or reloaded page left behind (shown after sign-in).
import { useEffect, useState } from 'react';
import { serializeLog } from '@tether/crypto';
import { reportHtml, type ConsoleReport } from '../common/sessionReport';
import { OUTCOMES, type Outcome } from '../common/stores/logStore';
import { useConsoleStore, useController } from './consoleContext';
import { saveTextFile } from './saveFile';

export function ReportPanel() {
  const controller = useController();
  const [report, setReport] = useState<ConsoleReport | null>(controller.currentReport);
  const log = useConsoleStore('log', (s) => s);
  const rating = useConsoleStore('session', (s) => s.rating);
  useEffect(() => controller.onReport(setReport), [controller]);
  if (!report) return <section className="panel report" data-testid="report-pending">Finalising the signed log and waiting for the customer’s rating…</section>;

  const update = (patch: Partial<{ notes: string; outcome: Outcome }>) => {
    controller.stores.log.setState(patch);
    setReport(controller.rebuildReport());
  };
  const name = `tether-session-${report.sessionId}`;
  return (
    <section className="panel report" data-testid="report">
      <h2>Session report</h2>
      <dl>
        <dt>Technician</dt><dd>{report.technician.name} ({report.technician.employeeNo})</dd>
        <dt>When</dt><dd>{new Date(report.startedAt).toLocaleString()} – {new Date(report.endedAt).toLocaleString()}</dd>
        <dt>How it ended</dt><dd data-testid="report-end-reason">{report.endReason}</dd>
        <dt>Scopes</dt><dd data-testid="report-scopes">{report.scopes.map((s) => `${s.mode}${s.clipboard ? '+clipboard' : ''}${s.files ? '+files' : ''}`).join(' → ') || 'none'}</dd>
        <dt>Files</dt><dd data-testid="report-files">{report.files.map((f) => `${f.name} (${f.status}, sha256 ${f.sha256})`).join('; ') || 'none'}</dd>
        <dt>Chat</dt><dd>{report.chat.length} messages</dd>
        <dt>Customer side</dt><dd data-testid="report-customer-side">{report.customerSide ? `outcome ${report.customerSide.outcome}; ${report.customerSide.counts.inputEvents} input events, ${report.customerSide.counts.inputRefused} refused` : 'no summary received'}</dd>
        <dt>Customer rating</dt><dd data-testid="report-rating">{rating ? `${'★'.repeat(rating.stars)}${'☆'.repeat(5 - rating.stars)} ${rating.comment ?? ''}` : 'none given'}</dd>
        <dt>Signed log</dt><dd data-testid="log-verification" data-ok={String(log.verification?.ok ?? false)}>{log.verification?.ok ? 'verified' : 'NOT verified'}: {log.verification?.detail} {report.log.counterSigned ? '(final head counter-signed by the customer)' : ''}</dd>
      </dl>
      <label>Outcome <select value={log.outcome} onChange={(e) => update({ outcome: e.target.value as Outcome })} data-testid="report-outcome">
        {OUTCOMES.map((o) => <option key={o} value={o}>{o}</option>)}
      </select></label>
      <label>Notes <textarea value={log.notes} maxLength={4000} onChange={(e) => update({ notes: e.target.value })} data-testid="report-notes" /></label>
      <h3>Actions</h3>
      <ol className="actions" data-testid="report-actions">
        {report.actions.map((a, i) => <li key={i}><span className="time">{new Date(a.at).toLocaleTimeString()}</span> {a.kind} {a.detail}</li>)}
      </ol>
      <ArchiveStatusLine />
      <div className="downloads">
        <button type="button" data-testid="save-json" onClick={() => void saveTextFile(`${name}.json`, JSON.stringify(controller.rebuildReport(), null, 2), 'application/json')}>Save report (JSON)</button>
        <button type="button" data-testid="save-html" onClick={() => void saveTextFile(`${name}.html`, reportHtml(controller.rebuildReport() ?? report), 'text/html')}>Save report (HTML)</button>
        <button type="button" data-testid="save-log" onClick={() => void saveTextFile(`${name}.log.jsonl`, serializeLog(controller.logEntries), 'application/jsonl')}>Download signed log</button>
      </div>
    </section>
  );
}

const ARCHIVE_WORDS: Record<string, string> = {
  off: 'not recorded (this console has no recording store)',
  recording: 'recording…',
  sealing: 'sealing the recording…',
};

/** The recording of the session that just ended: where it is on its way to the archive. */
export function ArchiveStatusLine() {
  const controller = useController();
  const status = useConsoleStore('archive', (s) => s);
  let text: string;
  if (status.phase === 'uploading') text = `uploading ${status.percent} %`;
  else if (status.phase === 'archived') text = 'archived';
  else if (status.phase === 'failed' || status.phase === 'not-archived') text = status.message;
  else text = ARCHIVE_WORDS[status.phase] ?? status.phase;
  return (
    <div className="archive-status" data-testid="archive-status" data-phase={status.phase}>
      <h3>Recording</h3>
      <p>{text}</p>
      {status.phase === 'archived' && status.customerToken && (
        <p>Give the customer this token; it opens their copy of this session only:{' '}
          <code data-testid="customer-token">{status.customerToken}</code></p>
      )}
      {status.phase === 'failed' && (
        <button type="button" data-testid="archive-retry" onClick={() => void controller.retryArchive()}>Retry</button>
      )}
      {status.phase !== 'failed' && status.phase !== 'not-archived' && status.message && <p className="notice">{status.message}</p>}
    </div>
  );
}

/** Recordings a crashed or reloaded page left on this computer, offered for archiving after sign-in. */
export function StoredRecordingsOffer() {
  const controller = useController();
  const unfinished = useConsoleStore('archive', (s) => s.unfinished);
  const phase = useConsoleStore('session', (s) => s.phase);
  const [busy, setBusy] = useState('');
  if (phase === 'signed-out' || unfinished.length === 0) return null;
  return (
    <section className="panel stored-recordings" data-testid="stored-recordings">
      <p>{unfinished.length} recording(s) from an earlier session were not archived yet.</p>
      <ul>
        {unfinished.map((id) => (
          <li key={id}>{id}{' '}
            <button type="button" disabled={busy !== ''} data-testid={`archive-stored-${id}`} onClick={() => {
              setBusy(id);
              void controller.archiveStoredRecording(id).finally(() => setBusy(''));
            }}>{busy === id ? 'Archiving…' : 'Archive now'}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}
