// Sign-in of the admin view: admin.sec and archive.sec (loaded from a file or pasted; kept only in page
// memory), or, for a customer, a session id and the customer token shown at the end of the session.
import { useState, type ChangeEvent, type FormEvent } from 'react';
import { useAdmin, useAdminStore } from './adminContext';

function KeyField(props: { label: string; name: string; value: string; onChange(text: string): void }) {
  const load = async (e: ChangeEvent<HTMLInputElement>) => {
    const file = e.currentTarget.files?.[0];
    if (file) props.onChange((await file.text()).trim());
  };
  return (
    <label>
      {props.label}
      <input type="file" onChange={(e) => void load(e)} data-testid={`${props.name}-file`} />
      <textarea
        rows={2} spellCheck={false} autoComplete="off" value={props.value} placeholder="or paste the key text"
        onChange={(e) => props.onChange(e.currentTarget.value)} data-testid={`${props.name}-text`}
      />
    </label>
  );
}

export function AdminSignIn() {
  const controller = useAdmin();
  const error = useAdminStore('auth', (s) => s.error);
  const busy = useAdminStore('auth', (s) => s.busy);
  const [adminKey, setAdminKey] = useState('');
  const [archiveKey, setArchiveKey] = useState('');
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void controller.signInAdmin(adminKey, archiveKey).then((ok) => {
      if (ok) {
        setAdminKey('');
        setArchiveKey('');
      }
    });
  };
  return (
    <main className="signin admin-signin">
      <form onSubmit={submit} data-testid="admin-signin-form">
        <h2>Administrator</h2>
        <KeyField label="Admin key (admin.sec)" name="admin-key" value={adminKey} onChange={setAdminKey} />
        <KeyField label="Archive key (archive.sec)" name="archive-key" value={archiveKey} onChange={setArchiveKey} />
        <p className="hint">The keys stay in this page's memory and are forgotten on sign-out or reload.</p>
        <button type="submit" disabled={busy} data-testid="admin-signin">{busy ? 'Checking…' : 'Sign in'}</button>
        {error && <p className="error" role="alert" data-testid="admin-signin-error">{error}</p>}
      </form>
      <CustomerRecordForm />
    </main>
  );
}

export function CustomerRecordForm() {
  const controller = useAdmin();
  const loading = useAdminStore('record', (s) => s.status === 'loading');
  const last = useAdminStore('auth', (s) => s.customer);
  const [sessionId, setSessionId] = useState(last.sessionId);
  const [token, setToken] = useState(last.token);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void controller.openCustomerRecord(sessionId, token);
  };
  return (
    <form onSubmit={submit} className="customer-form" data-testid="customer-form">
      <h2>Open a session record</h2>
      <p className="hint">For customers: the session id and the token you were given at the end of the session.</p>
      <label>Session id <input value={sessionId} onChange={(e) => setSessionId(e.currentTarget.value)} data-testid="customer-session-id" /></label>
      <label>Customer token <input value={token} autoComplete="off" onChange={(e) => setToken(e.currentTarget.value)} data-testid="customer-token" /></label>
      <button type="submit" disabled={loading} data-testid="customer-open">Open record</button>
    </form>
  );
}
