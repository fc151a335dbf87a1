// Sign-in: certificate + key vault + passphrase. Also "protect a key": turns a plain tech.sec into a
// passphrase-protected key vault the technician saves and uses from then on.
import { useState, type FormEvent } from 'react';
import { sealKeyVault, type VaultCrypto } from '../common/keyVault';
import { useConsoleStore, useController } from './consoleContext';
import { saveTextFile } from './saveFile';

async function fileText(input: HTMLInputElement | null): Promise<string> {
  const file = input?.files?.[0];
  return file ? file.text() : '';
}

export function SignIn() {
  const controller = useController();
  const error = useConsoleStore('session', (s) => s.error);
  const [busy, setBusy] = useState(false);
  const [protectMessage, setProtectMessage] = useState('');

  const submit = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const cert = await fileText(form.elements.namedItem('certificate') as HTMLInputElement);
    const key = await fileText(form.elements.namedItem('key') as HTMLInputElement);
    const passphrase = (form.elements.namedItem('passphrase') as HTMLInputElement).value;
    if (!cert || !key) {
      controller.stores.session.setState({ error: 'Choose your certificate and your key vault file.' });
      return;
    }
    setBusy(true);
    await controller.signIn(cert, key, passphrase).catch(() => undefined);
    setBusy(false);
  };

  const protect = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const form = e.currentTarget;
    const key = await fileText(form.elements.namedItem('plainKey') as HTMLInputElement);
    const p1 = (form.elements.namedItem('newPassphrase') as HTMLInputElement).value;
    const p2 = (form.elements.namedItem('repeatPassphrase') as HTMLInputElement).value;
    if (p1 !== p2) return setProtectMessage('The two passphrases differ.');
    try {
      const vault = await sealKeyVault(key, p1, globalThis.crypto as unknown as VaultCrypto);
      await saveTextFile('tech.vault.json', JSON.stringify(vault, null, 2), 'application/json');
      setProtectMessage('Saved tech.vault.json. Use it to sign in, and delete the unprotected tech.sec.');
    } catch (err) {
      setProtectMessage(err instanceof Error ? err.message : String(err));
    }
  };

  return (
    <main className="signin">
      <h1>Tether console</h1>
      <form onSubmit={(e) => void submit(e)} data-testid="signin-form">
        <h2>Sign in</h2>
        <label>Certificate (certificate.json) <input type="file" name="certificate" accept=".json,application/json" data-testid="certificate" /></label>
        <label>Key vault (tech.vault.json) <input type="file" name="key" data-testid="key" /></label>
        <label>Passphrase <input type="password" name="passphrase" autoComplete="current-password" data-testid="passphrase" /></label>
        <button type="submit" disabled={busy} data-testid="signin">{busy ? 'Opening the key vault…' : 'Sign in'}</button>
        {error && <p className="error" role="alert" data-testid="signin-error">{error}</p>}
      </form>
      <details>
        <summary data-testid="protect-open">Protect a key file with a passphrase</summary>
        <form onSubmit={(e) => void protect(e)}>
          <label>Technician key (tech.sec) <input type="file" name="plainKey" data-testid="protect-key" /></label>
          <label>New passphrase <input type="password" name="newPassphrase" autoComplete="new-password" data-testid="protect-pass1" /></label>
          <label>Repeat it <input type="password" name="repeatPassphrase" autoComplete="new-password" data-testid="protect-pass2" /></label>
          <button type="submit" data-testid="protect-submit">Create key vault</button>
          {protectMessage && <p role="status" data-testid="protect-message">{protectMessage}</p>}
        </form>
      </details>
    </main>
  );
}
