// Input events as the agent receives them from the technician, after decoding: the session messages
// of @tether/protocol (session/input.ts), under the names the input code uses.
import type { ClipboardTextMessage, KeyMessage, PointerButtonMessage, PointerMoveMessage, WheelMessage } from '@tether/protocol';

/** Coordinates are u16, normalised to the captured surface: 0 = left/top edge, 65535 = right/bottom edge. */
export type PointerMoveEvent = PointerMoveMessage;
/** button: 0 = left (primary), 1 = middle, 2 = right (DOM MouseEvent.button numbering). */
export type PointerButtonEvent = PointerButtonMessage;
/** dx/dy: scroll steps; positive dy scrolls down, positive dx scrolls right. */
export type WheelEvent = WheelMessage;
/** code: DOM KeyboardEvent.code ("KeyA", "Digit1", "ShiftLeft", ...). modifiers: MODIFIER_* bits. */
export type KeyEvent = KeyMessage;
export type ClipboardTextEvent = ClipboardTextMessage;

export type PointerEvent = PointerMoveEvent | PointerButtonEvent | WheelEvent;
export type InputEvent = PointerEvent | KeyEvent | ClipboardTextEvent;

export const MODIFIER_SHIFT = 1;
export const MODIFIER_CTRL = 2;
export const MODIFIER_ALT = 4;
export const MODIFIER_META = 8;

export const NORMALISED_MAX = 65535;
