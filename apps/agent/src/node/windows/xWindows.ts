// Top-level windows on an X display, with titles and screen geometry, and the window that receives
// keystrokes. Uses the X CLI tools (xwininfo, xprop, xdotool) through execFile, never a shell.
// With an EWMH window manager the client list comes from _NET_CLIENT_LIST_STACKING; without one (Xvfb)
// the mapped children of the root window are the top-level windows.
import { execFile } from 'node:child_process';
import { tetherError } from '@tether/protocol';
import type { PixelRect } from '../../common/input/surfaceMapping';

export interface XWindow {
  id: number;
  title: string;
  /** Screen rect (outer top-left corner, inner size). */
  rect: PixelRect;
}

const TOOL_TIMEOUT_MS = 3000;

export function runXTool(display: string, tool: 'xwininfo' | 'xprop' | 'xdotool', args: string[]): Promise<{ ok: boolean; stdout: string }> {
  // xwininfo and xprop without a window named (or with window id 0) GRAB THE POINTER and wait for the user
  // to click a window: every technician click would then go to them. Never let that happen.
  if (tool !== 'xdotool' && !namesWindow(args)) return Promise.resolve({ ok: false, stdout: '' });
  return new Promise((resolve) => {
    execFile(tool, args, { env: { ...process.env, DISPLAY: display }, timeout: TOOL_TIMEOUT_MS, maxBuffer: 8 * 1024 * 1024 }, (error, stdout) => {
      resolve({ ok: !error, stdout: String(stdout) });
    });
  });
}

const CHILD_LINE = /^\s+(0x[0-9a-f]+) (?:"(.*)"|\(has no name\)): \(.*\)\s+(\d+)x(\d+)\+(-?\d+)\+(-?\d+)\s+\+(-?\d+)\+(-?\d+)\s*$/;

/** Parses `xwininfo -root -children` output: bottom-to-top stacking order. */
export function parseRootChildren(text: string): XWindow[] {
  const windows: XWindow[] = [];
  for (const line of text.split('\n')) {
    const m = CHILD_LINE.exec(line);
    if (!m) continue;
    const [, id, title, w, h, , , absX, absY] = m;
    windows.push({ id: Number.parseInt(id ?? '0', 16), title: title ?? '', rect: { x: Number(absX), y: Number(absY), width: Number(w), height: Number(h) } });
  }
  return windows;
}

function parseWindowIds(text: string): number[] {
  return (text.match(/0x[0-9a-f]+/gi) ?? []).map((h) => Number.parseInt(h, 16)).filter((n) => n > 0);
}

async function describeWindow(display: string, id: number): Promise<XWindow | null> {
  const info = await runXTool(display, 'xwininfo', ['-id', String(id)]);
  if (!info.ok) return null;
  const num = (label: string): number => Number(new RegExp(`${label}:\\s+(-?\\d+)`).exec(info.stdout)?.[1] ?? Number.NaN);
  if (!/Map State:\s+IsViewable/.test(info.stdout)) return null;
  const title = /Window id: 0x[0-9a-f]+ "(.*)"\s*$/m.exec(info.stdout)?.[1] ?? '';
  const rect = { x: num('Absolute upper-left X'), y: num('Absolute upper-left Y'), width: num('Width'), height: num('Height') };
  if (![rect.x, rect.y, rect.width, rect.height].every(Number.isFinite)) return null;
  return { id, title, rect };
}

/** Visible top-level windows, bottom to top in stacking order. */
export async function listWindows(display: string): Promise<XWindow[]> {
  const clients = await runXTool(display, 'xprop', ['-root', '-notype', '_NET_CLIENT_LIST_STACKING']);
  const clientIds = clients.ok ? parseWindowIds(clients.stdout.split('#')[1] ?? '') : [];
  if (clientIds.length > 0) {
    const described = await Promise.all(clientIds.map((id) => describeWindow(display, id)));
    return described.filter((w): w is XWindow => w !== null);
  }
  const [children, visible] = await Promise.all([
    runXTool(display, 'xwininfo', ['-root', '-children']),
    runXTool(display, 'xdotool', ['search', '--onlyvisible', '--maxdepth', '1', '--name', '']),
  ]);
  if (!children.ok) throw tetherError('E_INTERNAL', `cannot list windows on ${display}`);
  const visibleIds = new Set(visible.stdout.split(/\s+/).filter(Boolean).map(Number));
  return parseRootChildren(children.stdout).filter((w) => visibleIds.has(w.id) && w.rect.width > 1 && w.rect.height > 1);
}

/** The top-most window whose rect contains the point, if any. */
export function windowAt(windows: readonly XWindow[], x: number, y: number): XWindow | null {
  for (let i = windows.length - 1; i >= 0; i--) {
    const w = windows[i] as XWindow;
    if (x >= w.rect.x && x < w.rect.x + w.rect.width && y >= w.rect.y && y < w.rect.y + w.rect.height) return w;
  }
  return null;
}

async function pointerPosition(display: string): Promise<{ x: number; y: number } | null> {
  const r = await runXTool(display, 'xdotool', ['getmouselocation', '--shell']);
  const x = Number(/^X=(-?\d+)/m.exec(r.stdout)?.[1]);
  const y = Number(/^Y=(-?\d+)/m.exec(r.stdout)?.[1]);
  return r.ok && Number.isFinite(x) && Number.isFinite(y) ? { x, y } : null;
}

async function parentOf(display: string, id: number): Promise<{ parent: number; isRoot: boolean } | null> {
  const r = await runXTool(display, 'xwininfo', ['-id', String(id), '-children']);
  const m = /Parent window id: (0x[0-9a-f]+)(.*)$/m.exec(r.stdout);
  if (!r.ok || !m) return null;
  const parent = Number.parseInt(m[1] ?? '0', 16);
  if (!(parent > 0)) return null; // the root window has no parent
  return { parent, isRoot: (m[2] ?? '').includes('the root window') };
}

/** True when the arguments name a window explicitly (-root, -name, or a positive -id). */
export function namesWindow(args: readonly string[]): boolean {
  if (args.includes('-root') || args.includes('-name')) return true;
  const i = args.indexOf('-id');
  if (i < 0) return false;
  const id = Number(args[i + 1]);
  return Number.isInteger(id) && id > 0;
}

/** The window that holds the X input focus now; null when none or PointerRoot (keys follow the pointer). */
export async function focusedWindow(display: string): Promise<number | null> {
  const focus = await runXTool(display, 'xdotool', ['getwindowfocus']);
  const id = Number(focus.stdout.trim());
  return focus.ok && Number.isInteger(id) && id > 1 ? id : null;
}

/**
 * The top-level window that receives keystrokes now: the EWMH active window if a window manager
 * reports one; else the X input focus (walked up to its top-level window); and when the focus is
 * PointerRoot (no window manager), the top-most window under the pointer. Null when none.
 */
export async function activeWindow(display: string, windows?: readonly XWindow[]): Promise<XWindow | null> {
  const list = windows ?? (await listWindows(display));
  const byId = (id: number): XWindow | null => list.find((w) => w.id === id) ?? null;
  const ewmh = await runXTool(display, 'xprop', ['-root', '-notype', '_NET_ACTIVE_WINDOW']);
  const ewmhId = ewmh.ok ? parseWindowIds(ewmh.stdout.split('#')[1] ?? '')[0] : undefined;
  if (ewmhId !== undefined) return byId(ewmhId);
  let id = await focusedWindow(display);
  if (id !== null) {
    for (let depth = 0; depth < 16; depth++) {
      const top = byId(id);
      if (top) return top;
      const up = await parentOf(display, id);
      if (!up || up.isRoot) return null;
      id = up.parent;
    }
    return null;
  }
  const pointer = await pointerPosition(display);
  return pointer ? windowAt(list, pointer.x, pointer.y) : null;
}

/** Rects of visible windows whose titles match any of the patterns (for privacy masks). */
export async function windowsMatchingTitles(display: string, patterns: readonly RegExp[]): Promise<XWindow[]> {
  const windows = await listWindows(display);
  return windows.filter((w) => patterns.some((p) => {
    p.lastIndex = 0;
    return p.test(w.title);
  }));
}
