// The console's key vault: the technician's secret key (key text `tether:tech-sec:...`) encrypted under a
// passphrase. PBKDF2-SHA-256 (WebCrypto, >= 210 000 iterations) derives an AES-256-GCM key; the vault's
// header fields are bound as additional data, so changing any of them makes opening fail.
// WebCrypto is passed in (globalThis.crypto in browsers and Electron, node:crypto webcrypto in Node).
import { TetherError, fromBase64, toBase64, utf8Decode, utf8Encode } from '@tether/protocol';
import { decodeKey } from '@tether/crypto';

export const VAULT_KIND = 'tether-key-vault';
export const MIN_VAULT_ITERATIONS = 210_000;
export const DEFAULT_VAULT_ITERATIONS = 310_000;
/** Upper bound, so a hostile vault file cannot make the console spin for minutes. */
export const MAX_VAULT_ITERATIONS = 5_000_000;
export const MIN_PASSPHRASE_CHARS = 8;

export interface KeyVault {
  v: 1;
  kind: typeof VAULT_KIND;
  kdf: { name: 'PBKDF2-SHA-256'; iterations: number; salt: string };
  cipher: { name: 'AES-256-GCM'; iv: string };
  ciphertext: string;
}

/** The part of WebCrypto the vault uses (structurally satisfied by browsers' and Node's `crypto`). */
export interface VaultCrypto {
  getRandomValues<T extends Uint8Array>(array: T): T;
  subtle: {
    importKey(format: 'raw', keyData: Uint8Array, algorithm: unknown, extractable: boolean, usages: string[]): Promise<unknown>;
    deriveKey(algorithm: unknown, baseKey: unknown, derivedKeyType: unknown, extractable: boolean, usages: string[]): Promise<unknown>;
    encrypt(algorithm: unknown, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
    decrypt(algorithm: unknown, key: unknown, data: Uint8Array): Promise<ArrayBuffer>;
  };
}

function additionalData(iterations: number, salt: string, iv: string): Uint8Array {
  return utf8Encode(`${VAULT_KIND} v1|PBKDF2-SHA-256|${iterations}|${salt}|AES-256-GCM|${iv}`);
}

async function aesKey(webCrypto: VaultCrypto, passphrase: string, salt: Uint8Array, iterations: number, usage: 'encrypt' | 'decrypt'): Promise<unknown> {
  const base = await webCrypto.subtle.importKey('raw', utf8Encode(passphrase.normalize('NFC')), 'PBKDF2', false, ['deriveKey']);
  return webCrypto.subtle.deriveKey({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations }, base, { name: 'AES-GCM', length: 256 }, false, [usage]);
}

/** Encrypts a technician secret key (key text) under a passphrase. */
export async function sealKeyVault(keyText: string, passphrase: string, webCrypto: VaultCrypto, iterations = DEFAULT_VAULT_ITERATIONS): Promise<KeyVault> {
  const key = decodeKey(keyText.trim(), 'tech-sec');
  if (!key.ok) throw new TetherError('E_BAD_ARGUMENT', `not a technician secret key: ${key.error.detail ?? key.error.message}`);
  if (passphrase.length < MIN_PASSPHRASE_CHARS) throw new TetherError('E_BAD_ARGUMENT', `the passphrase needs at least ${MIN_PASSPHRASE_CHARS} characters`);
  if (!Number.isInteger(iterations) || iterations < MIN_VAULT_ITERATIONS || iterations > MAX_VAULT_ITERATIONS) {
    throw new RangeError(`iterations must be ${MIN_VAULT_ITERATIONS}..${MAX_VAULT_ITERATIONS}`);
  }
  const salt = webCrypto.getRandomValues(new Uint8Array(16));
  const iv = webCrypto.getRandomValues(new Uint8Array(12));
  const saltText = toBase64(salt);
  const ivText = toBase64(iv);
  const aes = await aesKey(webCrypto, passphrase, salt, iterations, 'encrypt');
  const sealed = await webCrypto.subtle.encrypt({ name: 'AES-GCM', iv, additionalData: additionalData(iterations, saltText, ivText) }, aes, utf8Encode(keyText.trim()));
  return {
    v: 1,
    kind: VAULT_KIND,
    kdf: { name: 'PBKDF2-SHA-256', iterations, salt: saltText },
    cipher: { name: 'AES-256-GCM', iv: ivText },
    ciphertext: toBase64(new Uint8Array(sealed)),
  };
}

function malformed(detail: string): TetherError {
  return new TetherError('E_MALFORMED', `key vault: ${detail}`);
}

/** Checks the shape of a parsed vault file; throws E_MALFORMED with what is wrong. */
export function parseKeyVault(input: unknown): KeyVault {
  const o = input as Partial<KeyVault> | null;
  if (!o || typeof o !== 'object' || o.kind !== VAULT_KIND || o.v !== 1) throw malformed('this is not a Tether key vault file');
  const { kdf, cipher, ciphertext } = o;
  if (!kdf || kdf.name !== 'PBKDF2-SHA-256' || typeof kdf.salt !== 'string') throw malformed('unsupported key derivation');
  if (!Number.isInteger(kdf.iterations) || kdf.iterations < MIN_VAULT_ITERATIONS || kdf.iterations > MAX_VAULT_ITERATIONS) throw malformed('iteration count out of range');
  if (!cipher || cipher.name !== 'AES-256-GCM' || typeof cipher.iv !== 'string') throw malformed('unsupported cipher');
  if (typeof ciphertext !== 'string') throw malformed('missing ciphertext');
  const bytes = (text: string, length?: number): Uint8Array => {
    let value: Uint8Array;
    try {
      value = fromBase64(text);
    } catch {
      throw malformed('bad base64 field');
    }
    if (length !== undefined && value.length !== length) throw malformed('bad field length');
    return value;
  };
  bytes(kdf.salt, 16);
  bytes(cipher.iv, 12);
  bytes(ciphertext);
  return { v: 1, kind: VAULT_KIND, kdf: { name: kdf.name, iterations: kdf.iterations, salt: kdf.salt }, cipher: { name: cipher.name, iv: cipher.iv }, ciphertext };
}

/** Opens a vault; a wrong passphrase (or an edited vault) fails with E_AUTH_FAILED. Returns the secret key bytes. */
export async function openKeyVault(input: unknown, passphrase: string, webCrypto: VaultCrypto): Promise<Uint8Array> {
  const vault = parseKeyVault(input);
  const salt = fromBase64(vault.kdf.salt);
  const iv = fromBase64(vault.cipher.iv);
  const aes = await aesKey(webCrypto, passphrase, salt, vault.kdf.iterations, 'decrypt');
  let plain: ArrayBuffer;
  try {
    plain = await webCrypto.subtle.decrypt(
      { name: 'AES-GCM', iv, additionalData: additionalData(vault.kdf.iterations, vault.kdf.salt, vault.cipher.iv) },
      aes,
      fromBase64(vault.ciphertext),
    );
  } catch {
    throw new TetherError('E_AUTH_FAILED', 'wrong passphrase (or the key vault file was changed)');
  }
  const key = decodeKey(utf8Decode(new Uint8Array(plain)), 'tech-sec');
  if (!key.ok) throw malformed('the vault does not hold a technician secret key');
  return key.value;
}
