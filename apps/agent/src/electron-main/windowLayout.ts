// Size, position and behaviour of each agent window (plain data, unit-tested): the indicator and the
// overlay stay on top, the overlay is transparent, frameless, full-screen and lets every click through.
import type { UiPage } from '../common/ipc/ipcContract';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowLayout {
  options: {
    x?: number;
    y?: number;
    width: number;
    height: number;
    title: string;
    resizable: boolean;
    minimizable: boolean;
    maximizable: boolean;
    closable: boolean;
    frame: boolean;
    transparent: boolean;
    focusable: boolean;
    skipTaskbar: boolean;
    hasShadow: boolean;
    backgroundColor?: string;
  };
  alwaysOnTop: boolean;
  clickThrough: boolean;
  allWorkspaces: boolean;
}

const dialog = (title: string, width: number, height: number): WindowLayout => ({
  options: { width, height, title, resizable: false, minimizable: true, maximizable: false, closable: true, frame: true, transparent: false, focusable: true, skipTaskbar: false, hasShadow: true, backgroundColor: '#ffffff' },
  alwaysOnTop: false,
  clickThrough: false,
  allWorkspaces: false,
});

export function windowLayoutFor(page: UiPage, display: Bounds): WindowLayout {
  switch (page) {
    case 'consent':
      return { ...dialog('Tether: allow remote support?', 560, 720), alwaysOnTop: true };
    case 'file':
      return { ...dialog('Tether: incoming file', 460, 300), alwaysOnTop: true };
    case 'rating':
      return dialog('Tether: how did it go?', 460, 380);
    case 'chat':
    {
      const layout = dialog('Tether: chat with your technician', 380, 520);
      return { ...layout, options: { ...layout.options, resizable: true } };
    }
    case 'indicator': {
      const width = 640;
      const height = 64;
      return {
        options: { x: display.x + Math.round((display.width - width) / 2), y: display.y + 8, width, height, title: 'Tether: your screen is shared', resizable: false, minimizable: false, maximizable: false, closable: false, frame: false, transparent: false, focusable: true, skipTaskbar: false, hasShadow: true, backgroundColor: '#b00020' },
        alwaysOnTop: true,
        clickThrough: false,
        allWorkspaces: true,
      };
    }
    case 'overlay':
      return {
        options: { x: display.x, y: display.y, width: display.width, height: display.height, title: 'Tether annotations', resizable: false, minimizable: false, maximizable: false, closable: false, frame: false, transparent: true, focusable: false, skipTaskbar: true, hasShadow: false },
        alwaysOnTop: true,
        clickThrough: true,
        allWorkspaces: true,
      };
  }
}
