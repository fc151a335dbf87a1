// Creates the template directory (folder store + signed-request authentication + HTTP routes) and mounts it.
import type { Server } from 'node:http';
import { ArchiveAuthenticator, type ArchiveOrganisation } from '../archive/archiveAuth';
import { TemplateHttp } from './templateHttp';
import { FolderTemplateStore, type TemplateStore } from './templateStore';

export interface TemplateDirectory {
  http: TemplateHttp;
  store: TemplateStore;
}

export interface TemplateDirectoryOptions {
  /** folder of the published templates */
  dir: string;
  /** organisations served: root key (technician certificates, template signatures), admin keys, revocations */
  organisations: ArchiveOrganisation[];
  /** request timestamp window (default 5 min) */
  maxSkewMs?: number;
  now?: () => number;
}

export function createTemplateDirectory(options: TemplateDirectoryOptions): TemplateDirectory {
  const store = new FolderTemplateStore(options.dir);
  const auth = new ArchiveAuthenticator({ organisations: options.organisations, ...(options.maxSkewMs !== undefined ? { maxSkewMs: options.maxSkewMs } : {}), ...(options.now ? { now: options.now } : {}) });
  return { store, http: new TemplateHttp(store, auth, options.organisations, options.now) };
}

/** Puts the template routes in front of an HTTP server's existing request handlers. */
export function mountTemplates(server: Server, directory: { http: TemplateHttp }): void {
  const existing = server.listeners('request') as ((...args: unknown[]) => void)[];
  server.removeAllListeners('request');
  server.on('request', (req, res) => {
    if (directory.http.handles(req, res)) return;
    for (const listener of existing) listener.call(server, req, res);
  });
}
