// The console window: sign-in, then the session (header, viewer, permission, chat, files), then the report.
import { ChatPanel } from './ChatPanel';
import { useConsoleStore } from './consoleContext';
import { FilesPanel } from './FilesPanel';
import { GrantPanel } from './GrantPanel';
import { ReportPanel } from './ReportPanel';
import { SessionHeader } from './SessionHeader';
import { SignIn } from './SignIn';
import { Viewer } from './Viewer';

export function App() {
  const phase = useConsoleStore('session', (s) => s.phase);
  if (phase === 'signed-out') return <SignIn />;
  const live = phase !== 'ready' && phase !== 'creating' && phase !== 'waiting';
  return (
    <div className="console">
      <SessionHeader />
      {live && (
        <div className="workspace">
          {phase !== 'ended' ? <Viewer /> : <ReportPanel />}
          <aside>
            <GrantPanel />
            <ChatPanel />
            <FilesPanel />
          </aside>
        </div>
      )}
    </div>
  );
}
