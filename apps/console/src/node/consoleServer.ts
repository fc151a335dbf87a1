// Serves the built console UI on loopback (port 0 unless configured) with a strict Content Security
// Policy, plus /config.json telling the page which relay to use and the organisation's public keys (root
// and archive, from org.json of `tether-admin init-org`, when configured). The page talks to the relay
// itself: WebSocket for sessions (end to end encrypted) and HTTP for the archive API. /admin is the
// admin view (archive), a second page of the same build. /api/recordings is the local recording store
// the page records every session into (recordingRoutes.ts); its per-run token is in /config.json, which
// is answered only to requests whose Host names this server (so a rebound DNS name cannot read it).
import { randomBytes } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, sep } from 'node:path';
import { decodeKey } from '@tether/crypto';
import type { ConsoleOrgConfig } from '../common/orgKeys';
import { RecordingRoutes } from './recordingRoutes';
import { RecordingStore } from './recordingStore';

export type { ConsoleOrgConfig } from '../common/orgKeys';

export interface ConsoleServerOptions {
  distDir: string;
  relayUrl: string;
  org?: ConsoleOrgConfig;
  host?: string;
  port?: number;
  /** where session recordings are kept until uploaded (default $TETHER_CONSOLE_RECORDINGS or ~/.tether/console-recordings) */
  recordingDir?: string;
  /** largest recording file in bytes (default 16 GiB) */
  maxRecordingBytes?: number;
}

export function defaultRecordingDir(): string {
  return process.env.TETHER_CONSOLE_RECORDINGS || join(homedir(), '.tether', 'console-recordings');
}

export interface RunningConsoleServer {
  url: string;
  port: number;
  /** the folder of the local recording store */
  recordingDir: string;
  close(): Promise<void>;
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
};

export function contentSecurityPolicy(relayUrl: string): string {
  const relay = new URL(relayUrl);
  const http = relay.protocol === 'wss:' ? 'https:' : 'http:';
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data: blob:",
    `connect-src 'self' ${relay.protocol}//${relay.host} ${http}//${relay.host}`,
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export async function startConsoleServer(options: ConsoleServerOptions): Promise<RunningConsoleServer> {
  const root = normalize(options.distDir);
  const csp = contentSecurityPolicy(options.relayUrl);
  const recordingToken = randomBytes(32).toString('hex');
  const recordingDir = options.recordingDir ?? defaultRecordingDir();
  const archiveKey = options.org ? decodeKey(options.org.archivePublicKey, 'archive-pub') : undefined;
  const store = await RecordingStore.open({
    dir: recordingDir, ...(archiveKey?.ok ? { archivePublicKey: archiveKey.value } : {}),
    ...(options.maxRecordingBytes ? { maxRecordingBytes: options.maxRecordingBytes } : {}),
  });
  let hosts: string[] = [];
  const recordings = new RecordingRoutes(store, recordingToken, () => hosts);
  const config = JSON.stringify({ relayUrl: options.relayUrl, ...(options.org ? { org: options.org } : {}), recording: { token: recordingToken } });
  const server: Server = createServer((req, res) => {
    const headers = { 'content-security-policy': csp, 'x-content-type-options': 'nosniff', 'referrer-policy': 'no-referrer', 'cache-control': 'no-store' };
    if (recordings.handles(req, res, headers)) return;
    if (req.method !== 'GET' && req.method !== 'HEAD') return void res.writeHead(405, headers).end();
    let path: string;
    try {
      // Not new URL(req.url, base): a request line like "//x" would be read as a host name.
      path = decodeURIComponent((req.url ?? '/').split(/[?#]/)[0] ?? '/').replace(/\/{2,}/g, '/');
    } catch {
      return void res.writeHead(400, headers).end();
    }
    if (path === '/config.json') {
      if (!hosts.includes(req.headers.host ?? '')) return void res.writeHead(403, headers).end();
      return void res.writeHead(200, { ...headers, 'content-type': 'application/json' }).end(config);
    }
    const wanted = path === '/' || path === '/join' ? '/index.html' : path === '/admin' ? '/admin.html' : path;
    const file = normalize(join(root, wanted));
    if (!file.startsWith(root.endsWith(sep) ? root : root + sep)) return void res.writeHead(404, headers).end();
    readFile(file).then(
      (body) => res.writeHead(200, { ...headers, 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' }).end(body),
      () => res.writeHead(404, headers).end('not found'),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port, address } = server.address() as AddressInfo;
  const host = options.host ?? '127.0.0.1';
  hosts = [`127.0.0.1:${port}`, `localhost:${port}`, `[::1]:${port}`, `${host.includes(':') ? `[${host}]` : host}:${port}`];
  return {
    url: `http://${address}:${port}/`,
    port,
    recordingDir,
    close: () => new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    }),
  };
}
