// Detached ed25519 signatures with key-length checks, for callers outside this package (for example the
// relay verifying a technician's proof of key possession) so they need not depend on tweetnacl directly.
import nacl from 'tweetnacl';
import { assertKeyBytes } from './keys';

export function signDetached(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  if (!(message instanceof Uint8Array)) throw new TypeError('message must be a Uint8Array');
  assertKeyBytes(secretKey, 64, 'ed25519 secret key');
  return nacl.sign.detached(message, secretKey);
}

/** False for a wrong signature, including one of the wrong length; throws only on a malformed public key. */
export function verifyDetached(message: Uint8Array, signature: Uint8Array, publicKey: Uint8Array): boolean {
  if (!(message instanceof Uint8Array)) throw new TypeError('message must be a Uint8Array');
  assertKeyBytes(publicKey, 32, 'ed25519 public key');
  if (!(signature instanceof Uint8Array) || signature.length !== 64) return false;
  return nacl.sign.detached.verify(message, signature, publicKey);
}
