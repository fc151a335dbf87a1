// Revocation lists: the organisation root signs {org, issuedAt, serials}. Agents and the relay verify the
// list against the pinned root, then pass its serials to verifyCertificate.
import nacl from 'tweetnacl';
import { ByteWriter, err, fromBase64, ok, toBase64, utf8Encode, type Result } from '@tether/protocol';
import { assertKeyBytes } from './keys';

export interface RevocationList {
  v: 1;
  org: string;
  /** epoch ms */
  issuedAt: number;
  /** revoked certificate serials, sorted and unique */
  serials: string[];
  /** base64 root signature over revocationSigningBytes */
  signature: string;
}

const DOMAIN = 'tether revocation list v1';
const MAX_SERIALS = 100_000;
const SERIAL = /^[A-Za-z0-9._-]{1,64}$/;
const FIELDS = ['v', 'org', 'issuedAt', 'serials', 'signature'];

export function revocationSigningBytes(list: Omit<RevocationList, 'signature'>): Uint8Array {
  const writer = new ByteWriter(64 + list.serials.length * 34)
    .string(DOMAIN, utf8Encode)
    .u8(list.v)
    .string(list.org, utf8Encode)
    .u64(list.issuedAt)
    .varint(list.serials.length);
  for (const serial of list.serials) writer.string(serial, utf8Encode);
  return writer.finish();
}

export function issueRevocationList(rootSecretKey: Uint8Array, fields: { org: string; issuedAt: number; serials: Iterable<string> }): RevocationList {
  assertKeyBytes(rootSecretKey, 64, 'root secret key');
  const unsigned = { v: 1 as const, org: fields.org, issuedAt: fields.issuedAt, serials: [...new Set(fields.serials)].sort() };
  const problem = shapeProblem(unsigned);
  if (problem) throw new RangeError(`cannot issue revocation list: ${problem}`);
  return { ...unsigned, signature: toBase64(nacl.sign.detached(revocationSigningBytes(unsigned), rootSecretKey)) };
}

function shapeProblem(list: Omit<RevocationList, 'signature'>): string | undefined {
  if (list.v !== 1) return 'unsupported revocation list version';
  if (typeof list.org !== 'string' || list.org.trim().length === 0 || list.org.length > 200) return 'org must be 1-200 characters';
  if (!Number.isSafeInteger(list.issuedAt) || list.issuedAt < 0) return 'issuedAt must be a non-negative integer (epoch ms)';
  if (!Array.isArray(list.serials) || list.serials.length > MAX_SERIALS) return `serials must be an array of at most ${MAX_SERIALS}`;
  for (let i = 0; i < list.serials.length; i++) {
    const serial: unknown = list.serials[i];
    if (typeof serial !== 'string' || !SERIAL.test(serial)) return `serial #${i} is invalid`;
    if (i > 0 && (list.serials[i - 1] as string) >= serial) return 'serials must be sorted and unique';
  }
  return undefined;
}

/** Checks shape, root signature and organisation; failures: E_MALFORMED, E_CERT_BAD_SIGNATURE, E_CERT_WRONG_ORG. */
export function verifyRevocationList(input: unknown, options: { rootPublicKey: Uint8Array; org: string }): Result<RevocationList> {
  assertKeyBytes(options.rootPublicKey, 32, 'root public key');
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return err('E_MALFORMED', 'revocation list is not an object');
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) if (!FIELDS.includes(key)) return err('E_MALFORMED', `unexpected field "${key}" in revocation list`);
  const candidate = { v: record.v, org: record.org, issuedAt: record.issuedAt, serials: record.serials } as Omit<RevocationList, 'signature'>;
  const problem = shapeProblem(candidate);
  if (problem) return err('E_MALFORMED', problem);
  let signature: Uint8Array;
  try {
    signature = fromBase64(record.signature as string);
  } catch {
    return err('E_MALFORMED', 'revocation list signature is not base64');
  }
  if (signature.length !== 64) return err('E_MALFORMED', 'revocation list signature must be 64 bytes');
  if (!nacl.sign.detached.verify(revocationSigningBytes(candidate), signature, options.rootPublicKey)) {
    return err('E_CERT_BAD_SIGNATURE', 'revocation list is not signed by the pinned organisation root key');
  }
  if (candidate.org !== options.org) return err('E_CERT_WRONG_ORG', `revocation list is for "${candidate.org}", expected "${options.org}"`);
  return ok({ ...candidate, serials: [...candidate.serials], signature: record.signature as string });
}
