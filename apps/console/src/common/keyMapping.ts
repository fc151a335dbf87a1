// Keyboard events of the viewer to input.key messages: the physical key (KeyboardEvent.code, so the
// customer's layout decides the character) plus the modifier bits. Keys the protocol cannot name
// (empty or non-ASCII codes) are not sent.
import { KEY_CODE_PATTERN, KeyModifier, MAX_KEY_CODE_CHARS, PROTOCOL_VERSION, type KeyMessage } from '@tether/protocol';

export interface KeyEventLike {
  type: string;
  code: string;
  shiftKey: boolean;
  ctrlKey: boolean;
  altKey: boolean;
  metaKey: boolean;
}

export function modifierBits(e: Pick<KeyEventLike, 'shiftKey' | 'ctrlKey' | 'altKey' | 'metaKey'>): number {
  return (e.shiftKey ? KeyModifier.Shift : 0) | (e.ctrlKey ? KeyModifier.Ctrl : 0) | (e.altKey ? KeyModifier.Alt : 0) | (e.metaKey ? KeyModifier.Meta : 0);
}

export function keyMessageFor(e: KeyEventLike): KeyMessage | null {
  if (e.type !== 'keydown' && e.type !== 'keyup') return null;
  if (!e.code || e.code.length > MAX_KEY_CODE_CHARS || !KEY_CODE_PATTERN.test(e.code)) return null;
  return { v: PROTOCOL_VERSION, type: 'input.key', code: e.code, down: e.type === 'keydown', modifiers: modifierBits(e) };
}

/** Wheel deltas (pixels or lines) to signed protocol steps: one step per notch, at least one when moving. */
export function wheelSteps(delta: number, deltaMode: number): number {
  if (!Number.isFinite(delta) || delta === 0) return 0;
  const lines = deltaMode === 1 ? delta : deltaMode === 2 ? delta * 10 : delta / 100;
  const steps = Math.trunc(lines) || Math.sign(lines);
  return Math.max(-32768, Math.min(32767, steps));
}
