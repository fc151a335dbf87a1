// Preload of every agent page (sandboxed, context-isolated): exposes only `window.tether`, built from the
// typed contract. No ipcRenderer, no Node, no generic send/on reaches the page.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { createTetherBridge } from '../common/ipc/tetherBridge';

const bridge = createTetherBridge({
  invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
  subscribe: (channel, listener) => {
    const wrapped = (_event: IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
  onInvalidEvent: (event, problem) => console.error(`tether: dropped invalid ${event} event: ${problem}`),
});

contextBridge.exposeInMainWorld('tether', bridge);
