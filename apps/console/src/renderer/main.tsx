// Entry of the console UI: reads the relay URL the server configured (/config.json, or ?relay=), creates
// the controller and renders the app.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ConsoleController } from '../common/consoleController';
import { App } from './App';
import { browserPorts } from './browserPorts';
import { ConsoleContext } from './consoleContext';
import './console.css';

async function relayUrl(): Promise<string> {
  const fromQuery = new URL(location.href).searchParams.get('relay');
  if (fromQuery) return fromQuery;
  const config = (await fetch('/config.json').then((r) => r.json())) as { relayUrl?: string };
  return config.relayUrl ?? `ws://${location.hostname}:8787/relay`;
}

const controller = new ConsoleController(browserPorts(await relayUrl()));
const root = document.getElementById('root');
if (root) {
  createRoot(root).render(
    <StrictMode>
      <ConsoleContext.Provider value={controller}>
        <App />
      </ConsoleContext.Provider>
    </StrictMode>,
  );
}
