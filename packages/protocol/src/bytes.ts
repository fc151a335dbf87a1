// Byte helpers for the environment-free layer: a growable writer, a bounds-checked reader whose failures
// are typed (E_MALFORMED) instead of raw exceptions, and base64/hex/concat/equality on Uint8Array.
import { TetherError } from './errors';

const MAX_SAFE = Number.MAX_SAFE_INTEGER;

export class ByteWriter {
  private buf: Uint8Array;
  private view: DataView;
  private len = 0;

  constructor(initialCapacity = 64) {
    if (!Number.isInteger(initialCapacity) || initialCapacity < 1) throw new RangeError('initialCapacity must be a positive integer');
    this.buf = new Uint8Array(initialCapacity);
    this.view = new DataView(this.buf.buffer);
  }

  get length(): number {
    return this.len;
  }

  private reserve(extra: number): void {
    const need = this.len + extra;
    if (need <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < need) cap *= 2;
    const next = new Uint8Array(cap);
    next.set(this.buf.subarray(0, this.len));
    this.buf = next;
    this.view = new DataView(next.buffer);
  }

  u8(value: number): this {
    checkUint(value, 0xff, 'u8');
    this.reserve(1);
    this.buf[this.len++] = value;
    return this;
  }

  u16(value: number): this {
    checkUint(value, 0xffff, 'u16');
    this.reserve(2);
    this.view.setUint16(this.len, value);
    this.len += 2;
    return this;
  }

  u32(value: number): this {
    checkUint(value, 0xffffffff, 'u32');
    this.reserve(4);
    this.view.setUint32(this.len, value);
    this.len += 4;
    return this;
  }

  /** 64-bit unsigned, big-endian; accepts a safe integer or a bigint. */
  u64(value: number | bigint): this {
    const big = typeof value === 'bigint' ? value : BigInt(checkUint(value, MAX_SAFE, 'u64'));
    if (big < 0n || big > 0xffffffffffffffffn) throw new RangeError('u64 out of range');
    this.reserve(8);
    this.view.setBigUint64(this.len, big);
    this.len += 8;
    return this;
  }

  /** Unsigned LEB128 varint up to 2^53 - 1. */
  varint(value: number): this {
    checkUint(value, MAX_SAFE, 'varint');
    let v = value;
    while (v >= 0x80) {
      this.u8((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    return this.u8(v);
  }

  raw(bytes: Uint8Array): this {
    this.reserve(bytes.length);
    this.buf.set(bytes, this.len);
    this.len += bytes.length;
    return this;
  }

  /** varint length prefix + bytes. */
  bytes(bytes: Uint8Array): this {
    return this.varint(bytes.length).raw(bytes);
  }

  /** varint length prefix + UTF-8 bytes. */
  string(text: string, encode: (s: string) => Uint8Array): this {
    return this.bytes(encode(text));
  }

  /** A copy of the written bytes, exactly sized. */
  finish(): Uint8Array {
    return this.buf.slice(0, this.len);
  }
}

function checkUint(value: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < 0 || value > max) throw new RangeError(`${what} out of range: ${value}`);
  return value;
}

/** Reads big-endian fields; every read past the end throws a TetherError E_MALFORMED that decoders turn into a Result. */
export class ByteReader {
  private pos = 0;
  private readonly view: DataView;

  constructor(private readonly buf: Uint8Array) {
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get offset(): number {
    return this.pos;
  }

  get remaining(): number {
    return this.buf.length - this.pos;
  }

  private need(n: number, what: string): void {
    if (n < 0 || this.pos + n > this.buf.length) throw new TetherError('E_MALFORMED', `truncated ${what} at byte ${this.pos}`);
  }

  u8(): number {
    this.need(1, 'u8');
    return this.buf[this.pos++] as number;
  }

  u16(): number {
    this.need(2, 'u16');
    const v = this.view.getUint16(this.pos);
    this.pos += 2;
    return v;
  }

  u32(): number {
    this.need(4, 'u32');
    const v = this.view.getUint32(this.pos);
    this.pos += 4;
    return v;
  }

  u64(): bigint {
    this.need(8, 'u64');
    const v = this.view.getBigUint64(this.pos);
    this.pos += 8;
    return v;
  }

  /** u64 that must fit a safe integer (timestamps, counters). */
  u64Number(): number {
    const v = this.u64();
    if (v > BigInt(MAX_SAFE)) throw new TetherError('E_MALFORMED', 'u64 exceeds the safe integer range');
    return Number(v);
  }

  varint(): number {
    let result = 0;
    let scale = 1;
    for (let i = 0; i < 8; i++) {
      const b = this.u8();
      result += (b & 0x7f) * scale;
      if (result > MAX_SAFE) break;
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) throw new TetherError('E_MALFORMED', 'non-minimal varint');
        return result;
      }
      scale *= 0x80;
    }
    throw new TetherError('E_MALFORMED', 'varint too long');
  }

  raw(n: number): Uint8Array {
    this.need(n, 'bytes');
    const out = this.buf.subarray(this.pos, this.pos + n);
    this.pos += n;
    return out;
  }

  /** varint length + bytes, refusing lengths above `max`. Returns a view (no copy). */
  bytes(max: number): Uint8Array {
    const n = this.varint();
    if (n > max) throw new TetherError('E_OVERSIZED', `field of ${n} bytes exceeds ${max}`);
    return this.raw(n);
  }

  string(max: number, decode: (b: Uint8Array) => string): string {
    const raw = this.bytes(max);
    try {
      return decode(raw);
    } catch {
      throw new TetherError('E_MALFORMED', 'invalid UTF-8');
    }
  }

  rest(): Uint8Array {
    return this.raw(this.remaining);
  }

  /** Throws E_MALFORMED if bytes are left over (a decoder must consume the whole frame). */
  end(): void {
    if (this.remaining !== 0) throw new TetherError('E_MALFORMED', `${this.remaining} trailing bytes`);
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Int16Array(128).fill(-1);
for (let i = 0; i < B64.length; i++) B64_INDEX[B64.charCodeAt(i)] = i;

export function toBase64(bytes: Uint8Array): string {
  let out = '';
  let i = 0;
  for (; i + 2 < bytes.length; i += 3) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8) | (bytes[i + 2] as number);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + B64[n & 63]!;
  }
  const rest = bytes.length - i;
  if (rest === 1) {
    const n = (bytes[i] as number) << 16;
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + '==';
  } else if (rest === 2) {
    const n = ((bytes[i] as number) << 16) | ((bytes[i + 1] as number) << 8);
    out += B64[n >> 18]! + B64[(n >> 12) & 63]! + B64[(n >> 6) & 63]! + '=';
  }
  return out;
}

/** Strict standard base64 with padding; throws TetherError E_MALFORMED on anything else. */
export function fromBase64(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length % 4 !== 0) throw new TetherError('E_MALFORMED', 'base64 length is not a multiple of 4');
  const pad = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((text.length / 4) * 3 - pad);
  let o = 0;
  for (let i = 0; i < text.length; i += 4) {
    let n = 0;
    for (let j = 0; j < 4; j++) {
      const c = text.charCodeAt(i + j);
      const isPad = c === 61 && i + j >= text.length - pad;
      const v = isPad ? 0 : c < 128 ? (B64_INDEX[c] as number) : -1;
      if (v < 0) throw new TetherError('E_MALFORMED', 'invalid base64 character');
      n = (n << 6) | v;
    }
    if (o < out.length) out[o++] = (n >> 16) & 0xff;
    if (o < out.length) out[o++] = (n >> 8) & 0xff;
    if (o < out.length) out[o++] = n & 0xff;
  }
  if (toBase64(out) !== text) throw new TetherError('E_MALFORMED', 'non-canonical base64');
  return out;
}

export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

export function fromHex(text: string): Uint8Array {
  if (typeof text !== 'string' || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) {
    throw new TetherError('E_MALFORMED', 'invalid hex string');
  }
  const out = new Uint8Array(text.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(text.slice(i * 2, i * 2 + 2), 16);
  return out;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

/** Constant-time for equal lengths (no early exit on the first differing byte). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= (a[i] as number) ^ (b[i] as number);
  return diff === 0;
}
