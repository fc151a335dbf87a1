// In-place XSalsa20-Poly1305 (nacl secretbox) over tweetnacl's low-level functions, used on hot paths to
// avoid the extra allocations and copies of nacl.secretbox. Both functions work on a buffer laid out as
// NaCl expects: 32 leading bytes (zeros for seal; 16 zeros + 16-byte MAC for open) followed by the data.
// Output is byte-identical to nacl.secretbox (checked against libsodium in the known-answer tests).
import nacl from 'tweetnacl';

interface NaclLowLevel {
  crypto_secretbox(c: Uint8Array, m: Uint8Array, d: number, n: Uint8Array, k: Uint8Array): number;
  crypto_secretbox_open(m: Uint8Array, c: Uint8Array, d: number, n: Uint8Array, k: Uint8Array): number;
}

const lowlevel = (nacl as unknown as { lowlevel: NaclLowLevel }).lowlevel;

export const SECRETBOX_OVERHEAD = 16;
/** Bytes NaCl's low-level API needs in front of the message (the first 16 of them hold zeros). */
export const SECRETBOX_PADDING = 32;

/** buffer = 32 zero bytes + plaintext; afterwards = 16 zero bytes + MAC + ciphertext. */
export function sealInPlace(buffer: Uint8Array, nonce: Uint8Array, key: Uint8Array): void {
  buffer.fill(0, 0, SECRETBOX_PADDING);
  if (lowlevel.crypto_secretbox(buffer, buffer, buffer.length, nonce, key) !== 0) throw new RangeError('secretbox buffer too short');
}

/** buffer = 16 bytes (any) + MAC + ciphertext; on success it holds 32 zero bytes + plaintext and true is returned. */
export function openInPlace(buffer: Uint8Array, nonce: Uint8Array, key: Uint8Array): boolean {
  if (buffer.length < SECRETBOX_PADDING) return false;
  buffer.fill(0, 0, SECRETBOX_OVERHEAD);
  return lowlevel.crypto_secretbox_open(buffer, buffer, buffer.length, nonce, key) === 0;
}
