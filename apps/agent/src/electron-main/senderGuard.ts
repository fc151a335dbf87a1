// Who is calling: an IPC request is accepted only from the main frame of one of our own windows, showing
// exactly the page that window was created for. Anything else (the capture window, a navigated or
// injected frame, a stale webContents) gets no page and therefore no access.
import type { UiPage } from '../common/ipc/ipcContract';
import { uiPageOfUrl } from './securityPolicy';

export interface IpcSender {
  webContentsId: number;
  /** URL of the frame that sent the message (event.senderFrame.url); undefined when the frame is gone. */
  frameUrl: string | undefined;
  isMainFrame: boolean;
}

export function pageOfSender(sender: IpcSender, windows: ReadonlyMap<number, UiPage>): UiPage | undefined {
  const expected = windows.get(sender.webContentsId);
  if (!expected || !sender.isMainFrame || sender.frameUrl === undefined) return undefined;
  return uiPageOfUrl(sender.frameUrl) === expected ? expected : undefined;
}
