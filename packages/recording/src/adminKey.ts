// Archive admin keys: ed25519 pairs that sign admin requests to the archive API. Text form
// "tether:admin-pub:<base64 32>" / "tether:admin-sec:<base64 64>" (the same shape as @tether/crypto keys).
import { err, fromBase64, ok, toBase64, type Result } from '@tether/protocol';

export type AdminKeyKind = 'admin-pub' | 'admin-sec';
const LENGTH: Record<AdminKeyKind, number> = { 'admin-pub': 32, 'admin-sec': 64 };

export function encodeAdminKey(kind: AdminKeyKind, bytes: Uint8Array): string {
  if (bytes.length !== LENGTH[kind]) throw new RangeError(`${kind} must be ${LENGTH[kind]} bytes`);
  return `tether:${kind}:${toBase64(bytes)}`;
}

export const encodeAdminPublicKey = (bytes: Uint8Array): string => encodeAdminKey('admin-pub', bytes);

export function decodeAdminKey(text: string, kind: AdminKeyKind): Result<Uint8Array> {
  const match = typeof text === 'string' ? /^tether:([a-z-]+):([A-Za-z0-9+/=]+)$/.exec(text.trim()) : null;
  if (!match) return err('E_BAD_ARGUMENT', `not a key in the tether:<kind>:<base64> format (expected ${kind})`);
  if (match[1] !== kind) return err('E_BAD_ARGUMENT', `wrong key kind: expected ${kind}, got ${match[1]}`);
  try {
    const bytes = fromBase64(match[2] as string);
    if (bytes.length !== LENGTH[kind]) return err('E_BAD_ARGUMENT', `${kind} must be ${LENGTH[kind]} bytes`);
    return ok(bytes);
  } catch {
    return err('E_BAD_ARGUMENT', `${kind} is not valid base64`);
  }
}
