// Entry of the console UI: reads what the server configured (/config.json: relay URL, or ?relay=; the
// organisation's keys; the recording token), creates the controller and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleController } from '../common/consoleController';
import { App } from './App';
import { browserPorts, type ConsolePageConfig } from './browserPorts';
import { ConsoleContext } from './consoleContext';
import { StoredRecordingsOffer } from './ReportPanel';
import './console.css';

async function pageConfig(): Promise<ConsolePageConfig> {
  const config = (await fetch('/config.json').then((r) => r.json()).catch(() => ({}))) as Partial<ConsolePageConfig>;
  const fromQuery = new URL(location.href).searchParams.get('relay');
  return { ...config, relayUrl: fromQuery ?? config.relayUrl ?? `ws://${location.hostname}:8787/relay` };
}

const controller = new ConsoleController(browserPorts(await pageConfig()));
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ConsoleContext.Provider value={controller}>
        <StoredRecordingsOffer />
        <App />
      </ConsoleContext.Provider>
    </StrictMode>,
  );
}
