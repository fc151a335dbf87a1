// Ciphertext blobs as files under a folder (hot) and a second folder (cold). Appends are fsync'ed before
// they are acknowledged, so an acknowledged offset survives a crash.
import { createReadStream } from 'node:fs';
import { mkdir, open, rename, rm, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { TetherError } from '@tether/protocol';
import type { BlobStore } from './blobStore';

export class FolderBlobStore implements BlobStore {
  constructor(private readonly hotFolder: string, private readonly coldFolder: string = join(hotFolder, '..', 'cold')) {}

  private path(key: string, where: 'hot' | 'cold' = 'hot'): string {
    return join(where === 'hot' ? this.hotFolder : this.coldFolder, key);
  }

  async size(key: string, where: 'hot' | 'cold' = 'hot'): Promise<number> {
    try {
      return (await stat(this.path(key, where))).size;
    } catch {
      return 0;
    }
  }

  async append(key: string, offset: number, bytes: Uint8Array): Promise<number> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    const file = await open(path, 'a', 0o600);
    try {
      const { size } = await file.stat();
      if (size !== offset) throw new TetherError('E_BAD_ARGUMENT', `blob holds ${size} bytes, not ${offset}`);
      await file.write(bytes);
      await file.sync();
      return size + bytes.length;
    } finally {
      await file.close();
    }
  }

  async *read(key: string, where: 'hot' | 'cold' = 'hot'): AsyncIterable<Uint8Array> {
    for await (const chunk of createReadStream(this.path(key, where))) yield new Uint8Array(chunk as Buffer);
  }

  async delete(key: string, where: 'hot' | 'cold' = 'hot'): Promise<void> {
    await rm(this.path(key, where), { force: true });
  }

  async moveToCold(key: string): Promise<void> {
    const target = this.path(key, 'cold');
    await mkdir(dirname(target), { recursive: true });
    await rename(this.path(key), target);
  }

  async close(): Promise<void> {}
}
