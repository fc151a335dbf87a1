// Receives approved files into a folder: data goes to "<name>.part" (kept across a link drop so the
// transfer resumes from what is on disk), and only a file whose size and SHA-256 match the offer is
// renamed into place. A name never escapes the folder; an existing file is never overwritten.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { MAX_FILE_SIZE_BYTES, TetherError } from '@tether/protocol';
import type { FilePort, FileSink } from '../../common/session/agentPorts';

/**
 * `onTemporary` hears of every partial file (removed when the session ends); `onReceived` of every file that
 * arrived complete with a matching hash (kept for the customer).
 */
export function createNodeFilePort(folder: string, onTemporary: (path: string) => void = () => undefined, onReceived: (path: string) => void = () => undefined): FilePort {
  const safeName = (name: string): string => {
    const base = basename(name).replace(/[\\/\0]/g, '_');
    if (!base || base === '.' || base === '..') throw new TetherError('E_BAD_ARGUMENT', 'invalid file name');
    return base;
  };
  const freePath = async (name: string): Promise<string> => {
    const dot = name.lastIndexOf('.');
    const [stem, ext] = dot > 0 ? [name.slice(0, dot), name.slice(dot)] : [name, ''];
    for (let i = 0; i < 1000; i++) {
      const candidate = join(folder, i === 0 ? name : `${stem} (${i})${ext}`);
      if (!(await exists(candidate))) return candidate;
    }
    throw new TetherError('E_INTERNAL', 'no free file name');
  };
  return {
    destinationFor: (name) => join(folder, safeName(name)),
    async open(fileId, name, size, sha256): Promise<FileSink> {
      await mkdir(folder, { recursive: true, mode: 0o700 });
      const partial = join(folder, `.${safeName(name)}.${fileId.replace(/[^A-Za-z0-9_-]/g, '')}.part`);
      onTemporary(partial);
      const handle = await open(partial, 'a+', 0o600);
      let received = (await handle.stat()).size;
      if (received > size) {
        await handle.truncate(0);
        received = 0;
      }
      return {
        get received() {
          return received;
        },
        async write(offset, data) {
          if (offset !== received) throw new TetherError('E_BAD_ARGUMENT', `expected offset ${received}, got ${offset}`);
          if (received + data.length > size) throw new TetherError('E_OVERSIZED', 'more data than the offered size');
          await handle.write(data, 0, data.length, offset);
          received += data.length;
        },
        async finish() {
          await handle.close();
          if (received !== size) throw new TetherError('E_MALFORMED', `received ${received} of ${size} bytes`);
          const hash = await sha256File(partial);
          if (hash !== sha256) {
            await rm(partial, { force: true });
            throw new TetherError('E_DECRYPT_FAILED', 'the file does not match the SHA-256 the technician announced');
          }
          const target = await freePath(safeName(name));
          await rename(partial, target);
          onReceived(target);
          return hash;
        },
        async abort() {
          await handle.close().catch(() => undefined);
        },
      };
    },
    async openForSending(path) {
      const info = await stat(path).catch(() => undefined);
      if (!info?.isFile()) throw new TetherError('E_BAD_ARGUMENT', `not a file: ${path}`);
      if (info.size > MAX_FILE_SIZE_BYTES) throw new TetherError('E_OVERSIZED', `files larger than ${MAX_FILE_SIZE_BYTES} bytes cannot be sent`);
      const sha256 = await sha256File(path);
      const handle = await open(path, 'r');
      return {
        name: safeName(path),
        size: info.size,
        sha256,
        async read(offset, length) {
          const buffer = new Uint8Array(length);
          const { bytesRead } = await handle.read(buffer, 0, length, offset);
          return buffer.subarray(0, bytesRead);
        },
        close: () => handle.close(),
      };
    },
  };
}

export function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}
