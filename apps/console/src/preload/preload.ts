// Preload of the console window (sandboxed, context-isolated): exposes only `window.tetherConsole.saveFile`,
// built from the typed contract. No ipcRenderer, no Node, no generic send reaches the page.
import { contextBridge, ipcRenderer } from 'electron';
import { CONSOLE_IPC_PREFIX, type ConsoleIpcReply, type ConsoleIpcRequests } from '../common/ipc/consoleIpc';

const bridge = {
  saveFile: (request: ConsoleIpcRequests['file.save']): Promise<ConsoleIpcReply> =>
    ipcRenderer.invoke(`${CONSOLE_IPC_PREFIX}file.save`, { suggestedName: String(request.suggestedName), text: String(request.text) }) as Promise<ConsoleIpcReply>,
};

contextBridge.exposeInMainWorld('tetherConsole', bridge);
