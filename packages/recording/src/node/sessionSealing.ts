// Seals a finished session (recording file + signed log) to the organisation's archive key, streaming the
// recording through ArchiveSealer in 1 MiB chunks into a ciphertext file, hashing as it goes. Optionally a
// second copy is sealed to the customer's token key (see customerAccess.ts).
import { createHash } from 'node:crypto';
import { open, stat } from 'node:fs/promises';
import { ArchiveSealer } from '@tether/crypto';
import { bundlePrefix, bundleSuffix, type SessionManifest } from '../sessionBundle';
import type { BlobDescriptor } from '../archiveMetadata';

const CHUNK = 1 << 20;

export interface SealedFile extends BlobDescriptor {
  path: string;
}

async function* bundlePieces(recordingPath: string, manifest: SessionManifest, logText: string): AsyncGenerator<Uint8Array> {
  const size = (await stat(recordingPath)).size;
  yield bundlePrefix(manifest, size);
  const file = await open(recordingPath, 'r');
  try {
    let offset = 0;
    while (offset < size) {
      const buffer = new Uint8Array(Math.min(CHUNK, size - offset));
      const { bytesRead } = await file.read(buffer, 0, buffer.length, offset);
      if (bytesRead === 0) throw new Error('recording shrank while sealing');
      offset += bytesRead;
      yield buffer.subarray(0, bytesRead);
    }
  } finally {
    await file.close();
  }
  yield bundleSuffix(logText);
}

/** Re-chunks the bundle to CHUNK-sized plaintext pieces and seals each; the last one is final. */
export async function sealSessionToFile(
  input: { recordingPath: string; manifest: SessionManifest; logText: string },
  recipientPublicKey: Uint8Array,
  outPath: string,
): Promise<SealedFile> {
  const sealer = new ArchiveSealer(recipientPublicKey);
  const out = await open(outPath, 'wx', 0o600);
  const hash = createHash('sha256');
  let size = 0;
  const emit = async (bytes: Uint8Array) => {
    hash.update(bytes);
    size += bytes.length;
    await out.write(bytes);
  };
  try {
    await emit(sealer.header);
    let carry = new Uint8Array(0);
    for await (const piece of bundlePieces(input.recordingPath, input.manifest, input.logText)) {
      const joined = new Uint8Array(carry.length + piece.length);
      joined.set(carry, 0);
      joined.set(piece, carry.length);
      let at = 0;
      // keep at least one byte back so the final chunk is never empty and always sealed as final
      while (joined.length - at > CHUNK) {
        await emit(sealer.sealChunk(joined.subarray(at, at + CHUNK), false));
        at += CHUNK;
      }
      carry = joined.slice(at);
    }
    await emit(sealer.sealChunk(carry, true));
    await out.sync();
  } finally {
    await out.close();
  }
  return { path: outPath, size, sha256: hash.digest('hex') };
}
