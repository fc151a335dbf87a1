// The technician's proof of key possession to the relay: an ed25519 signature over
// relayAuthMessage(nonce) = "tether-relay-auth-v1" || nonce, by the key its certificate names.
// Node's own ed25519 (no extra dependency); keys are raw 32-byte public / 64-byte nacl-style secret keys.
import { createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { relayAuthMessage } from '@tether/protocol/relay';

export function verifyTechnicianProof(techPublicKey: Uint8Array, nonce: Uint8Array, signature: Uint8Array): boolean {
  if (techPublicKey.length !== 32 || signature.length !== 64) return false;
  try {
    const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: Buffer.from(techPublicKey).toString('base64url') }, format: 'jwk' });
    return verify(null, relayAuthMessage(nonce), key, signature);
  } catch {
    return false;
  }
}

/** Signs the relay nonce with a 64-byte ed25519 secret key (seed || public key, the tweetnacl layout). */
export function signTechnicianProof(techSecretKey: Uint8Array, nonce: Uint8Array): Uint8Array {
  if (techSecretKey.length !== 64) throw new RangeError('technician secret key must be 64 bytes');
  const key = createPrivateKey({
    key: {
      kty: 'OKP',
      crv: 'Ed25519',
      d: Buffer.from(techSecretKey.subarray(0, 32)).toString('base64url'),
      x: Buffer.from(techSecretKey.subarray(32)).toString('base64url'),
    },
    format: 'jwk',
  });
  return new Uint8Array(sign(null, relayAuthMessage(nonce), key));
}
