// Input events as the agent receives them from the technician, after decoding.
// LOCAL STAND-INS: field names match the session messages that @tether/protocol will define
// (input.pointerMove, input.pointerButton, input.wheel, input.key, clipboard.text). When those land,
// replace these interfaces with re-exports of the protocol types; the gate only reads these fields.

/** Coordinates are u16, normalised to the captured surface: 0 = left/top edge, 65535 = right/bottom edge. */
export interface PointerMoveEvent {
  type: 'input.pointerMove';
  surfaceId: number;
  x: number;
  y: number;
}

/** button: 0 = left (primary), 1 = middle, 2 = right (DOM MouseEvent.button numbering). */
export interface PointerButtonEvent {
  type: 'input.pointerButton';
  surfaceId: number;
  x: number;
  y: number;
  button: 0 | 1 | 2;
  down: boolean;
}

/** dx/dy: scroll steps; positive dy scrolls down, positive dx scrolls right. */
export interface WheelEvent {
  type: 'input.wheel';
  surfaceId: number;
  x: number;
  y: number;
  dx: number;
  dy: number;
}

/** code: DOM KeyboardEvent.code ("KeyA", "Digit1", "ShiftLeft", ...). modifiers: MODIFIER_* bits. */
export interface KeyEvent {
  type: 'input.key';
  code: string;
  down: boolean;
  modifiers: number;
}

export interface ClipboardTextEvent {
  type: 'clipboard.text';
  text: string;
}

export type PointerEvent = PointerMoveEvent | PointerButtonEvent | WheelEvent;
export type InputEvent = PointerEvent | KeyEvent | ClipboardTextEvent;

export const MODIFIER_SHIFT = 1;
export const MODIFIER_CTRL = 2;
export const MODIFIER_ALT = 4;
export const MODIFIER_META = 8;

export const NORMALISED_MAX = 65535;
