// Entry of the one-time agent's Electron main process: read the baked configuration, find the session
// code, run the shell with the session core. Kept to wiring only.
import { app, dialog, screen } from 'electron';
import { mkdtemp, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { runAgent } from '../node/session/agentRunner';
import { runAgentShell } from './agentShell';
import { BAKED_CONFIG_FILE, parseBakedConfig } from '../common/bakedConfig';
import { sessionCodeFrom } from './launchCode';
import { registerUiScheme } from './sessionHardening';

registerUiScheme();
if (!app.requestSingleInstanceLock()) app.quit();

async function main(): Promise<void> {
  const config = parseBakedConfig(JSON.parse(await readFile(join(process.resourcesPath, BAKED_CONFIG_FILE), 'utf8')));
  if (!config.ok) throw config.error;
  const launchedAs = process.env.APPIMAGE ?? process.env.PORTABLE_EXECUTABLE_FILE ?? process.execPath;
  const code = sessionCodeFrom(process.argv.slice(1), basename(launchedAs));
  if (!code) throw new Error('No session code: start Tether from the link your technician sent you.');
  await runAgentShell({
    uiRoot: join(__dirname, 'ui'),
    preloadPath: join(__dirname, 'preload.cjs'),
    removeSelf: app.isPackaged,
    start: async (prompt, capture) => {
      // Received files go where the customer finds them and stay after the session; only the core's own files are removed.
      const filesFolder = await mkdtemp(join(app.getPath('downloads'), 'Tether-files-'));
      const { width, height } = screen.getPrimaryDisplay().size;
      const running = await runAgent({
        relayUrl: config.value.relayUrl, code, rootPublicKey: config.value.rootPublicKey, org: config.value.org,
        display: process.env.DISPLAY ?? ':0', width, height, prompt, filesFolder,
        openCapturePage: (pageUrl) => capture.open(pageUrl),
        requireTemplate: config.value.requireTemplate === true,
      });
      return { controls: running.session, outcome: running.outcome, createdPaths: running.createdPaths };
    },
  });
}

main().catch(async (e: unknown) => {
  await app.whenReady();
  dialog.showErrorBox('Tether', e instanceof Error ? e.message : String(e));
  app.exit(1);
});
