// Signed archive API requests (technician uploads, admin reads): ed25519 over a canonical request string,
// like the relay's technician proof. The timestamp bounds a request's life and the nonce makes it single-use.
//   "tether-archive-request-v1\n" METHOD "\n" path-with-query "\n" timestamp-ms "\n" nonce "\n" hex(SHA-512(body))
import { sha512, signDetached, verifyDetached } from '@tether/crypto';
import { toHex, utf8Encode } from '@tether/protocol';

export const ARCHIVE_AUTH_HEADERS = {
  time: 'x-tether-time',
  nonce: 'x-tether-nonce',
  signature: 'x-tether-signature',
  /** base64 of the technician certificate JSON (technician requests) */
  certificate: 'x-tether-certificate',
  /** "tether:admin-pub:<base64>" (admin requests) */
  adminKey: 'x-tether-admin-key',
  /** the customer's session token (customer requests; not signed) */
  customerToken: 'x-tether-customer-token',
} as const;

export interface ArchiveRequestParts {
  method: string;
  /** path and query exactly as sent, e.g. "/archive/v1/sessions?technician=7" */
  path: string;
  timestamp: number;
  nonce: string;
  body: Uint8Array;
}

export function canonicalArchiveRequest(parts: ArchiveRequestParts): Uint8Array {
  return utf8Encode(['tether-archive-request-v1', parts.method.toUpperCase(), parts.path, String(parts.timestamp), parts.nonce, toHex(sha512(parts.body))].join('\n'));
}

export function signArchiveRequest(secretKey: Uint8Array, parts: ArchiveRequestParts): Uint8Array {
  return signDetached(canonicalArchiveRequest(parts), secretKey);
}

export function verifyArchiveRequest(publicKey: Uint8Array, parts: ArchiveRequestParts, signature: Uint8Array): boolean {
  if (signature.length !== 64 || publicKey.length !== 32) return false;
  return verifyDetached(canonicalArchiveRequest(parts), signature, publicKey);
}
