import { Key } from '@nut-tree-fork/nut-js';
import { describe, expect, it } from 'vitest';
import { SUPPORTED_KEY_CODES, isModifierCode, keyNameForCode } from '../src/common/input/keyMap';
import { nutKeyFor } from '../src/node/input/nutKeys';

describe('keyMap: DOM code -> key name', () => {
  it('maps letters, digits, function keys, arrows and punctuation', () => {
    const cases: Array<[string, string]> = [
      ['KeyA', 'A'], ['KeyZ', 'Z'], ['Digit0', 'Num0'], ['Digit9', 'Num9'], ['F1', 'F1'], ['F12', 'F12'],
      ['ArrowUp', 'Up'], ['ArrowLeft', 'Left'], ['Enter', 'Return'], ['NumpadEnter', 'Enter'], ['Escape', 'Escape'], ['Backspace', 'Backspace'],
      ['Tab', 'Tab'], ['Space', 'Space'], ['Delete', 'Delete'], ['Home', 'Home'], ['End', 'End'], ['PageUp', 'PageUp'],
      ['PageDown', 'PageDown'], ['Minus', 'Minus'], ['Equal', 'Equal'], ['BracketLeft', 'LeftBracket'],
      ['BracketRight', 'RightBracket'], ['Semicolon', 'Semicolon'], ['Quote', 'Quote'], ['Comma', 'Comma'],
      ['Period', 'Period'], ['Slash', 'Slash'], ['Backslash', 'Backslash'], ['Backquote', 'Grave'],
      ['ShiftLeft', 'LeftShift'], ['ShiftRight', 'RightShift'], ['ControlLeft', 'LeftControl'], ['ControlRight', 'RightControl'],
      ['AltLeft', 'LeftAlt'], ['AltRight', 'RightAlt'], ['MetaLeft', 'LeftSuper'], ['MetaRight', 'RightSuper'],
    ];
    for (const [code, name] of cases) expect(keyNameForCode(code)).toEqual({ ok: true, value: name });
  });

  it('refuses unknown codes with a typed E_BAD_ARGUMENT failure', () => {
    for (const code of ['', 'KeyÄ', 'LaunchMail', 'F13', 'keya', 'toString', '__proto__']) {
      const r = keyNameForCode(code);
      expect(r.ok).toBe(false);
      if (!r.ok) expect(r.error.code).toBe('E_BAD_ARGUMENT');
    }
    expect(keyNameForCode(undefined as unknown as string).ok).toBe(false);
  });

  it('knows which codes are modifiers', () => {
    expect(isModifierCode('ShiftRight')).toBe(true);
    expect(isModifierCode('MetaLeft')).toBe(true);
    expect(isModifierCode('KeyA')).toBe(false);
  });
});

describe('nutKeys: key name -> nut-js Key', () => {
  it('every supported code maps to a defined nut-js Key', () => {
    expect(SUPPORTED_KEY_CODES.length).toBeGreaterThan(90);
    for (const code of SUPPORTED_KEY_CODES) {
      const r = keyNameForCode(code);
      if (!r.ok) throw r.error;
      expect(typeof nutKeyFor(r.value)).toBe('number');
    }
    expect(nutKeyFor('A')).toBe(Key.A);
    expect(nutKeyFor('LeftSuper')).toBe(Key.LeftSuper);
  });
});
