// Entry of the admin view (/admin): reads /config.json (relay URL and the organisation's public keys),
// creates the controller and renders the page.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { AdminController } from '../../common/admin/adminController';
import { parseAdminPageConfig } from '../../common/admin/adminCredentials';
import type { FetchLike } from '@tether/recording';
import { AdminApp } from './AdminApp';
import { AdminContext } from './adminContext';
import '../console.css';
import './admin.css';

async function loadConfig() {
  try {
    return parseAdminPageConfig(await fetch('/config.json').then((r) => r.json()));
  } catch (error) {
    return { ok: false as const, error: error instanceof Error ? error : new Error(String(error)) };
  }
}

const root = document.getElementById('root');
const config = await loadConfig();
if (root) {
  const reactRoot = createRoot(root);
  if (!config.ok) {
    const detail = (config.error as { detail?: string }).detail ?? config.error.message;
    reactRoot.render(<p className="error" role="alert" data-testid="config-error">The admin view cannot start: {detail}</p>);
  } else {
    const controller = new AdminController({ config: config.value, fetch: fetch.bind(globalThis) as unknown as FetchLike });
    reactRoot.render(
      <StrictMode>
        <AdminContext.Provider value={controller}>
          <AdminApp />
        </AdminContext.Provider>
      </StrictMode>,
    );
  }
}
