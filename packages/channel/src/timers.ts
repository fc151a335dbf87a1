// Timers for the environment-free layer: setTimeout/clearTimeout exist in Node, browsers and Electron,
// but the common layer's lib (ES2022 only) does not declare them; this file declares the part we use.
declare function setTimeout(callback: () => void, ms: number): unknown;
declare function clearTimeout(handle: unknown): void;

export type TimerHandle = unknown;

export function startTimer(callback: () => void, ms: number): TimerHandle {
  return setTimeout(callback, ms);
}

export function stopTimer(handle: TimerHandle): void {
  if (handle !== undefined) clearTimeout(handle);
}
