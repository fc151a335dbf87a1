// Minimal EBML (Matroska) element writer: IDs as their raw bytes, sizes as the shortest vint.
import { concatBytes, utf8Encode } from '@tether/protocol';

export function idBytes(id: number): Uint8Array {
  const out: number[] = [];
  for (let v = id; v > 0; v = Math.floor(v / 256)) out.unshift(v & 0xff);
  return new Uint8Array(out);
}

export function vint(value: number): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) throw new RangeError('EBML size must be a non-negative integer');
  let length = 1;
  while (length < 8 && value >= 2 ** (7 * length) - 1) length++;
  const out = new Uint8Array(length);
  let v = value;
  for (let i = length - 1; i >= 0; i--) {
    out[i] = v % 256;
    v = Math.floor(v / 256);
  }
  out[0] = (out[0] as number) | (0x80 >> (length - 1));
  return out;
}

export function element(id: number, ...children: Uint8Array[]): Uint8Array {
  const body = concatBytes(...children);
  return concatBytes(idBytes(id), vint(body.length), body);
}

export function uintElement(id: number, value: number): Uint8Array {
  const bytes: number[] = [];
  let v = value;
  do {
    bytes.unshift(v % 256);
    v = Math.floor(v / 256);
  } while (v > 0);
  return element(id, new Uint8Array(bytes));
}

export function floatElement(id: number, value: number): Uint8Array {
  const body = new Uint8Array(8);
  new DataView(body.buffer).setFloat64(0, value);
  return element(id, body);
}

export function stringElement(id: number, value: string): Uint8Array {
  return element(id, utf8Encode(value));
}
