// Customer self-service. At session end the customer gets a random token. The relay stores only its hash
// (it authorises reading exactly that session's customer copy), and a copy of the session bundle is sealed
// to an X25519 key derived from the token, so the customer can open their own record without the
// organisation's archive key, and nobody without the token can.
import nacl from 'tweetnacl';
import { sha512 } from '@tether/crypto';
import { concatBytes, fromBase64, toBase64, toHex, utf8Encode } from '@tether/protocol';

const TOKEN_PREFIX = 'tct1.';
const KEY_DOMAIN = utf8Encode('tether customer archive key v1\0');

export function createCustomerToken(random: (n: number) => Uint8Array = nacl.randomBytes): string {
  return TOKEN_PREFIX + toBase64(random(32)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

export function isCustomerToken(token: unknown): token is string {
  return typeof token === 'string' && /^tct1\.[A-Za-z0-9_-]{43}$/.test(token);
}

function tokenBytes(token: string): Uint8Array {
  if (!isCustomerToken(token)) throw new TypeError('not a customer token');
  const b64 = token.slice(TOKEN_PREFIX.length).replace(/-/g, '+').replace(/_/g, '/') + '=';
  return fromBase64(b64);
}

/** What the relay stores and compares (hex SHA-512 of the token text). */
export function customerTokenHash(token: string): string {
  return toHex(sha512(utf8Encode(token)));
}

export function customerArchiveKeyPair(token: string): { publicKey: Uint8Array; secretKey: Uint8Array } {
  const seed = sha512(concatBytes(KEY_DOMAIN, tokenBytes(token))).subarray(0, 32);
  return nacl.box.keyPair.fromSecretKey(seed);
}
