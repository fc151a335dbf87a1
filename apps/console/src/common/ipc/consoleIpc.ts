// The console's one typed IPC contract (Electron shell only; the browser build has no IPC). Requests go
// renderer -> main on `tether-console:<name>` via ipcRenderer.invoke and get a ConsoleIpcReply. Main checks
// the sender (our window's main frame showing our own origin) and the payload before acting.
import { MAX_FILE_NAME_CHARS } from '@tether/protocol';

export const CONSOLE_IPC_PREFIX = 'tether-console:';

export interface ConsoleIpcRequests {
  /** Save a report or a signed log where the technician chooses (a save dialog in main). */
  'file.save': { suggestedName: string; text: string };
}
export type ConsoleIpcName = keyof ConsoleIpcRequests;
export const CONSOLE_IPC_NAMES: readonly ConsoleIpcName[] = ['file.save'];

export type ConsoleIpcReply = { ok: true } | { ok: false; message: string };

/** Reports, logs: generous, but bounded. */
export const MAX_SAVED_TEXT_CHARS = 64 * 1024 * 1024;
const SAFE_FILE_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Runtime check of a request payload; returns the problem, or undefined when it is acceptable. */
export function checkConsoleRequest(name: string, payload: unknown): string | undefined {
  if (!(CONSOLE_IPC_NAMES as readonly string[]).includes(name)) return `unknown request "${name.slice(0, 40)}"`;
  if (typeof payload !== 'object' || payload === null || Array.isArray(payload)) return 'payload must be an object';
  const p = payload as Record<string, unknown>;
  const keys = Object.keys(p).sort().join(',');
  if (keys !== 'suggestedName,text') return 'payload must have exactly suggestedName and text';
  if (typeof p.suggestedName !== 'string' || p.suggestedName.length > MAX_FILE_NAME_CHARS || !SAFE_FILE_NAME.test(p.suggestedName)) return 'suggestedName must be a plain file name';
  if (typeof p.text !== 'string' || p.text.length > MAX_SAVED_TEXT_CHARS) return 'text must be a string of bounded size';
  return undefined;
}
