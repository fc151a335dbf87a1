// The archive HTTP API under /archive/v1 (mounted on the relay's HTTP server):
//   PUT   /archive/v1/sessions/:id                 technician: announce an upload (idempotent) -> ArchiveItem
//   PATCH /archive/v1/sessions/:id/blobs/:kind     technician: append at header upload-offset -> {received, complete}
//   HEAD  /archive/v1/sessions/:id/blobs/:kind     technician/admin: upload-offset header = bytes received
//   GET   /archive/v1/sessions/:id                 admin (own org), technician (own uploads) -> ArchiveItem
//   GET   /archive/v1/sessions/:id/blobs/:kind     admin: ciphertext
//   GET   /archive/v1/sessions?technician&customerRef&from&to   admin: {items}
//   POST  /archive/v1/sessions/:id/hold {hold}     admin: legal hold on/off
//   PUT   /archive/v1/policy {retentionDays, action}  admin: the organisation's retention policy
//   GET   /archive/v1/customer/sessions/:id        customer token: that session's customer copy
// Errors are JSON {code, message} with a matching HTTP status.
// Browsers (the console's admin view and its end-of-session upload) call it cross-origin (httpJsonApi.ts).
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TetherError } from '@tether/protocol';
import { ARCHIVE_AUTH_HEADERS, BLOB_KINDS, validateUploadRequest, type BlobKind } from '@tether/recording';
import { answerCors, parseJsonBody, readBody, sendError, sendJson } from '../httpJsonApi';
import type { ArchiveAuthenticator } from './archiveAuth';
import { ArchiveConflict, MAX_APPEND_BYTES, type ArchiveService } from './archiveService';

export const ARCHIVE_PREFIX = '/archive/v1';

const CORS_HEADERS = {
  'access-control-allow-methods': 'GET, HEAD, PUT, PATCH, POST, OPTIONS',
  'access-control-allow-headers': ['content-type', 'upload-offset', ...Object.values(ARCHIVE_AUTH_HEADERS)].join(', '),
  'access-control-expose-headers': 'upload-offset, upload-length',
};

function kindOf(text: string | undefined): BlobKind {
  if (!BLOB_KINDS.includes(text as BlobKind)) throw new TetherError('E_MALFORMED', 'blob kind must be org or customer');
  return text as BlobKind;
}

function queryNumber(params: URLSearchParams, name: string): number | undefined {
  const value = params.get(name);
  if (value === null) return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new TetherError('E_MALFORMED', `${name} must be epoch ms`);
  return n;
}

export class ArchiveHttp {
  constructor(private readonly service: ArchiveService, private readonly auth: ArchiveAuthenticator) {}

  /** Handles the request when it is an archive path; returns false otherwise. */
  handles(req: IncomingMessage, res: ServerResponse): boolean {
    const path = req.url ?? '/';
    if (path !== ARCHIVE_PREFIX && !path.startsWith(`${ARCHIVE_PREFIX}/`)) return false;
    if (answerCors(req, res, CORS_HEADERS)) return true;
    this.route(req, res, path).catch((error: unknown) => {
      if (error instanceof ArchiveConflict && !res.headersSent) {
        sendJson(res, 409, { code: error.code, message: error.detail ?? error.message, received: error.received });
      } else {
        sendError(res, error, 'archive error');
      }
    });
    return true;
  }

  private async route(req: IncomingMessage, res: ServerResponse, fullPath: string): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(fullPath, 'http://archive.invalid');
    const parts = url.pathname.slice(ARCHIVE_PREFIX.length).split('/').filter(Boolean).map(decodeURIComponent);
    const body = await readBody(req, MAX_APPEND_BYTES + 1024);
    const principal = this.auth.authenticate(method, fullPath, req.headers, body);
    const [a, id, b, kindText] = parts;
    if (a === 'customer' && id === 'sessions' && b !== undefined && parts.length === 3 && method === 'GET') {
      return this.stream(res, await this.service.read(principal, b, 'customer'));
    }
    if (a === 'policy' && parts.length === 1 && method === 'PUT') {
      const policy = parseJsonBody(body) as { retentionDays?: unknown; action?: unknown };
      return sendJson(res, 200, await this.service.setPolicy(principal, { retentionDays: policy?.retentionDays, action: policy?.action }));
    }
    if (a !== 'sessions') throw new TetherError('E_UNKNOWN_TYPE', 'no such archive endpoint');
    if (id === undefined && method === 'GET') {
      const p = url.searchParams;
      const filter = {
        technician: p.get('technician') ?? undefined, customerRef: p.get('customerRef') ?? undefined, org: p.get('org') ?? undefined,
        from: queryNumber(p, 'from'), to: queryNumber(p, 'to'),
      };
      return sendJson(res, 200, { items: await this.service.list(principal, filter) });
    }
    if (id === undefined) throw new TetherError('E_UNKNOWN_TYPE', 'no such archive endpoint');
    if (b === undefined) {
      if (method === 'PUT') {
        const request = validateUploadRequest(parseJsonBody(body));
        if (!request.ok) throw request.error;
        return sendJson(res, 200, await this.service.begin(principal, id, request.value));
      }
      if (method === 'GET') return sendJson(res, 200, await this.service.get(principal, id));
    }
    if (b === 'hold' && parts.length === 3 && method === 'POST') {
      return sendJson(res, 200, await this.service.setHold(principal, id, (parseJsonBody(body) as { hold?: unknown })?.hold));
    }
    if (b === 'blobs' && parts.length === 4) {
      const kind = kindOf(kindText);
      if (method === 'PATCH') {
        const offset = Number(req.headers['upload-offset']);
        if (!Number.isSafeInteger(offset) || offset < 0) throw new TetherError('E_MALFORMED', 'upload-offset header must be a byte offset');
        return sendJson(res, 200, await this.service.append(principal, id, kind, offset, body));
      }
      if (method === 'HEAD') {
        const item = await this.service.get(principal, id);
        res.writeHead(200, { 'upload-offset': String(item.blobs[kind]?.received ?? 0), 'upload-length': String(item.blobs[kind]?.size ?? 0) }).end();
        return;
      }
      if (method === 'GET') return this.stream(res, await this.service.read(principal, id, kind));
    }
    throw new TetherError('E_UNKNOWN_TYPE', 'no such archive endpoint');
  }

  private async stream(res: ServerResponse, blob: { size: number; stream: AsyncIterable<Uint8Array> }): Promise<void> {
    res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(blob.size) });
    for await (const piece of blob.stream) {
      if (!res.write(piece)) await new Promise<void>((resolve) => res.once('drain', () => resolve()));
    }
    res.end();
  }
}
