// Files to the customer: pick, SHA-256 shown, offer, progress, outcome.
import { useState } from 'react';
import { formatBytes } from '../common/fileSender';
import { progressOf } from '../common/stores/filesStore';
import { useConsoleStore, useController } from './consoleContext';
import { saveBytesFile } from './saveFile';

export function FilesPanel() {
  const controller = useController();
  const files = useConsoleStore('files', (s) => s);
  const grant = useConsoleStore('session', (s) => s.grant);
  const [busy, setBusy] = useState(false);
  const pick = async (input: HTMLInputElement) => {
    const file = input.files?.[0];
    input.value = '';
    if (!file) return;
    setBusy(true);
    try {
      controller.stores.files.setState({ error: '' });
      const bytes = new Uint8Array(await file.arrayBuffer());
      await controller.sendFile(file.name, bytes);
    } catch {
      // the refusal is in the store
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="panel files">
      <h2>Files</h2>
      <label>Send a file to the customer <input type="file" data-testid="file-pick" disabled={!grant?.files || busy} onChange={(e) => void pick(e.currentTarget)} /></label>
      {!grant?.files && <p className="hint">File transfer needs the customer’s permission.</p>}
      {files.error && <p className="error" role="alert" data-testid="file-error">{files.error}</p>}
      <ul>
        {files.transfers.map((t) => (
          <li key={t.fileId} data-testid="transfer" data-status={t.status} data-sha256={t.sha256}>
            <div>{t.direction === 'toCustomer' ? '→ ' : '← '}<strong>{t.name}</strong> ({formatBytes(t.size)}) — {t.status}{t.resumes ? `, resumed ${t.resumes}×` : ''}</div>
            <progress max={1} value={progressOf(t)} />
            <div className="hash">SHA-256 {t.sha256 || '…'}</div>
            <div className="hint">{t.message}</div>
            {t.direction === 'toTechnician' && t.status === 'offered' && (
              <div>
                <button type="button" data-testid="file-accept" onClick={() => controller.answerFile(t.fileId, true)}>Accept</button>
                <button type="button" data-testid="file-decline" onClick={() => controller.answerFile(t.fileId, false)}>Decline</button>
              </div>
            )}
            {t.direction === 'toTechnician' && t.status === 'done' && (
              <button type="button" data-testid="file-save" onClick={() => { const b = controller.receivedFile(t.fileId); if (b) saveBytesFile(t.name, b); }}>Save</button>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
