// The current grant (mode, clipboard, files, time left), the organisation's permission template when the
// session has one (the request form offers nothing beyond it), a "request more" form (elevation round
// trip via consent.request) and clipboard text, offered only when the grant allows it.
import { useEffect, useState, type FormEvent } from 'react';
import { PROTOCOL_VERSION, SCOPE_MODES, type ScopeMode } from '@tether/protocol';
import { useConsoleStore, useController } from './consoleContext';

function timeLeft(ms: number): string {
  if (ms <= 0) return 'expired';
  const m = Math.floor(ms / 60_000);
  return m >= 60 ? `${Math.floor(m / 60)} h ${m % 60} min` : `${m} min ${Math.floor((ms % 60_000) / 1000)} s`;
}

export function GrantPanel() {
  const controller = useController();
  const grant = useConsoleStore('session', (s) => s.grant);
  const phase = useConsoleStore('session', (s) => s.phase);
  const elevation = useConsoleStore('session', (s) => s.elevation);
  const template = useConsoleStore('session', (s) => s.template);
  const modes = template ? SCOPE_MODES.filter((m) => template.modes.includes(m)) : SCOPE_MODES;
  const widest = modes[modes.length - 1] ?? 'view';
  const [now, setNow] = useState(() => Date.now());
  const [clip, setClip] = useState('');
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(t);
  }, []);
  const live = phase === 'connected' || phase === 'awaiting-consent' || phase === 'paused';

  const request = (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = e.currentTarget.elements;
    controller.requestConsent({
      mode: (f.namedItem('mode') as HTMLSelectElement).value as ScopeMode,
      clipboard: (f.namedItem('clipboard') as HTMLInputElement).checked,
      files: (f.namedItem('files') as HTMLInputElement).checked,
      reason: (f.namedItem('reason') as HTMLInputElement).value.trim() || undefined,
    });
  };

  return (
    <section className="panel grant" data-testid="grant-panel">
      <h2>Permission</h2>
      {grant ? (
        <dl data-testid="grant" data-mode={grant.mode} data-clipboard={String(grant.clipboard)} data-files={String(grant.files)}>
          <dt>Mode</dt><dd>{grant.mode}{grant.shareOnlyRegion ? ' (only that part is shared)' : ''}</dd>
          <dt>Clipboard</dt><dd>{grant.clipboard ? 'allowed' : 'not allowed'}</dd>
          <dt>Files</dt><dd>{grant.files ? 'allowed' : 'not allowed'}</dd>
          <dt>Expires in</dt><dd>{timeLeft(grant.expiresAt - now)}</dd>
        </dl>
      ) : (
        <p data-testid="no-grant">{phase === 'awaiting-consent' ? 'Ask the customer for permission.' : 'No permission yet.'}</p>
      )}
      {template && (
        <p className="template" data-testid="template" data-template={template.id}>
          Organisation template “{template.name}”: {modes.join(', ')}; clipboard {template.clipboard ? 'allowed' : 'not allowed'};
          files {template.files ? 'allowed' : 'not allowed'}; at most {Math.round(template.maxDurationMs / 60_000)} min.
        </p>
      )}
      <form onSubmit={request} key={template?.id ?? 'no-template'}>
        <label>Mode <select name="mode" defaultValue={widest} data-testid="request-mode">
          {SCOPE_MODES.map((m) => <option key={m} value={m} disabled={!modes.includes(m)}>{m}</option>)}
        </select></label>
        <label><input type="checkbox" name="clipboard" defaultChecked={template?.clipboard ?? true} disabled={template ? !template.clipboard : false} data-testid="request-clipboard" /> clipboard</label>
        <label><input type="checkbox" name="files" defaultChecked={template?.files ?? true} disabled={template ? !template.files : false} data-testid="request-files" /> files</label>
        <label>Reason <input name="reason" maxLength={500} /></label>
        <button type="submit" disabled={!live || phase === 'paused'} data-testid="request-consent">{grant ? 'Request more' : 'Request permission'}</button>
      </form>
      {elevation.status !== 'idle' && (
        <p data-testid="elevation" data-status={elevation.status}>
          {elevation.status === 'pending' && 'Waiting for the customer to answer…'}
          {elevation.status === 'granted' && 'The customer answered with a new grant.'}
          {elevation.status === 'denied' && `The customer declined: ${elevation.reason ?? ''}`}
        </p>
      )}
      <h3>Clipboard</h3>
      <textarea value={clip} onChange={(e) => setClip(e.target.value)} disabled={!grant?.clipboard} aria-label="clipboard text" data-testid="clipboard-text" />
      <button
        type="button"
        data-testid="clipboard-send"
        disabled={!grant?.clipboard || phase !== 'connected' || !clip}
        onClick={() => controller.sendInput({ v: PROTOCOL_VERSION, type: 'clipboard.text', text: clip })}
      >
        Send to the customer’s clipboard
      </button>
      <button type="button" className="danger" disabled={phase === 'ended' || phase === 'ready'} data-testid="end-session" onClick={() => void controller.stop()}>
        End session
      </button>
    </section>
  );
}
