// The Electron shell around one session: hardens the session, serves the pages, wires IPC through the
// router, runs the session core with the windowed prompt, then cleans up and (one-time binary) removes
// itself. All decisions live in the plain modules next to this one; this file only connects them.
import { app, dialog, ipcMain, session as electronSession, type IpcMainInvokeEvent } from 'electron';
import { REQUEST_NAMES, requestChannel } from '../common/ipc/ipcContract';
import type { CustomerControls } from '../common/session/customerControls';
import type { CustomerPrompt } from '../common/session/customerPrompt';
import type { CapturePageHost } from '../node/capture/captureRequest';
import { removeSessionFiles, scheduleSelfRemoval } from '../node/selfRemoval';
import { installDisplayMediaHandler, openCaptureWindow } from './captureWindow';
import { createIpcHandlers } from './ipcHandlers';
import { createIpcRouter } from './ipcRouter';
import { captureOriginOf } from './securityPolicy';
import type { IpcSender } from './senderGuard';
import { hardenSession, serveUiFiles } from './sessionHardening';
import { UiWindows } from './uiWindows';
import { WindowedCustomerPrompt } from './windowedPrompt';

export interface ShellSession {
  controls: CustomerControls;
  outcome: Promise<unknown>;
  /** Files and folders the session wrote, removed at the end. */
  createdPaths: string[];
}

export interface CaptureHost {
  /** Loads the capture page (served by the core's loopback capture server) in the hidden capture window. */
  open(pageUrl: string): Promise<CapturePageHost>;
}

export interface AgentShellOptions {
  uiRoot: string;
  preloadPath: string;
  start(prompt: CustomerPrompt, capture: CaptureHost): Promise<ShellSession>;
  /** True for the one-time binary: delete the AppImage / portable exe after exit. */
  removeSelf: boolean;
}

function senderOf(event: IpcMainInvokeEvent): IpcSender {
  const frame = event.senderFrame;
  return { webContentsId: event.sender.id, frameUrl: frame?.url, isMainFrame: frame !== null && frame === event.sender.mainFrame };
}

export async function runAgentShell(options: AgentShellOptions): Promise<void> {
  await app.whenReady();
  let captureOrigin: string | undefined;
  const ses = electronSession.defaultSession;
  serveUiFiles(options.uiRoot);
  hardenSession(ses, () => captureOrigin);
  installDisplayMediaHandler(ses, (url) => captureOrigin !== undefined && captureOriginOf(url) === captureOrigin);

  const windows = new UiWindows(options.preloadPath);
  const prompt = new WindowedCustomerPrompt(windows);
  let controls: CustomerControls | undefined;
  const chooseFile = async (): Promise<string | undefined> => {
    const choice = await dialog.showOpenDialog({ title: 'Send a file to the technician', properties: ['openFile'] });
    return choice.canceled ? undefined : choice.filePaths[0];
  };
  const router = createIpcRouter(windows.pagesByContents, createIpcHandlers(prompt, () => controls, chooseFile), (why) => console.warn(`tether ipc refused: ${why}`));
  for (const name of REQUEST_NAMES) {
    const channel = requestChannel(name);
    ipcMain.handle(channel, (event, payload: unknown) => router.handle(channel, senderOf(event), payload));
  }
  const capture: CaptureHost = {
    open(pageUrl) {
      const origin = captureOriginOf(pageUrl);
      if (!origin) throw new TypeError('the capture page must be served from http://127.0.0.1');
      captureOrigin = origin;
      const win = openCaptureWindow(pageUrl);
      return Promise.resolve({
        close: async () => {
          if (!win.isDestroyed()) win.destroy();
        },
      });
    },
  };

  let created: string[] = [];
  try {
    const running = await options.start(prompt, capture);
    controls = running.controls;
    created = running.createdPaths;
    await running.outcome;
  } catch (e) {
    prompt.showFailure(e instanceof Error ? e.message : String(e));
  } finally {
    controls = undefined;
    prompt.closeAll();
    const removal = await removeSessionFiles(created).catch((e: unknown) => ({ removed: [], failed: [{ path: '*', reason: String(e) }] }));
    for (const f of removal.failed) console.warn(`tether: could not remove ${f.path}: ${f.reason}`);
    if (options.removeSelf) scheduleSelfRemoval({ platform: process.platform, execPath: process.execPath });
    windows.closeAll();
    app.quit();
  }
}
