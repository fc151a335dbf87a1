// Follows the window named in a 'window' grant: found once by title (the rect at grant time breaks
// ties between windows with the same title), then re-read on demand or at a modest poll rate.
// Once the window is gone it stays gone (a new window with the same title is NOT the granted one).
import type { PixelRect } from '../../common/input/surfaceMapping';
import { listWindows, type XWindow } from './xWindows';

export interface TrackedWindow {
  id: number;
  title: string;
  rect: PixelRect;
}

export interface WindowTracker {
  /** Last known state (null before the first refresh, or once the window is gone). */
  current(): TrackedWindow | null;
  /** Re-reads the window list now and returns the granted window's current state. */
  refresh(): Promise<TrackedWindow | null>;
  stop(): void;
}

export interface WindowTrackerOptions {
  display: string;
  title: string;
  /** The window's screen rect when the grant was made, to choose among same-titled windows. */
  rectAtGrant?: PixelRect;
  /** Poll interval; 0 disables polling (refresh on demand only). Default 250 ms. */
  intervalMs?: number;
}

function distance(a: PixelRect, b: PixelRect): number {
  return Math.abs(a.x - b.x) + Math.abs(a.y - b.y) + Math.abs(a.width - b.width) + Math.abs(a.height - b.height);
}

export function pickGrantedWindow(windows: readonly XWindow[], title: string, rectAtGrant?: PixelRect): XWindow | null {
  const candidates = windows.filter((w) => w.title === title);
  if (candidates.length === 0) return null;
  if (!rectAtGrant) return candidates.length === 1 ? (candidates[0] as XWindow) : null;
  return [...candidates].sort((a, b) => distance(a.rect, rectAtGrant) - distance(b.rect, rectAtGrant))[0] as XWindow;
}

export function createWindowTracker(options: WindowTrackerOptions): WindowTracker {
  let state: TrackedWindow | null = null;
  let id: number | null = null;
  let gone = false;
  let timer: ReturnType<typeof setInterval> | null = null;

  async function refresh(): Promise<TrackedWindow | null> {
    if (gone) return null;
    const windows = await listWindows(options.display);
    if (id === null) {
      const found = pickGrantedWindow(windows, options.title, options.rectAtGrant);
      if (!found) return (state = null);
      id = found.id;
    }
    const now = windows.find((w) => w.id === id);
    if (!now) {
      gone = true;
      return (state = null);
    }
    state = { id: now.id, title: now.title, rect: now.rect };
    return state;
  }

  const interval = options.intervalMs ?? 250;
  if (interval > 0) {
    timer = setInterval(() => void refresh().catch(() => undefined), interval);
    timer.unref();
  }
  return {
    current: () => state,
    refresh,
    stop() {
      if (timer) clearInterval(timer);
      timer = null;
    },
  };
}
