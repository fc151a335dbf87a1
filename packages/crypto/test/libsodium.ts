// libsodium as an independent second implementation for known-answer cross-checks. Its ESM build is broken
// in this release (it imports a sibling module that is not shipped), so the CommonJS build is loaded.
import { createRequire } from 'node:module';

export interface Sodium {
  ready: Promise<void>;
  crypto_secretbox_easy(message: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_secretbox_open_easy(ciphertext: Uint8Array, nonce: Uint8Array, key: Uint8Array): Uint8Array;
  crypto_sign_detached(message: Uint8Array, secretKey: Uint8Array): Uint8Array;
  crypto_sign_seed_keypair(seed: Uint8Array): { publicKey: Uint8Array; privateKey: Uint8Array };
  crypto_scalarmult(secret: Uint8Array, publicKey: Uint8Array): Uint8Array;
}

export async function loadSodium(): Promise<Sodium> {
  const sodium = createRequire(import.meta.url)('libsodium-wrappers') as Sodium;
  await sodium.ready;
  return sodium;
}
