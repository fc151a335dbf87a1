// The source of randomness used by key generation and the handshake. Production code uses tweetnacl's
// CSPRNG; tests inject a deterministic source to produce golden vectors.
import nacl from 'tweetnacl';

export type RandomBytes = (length: number) => Uint8Array;

export const secureRandomBytes: RandomBytes = (length) => nacl.randomBytes(length);

/** Calls `random` and checks it returned exactly `length` bytes (a broken injected source is a misuse). */
export function drawRandom(random: RandomBytes, length: number): Uint8Array {
  const bytes = random(length);
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) {
    throw new RangeError(`random source returned ${bytes instanceof Uint8Array ? bytes.length : typeof bytes} instead of ${length} bytes`);
  }
  return bytes;
}
