// Who is signed in, the session's state with its reason, the code and invite link while waiting, and
// the SAS for the spoken check.
import { groupCode, groupSas } from '../common/sessionCode';
import { PHASE_LABELS } from '../common/stores/sessionStore';
import { useConsoleStore, useController } from './consoleContext';

export function SessionHeader() {
  const controller = useController();
  const s = useConsoleStore('session', (x) => x);
  const who = s.technician;
  return (
    <header className="session-header">
      {who && (
        <div className="who" data-testid="identity">
          <strong>{who.name}</strong> · {who.employeeNo} · {who.department} · {who.org} · certificate valid until {new Date(who.notAfter).toLocaleString()}
        </div>
      )}
      <div className={`phase phase-${s.phase}`} data-testid="phase" data-phase={s.phase}>
        {PHASE_LABELS[s.phase]}
        {s.reason && <span className="reason" data-testid="phase-reason"> — {s.reason}</span>}
      </div>
      {s.phase === 'ready' && (
        <button type="button" data-testid="create-session" onClick={() => void controller.createSession().catch(() => undefined)}>
          Create session
        </button>
      )}
      {s.error && <p className="error" role="alert">{s.error}</p>}
      {s.notice && s.phase !== 'ended' && <p className="notice" role="status" data-testid="notice">{s.notice}</p>}
      {s.code && (s.phase === 'waiting' || s.phase === 'creating') && (
        <div className="code-box">
          <div>Session code for the customer</div>
          <div className="code" data-testid="session-code" data-code={s.code}>{groupCode(s.code)}</div>
          <div>Invite link: <a href={s.inviteUrl} data-testid="invite-link">{s.inviteUrl}</a></div>
          <div>Valid until {new Date(s.codeExpiresAt).toLocaleTimeString()}</div>
        </div>
      )}
      {s.sas && s.phase !== 'ended' && (
        <div className="sas" data-testid="sas" data-sas={s.sas}>
          Security code: <strong>{groupSas(s.sas)}</strong> — ask the customer to read the code on their screen; it must match.
        </div>
      )}
    </header>
  );
}
