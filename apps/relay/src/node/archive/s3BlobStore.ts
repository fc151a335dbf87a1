// Ciphertext blobs in S3-compatible object storage. S3 objects cannot be appended to, so a blob is a
// sequence of part objects "<key>/<offset, 16 digits>" (one per acknowledged upload chunk); its size is
// the sum of the parts, reading concatenates them in key order. Cold storage is a second bucket (or the
// "cold/" prefix of the same bucket).
import { TetherError } from '@tether/protocol';
import type { BlobStore } from './blobStore';
import { S3Client, type S3Options } from './s3Client';

export type { S3Options } from './s3Client';

const partKey = (key: string, offset: number) => `${key}/${String(offset).padStart(16, '0')}`;

export class S3BlobStore implements BlobStore {
  private readonly client: S3Client;

  constructor(private readonly options: S3Options) {
    this.client = new S3Client(options);
  }

  private where(where: 'hot' | 'cold'): { bucket: string; prefix: string } {
    if (where === 'hot') return { bucket: this.options.bucket, prefix: 'hot/' };
    return this.options.coldBucket ? { bucket: this.options.coldBucket, prefix: '' } : { bucket: this.options.bucket, prefix: 'cold/' };
  }

  private async parts(key: string, where: 'hot' | 'cold'): Promise<{ key: string; size: number }[]> {
    const { bucket, prefix } = this.where(where);
    return this.client.list(bucket, `${prefix}${key}/`);
  }

  async size(key: string, where: 'hot' | 'cold' = 'hot'): Promise<number> {
    return (await this.parts(key, where)).reduce((sum, p) => sum + p.size, 0);
  }

  async append(key: string, offset: number, bytes: Uint8Array): Promise<number> {
    const size = await this.size(key);
    if (size !== offset) throw new TetherError('E_BAD_ARGUMENT', `blob holds ${size} bytes, not ${offset}`);
    const { bucket, prefix } = this.where('hot');
    await this.client.putObject(bucket, partKey(`${prefix}${key}`, offset), bytes);
    return size + bytes.length;
  }

  async *read(key: string, where: 'hot' | 'cold' = 'hot'): AsyncIterable<Uint8Array> {
    const { bucket } = this.where(where);
    for (const part of await this.parts(key, where)) yield await this.client.getObject(bucket, part.key);
  }

  async delete(key: string, where: 'hot' | 'cold' = 'hot'): Promise<void> {
    const { bucket } = this.where(where);
    for (const part of await this.parts(key, where)) await this.client.deleteObject(bucket, part.key);
  }

  async moveToCold(key: string): Promise<void> {
    const hot = this.where('hot');
    const cold = this.where('cold');
    for (const part of await this.parts(key, 'hot')) {
      const rest = part.key.slice(hot.prefix.length);
      await this.client.copyObject(hot.bucket, part.key, cold.bucket, `${cold.prefix}${rest}`);
      await this.client.deleteObject(hot.bucket, part.key);
    }
  }

  async close(): Promise<void> {}
}
