import { describe, expect, it } from 'vitest';
import { ByteReader, ByteWriter, TetherError, concatBytes, equalBytes, fromBase64, fromHex, negotiateVersion, toBase64, toHex, utf8Decode, utf8Encode } from '../src/index';

describe('bytes', () => {
  it('round-trips every field type', () => {
    const w = new ByteWriter(1)
      .u8(7).u16(0xbeef).u32(0xdeadbeef).u64(2n ** 63n).u64(Number.MAX_SAFE_INTEGER)
      .varint(0).varint(300).varint(Number.MAX_SAFE_INTEGER)
      .bytes(new Uint8Array([1, 2, 3])).string('héllo ✓', utf8Encode);
    const r = new ByteReader(w.finish());
    expect(r.u8()).toBe(7);
    expect(r.u16()).toBe(0xbeef);
    expect(r.u32()).toBe(0xdeadbeef);
    expect(r.u64()).toBe(2n ** 63n);
    expect(r.u64Number()).toBe(Number.MAX_SAFE_INTEGER);
    expect(r.varint()).toBe(0);
    expect(r.varint()).toBe(300);
    expect(r.varint()).toBe(Number.MAX_SAFE_INTEGER);
    expect([...r.bytes(10)]).toEqual([1, 2, 3]);
    expect(r.string(100, utf8Decode)).toBe('héllo ✓');
    expect(() => r.end()).not.toThrow();
  });

  it('reports truncation, oversize, bad varints and trailing bytes as typed errors', () => {
    const code = (f: () => unknown) => {
      try { f(); } catch (e) { return e instanceof TetherError ? e.code : 'untyped'; }
      return 'none';
    };
    expect(code(() => new ByteReader(new Uint8Array([1])).u16())).toBe('E_MALFORMED');
    expect(code(() => new ByteReader(new ByteWriter().bytes(new Uint8Array(20)).finish()).bytes(10))).toBe('E_OVERSIZED');
    expect(code(() => new ByteReader(new Uint8Array([0x80, 0x00])).varint())).toBe('E_MALFORMED');
    expect(code(() => new ByteReader(new Uint8Array(9).fill(0xff)).varint())).toBe('E_MALFORMED');
    expect(code(() => new ByteReader(new Uint8Array([1, 0xff])).string(5, utf8Decode))).toBe('E_MALFORMED');
    expect(code(() => new ByteReader(new Uint8Array([1, 2])).end())).toBe('E_MALFORMED');
    expect(() => new ByteWriter().u8(256)).toThrow(RangeError);
    expect(() => new ByteWriter().varint(-1)).toThrow(RangeError);
  });

  it('base64 and hex match Node and refuse non-canonical input', () => {
    for (let n = 0; n < 40; n++) {
      const b = new Uint8Array(n).map((_, i) => (i * 37 + n) & 0xff);
      expect(toBase64(b)).toBe(Buffer.from(b).toString('base64'));
      expect(equalBytes(fromBase64(toBase64(b)), b)).toBe(true);
      expect(toHex(b)).toBe(Buffer.from(b).toString('hex'));
      expect(equalBytes(fromHex(toHex(b)), b)).toBe(true);
    }
    for (const bad of ['A', 'AB=C', '@@@@', 'QQ=', 'QR==', 'Zg==Zg==']) expect(() => fromBase64(bad)).toThrow(TetherError);
    expect(() => fromHex('abc')).toThrow(TetherError);
    expect(() => fromHex('zz')).toThrow(TetherError);
  });

  it('concat and equality', () => {
    expect([...concatBytes(new Uint8Array([1]), new Uint8Array([]), new Uint8Array([2, 3]))]).toEqual([1, 2, 3]);
    expect(equalBytes(new Uint8Array([1, 2]), new Uint8Array([1, 3]))).toBe(false);
    expect(equalBytes(new Uint8Array([1]), new Uint8Array([1, 2]))).toBe(false);
  });
});

describe('version negotiation', () => {
  it('picks the highest common version and never falls back', () => {
    expect(negotiateVersion([1, 2, 3], [2, 3, 9])).toEqual({ ok: true, value: 3 });
    const none = negotiateVersion([1], [2]);
    expect(none.ok).toBe(false);
    if (!none.ok) expect(none.error.code).toBe('E_UNSUPPORTED_VERSION');
    const empty = negotiateVersion([1], []);
    expect(empty.ok).toBe(false);
    const junk = negotiateVersion([1], [1.5 as number]);
    expect(junk.ok).toBe(false);
  });
});
