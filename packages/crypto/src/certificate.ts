// Technician certificates: the organisation root (ed25519) signs a canonical, domain-separated byte
// encoding of the technician's identity and public key. Verification checks, in order: shape,
// signature (chain to the pinned root), organisation, validity window, revocation.
import nacl from 'tweetnacl';
import { ByteWriter, TEMPLATE_ID_PATTERN, TetherError, fromBase64, toBase64, toHex, utf8Encode, type HandshakeCertificate, type TetherErrorCode } from '@tether/protocol';
import { assertKeyBytes } from './keys';
import { drawRandom, secureRandomBytes, type RandomBytes } from './randomSource';

/**
 * The certificate's shape is part of the wire format (hs.techHello carries it), so it is defined once in
 * @tether/protocol: techPub and signature are base64, notBefore inclusive and notAfter exclusive (epoch ms).
 */
export type TechnicianCertificate = HandshakeCertificate;

export interface CertificateFields {
  /** 1-64 chars of [A-Za-z0-9._-]; a random 32-hex-digit serial when omitted */
  serial?: string;
  name: string;
  employeeNo: string;
  department: string;
  org: string;
  techPub: Uint8Array;
  notBefore: number;
  notAfter: number;
  /** id of the permission template the technician must work under (omitted: no binding) */
  template?: string;
}

export type CertificateFailureReason = 'malformed' | 'bad-signature' | 'wrong-org' | 'expired' | 'not-yet-valid' | 'revoked';

export type CertificateVerification =
  | { ok: true; cert: TechnicianCertificate }
  | { ok: false; reason: CertificateFailureReason; error: TetherError };

export interface VerifyCertificateOptions {
  rootPublicKey: Uint8Array;
  org: string;
  now: number;
  /** serials from a verified revocation list (see verifyRevocationList) */
  revocations?: Iterable<string>;
}

const DOMAIN = 'tether certificate v1';
const SERIAL = /^[A-Za-z0-9._-]{1,64}$/;
const MAX_TEXT = 200;
const FIELDS = ['v', 'serial', 'name', 'employeeNo', 'department', 'org', 'techPub', 'notBefore', 'notAfter', 'template', 'signature'] as const;

const REASON_CODES: Record<CertificateFailureReason, TetherErrorCode> = {
  malformed: 'E_MALFORMED',
  'bad-signature': 'E_CERT_BAD_SIGNATURE',
  'wrong-org': 'E_CERT_WRONG_ORG',
  expired: 'E_CERT_EXPIRED',
  'not-yet-valid': 'E_CERT_NOT_YET_VALID',
  revoked: 'E_CERT_REVOKED',
};

/**
 * The bytes the root signs: domain tag, then every field except the signature, length-prefixed in a fixed
 * order. The optional template id is appended (length-prefixed) after notAfter only when present, so the
 * bytes of a certificate without one are exactly those of certificates issued before the field existed.
 */
export function certificateSigningBytes(cert: Omit<TechnicianCertificate, 'signature'>): Uint8Array {
  const w = new ByteWriter(256)
    .string(DOMAIN, utf8Encode)
    .u8(cert.v)
    .string(cert.serial, utf8Encode)
    .string(cert.name, utf8Encode)
    .string(cert.employeeNo, utf8Encode)
    .string(cert.department, utf8Encode)
    .string(cert.org, utf8Encode)
    .bytes(fromBase64(cert.techPub))
    .u64(cert.notBefore)
    .u64(cert.notAfter);
  if (cert.template !== undefined) w.string(cert.template, utf8Encode);
  return w.finish();
}

/** Canonical bytes of a whole certificate (signing bytes + signature), as bound into handshake transcripts. */
export function canonicalCertificateBytes(cert: TechnicianCertificate): Uint8Array {
  return new ByteWriter(320).raw(certificateSigningBytes(cert)).bytes(fromBase64(cert.signature)).finish();
}

/** Hex of the first 16 bytes of SHA-512 over the canonical certificate bytes, for display and comparison. */
export function certificateFingerprint(cert: TechnicianCertificate): string {
  return toHex(nacl.hash(canonicalCertificateBytes(cert)).subarray(0, 16));
}

/** The technician's ed25519 public key from an already-verified certificate. */
export function certificatePublicKey(cert: TechnicianCertificate): Uint8Array {
  return fromBase64(cert.techPub);
}

export function issueCertificate(rootSecretKey: Uint8Array, fields: CertificateFields, random: RandomBytes = secureRandomBytes): TechnicianCertificate {
  assertKeyBytes(rootSecretKey, 64, 'root secret key');
  assertKeyBytes(fields.techPub, 32, 'technician public key');
  const unsigned = {
    v: 1 as const,
    serial: fields.serial ?? toHex(drawRandom(random, 16)),
    name: fields.name,
    employeeNo: fields.employeeNo,
    department: fields.department,
    org: fields.org,
    techPub: toBase64(fields.techPub),
    notBefore: fields.notBefore,
    notAfter: fields.notAfter,
    ...(fields.template !== undefined ? { template: fields.template } : {}),
  };
  const problem = fieldProblem(unsigned);
  if (problem) throw new RangeError(`cannot issue certificate: ${problem}`);
  const signature = nacl.sign.detached(certificateSigningBytes(unsigned), rootSecretKey);
  return { ...unsigned, signature: toBase64(signature) };
}

/** Strict shape check of untrusted input: exactly the known keys, bounded strings, valid key/signature lengths. */
export function parseCertificate(input: unknown): { ok: true; cert: TechnicianCertificate } | { ok: false; problem: string } {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) return { ok: false, problem: 'certificate is not an object' };
  const record = input as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!(FIELDS as readonly string[]).includes(key)) return { ok: false, problem: `unexpected field "${key}"` };
  }
  const candidate = Object.fromEntries(FIELDS.filter((key) => key !== 'template' || record.template !== undefined).map((key) => [key, record[key]])) as unknown as TechnicianCertificate;
  const problem = fieldProblem(candidate) ?? base64Problem(candidate.signature, 64, 'signature');
  return problem ? { ok: false, problem } : { ok: true, cert: candidate };
}

function fieldProblem(c: Omit<TechnicianCertificate, 'signature'>): string | undefined {
  if (c.v !== 1) return 'unsupported certificate version';
  if (typeof c.serial !== 'string' || !SERIAL.test(c.serial)) return 'serial must be 1-64 characters of A-Z a-z 0-9 . _ -';
  for (const key of ['name', 'employeeNo', 'department', 'org'] as const) {
    const value = c[key];
    if (typeof value !== 'string' || value.trim().length === 0 || value.length > MAX_TEXT) return `${key} must be 1-${MAX_TEXT} characters`;
  }
  for (const key of ['notBefore', 'notAfter'] as const) {
    const value = c[key];
    if (!Number.isSafeInteger(value) || value < 0) return `${key} must be a non-negative integer (epoch ms)`;
  }
  if (c.notAfter <= c.notBefore) return 'notAfter must be later than notBefore';
  if (c.template !== undefined && (typeof c.template !== 'string' || !TEMPLATE_ID_PATTERN.test(c.template))) return 'template must be 1-64 characters of A-Z a-z 0-9 _ -';
  return base64Problem(c.techPub, 32, 'techPub');
}

function base64Problem(value: unknown, length: number, name: string): string | undefined {
  if (typeof value !== 'string') return `${name} must be a base64 string`;
  try {
    if (fromBase64(value).length === length) return undefined;
  } catch {
    return `${name} is not valid base64`;
  }
  return `${name} must encode ${length} bytes`;
}

function describeTime(ms: number): string {
  return ms <= 8.64e15 ? new Date(ms).toISOString() : `${ms} ms`;
}

function failure(reason: CertificateFailureReason, detail: string): CertificateVerification {
  return { ok: false, reason, error: new TetherError(REASON_CODES[reason], detail) };
}

export function verifyCertificate(input: unknown, options: VerifyCertificateOptions): CertificateVerification {
  assertKeyBytes(options.rootPublicKey, 32, 'root public key');
  if (typeof options.org !== 'string' || options.org.length === 0) throw new TypeError('org must be a non-empty string');
  if (!Number.isFinite(options.now)) throw new TypeError('now must be a number (epoch ms)');
  const parsed = parseCertificate(input);
  if (!parsed.ok) return failure('malformed', parsed.problem);
  const cert = parsed.cert;
  const signature = fromBase64(cert.signature);
  if (!nacl.sign.detached.verify(certificateSigningBytes(cert), signature, options.rootPublicKey)) {
    return failure('bad-signature', 'the signature does not match the pinned organisation root key');
  }
  if (cert.org !== options.org) return failure('wrong-org', `certificate is for "${cert.org}", expected "${options.org}"`);
  if (options.now < cert.notBefore) return failure('not-yet-valid', `valid from ${describeTime(cert.notBefore)}`);
  if (options.now >= cert.notAfter) return failure('expired', `expired at ${describeTime(cert.notAfter)}`);
  if (options.revocations) {
    for (const serial of options.revocations) {
      if (serial === cert.serial) return failure('revoked', `serial ${cert.serial}`);
    }
  }
  return { ok: true, cert: { ...cert } };
}
