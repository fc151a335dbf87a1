// The admin view: sign in (admin keys, or a customer's session id + token), then the archive list and the
// opened session (verification, export, player).
import { AdminSignIn, CustomerRecordForm } from './AdminSignIn';
import { useAdmin, useAdminStore } from './adminContext';
import { ArchiveList } from './ArchiveList';
import { RecordView } from './RecordView';

export function AdminApp() {
  const controller = useAdmin();
  const mode = useAdminStore('auth', (s) => s.mode);
  const org = useAdminStore('auth', (s) => s.org);
  return (
    <div className="admin">
      <header className="session-header">
        <strong>Tether archive</strong>
        <span data-testid="admin-org">{org ?? 'no organisation configured'}</span>
        {mode !== 'signed-out' && <span className="phase" data-testid="admin-mode">{mode === 'admin' ? 'admin' : 'customer record'}</span>}
        {mode !== 'signed-out' && <button type="button" onClick={() => controller.signOut()} data-testid="admin-signout">Sign out</button>}
      </header>
      {mode === 'signed-out' && <AdminSignIn />}
      {mode === 'customer' && (
        <div className="admin-body">
          <CustomerRecordForm />
          <RecordView />
        </div>
      )}
      {mode === 'admin' && (
        <div className="admin-body">
          <ArchiveList />
          <RecordView />
        </div>
      )}
    </div>
  );
}
