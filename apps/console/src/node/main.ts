// `pnpm console [--relay ws://host:port/relay] [--org org.json] [--port N] [--host H] [--no-build]`: builds the
// console UI and serves it on loopback; prints the URL. TETHER_CONSOLE_RELAY / TETHER_CONSOLE_ORG /
// TETHER_CONSOLE_PORT work too. --org (org.json of `tether-admin init-org`) enables recording uploads and the
// admin view's verification against the organisation's keys.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CONSOLE_DIST, buildConsoleUi } from './buildConsoleUi';
import { startConsoleServer, type ConsoleOrgConfig } from './consoleServer';
import { loadOrgConfig } from './orgConfig';

function fail(message: string): never {
  console.error(`tether console: ${message}`);
  process.exit(2);
}

let values: { relay?: string; org?: string; port?: string; host?: string; 'no-build'?: boolean };
try {
  ({ values } = parseArgs({ options: { relay: { type: 'string' }, org: { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, 'no-build': { type: 'boolean' } } }));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const relayUrl = values.relay ?? process.env.TETHER_CONSOLE_RELAY ?? 'ws://127.0.0.1:8787/relay';
if (!/^wss?:\/\//.test(relayUrl)) fail(`--relay must be a ws:// or wss:// URL, got "${relayUrl}"`);
const port = Number(values.port ?? process.env.TETHER_CONSOLE_PORT ?? 0);
if (!Number.isInteger(port) || port < 0 || port > 65535) fail('--port must be 0..65535');
if (!values['no-build'] || !existsSync(join(CONSOLE_DIST, 'index.html'))) await buildConsoleUi({ quiet: true });
const orgPath = values.org ?? process.env.TETHER_CONSOLE_ORG;
let org: ConsoleOrgConfig | undefined;
try {
  org = orgPath ? await loadOrgConfig(orgPath) : undefined;
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
const server = await startConsoleServer({ distDir: CONSOLE_DIST, relayUrl, port, host: values.host ?? '127.0.0.1', ...(org ? { org } : {}) });
console.log(`tether console: ${server.url} (relay ${relayUrl})`);
const shutdown = () => void server.close().then(() => process.exit(0));
process.on('SIGINT', shutdown);
process.on('SIGTERM', shutdown);
