// The console's Electron shell: thin. It serves the built UI on loopback with the same server and CSP as
// `pnpm console`, opens one hardened window on it (context isolation, sandbox, no Node, no new windows, no
// navigation away, every permission request refused except what the console needs: none), and answers the
// one typed IPC request (save a file) after checking the sender and the payload.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { BrowserWindow, app, dialog, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import { CONSOLE_IPC_PREFIX, checkConsoleRequest, type ConsoleIpcReply, type ConsoleIpcRequests } from '../common/ipc/consoleIpc';
import { startConsoleServer } from '../node/consoleServer';
import { loadOrgConfig } from '../node/orgConfig';
import { isTrustedSender } from './senderGuard';

const relayUrl = process.env.TETHER_CONSOLE_RELAY ?? 'ws://127.0.0.1:8787/relay';
const orgPath = process.env.TETHER_CONSOLE_ORG;
// The shell is bundled (apps/console/build/buildShell.ts) as main.mjs beside preload.cjs and ui/.
const UI_DIR = fileURLToPath(new URL('./ui/', import.meta.url));

async function main(): Promise<void> {
  app.enableSandbox();
  await app.whenReady();
  const org = orgPath ? await loadOrgConfig(orgPath) : undefined;
  const server = await startConsoleServer({ distDir: UI_DIR, relayUrl, ...(org ? { org } : {}) });
  const origin = new URL(server.url).origin;
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  session.defaultSession.setPermissionCheckHandler(() => false);

  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    title: 'Tether console',
    webPreferences: {
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      preload: fileURLToPath(new URL('./preload.cjs', import.meta.url)),
    },
  });
  win.webContents.setWindowOpenHandler(() => ({ action: 'deny' }));
  win.webContents.on('will-navigate', (event, url) => {
    if (new URL(url).origin !== origin) event.preventDefault();
  });

  ipcMain.handle(`${CONSOLE_IPC_PREFIX}file.save`, async (event: IpcMainInvokeEvent, payload: unknown): Promise<ConsoleIpcReply> => {
    if (event.sender !== win.webContents || !isTrustedSender(event.senderFrame?.url, event.senderFrame === event.sender.mainFrame, origin)) {
      return { ok: false, message: 'not allowed from this frame' };
    }
    const problem = checkConsoleRequest('file.save', payload);
    if (problem) return { ok: false, message: problem };
    const { suggestedName, text } = payload as ConsoleIpcRequests['file.save'];
    const choice = await dialog.showSaveDialog(win, { defaultPath: suggestedName });
    if (choice.canceled || !choice.filePath) return { ok: false, message: 'cancelled' };
    await writeFile(choice.filePath, text, { mode: 0o600 });
    return { ok: true };
  });

  app.on('window-all-closed', () => void server.close().then(() => app.quit()));
  await win.loadURL(server.url);
}

void main();
