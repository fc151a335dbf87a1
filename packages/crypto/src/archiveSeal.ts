// Recordings sealed to the organisation's archive key (X25519), streaming-capable, so the server stores
// ciphertext only. Format:
//   header = "TTAR" | u8 version (1) | ephemeral X25519 public key (32)
//   record = u8 final (0 or 1) | u32 ciphertext length | secretbox(chunk)
//   key    = HKDF-SHA-512(X25519(eph, archive), salt = ephPub | archivePub, info "tether archive v1", 32)
//   nonce  = final flag (1) | 15 zero bytes | u64 chunk counter
// The counter catches reordered or dropped chunks, the authenticated final flag catches truncation, and
// nothing may follow the final record.
import nacl from 'tweetnacl';
import { concatBytes, err, ok, utf8Encode, type Result } from '@tether/protocol';
import { hkdf } from './kdf';
import { assertKeyBytes } from './keys';
import { drawRandom, secureRandomBytes, type RandomBytes } from './randomSource';

const MAGIC = utf8Encode('TTAR');
const VERSION = 1;
export const ARCHIVE_HEADER_LENGTH = MAGIC.length + 1 + 32;
const RECORD_HEADER = 5;
export const MAX_ARCHIVE_CHUNK = 16 * 1024 * 1024;
const INFO = utf8Encode('tether archive v1');

function archiveKey(shared: Uint8Array, ephPub: Uint8Array, archivePub: Uint8Array): Uint8Array {
  return hkdf(shared, concatBytes(ephPub, archivePub), INFO, 32);
}

function chunkNonce(final: boolean, counter: number): Uint8Array {
  const nonce = new Uint8Array(24);
  nonce[0] = final ? 1 : 0;
  const view = new DataView(nonce.buffer);
  view.setUint32(16, Math.floor(counter / 2 ** 32));
  view.setUint32(20, counter >>> 0);
  return nonce;
}

export class ArchiveSealer {
  /** Write this first. */
  readonly header: Uint8Array;
  private readonly key: Uint8Array;
  private counter = 0;
  private finished = false;

  constructor(archivePublicKey: Uint8Array, random: RandomBytes = secureRandomBytes) {
    assertKeyBytes(archivePublicKey, 32, 'archive public key');
    const ephSecret = drawRandom(random, 32);
    const ephPub = nacl.scalarMult.base(ephSecret);
    this.key = archiveKey(nacl.scalarMult(ephSecret, archivePublicKey), ephPub, archivePublicKey);
    ephSecret.fill(0);
    this.header = concatBytes(MAGIC, new Uint8Array([VERSION]), ephPub);
  }

  /** Seals one chunk; the last chunk must be sealed with final = true, after which the sealer refuses more. */
  sealChunk(plaintext: Uint8Array, final: boolean): Uint8Array {
    if (this.finished) throw new Error('archive already finished');
    if (!(plaintext instanceof Uint8Array)) throw new TypeError('chunk must be a Uint8Array');
    if (plaintext.length > MAX_ARCHIVE_CHUNK) throw new RangeError(`chunk exceeds ${MAX_ARCHIVE_CHUNK} bytes`);
    const box = nacl.secretbox(plaintext, chunkNonce(final, this.counter++), this.key);
    const record = new Uint8Array(RECORD_HEADER + box.length);
    record[0] = final ? 1 : 0;
    new DataView(record.buffer).setUint32(1, box.length);
    record.set(box, RECORD_HEADER);
    if (final) {
      this.finished = true;
      this.key.fill(0);
    }
    return record;
  }
}

export class ArchiveOpener {
  private readonly secretKey: Uint8Array;
  private key: Uint8Array | undefined;
  private pending: Uint8Array = new Uint8Array(0);
  private counter = 0;
  private state: 'open' | 'finished' | 'failed' = 'open';

  constructor(archiveSecretKey: Uint8Array) {
    assertKeyBytes(archiveSecretKey, 32, 'archive secret key');
    this.secretKey = archiveSecretKey.slice();
  }

  /** Feeds more sealed bytes; returns the chunks that could be opened so far. A failure is final. */
  push(bytes: Uint8Array): Result<Uint8Array[]> {
    if (this.state === 'failed') return err('E_DECRYPT_FAILED', 'the archive already failed to open');
    this.pending = this.pending.length ? concatBytes(this.pending, bytes) : bytes.slice();
    const out: Uint8Array[] = [];
    const result = this.drain(out);
    if (!result.ok) {
      this.state = 'failed';
      return result;
    }
    return ok(out);
  }

  /** Call at end of input: fails unless the final chunk arrived and nothing followed it. */
  finish(): Result<void> {
    if (this.state === 'failed') return err('E_DECRYPT_FAILED', 'the archive already failed to open');
    if (this.state !== 'finished') return err('E_MALFORMED', 'the archive is truncated (no final chunk)');
    return ok(undefined);
  }

  private drain(out: Uint8Array[]): Result<void> {
    if (!this.key) {
      if (this.pending.length < ARCHIVE_HEADER_LENGTH) return ok(undefined);
      for (let i = 0; i < MAGIC.length; i++) if (this.pending[i] !== MAGIC[i]) return err('E_MALFORMED', 'not a Tether archive');
      if (this.pending[MAGIC.length] !== VERSION) return err('E_UNSUPPORTED_VERSION', `archive version ${this.pending[MAGIC.length]}`);
      const ephPub = this.pending.slice(MAGIC.length + 1, ARCHIVE_HEADER_LENGTH);
      const shared = nacl.scalarMult(this.secretKey, ephPub);
      this.key = archiveKey(shared, ephPub, nacl.scalarMult.base(this.secretKey));
      this.pending = this.pending.subarray(ARCHIVE_HEADER_LENGTH);
    }
    while (this.pending.length >= RECORD_HEADER) {
      if (this.state === 'finished') return err('E_MALFORMED', 'data after the final archive chunk');
      const flag = this.pending[0] as number;
      const length = new DataView(this.pending.buffer, this.pending.byteOffset + 1, 4).getUint32(0);
      if (flag > 1 || length < nacl.secretbox.overheadLength || length > MAX_ARCHIVE_CHUNK + nacl.secretbox.overheadLength) {
        return err('E_MALFORMED', `archive chunk ${this.counter} has an invalid header`);
      }
      if (this.pending.length < RECORD_HEADER + length) break;
      const box = this.pending.subarray(RECORD_HEADER, RECORD_HEADER + length);
      const plaintext = nacl.secretbox.open(box, chunkNonce(flag === 1, this.counter), this.key);
      if (!plaintext) return err('E_DECRYPT_FAILED', `archive chunk ${this.counter} failed authentication (wrong key, tampered or reordered)`);
      out.push(plaintext);
      this.counter++;
      this.pending = this.pending.subarray(RECORD_HEADER + length);
      if (flag === 1) this.state = 'finished';
    }
    if (this.state === 'finished' && this.pending.length > 0) return err('E_MALFORMED', 'data after the final archive chunk');
    return ok(undefined);
  }
}

/** Seals bytes (split into chunkSize pieces) or an iterable of chunks into one archive. */
export function sealArchive(archivePublicKey: Uint8Array, input: Uint8Array | Iterable<Uint8Array>, options: { chunkSize?: number; random?: RandomBytes } = {}): Uint8Array {
  const chunkSize = options.chunkSize ?? 64 * 1024;
  if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > MAX_ARCHIVE_CHUNK) throw new RangeError('chunkSize out of range');
  const sealer = new ArchiveSealer(archivePublicKey, options.random);
  const parts: Uint8Array[] = [sealer.header];
  const chunks = input instanceof Uint8Array ? splitBytes(input, chunkSize) : input;
  let previous: Uint8Array | undefined;
  for (const chunk of chunks) {
    if (previous) parts.push(sealer.sealChunk(previous, false));
    previous = chunk;
  }
  parts.push(sealer.sealChunk(previous ?? new Uint8Array(0), true));
  return concatBytes(...parts);
}

function* splitBytes(bytes: Uint8Array, size: number): Generator<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) yield bytes.subarray(offset, offset + size);
}

export function openArchive(archiveSecretKey: Uint8Array, bytes: Uint8Array): Result<Uint8Array> {
  const opener = new ArchiveOpener(archiveSecretKey);
  const chunks = opener.push(bytes);
  if (!chunks.ok) return chunks;
  const done = opener.finish();
  if (!done.ok) return done;
  return ok(concatBytes(...chunks.value));
}
