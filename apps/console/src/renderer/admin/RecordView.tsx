// One opened session: the verification verdict (prominent; the first bad entry when the log fails), who
// and when, the downloads (video, log.json, report.html) and the player.
import type { DownloadFile, SessionRecord } from '../../common/admin/sessionRecord';
import { saveBytesFile, saveTextFile } from '../saveFile';
import { useAdminStore } from './adminContext';
import { RecordPlayer } from './RecordPlayer';

const when = (ms: number): string => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

const testIdOf = (file: DownloadFile): string => `export-${file.name.replace(/\..*$/, '')}`;

function save(file: DownloadFile): void {
  if (typeof file.bytes === 'string') void saveTextFile(file.name, file.bytes, file.mimeType);
  else saveBytesFile(file.name, file.bytes);
}

function Verdict({ record }: { record: SessionRecord }) {
  const { verdict } = record;
  return (
    <div className={`verdict ${verdict.ok ? 'verdict-ok' : 'verdict-bad'}`} data-testid="verdict" data-ok={verdict.ok ? 'true' : 'false'}>
      <strong data-testid="verdict-headline">{verdict.headline}</strong>
      {verdict.firstBadEntry && (
        <p data-testid="first-bad-entry">
          First bad entry: #{verdict.firstBadEntry.index} ({verdict.firstBadEntry.kind}) — {verdict.firstBadEntry.reason}: {verdict.firstBadEntry.detail}
        </p>
      )}
      <ul>
        {verdict.checks.map((c) => <li key={c.label} className={c.ok ? '' : 'error'}>{c.label}: {c.detail}</li>)}
      </ul>
    </div>
  );
}

export function RecordView() {
  const status = useAdminStore('record', (s) => s.status);
  const error = useAdminStore('record', (s) => s.error);
  const record = useAdminStore('record', (s) => s.record);
  const sessionId = useAdminStore('record', (s) => s.sessionId);
  if (status === 'idle') return null;
  if (status === 'loading') return <section className="panel record" data-testid="record-loading">Opening {sessionId}…</section>;
  if (status === 'failed' || !record) return <section className="panel record"><p className="error" role="alert" data-testid="record-error">{error}</p></section>;
  const m = record.bundle.manifest;
  return (
    <section className="panel record" data-testid="record" data-session-id={record.sessionId}>
      <h2>Session {record.sessionId}</h2>
      <Verdict record={record} />
      <dl>
        <dt>Technician</dt><dd>{m.certificate.name} ({m.technicianSerial}, {m.certificate.department})</dd>
        <dt>Organisation</dt><dd>{m.org}</dd>
        {m.customerRef && <><dt>Customer ref</dt><dd>{m.customerRef}</dd></>}
        <dt>Start</dt><dd>{when(m.startedAt)} UTC</dd>
        <dt>End</dt><dd>{when(m.endedAt)} UTC</dd>
      </dl>
      <div className="exports">
        {record.files.map((f) => (
          <button type="button" key={f.name} onClick={() => save(f)} data-testid={testIdOf(f)}>Download {f.name}</button>
        ))}
        {record.exportProblem && <p className="notice" data-testid="export-problem">No export: {record.exportProblem}</p>}
      </div>
      <RecordPlayer key={record.sessionId} record={record} />
    </section>
  );
}
