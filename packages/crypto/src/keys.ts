// Key material: the text format `tether:<kind>:<base64>` used in files and config, length checks, and
// generators for the three key pairs an organisation uses (root and technician: ed25519; archive: X25519).
import nacl from 'tweetnacl';
import { err, fromBase64, ok, toBase64, type Result } from '@tether/protocol';
import { drawRandom, secureRandomBytes, type RandomBytes } from './randomSource';

export const KEY_KINDS = ['root-pub', 'root-sec', 'tech-pub', 'tech-sec', 'archive-pub', 'archive-sec'] as const;
export type KeyKind = (typeof KEY_KINDS)[number];

/** Byte length of each kind: ed25519 public 32 / secret 64; X25519 public 32 / secret 32. */
export const KEY_LENGTHS: Readonly<Record<KeyKind, number>> = {
  'root-pub': 32,
  'root-sec': 64,
  'tech-pub': 32,
  'tech-sec': 64,
  'archive-pub': 32,
  'archive-sec': 32,
};

export interface KeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

const KEY_TEXT = /^tether:([a-z-]+):([A-Za-z0-9+/=]+)$/;

export function isKeyKind(value: unknown): value is KeyKind {
  return typeof value === 'string' && (KEY_KINDS as readonly string[]).includes(value);
}

/** Throws TypeError / RangeError when `bytes` is not a Uint8Array of exactly `length` bytes (a programming error). */
export function assertKeyBytes(bytes: unknown, length: number, name: string): asserts bytes is Uint8Array {
  if (!(bytes instanceof Uint8Array)) throw new TypeError(`${name} must be a Uint8Array`);
  if (bytes.length !== length) throw new RangeError(`${name} must be ${length} bytes, got ${bytes.length}`);
}

export function encodeKey(kind: KeyKind, bytes: Uint8Array): string {
  if (!isKeyKind(kind)) throw new TypeError(`unknown key kind: ${String(kind)}`);
  assertKeyBytes(bytes, KEY_LENGTHS[kind], `${kind} key`);
  return `tether:${kind}:${toBase64(bytes)}`;
}

/** Parses key text (surrounding whitespace allowed) and checks kind and length; failures are E_BAD_ARGUMENT. */
export function decodeKey(text: unknown, expectedKind: KeyKind): Result<Uint8Array> {
  if (!isKeyKind(expectedKind)) throw new TypeError(`unknown key kind: ${String(expectedKind)}`);
  if (typeof text !== 'string') return err('E_BAD_ARGUMENT', `expected a ${expectedKind} key as text`);
  const match = KEY_TEXT.exec(text.trim());
  if (!match) return err('E_BAD_ARGUMENT', `not a Tether key (expected "tether:${expectedKind}:<base64>")`);
  const kind = match[1] as string;
  if (kind !== expectedKind) {
    return err('E_BAD_ARGUMENT', `wrong key kind: expected ${expectedKind}, got ${isKeyKind(kind) ? kind : `unknown kind "${kind}"`}`);
  }
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(match[2] as string);
  } catch {
    return err('E_BAD_ARGUMENT', `the ${expectedKind} key is not valid base64`);
  }
  const want = KEY_LENGTHS[expectedKind];
  if (bytes.length !== want) return err('E_BAD_ARGUMENT', `the ${expectedKind} key must be ${want} bytes, got ${bytes.length}`);
  return ok(bytes);
}

function signingKeyPair(random: RandomBytes): KeyPair {
  const pair = nacl.sign.keyPair.fromSeed(drawRandom(random, 32));
  return { publicKey: pair.publicKey, secretKey: pair.secretKey };
}

/** The organisation's root signing key pair (ed25519): signs certificates and revocation lists. */
export function generateRootKeyPair(random: RandomBytes = secureRandomBytes): KeyPair {
  return signingKeyPair(random);
}

/** A technician's identity key pair (ed25519): signs handshake transcripts and session log entries. */
export function generateTechnicianKeyPair(random: RandomBytes = secureRandomBytes): KeyPair {
  return signingKeyPair(random);
}

/** The organisation's archive key pair (X25519): recordings are sealed to the public half. */
export function generateArchiveKeyPair(random: RandomBytes = secureRandomBytes): KeyPair {
  const pair = nacl.box.keyPair.fromSecretKey(drawRandom(random, 32));
  return { publicKey: pair.publicKey, secretKey: pair.secretKey };
}

/** The ed25519 public key embedded in a 64-byte ed25519 secret key. */
export function signingPublicKeyOf(secretKey: Uint8Array): Uint8Array {
  assertKeyBytes(secretKey, 64, 'ed25519 secret key');
  return nacl.sign.keyPair.fromSecretKey(secretKey).publicKey;
}
