// The bytes a technician signs to prove to the relay that it holds the certified key:
// "tether-relay-auth-v1" || nonce, where nonce comes from the relay's hello. Environment-free.
import { concatBytes } from '../bytes';
import { utf8Encode } from '../textCodec';

export const RELAY_AUTH_CONTEXT = 'tether-relay-auth-v1';
export const RELAY_NONCE_BYTES = 32;

export function relayAuthMessage(nonce: Uint8Array): Uint8Array {
  if (!(nonce instanceof Uint8Array) || nonce.length !== RELAY_NONCE_BYTES) {
    throw new RangeError(`relay nonce must be ${RELAY_NONCE_BYTES} bytes`);
  }
  return concatBytes(utf8Encode(RELAY_AUTH_CONTEXT), nonce);
}
