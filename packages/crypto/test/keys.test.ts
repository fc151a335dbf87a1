import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { KEY_KINDS, KEY_LENGTHS, decodeKey, encodeKey, generateArchiveKeyPair, generateRootKeyPair, generateTechnicianKeyPair, signingPublicKeyOf } from '../src/index';

describe('key text format', () => {
  it('round-trips every kind', () => {
    for (const kind of KEY_KINDS) {
      const bytes = nacl.randomBytes(KEY_LENGTHS[kind]);
      const text = encodeKey(kind, bytes);
      expect(text.startsWith(`tether:${kind}:`)).toBe(true);
      const back = decodeKey(`  ${text}\n`, kind);
      expect(back.ok && [...back.value]).toEqual([...bytes]);
    }
  });

  it('rejects the wrong kind with a clear E_BAD_ARGUMENT', () => {
    const text = encodeKey('tech-sec', new Uint8Array(64));
    const result = decodeKey(text, 'root-sec');
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('E_BAD_ARGUMENT');
      expect(result.error.message).toContain('expected root-sec, got tech-sec');
    }
  });

  it('rejects garbage, bad base64, wrong length and non-strings', () => {
    const cases: unknown[] = ['hello', 'tether:root-pub:', 'tether:root-pub:@@@@', `tether:root-pub:${'A'.repeat(40)}`, 'tether:bogus:AAAA', 42, null];
    for (const input of cases) {
      const result = decodeKey(input, 'root-pub');
      expect(result.ok, String(input)).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('E_BAD_ARGUMENT');
    }
    const short = encodeKey('archive-sec', new Uint8Array(32)).replace('archive-sec', 'root-sec');
    const r = decodeKey(short, 'root-sec');
    expect(!r.ok && r.error.detail).toContain('must be 64 bytes');
  });

  it('throws on misuse when encoding', () => {
    expect(() => encodeKey('root-pub', new Uint8Array(31))).toThrow(RangeError);
    expect(() => encodeKey('root-pub', [1, 2] as unknown as Uint8Array)).toThrow(TypeError);
    expect(() => encodeKey('nope' as 'root-pub', new Uint8Array(32))).toThrow(TypeError);
  });

  it('generates working key pairs', () => {
    const root = generateRootKeyPair();
    const tech = generateTechnicianKeyPair();
    expect(root.secretKey.length).toBe(64);
    expect([...signingPublicKeyOf(tech.secretKey)]).toEqual([...tech.publicKey]);
    const msg = new Uint8Array([1, 2, 3]);
    expect(nacl.sign.detached.verify(msg, nacl.sign.detached(msg, root.secretKey), root.publicKey)).toBe(true);
    const archive = generateArchiveKeyPair();
    expect([...nacl.scalarMult.base(archive.secretKey)]).toEqual([...archive.publicKey]);
    expect(generateRootKeyPair().publicKey).not.toEqual(root.publicKey);
  });

  it('generates deterministically from an injected random source', () => {
    const fixed = (n: number) => new Uint8Array(n).fill(7);
    expect(generateTechnicianKeyPair(fixed)).toEqual(generateTechnicianKeyPair(fixed));
    expect(() => generateRootKeyPair(() => new Uint8Array(3))).toThrow(RangeError);
  });
});

describe('detached signatures', () => {
  it('signs and verifies, rejecting other messages, keys and malformed signatures', async () => {
    const { signDetached, verifyDetached } = await import('../src/index');
    const pair = generateTechnicianKeyPair();
    const message = new Uint8Array([1, 2, 3]);
    const signature = signDetached(message, pair.secretKey);
    expect(verifyDetached(message, signature, pair.publicKey)).toBe(true);
    expect(verifyDetached(new Uint8Array([1, 2]), signature, pair.publicKey)).toBe(false);
    expect(verifyDetached(message, signature, generateTechnicianKeyPair().publicKey)).toBe(false);
    expect(verifyDetached(message, signature.subarray(1), pair.publicKey)).toBe(false);
    expect(() => verifyDetached(message, signature, new Uint8Array(31))).toThrow(RangeError);
    expect(() => signDetached(message, pair.publicKey)).toThrow(RangeError);
  });
});
