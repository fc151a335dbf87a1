// The capture browser must never keep the customer's keyboard. Chromium maps two windows of its own when
// capture starts (the hidden capture page, then a moment later its "… is sharing your screen" bar) and
// each takes the X input focus. Under a window manager the customer's next click moves focus anyway; on
// a bare X server (no window manager) every key would go to that bar until something else took focus.
import { CAPTURE_PAGE_TITLE } from '../capture/capturePageBundle';
import { focusedWindow, runXTool } from './xWindows';

/** Chromium's sharing bar is titled "<origin> is sharing your screen." */
const BAR_TITLE = 'is sharing your screen';
/** Titles of the capture browser's own windows: Chromium's sharing bar and the capture page. */
const CAPTURE_WINDOW_TITLE = new RegExp(`${BAR_TITLE}|^${CAPTURE_PAGE_TITLE}`);

async function windowName(display: string, id: number): Promise<string | null> {
  const name = await runXTool(display, 'xdotool', ['getwindowname', String(id)]);
  return name.ok ? name.stdout.trim() : null;
}

async function rootWindow(display: string): Promise<number | null> {
  const root = await runXTool(display, 'xwininfo', ['-root']);
  const hex = /Window id: (0x[0-9a-f]+)/i.exec(root.stdout)?.[1];
  return hex ? Number.parseInt(hex, 16) : null;
}

/**
 * Waits (up to `waitMs`) for Chromium's sharing bar, then, if a capture window holds the focus, gives it
 * back to the window that had it before capture started (`before`, when it still exists) or else to the
 * root window (X's default: keys go to the window under the pointer). Focus the customer moved elsewhere
 * meanwhile is left alone. Resolves true when it moved the focus.
 */
export async function returnFocusFromCapture(display: string, before: number | null, waitMs = 3000): Promise<boolean> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    const bar = await runXTool(display, 'xdotool', ['search', '--name', BAR_TITLE]);
    if ((bar.ok && bar.stdout.trim()) || Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const now = await focusedWindow(display);
  if (now === null) return false;
  const name = await windowName(display, now);
  if (name === null || !CAPTURE_WINDOW_TITLE.test(name)) return false;
  const target = (before !== null && (await windowName(display, before)) !== null ? before : null) ?? (await rootWindow(display));
  if (target === null) return false;
  return (await runXTool(display, 'xdotool', ['windowfocus', String(target)])).ok;
}
