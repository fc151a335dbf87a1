import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { hmac } from '@noble/hashes/hmac';
import { hkdf as nobleHkdf, extract as nobleExtract } from '@noble/hashes/hkdf';
import { sha512 as nobleSha512 } from '@noble/hashes/sha512';
import { fromHex, toHex, utf8Encode } from '@tether/protocol';
import { hkdf, hkdfExpand, hkdfExtract, hmacSha512, sha512 } from '../src/index';
import rfc4231 from './vectors/hmac-sha512-rfc4231.json';

interface Rfc4231Case { name: string; keyHex?: string; keyRepeat?: { byteHex: string; count: number }; dataHex?: string; dataText?: string; hmacHex: string }

function keyOf(c: Rfc4231Case): Uint8Array {
  if (c.keyHex !== undefined) return fromHex(c.keyHex);
  const repeat = c.keyRepeat!;
  return new Uint8Array(repeat.count).fill(parseInt(repeat.byteHex, 16));
}

describe('HMAC-SHA-512 and HKDF', () => {
  it('matches the RFC 4231 HMAC-SHA-512 vectors', () => {
    const cases = rfc4231.cases as Rfc4231Case[];
    expect(cases.length).toBe(6);
    for (const c of cases) {
      const data = c.dataHex !== undefined ? fromHex(c.dataHex) : utf8Encode(c.dataText!);
      expect(toHex(hmacSha512(keyOf(c), data)), `case ${c.name}`).toBe(c.hmacHex);
    }
  });

  it('agrees with @noble/hashes on random inputs', () => {
    for (let i = 0; i < 60; i++) {
      const key = nacl.randomBytes(i * 5 % 200);
      const data = nacl.randomBytes(i * 37 % 700);
      expect(toHex(sha512(data))).toBe(toHex(nobleSha512(data)));
      expect(toHex(hmacSha512(key, data))).toBe(toHex(hmac(nobleSha512, key, data)));
      const info = nacl.randomBytes(i % 40);
      const length = 1 + (i * 97) % 300;
      expect(toHex(hkdf(data, key, info, length))).toBe(toHex(nobleHkdf(nobleSha512, data, key, info, length)));
      expect(toHex(hkdfExtract(key, data))).toBe(toHex(nobleExtract(nobleSha512, data, key)));
    }
  });

  it('rejects out-of-range lengths and short PRKs', () => {
    const prk = hkdfExtract(new Uint8Array(0), new Uint8Array(32));
    expect(hkdfExpand(prk, new Uint8Array(0), 0).length).toBe(0);
    expect(() => hkdfExpand(prk, new Uint8Array(0), 255 * 64 + 1)).toThrow(RangeError);
    expect(() => hkdfExpand(new Uint8Array(16), new Uint8Array(0), 32)).toThrow(RangeError);
    expect(() => hmacSha512('k' as unknown as Uint8Array, new Uint8Array(1))).toThrow(TypeError);
  });
});
