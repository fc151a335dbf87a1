// The relay's recording archive: open a store (SQLite + folder, or PostgreSQL + S3), the HTTP API and the
// retention job. Mount it with startRelay(config, { archive }).
import type { Server } from 'node:http';
import { ArchiveAuthenticator, type ArchiveAuthOptions } from './archiveAuth';
import { ArchiveHttp } from './archiveHttp';
import type { ArchiveIndex } from './archiveIndex';
import { ArchiveService } from './archiveService';
import type { BlobStore } from './blobStore';
import { startRetentionJob, type RetentionJob } from './retentionJob';

export { ArchiveAuthenticator, type ArchiveAuthOptions, type ArchiveOrganisation } from './archiveAuth';
export { ArchiveHttp, ARCHIVE_PREFIX } from './archiveHttp';
export { DEFAULT_RETENTION_DAYS, type ArchiveIndex, type IndexRow, type RetentionPolicy, type ArchiveQueryFilter } from './archiveIndex';
export { ArchiveService, type ArchivePrincipal, type RetentionReport } from './archiveService';
export { blobKey, type BlobStore } from './blobStore';
export { FolderBlobStore } from './folderBlobStore';
export { SqliteIndex } from './sqliteIndex';
export { PostgresIndex } from './postgresIndex';
export { S3BlobStore, type S3Options } from './s3BlobStore';
export { startRetentionJob, type RetentionJob } from './retentionJob';

export interface RelayArchive {
  service: ArchiveService;
  http: ArchiveHttp;
  retention: RetentionJob;
  close(): Promise<void>;
}

export function createRelayArchive(options: ArchiveAuthOptions & { index: ArchiveIndex; blobs: BlobStore; retentionIntervalMs?: number }): RelayArchive {
  const service = new ArchiveService(options.index, options.blobs, options.now);
  const http = new ArchiveHttp(service, new ArchiveAuthenticator(options));
  const retention = startRetentionJob(service, { intervalMs: options.retentionIntervalMs });
  return {
    service, http, retention,
    close: async () => {
      retention.stop();
      await options.index.close();
      await options.blobs.close();
    },
  };
}

/** Puts the archive routes in front of an HTTP server's existing request handlers. */
export function mountArchive(server: Server, archive: { http: ArchiveHttp }): void {
  const existing = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    if (archive.http.handles(req, res)) return;
    for (const listener of existing) listener.call(server, req, res);
  });
}
