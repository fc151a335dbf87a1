// Hot-path input: fixed compact binary layouts (big-endian), no JSON. Coordinates are normalised to the
// captured surface, 0..65535 on each axis; the agent maps them and checks them against the grant.
import { TetherError } from '../errors';
import { utf8DecodeVerbatim, utf8Encode } from '../textCodec';
import { allocMessage, checkInt, oversized, type SessionCodec } from './codec';
import { isWellFormedText } from './schema';
import { MAX_CLIPBOARD_BYTES, MAX_KEY_CODE_CHARS, SESSION_HEADER_BYTES } from './limits';

export type PointerButton = 0 | 1 | 2;
export const PointerButtons = { Left: 0, Middle: 1, Right: 2 } as const;
/** Modifier bitmask of input.key. */
export const KeyModifier = { Shift: 1, Ctrl: 2, Alt: 4, Meta: 8 } as const;
const ALL_MODIFIERS = 15;
/** DOM KeyboardEvent.code values are ASCII letters and digits ('KeyA', 'Enter', 'ShiftLeft', 'F12'). */
export const KEY_CODE_PATTERN = /^[A-Za-z0-9]+$/;

export interface PointerMoveMessage {
  v: number;
  type: 'input.pointerMove';
  surfaceId: number;
  x: number;
  y: number;
}

export interface PointerButtonMessage {
  v: number;
  type: 'input.pointerButton';
  surfaceId: number;
  x: number;
  y: number;
  button: PointerButton;
  down: boolean;
}

export interface WheelMessage {
  v: number;
  type: 'input.wheel';
  surfaceId: number;
  x: number;
  y: number;
  /** Signed steps (i16). */
  dx: number;
  dy: number;
}

export interface KeyMessage {
  v: number;
  type: 'input.key';
  code: string;
  down: boolean;
  /** KeyModifier bits. */
  modifiers: number;
}

export interface ClipboardTextMessage {
  v: number;
  type: 'clipboard.text';
  text: string;
}

export type InputMessage = PointerMoveMessage | PointerButtonMessage | WheelMessage | KeyMessage | ClipboardTextMessage;

function checkBool(value: boolean, what: string): number {
  if (typeof value !== 'boolean') throw new TypeError(`${what} must be a boolean`);
  return value ? 1 : 0;
}

function readBool(byte: number, what: string): boolean {
  if (byte > 1) throw new TetherError('E_MALFORMED', `${what} must be 0 or 1`);
  return byte === 1;
}

function exactLength(bytes: Uint8Array, length: number, type: string): DataView {
  if (bytes.length !== length) throw new TetherError('E_MALFORMED', `${type} must be ${length} bytes, got ${bytes.length}`);
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** Writes surfaceId, x, y (u16 each) at offset 2 and returns the view for the rest. */
function writePoint(out: Uint8Array, msg: { surfaceId: number; x: number; y: number }): DataView {
  const view = new DataView(out.buffer, out.byteOffset, out.byteLength);
  view.setUint16(2, checkInt(msg.surfaceId, 0, 0xffff, 'surfaceId'));
  view.setUint16(4, checkInt(msg.x, 0, 0xffff, 'x'));
  view.setUint16(6, checkInt(msg.y, 0, 0xffff, 'y'));
  return view;
}

const pointerMove: SessionCodec<PointerMoveMessage> = {
  type: 'input.pointerMove',
  tag: 0x30,
  lane: 0,
  maxBytes: 8,
  encode(msg) {
    const out = allocMessage(msg.v, 0x30, 6);
    writePoint(out, msg);
    return out;
  },
  decode(bytes, v) {
    const d = exactLength(bytes, 8, 'input.pointerMove');
    return { v, type: 'input.pointerMove', surfaceId: d.getUint16(2), x: d.getUint16(4), y: d.getUint16(6) };
  },
};

const pointerButton: SessionCodec<PointerButtonMessage> = {
  type: 'input.pointerButton',
  tag: 0x31,
  lane: 0,
  maxBytes: 10,
  encode(msg) {
    const out = allocMessage(msg.v, 0x31, 8);
    writePoint(out, msg);
    out[8] = checkInt(msg.button, 0, 2, 'button');
    out[9] = checkBool(msg.down, 'down');
    return out;
  },
  decode(bytes, v) {
    const d = exactLength(bytes, 10, 'input.pointerButton');
    const button = d.getUint8(8);
    if (button > 2) throw new TetherError('E_MALFORMED', `unknown pointer button ${button}`);
    return { v, type: 'input.pointerButton', surfaceId: d.getUint16(2), x: d.getUint16(4), y: d.getUint16(6), button: button as PointerButton, down: readBool(d.getUint8(9), 'down') };
  },
};

const wheel: SessionCodec<WheelMessage> = {
  type: 'input.wheel',
  tag: 0x32,
  lane: 0,
  maxBytes: 12,
  encode(msg) {
    const out = allocMessage(msg.v, 0x32, 10);
    const view = writePoint(out, msg);
    view.setInt16(8, checkInt(msg.dx, -0x8000, 0x7fff, 'dx'));
    view.setInt16(10, checkInt(msg.dy, -0x8000, 0x7fff, 'dy'));
    return out;
  },
  decode(bytes, v) {
    const d = exactLength(bytes, 12, 'input.wheel');
    return { v, type: 'input.wheel', surfaceId: d.getUint16(2), x: d.getUint16(4), y: d.getUint16(6), dx: d.getInt16(8), dy: d.getInt16(10) };
  },
};

const key: SessionCodec<KeyMessage> = {
  type: 'input.key',
  tag: 0x33,
  lane: 0,
  maxBytes: SESSION_HEADER_BYTES + 3 + MAX_KEY_CODE_CHARS,
  encode(msg) {
    if (typeof msg.code !== 'string' || msg.code.length > MAX_KEY_CODE_CHARS || !KEY_CODE_PATTERN.test(msg.code)) {
      throw new TypeError(`input.key code must be 1..${MAX_KEY_CODE_CHARS} ASCII letters/digits`);
    }
    const out = allocMessage(msg.v, 0x33, 3 + msg.code.length);
    out[2] = checkBool(msg.down, 'down');
    out[3] = checkInt(msg.modifiers, 0, ALL_MODIFIERS, 'modifiers');
    out[4] = msg.code.length;
    for (let i = 0; i < msg.code.length; i++) out[5 + i] = msg.code.charCodeAt(i);
    return out;
  },
  decode(bytes, v) {
    if (bytes.length < 6) throw new TetherError('E_MALFORMED', 'input.key is truncated');
    const length = bytes[4] as number;
    if (length > MAX_KEY_CODE_CHARS) throw new TetherError('E_MALFORMED', 'input.key code is too long');
    exactLength(bytes, 5 + length, 'input.key');
    const modifiers = bytes[3] as number;
    if (modifiers > ALL_MODIFIERS) throw new TetherError('E_MALFORMED', 'unknown modifier bits');
    const code = String.fromCharCode(...bytes.subarray(5));
    if (!KEY_CODE_PATTERN.test(code)) throw new TetherError('E_MALFORMED', 'input.key code is not a key code');
    return { v, type: 'input.key', code, down: readBool(bytes[2] as number, 'down'), modifiers };
  },
};

const clipboardText: SessionCodec<ClipboardTextMessage> = {
  type: 'clipboard.text',
  tag: 0x34,
  lane: 0,
  maxBytes: SESSION_HEADER_BYTES + MAX_CLIPBOARD_BYTES,
  encode(msg) {
    if (typeof msg.text !== 'string' || !isWellFormedText(msg.text)) throw new TypeError('clipboard.text text must be a well-formed string');
    const text = utf8Encode(msg.text);
    if (text.length > MAX_CLIPBOARD_BYTES) throw new RangeError(`clipboard text exceeds ${MAX_CLIPBOARD_BYTES} bytes`);
    const out = allocMessage(msg.v, 0x34, text.length);
    out.set(text, SESSION_HEADER_BYTES);
    return out;
  },
  decode(bytes, v) {
    const body = bytes.subarray(SESSION_HEADER_BYTES);
    if (body.length > MAX_CLIPBOARD_BYTES) throw oversized('clipboard text', body.length, MAX_CLIPBOARD_BYTES);
    let text: string;
    try {
      text = utf8DecodeVerbatim(body);
    } catch {
      throw new TetherError('E_MALFORMED', 'clipboard text is not UTF-8');
    }
    return { v, type: 'clipboard.text', text };
  },
};

export const inputCodecs = {
  'input.pointerMove': pointerMove,
  'input.pointerButton': pointerButton,
  'input.wheel': wheel,
  'input.key': key,
  'clipboard.text': clipboardText,
};
