// The pages' only way out: `window.tether`, exposed by the preload (or by a test's fake of the contract).
import type { TetherBridge } from '../../common/ipc/tetherBridge';

export function tetherApi(): TetherBridge {
  const api = (window as unknown as { tether?: TetherBridge }).tether;
  if (!api) throw new Error('window.tether is missing: this page must be opened by the Tether agent');
  return api;
}
