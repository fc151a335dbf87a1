import { describe, expect, it } from 'vitest';
import { codeKey, generateSessionCode, generateToken, tokenHash, tokenMatches } from '../src/node/sessionSecrets';
import { signTechnicianProof, verifyTechnicianProof } from '../src/node/technicianProof';
import { generateTechnicianKeyPair } from '../../../packages/crypto/src/index';

describe('session secrets', () => {
  it('draws codes of the requested length with every digit in use', () => {
    const codes = Array.from({ length: 400 }, () => generateSessionCode(10));
    for (const code of codes) expect(code).toMatch(/^\d{10}$/);
    expect(new Set(codes).size).toBe(400);
    const digits = new Set(codes.join(''));
    expect(digits.size).toBe(10);
    expect(() => generateSessionCode(8)).toThrow(RangeError);
  });

  it('stores codes only as a hash', () => {
    const key = codeKey('123456789');
    expect(key).toMatch(/^[0-9a-f]{64}$/);
    expect(key).not.toContain('123456789');
    expect(codeKey('123456789')).toBe(key);
    expect(codeKey('123456780')).not.toBe(key);
  });

  it('checks resume tokens against their hash', () => {
    const token = generateToken();
    expect(token).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(tokenMatches(token, tokenHash(token))).toBe(true);
    expect(tokenMatches(generateToken(), tokenHash(token))).toBe(false);
  });

  it('signs and verifies the relay proof with tweetnacl-format keys through node:crypto', () => {
    const keys = generateTechnicianKeyPair();
    const nonce = new Uint8Array(32).fill(3);
    const proof = signTechnicianProof(keys.secretKey, nonce);
    expect(verifyTechnicianProof(keys.publicKey, nonce, proof)).toBe(true);
    expect(verifyTechnicianProof(keys.publicKey, new Uint8Array(32).fill(4), proof)).toBe(false);
    expect(verifyTechnicianProof(generateTechnicianKeyPair().publicKey, nonce, proof)).toBe(false);
    expect(verifyTechnicianProof(keys.publicKey, nonce, proof.subarray(1))).toBe(false);
  });
});

describe('relay proof interoperability', () => {
  it('accepts a proof signed with tweetnacl and produces signatures tweetnacl accepts', async () => {
    // tweetnacl is what browser/Electron clients sign with; it lives in the crypto package's dependencies.
    const { default: nacl } = await import('../../../packages/crypto/node_modules/tweetnacl/nacl.js');
    const { relayAuthMessage } = await import('../../../packages/protocol/src/relay/index');
    const keys = nacl.sign.keyPair();
    const nonce = nacl.randomBytes(32);
    expect(verifyTechnicianProof(keys.publicKey, nonce, nacl.sign.detached(relayAuthMessage(nonce), keys.secretKey))).toBe(true);
    expect(nacl.sign.detached.verify(relayAuthMessage(nonce), signTechnicianProof(keys.secretKey, nonce), keys.publicKey)).toBe(true);
  });
});
