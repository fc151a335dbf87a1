// HTTP client of the relay's archive API (/archive/v1), environment-free: the caller passes `fetch`
// (browsers, Node 20 and Electron renderers all have one; the common layer does not declare it). Technician and admin requests are
// signed (archiveRequestAuth.ts); customer requests carry the customer token. Uploads are resumable: the
// client asks how much of each blob arrived and sends the rest in offset-tagged PATCH requests, reading
// the bytes through a callback so the caller decides where they live (a file, a local server, memory).
import { secureRandomBytes, type TechnicianCertificate } from '@tether/crypto';
import { TetherError, parseUrl, toBase64, toHex, utf8Encode, type TetherErrorCode } from '@tether/protocol';
import { ARCHIVE_AUTH_HEADERS, signArchiveRequest } from './archiveRequestAuth';
import type { ArchiveItem, ArchiveUploadRequest, BlobKind } from './archiveMetadata';
import { encodeAdminPublicKey } from './adminKey';

export type ArchiveCredentials =
  | { kind: 'technician'; certificate: TechnicianCertificate; secretKey: Uint8Array }
  | { kind: 'admin'; secretKey: Uint8Array }
  | { kind: 'customer'; token: string };

export const ARCHIVE_API_PREFIX = '/archive/v1';
/** Bytes per PATCH (the relay accepts up to 8 MiB). */
export const ARCHIVE_UPLOAD_CHUNK = 4 << 20;

export interface ArchiveQuery {
  technician?: string;
  customerRef?: string;
  from?: number;
  to?: number;
  org?: string;
}

/** The part of a fetch Response the client reads. */
export interface HttpResponseLike {
  ok: boolean;
  status: number;
  text(): Promise<string>;
  json(): Promise<unknown>;
  arrayBuffer(): Promise<ArrayBuffer>;
}

/** `globalThis.fetch` fits; tests may pass their own. */
export type FetchLike = (url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer> }) => Promise<HttpResponseLike>;

/** Reads `length` bytes of a sealed blob starting at `offset` (exactly that many, or throws). */
export type BlobReader = (kind: BlobKind, offset: number, length: number) => Promise<Uint8Array>;

/** The HTTP URL of a relay given its WebSocket URL (ws://host:port/relay -> http://host:port). */
export function relayHttpOrigin(relayUrl: string): string {
  const url = parseUrl(relayUrl);
  if (!url) throw new TetherError('E_BAD_ARGUMENT', `"${relayUrl}" is not a URL`);
  const host = url.port ? `${url.hostname}:${url.port}` : url.hostname;
  const protocol = url.protocol === 'wss:' || url.protocol === 'https:' ? 'https:' : 'http:';
  return `${protocol}//${host}`;
}

export class ArchiveHttpClient {
  private readonly base: string;

  constructor(
    relayHttpUrl: string,
    private readonly credentials: ArchiveCredentials,
    private readonly fetchImpl: FetchLike,
    private readonly now: () => number = Date.now,
  ) {
    this.base = relayHttpUrl.replace(/\/+$/, '');
  }

  private headers(method: string, path: string, body: Uint8Array): Record<string, string> {
    const c = this.credentials;
    if (c.kind === 'customer') return { [ARCHIVE_AUTH_HEADERS.customerToken]: c.token };
    const timestamp = this.now();
    const nonce = toHex(secureRandomBytes(16));
    const signature = toBase64(signArchiveRequest(c.secretKey, { method, path, timestamp, nonce, body }));
    const common = { [ARCHIVE_AUTH_HEADERS.time]: String(timestamp), [ARCHIVE_AUTH_HEADERS.nonce]: nonce, [ARCHIVE_AUTH_HEADERS.signature]: signature };
    if (c.kind === 'technician') return { ...common, [ARCHIVE_AUTH_HEADERS.certificate]: toBase64(utf8Encode(JSON.stringify(c.certificate))) };
    return { ...common, [ARCHIVE_AUTH_HEADERS.adminKey]: encodeAdminPublicKey(c.secretKey.subarray(32)) };
  }

  /** Sends one request; non-2xx answers become a TetherError with the server's code (and `status`, `body`). */
  async request(method: string, path: string, body?: Uint8Array | object, extra: Record<string, string> = {}): Promise<HttpResponseLike> {
    const bytes = body === undefined ? new Uint8Array(0) : body instanceof Uint8Array ? body : utf8Encode(JSON.stringify(body));
    const headers: Record<string, string> = { ...this.headers(method, path, bytes), ...extra };
    if (body !== undefined) headers['content-type'] = body instanceof Uint8Array ? 'application/octet-stream' : 'application/json';
    const response = await this.fetchImpl(this.base + path, { method, headers, ...(body === undefined ? {} : { body: bytes as Uint8Array<ArrayBuffer> }) });
    if (!response.ok) {
      const text = await response.text();
      let code: TetherErrorCode = 'E_INTERNAL';
      let message = text;
      try {
        const parsed = JSON.parse(text) as { code?: TetherErrorCode; message?: string };
        code = parsed.code ?? code;
        message = parsed.message ?? text;
      } catch {
        // not JSON: keep the text
      }
      const error = new TetherError(code, `${method} ${path}: HTTP ${response.status}: ${message}`);
      (error as TetherError & { status?: number; body?: string }).status = response.status;
      (error as TetherError & { status?: number; body?: string }).body = text;
      throw error;
    }
    return response;
  }

  private async json<T>(method: string, path: string, body?: object): Promise<T> {
    return (await (await this.request(method, path, body)).json()) as T;
  }

  /** Announces (or finds again) an upload; the answer says how much of each blob arrived. */
  begin(sessionId: string, request: ArchiveUploadRequest): Promise<ArchiveItem> {
    return this.json('PUT', `${ARCHIVE_API_PREFIX}/sessions/${encodeURIComponent(sessionId)}`, request);
  }

  /** Appends bytes at `offset`; returns the new received count. */
  async append(sessionId: string, kind: BlobKind, offset: number, bytes: Uint8Array): Promise<number> {
    const path = `${ARCHIVE_API_PREFIX}/sessions/${encodeURIComponent(sessionId)}/blobs/${kind}`;
    const answer = (await (await this.request('PATCH', path, bytes, { 'upload-offset': String(offset) })).json()) as { received: number };
    return answer.received;
  }

  /**
   * Uploads the sealed blobs the request announces, resuming from whatever the server already holds.
   * Idempotent: calling it again after a failure sends only what is missing.
   */
  async upload(sessionId: string, request: ArchiveUploadRequest, read: BlobReader, onProgress?: (sent: number, total: number) => void): Promise<ArchiveItem> {
    const item = await this.begin(sessionId, request);
    const total = (item.blobs.org?.size ?? 0) + (item.blobs.customer?.size ?? 0);
    let done = 0;
    for (const kind of ['org', 'customer'] as const) {
      const state = item.blobs[kind];
      if (!state || !request.blobs[kind]) continue;
      let received = state.received;
      while (received < state.size) {
        const bytes = await read(kind, received, Math.min(ARCHIVE_UPLOAD_CHUNK, state.size - received));
        try {
          received = await this.append(sessionId, kind, received, bytes);
        } catch (error) {
          // 409: the server holds a different amount (a retry after a lost answer); continue from there
          if ((error as { status?: number }).status !== 409) throw error;
          received = (JSON.parse((error as { body?: string }).body ?? '{}') as { received?: number }).received ?? received;
        }
        onProgress?.(done + received, total);
      }
      done += state.size;
    }
    return this.get(sessionId);
  }

  get(sessionId: string): Promise<ArchiveItem> {
    return this.json('GET', `${ARCHIVE_API_PREFIX}/sessions/${encodeURIComponent(sessionId)}`);
  }

  list(query: ArchiveQuery = {}): Promise<ArchiveItem[]> {
    const qs = Object.entries(query)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => `${encodeURIComponent(key)}=${encodeURIComponent(String(value))}`)
      .join('&');
    return this.json<{ items: ArchiveItem[] }>('GET', `${ARCHIVE_API_PREFIX}/sessions${qs ? `?${qs}` : ''}`).then((r) => r.items);
  }

  async fetchBlob(sessionId: string, kind: BlobKind = 'org'): Promise<Uint8Array> {
    const path = this.credentials.kind === 'customer'
      ? `${ARCHIVE_API_PREFIX}/customer/sessions/${encodeURIComponent(sessionId)}`
      : `${ARCHIVE_API_PREFIX}/sessions/${encodeURIComponent(sessionId)}/blobs/${kind}`;
    return new Uint8Array(await (await this.request('GET', path)).arrayBuffer());
  }

  setHold(sessionId: string, hold: boolean): Promise<ArchiveItem> {
    return this.json('POST', `${ARCHIVE_API_PREFIX}/sessions/${encodeURIComponent(sessionId)}/hold`, { hold });
  }

  setPolicy(policy: { retentionDays: number; action: 'delete' | 'cold' }): Promise<{ org: string; retentionDays: number; action: string }> {
    return this.json('PUT', `${ARCHIVE_API_PREFIX}/policy`, policy);
  }
}
