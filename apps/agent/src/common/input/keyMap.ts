// DOM KeyboardEvent.code -> abstract key name. The names are deliberately the member names of the
// injector's key enum (nut-js `Key`), so the node layer maps them without a second table.
// Note the X names: 'Return' is the main Enter key, nut-js 'Enter' is the keypad's (KP_Enter).
// Only physical keys a technician plausibly needs are listed; anything else is refused, not guessed.
import { err, ok, type Result } from '@tether/protocol';
import { MODIFIER_ALT, MODIFIER_CTRL, MODIFIER_META, MODIFIER_SHIFT } from './inputEvents';

const LETTERS = ['A', 'B', 'C', 'D', 'E', 'F', 'G', 'H', 'I', 'J', 'K', 'L', 'M', 'N', 'O', 'P', 'Q', 'R', 'S', 'T', 'U', 'V', 'W', 'X', 'Y', 'Z'] as const;
const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'] as const;
const FUNCTION_KEYS = ['F1', 'F2', 'F3', 'F4', 'F5', 'F6', 'F7', 'F8', 'F9', 'F10', 'F11', 'F12'] as const;

type Letter = (typeof LETTERS)[number];
type Digit = (typeof DIGITS)[number];

export type ModifierKeyName = 'LeftShift' | 'RightShift' | 'LeftControl' | 'RightControl' | 'LeftAlt' | 'RightAlt' | 'LeftSuper' | 'RightSuper';

export type KeyName =
  | Letter
  | `Num${Digit}`
  | `NumPad${Digit}`
  | (typeof FUNCTION_KEYS)[number]
  | 'Up' | 'Down' | 'Left' | 'Right'
  | 'Return' | 'Enter' | 'Escape' | 'Backspace' | 'Tab' | 'Space' | 'Delete' | 'Insert'
  | 'Home' | 'End' | 'PageUp' | 'PageDown'
  | 'Minus' | 'Equal' | 'LeftBracket' | 'RightBracket' | 'Semicolon' | 'Quote'
  | 'Comma' | 'Period' | 'Slash' | 'Backslash' | 'Grave'
  | 'Add' | 'Subtract' | 'Multiply' | 'Divide' | 'Decimal'
  | ModifierKeyName;

function buildTable(): ReadonlyMap<string, KeyName> {
  const table = new Map<string, KeyName>();
  for (const letter of LETTERS) table.set(`Key${letter}`, letter);
  for (const digit of DIGITS) {
    table.set(`Digit${digit}`, `Num${digit}`);
    table.set(`Numpad${digit}`, `NumPad${digit}`);
  }
  for (const f of FUNCTION_KEYS) table.set(f, f);
  const named: Array<[string, KeyName]> = [
    ['ArrowUp', 'Up'], ['ArrowDown', 'Down'], ['ArrowLeft', 'Left'], ['ArrowRight', 'Right'],
    ['Enter', 'Return'], ['NumpadEnter', 'Enter'], ['Escape', 'Escape'], ['Backspace', 'Backspace'],
    ['Tab', 'Tab'], ['Space', 'Space'], ['Delete', 'Delete'], ['Insert', 'Insert'],
    ['Home', 'Home'], ['End', 'End'], ['PageUp', 'PageUp'], ['PageDown', 'PageDown'],
    ['Minus', 'Minus'], ['Equal', 'Equal'], ['BracketLeft', 'LeftBracket'], ['BracketRight', 'RightBracket'],
    ['Semicolon', 'Semicolon'], ['Quote', 'Quote'], ['Comma', 'Comma'], ['Period', 'Period'],
    ['Slash', 'Slash'], ['Backslash', 'Backslash'], ['Backquote', 'Grave'],
    ['NumpadAdd', 'Add'], ['NumpadSubtract', 'Subtract'], ['NumpadMultiply', 'Multiply'],
    ['NumpadDivide', 'Divide'], ['NumpadDecimal', 'Decimal'],
    ['ShiftLeft', 'LeftShift'], ['ShiftRight', 'RightShift'],
    ['ControlLeft', 'LeftControl'], ['ControlRight', 'RightControl'],
    ['AltLeft', 'LeftAlt'], ['AltRight', 'RightAlt'],
    ['MetaLeft', 'LeftSuper'], ['MetaRight', 'RightSuper'],
  ];
  for (const [code, name] of named) table.set(code, name);
  return table;
}

const CODE_TO_KEY = buildTable();

/** Every DOM code this agent will inject. */
export const SUPPORTED_KEY_CODES: readonly string[] = [...CODE_TO_KEY.keys()];

/** Maps a DOM KeyboardEvent.code to a key name; unknown codes are an E_BAD_ARGUMENT failure. */
export function keyNameForCode(code: string): Result<KeyName> {
  const name = typeof code === 'string' ? CODE_TO_KEY.get(code) : undefined;
  if (name === undefined) return err('E_BAD_ARGUMENT', `unsupported key code ${JSON.stringify(code)}`);
  return ok(name);
}

export function isSupportedKeyCode(code: string): boolean {
  return CODE_TO_KEY.has(code);
}

/** Modifier bits in the order they are pressed, with the left-hand key used when pressed implicitly. */
export const MODIFIER_KEYS: ReadonlyArray<{ bit: number; codes: readonly [string, string]; press: ModifierKeyName }> = [
  { bit: MODIFIER_CTRL, codes: ['ControlLeft', 'ControlRight'], press: 'LeftControl' },
  { bit: MODIFIER_ALT, codes: ['AltLeft', 'AltRight'], press: 'LeftAlt' },
  { bit: MODIFIER_SHIFT, codes: ['ShiftLeft', 'ShiftRight'], press: 'LeftShift' },
  { bit: MODIFIER_META, codes: ['MetaLeft', 'MetaRight'], press: 'LeftSuper' },
];

/** True when the code is itself a modifier key (its own down/up carries the state). */
export function isModifierCode(code: string): boolean {
  return MODIFIER_KEYS.some((m) => m.codes.includes(code));
}
