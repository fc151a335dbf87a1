// Random secrets handed out by the relay: session codes (decimal digits from the CSPRNG, stored only as
// a hash), session ids and resume tokens (base64url, compared in constant time against their hash).
import { createHash, randomBytes, randomInt, timingSafeEqual } from 'node:crypto';

export function generateSessionCode(digits: number): string {
  if (!Number.isInteger(digits) || digits < 9 || digits > 16) throw new RangeError('session codes have 9-16 digits');
  let code = '';
  for (let i = 0; i < digits; i++) code += String(randomInt(10));
  return code;
}

/** The store key for a code: the raw digits are never stored. */
export function codeKey(code: string): string {
  return createHash('sha256').update(`tether-code:${code}`).digest('hex');
}

export function generateToken(): string {
  return randomBytes(18).toString('base64url');
}

export function tokenHash(token: string): Buffer {
  return createHash('sha256').update(`tether-token:${token}`).digest();
}

export function tokenMatches(token: string, expectedHash: Buffer): boolean {
  return timingSafeEqual(tokenHash(token), expectedHash);
}
