// The archive client for Node callers: the environment-free ArchiveHttpClient plus uploads read straight
// from sealed files on disk.
import { open } from 'node:fs/promises';
import { TetherError } from '@tether/protocol';
import { ArchiveHttpClient, type ArchiveCredentials, type FetchLike } from '../archiveHttpClient';
import type { ArchiveItem, ArchiveUploadRequest, BlobKind } from '../archiveMetadata';

export { ARCHIVE_API_PREFIX, type ArchiveCredentials, type ArchiveQuery } from '../archiveHttpClient';

export class ArchiveClient extends ArchiveHttpClient {
  constructor(relayHttpUrl: string, credentials: ArchiveCredentials, now: () => number = Date.now) {
    super(relayHttpUrl, credentials, fetch as unknown as FetchLike, now);
  }

  /** Uploads the sealed files, resuming from whatever the server already holds. Idempotent. */
  async uploadFiles(sessionId: string, request: ArchiveUploadRequest, files: { org: string; customer?: string }): Promise<ArchiveItem> {
    const handles: Partial<Record<BlobKind, Awaited<ReturnType<typeof open>>>> = {};
    try {
      return await this.upload(sessionId, request, async (kind, offset, length) => {
        const path = files[kind];
        if (!path) throw new TetherError('E_BAD_ARGUMENT', `no ${kind} file to upload`);
        const handle = (handles[kind] ??= await open(path, 'r'));
        const buffer = new Uint8Array(length);
        const { bytesRead } = await handle.read(buffer, 0, length, offset);
        if (bytesRead !== length) throw new TetherError('E_BAD_ARGUMENT', `${path} is shorter than announced`);
        return buffer;
      });
    } finally {
      for (const handle of Object.values(handles)) await handle?.close();
    }
  }
}
