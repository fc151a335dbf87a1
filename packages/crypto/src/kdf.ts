// HMAC-SHA-512 (RFC 2104) and HKDF (RFC 5869) built on tweetnacl's SHA-512, so the crypto package keeps
// tweetnacl as its only runtime dependency.
import nacl from 'tweetnacl';

const BLOCK = 128;
const HASH_LENGTH = 64;

export function sha512(data: Uint8Array): Uint8Array {
  return nacl.hash(data);
}

export function hmacSha512(key: Uint8Array, data: Uint8Array): Uint8Array {
  if (!(key instanceof Uint8Array) || !(data instanceof Uint8Array)) throw new TypeError('hmacSha512 takes Uint8Array key and data');
  const block = new Uint8Array(BLOCK);
  block.set(key.length > BLOCK ? nacl.hash(key) : key);
  const inner = new Uint8Array(BLOCK + data.length);
  const outer = new Uint8Array(BLOCK + HASH_LENGTH);
  for (let i = 0; i < BLOCK; i++) {
    inner[i] = (block[i] as number) ^ 0x36;
    outer[i] = (block[i] as number) ^ 0x5c;
  }
  inner.set(data, BLOCK);
  outer.set(nacl.hash(inner), BLOCK);
  return nacl.hash(outer);
}

/** HKDF-Extract: PRK = HMAC(salt, ikm); an empty salt means 64 zero bytes. */
export function hkdfExtract(salt: Uint8Array, ikm: Uint8Array): Uint8Array {
  return hmacSha512(salt.length === 0 ? new Uint8Array(HASH_LENGTH) : salt, ikm);
}

/** HKDF-Expand to `length` bytes (at most 255 * 64). */
export function hkdfExpand(prk: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  if (!Number.isInteger(length) || length < 0 || length > 255 * HASH_LENGTH) throw new RangeError(`HKDF length out of range: ${length}`);
  if (prk.length < HASH_LENGTH) throw new RangeError('HKDF PRK must be at least 64 bytes');
  const out = new Uint8Array(length);
  let previous: Uint8Array = new Uint8Array(0);
  for (let i = 0, offset = 0; offset < length; i++) {
    const input = new Uint8Array(previous.length + info.length + 1);
    input.set(previous);
    input.set(info, previous.length);
    input[input.length - 1] = i + 1;
    previous = hmacSha512(prk, input);
    out.set(previous.subarray(0, Math.min(HASH_LENGTH, length - offset)), offset);
    offset += HASH_LENGTH;
  }
  return out;
}

export function hkdf(ikm: Uint8Array, salt: Uint8Array, info: Uint8Array, length: number): Uint8Array {
  return hkdfExpand(hkdfExtract(salt, ikm), info, length);
}
