// The agent's windows: one per page, created on first show, hidden rather than destroyed. Implements the
// UiPort the prompt talks to and records which webContents shows which page (for sender validation).
import { BrowserWindow, screen } from 'electron';
import { eventChannel, type UiPage } from '../common/ipc/ipcContract';
import { buildWebPreferences, uiPageUrl } from './securityPolicy';
import type { UiPort } from './windowedPrompt';
import { windowLayoutFor } from './windowLayout';

export class UiWindows implements UiPort {
  /** webContents id -> page, read by the IPC sender guard. */
  readonly pagesByContents = new Map<number, UiPage>();
  private readonly windows = new Map<UiPage, BrowserWindow>();

  constructor(private readonly preloadPath: string) {}

  show(page: UiPage): void {
    const win = this.windowFor(page);
    if (page === 'overlay') win.showInactive();
    else win.show();
  }

  hide(page: UiPage): void {
    this.windows.get(page)?.hide();
  }

  send(page: UiPage, event: Parameters<UiPort['send']>[1], payload: unknown): void {
    const win = this.windowFor(page);
    win.webContents.send(eventChannel(event), payload);
  }

  closeAll(): void {
    for (const win of this.windows.values()) if (!win.isDestroyed()) win.destroy();
    this.windows.clear();
    this.pagesByContents.clear();
  }

  private windowFor(page: UiPage): BrowserWindow {
    const existing = this.windows.get(page);
    if (existing && !existing.isDestroyed()) return existing;
    const layout = windowLayoutFor(page, screen.getPrimaryDisplay().bounds);
    const win = new BrowserWindow({
      ...layout.options,
      show: false,
      webPreferences: buildWebPreferences({ preload: this.preloadPath, backgroundThrottling: page !== 'overlay' }),
    });
    if (layout.alwaysOnTop) win.setAlwaysOnTop(true, 'screen-saver');
    if (layout.clickThrough) win.setIgnoreMouseEvents(true);
    if (layout.allWorkspaces) win.setVisibleOnAllWorkspaces(true);
    // The indicator may not be closed while sharing: closing it is turned into a hide + Stop prompt by the page buttons.
    win.on('close', (event) => {
      if (page === 'indicator' || page === 'overlay') event.preventDefault();
    });
    const id = win.webContents.id;
    this.pagesByContents.set(id, page);
    win.on('closed', () => {
      this.pagesByContents.delete(id);
      this.windows.delete(page);
    });
    void win.loadURL(uiPageUrl(page));
    this.windows.set(page, win);
    return win;
  }
}
