// Builds the window facts the input gate needs (GateContext) from the live X display.
import type { GateContext } from '../../common/inputGate';
import type { WindowTracker } from './windowTracker';
import { activeWindow, listWindows } from './xWindows';

/** Reads the active window and (if a tracker is given) refreshes the granted window's rect. */
export async function readGateContext(display: string, tracker?: WindowTracker): Promise<GateContext> {
  const windows = await listWindows(display);
  const [active, granted] = await Promise.all([activeWindow(display, windows), tracker ? tracker.refresh() : Promise.resolve(null)]);
  const context: GateContext = {};
  if (active) {
    context.activeWindowId = active.id;
    context.activeWindowRect = active.rect;
  }
  if (granted) {
    context.grantedWindowId = granted.id;
    context.grantedWindowRect = granted.rect;
  }
  return context;
}
