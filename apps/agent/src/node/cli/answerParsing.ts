// Reads what the customer typed at the terminal prompt. Every parser refuses by default: an empty or
// unclear answer never grants anything (the caller asks again or takes "no").
import { MAX_GRANT_DURATION_MS, type ScopeMode } from '@tether/protocol';

export const MAX_MINUTES = MAX_GRANT_DURATION_MS / 60_000;

const RANK: Readonly<Record<ScopeMode, number>> = { view: 0, region: 1, window: 1, full: 2 };

/** 'yes' only for an explicit y/yes; anything else (including Enter) is no. */
export function parseYesNo(answer: string): boolean {
  return /^(y|yes)$/i.test(answer.trim());
}

export type ScopeAnswer = { kind: 'refuse' } | { kind: 'mode'; mode: ScopeMode } | { kind: 'invalid'; message: string };

/** The modes the customer may choose: never more than the technician asked for. */
export function modesAllowedFor(requested: ScopeMode, windowsAvailable: boolean): ScopeMode[] {
  return (['view', 'region', 'window', 'full'] as const).filter((m) => RANK[m] <= RANK[requested] && (m !== 'window' || windowsAvailable));
}

export function parseScopeAnswer(answer: string, allowed: readonly ScopeMode[]): ScopeAnswer {
  const word = answer.trim().toLowerCase();
  if (word === '' || word === 'n' || word === 'no' || word === 'refuse') return { kind: 'refuse' };
  const mode = (['view', 'region', 'window', 'full'] as const).find((m) => m === word || (word.length === 1 && m.startsWith(word)));
  if (!mode) return { kind: 'invalid', message: `Type one of: ${allowed.join(', ')}, or press Enter to refuse.` };
  if (!allowed.includes(mode)) return { kind: 'invalid', message: `"${mode}" is more than the technician asked for (or not available). Choose: ${allowed.join(', ')}.` };
  return { kind: 'mode', mode };
}

export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** "x,y,w,h" in screen pixels (spaces allowed); must lie inside the screen and not be empty. */
export function parseRegion(answer: string, screen: { width: number; height: number }): PixelRect | string {
  const parts = answer.split(/[\s,]+/).filter(Boolean);
  if (parts.length !== 4 || !parts.every((p) => /^\d{1,5}$/.test(p))) return 'Type four whole numbers: x,y,width,height (in pixels).';
  const [x, y, w, h] = parts.map(Number) as [number, number, number, number];
  if (w === 0 || h === 0) return 'The region must not be empty.';
  if (x + w > screen.width || y + h > screen.height) return `The region must lie inside the screen (${screen.width}x${screen.height}).`;
  return { x, y, w, h };
}

/** A 1-based number from a list of `count` entries. */
export function parseChoiceNumber(answer: string, count: number): number | string {
  const t = answer.trim();
  if (!/^\d{1,3}$/.test(t)) return `Type a number from 1 to ${count}.`;
  const n = Number(t);
  if (n < 1 || n > count) return `Type a number from 1 to ${count}.`;
  return n;
}

/** Minutes 1..120; Enter takes the default. */
export function parseMinutes(answer: string, defaultMinutes: number): number | string {
  const t = answer.trim();
  if (t === '') return defaultMinutes;
  if (!/^\d{1,4}$/.test(t)) return `Type a number of minutes from 1 to ${MAX_MINUTES}.`;
  const n = Number(t);
  if (n < 1 || n > MAX_MINUTES) return `Type a number of minutes from 1 to ${MAX_MINUTES}.`;
  return n;
}

/** 1..5 stars; Enter (or "skip") skips the rating. */
export function parseRating(answer: string): 1 | 2 | 3 | 4 | 5 | null | string {
  const t = answer.trim().toLowerCase();
  if (t === '' || t === 'skip' || t === 's') return null;
  if (!/^[1-5]$/.test(t)) return 'Type a number from 1 to 5, or press Enter to skip.';
  return Number(t) as 1 | 2 | 3 | 4 | 5;
}

export type SharingCommand =
  | { kind: 'pause' }
  | { kind: 'resume' }
  | { kind: 'revoke'; permission: 'control' | 'clipboard' | 'files' }
  | { kind: 'stop' }
  | { kind: 'chat'; text: string }
  | { kind: 'send'; path: string }
  | { kind: 'help' }
  | { kind: 'unknown' };

/** Commands typed while no question is open: p, r, c (revoke control), c clipboard, c files, s, "> text" chat, "f path" send a file. */
export function parseSharingCommand(line: string): SharingCommand {
  const t = line.trim();
  const chat = /^(?:>|chat\s)\s*(.+)$/i.exec(t);
  if (chat?.[1]) return { kind: 'chat', text: chat[1].trim() };
  const send = /^(?:f|send)\s+(.+)$/i.exec(t);
  if (send?.[1]) return { kind: 'send', path: send[1].trim() };
  const word = t.toLowerCase();
  if (word === 'p' || word === 'pause') return { kind: 'pause' };
  if (word === 'r' || word === 'resume') return { kind: 'resume' };
  if (word === 'c' || word === 'c control' || word === 'revoke') return { kind: 'revoke', permission: 'control' };
  if (word === 'c clipboard') return { kind: 'revoke', permission: 'clipboard' };
  if (word === 'c files') return { kind: 'revoke', permission: 'files' };
  if (word === 's' || word === 'stop') return { kind: 'stop' };
  if (word === '?' || word === 'h' || word === 'help') return { kind: 'help' };
  return { kind: 'unknown' };
}
