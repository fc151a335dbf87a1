// HTTP routes of the local recording API (paths and limits in common/recording/recordingApi.ts), mounted
// by the console server. Guards, in order: the caller is on this machine (loopback peer), the Host header
// names this server (no DNS rebinding), an Origin header if present is this server's own, and the per-run
// token is in the custom header (a cross-site page cannot send it without a CORS preflight, which is never
// answered with permission). Every refusal is JSON {code, message} (409 adds the stored `size`).
import { timingSafeEqual } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TetherError } from '@tether/protocol';
import type { BlobKind } from '@tether/recording';
import {
  MAX_APPEND_BYTES, MAX_SEAL_REQUEST_BYTES, RECORDING_API_PREFIX, RECORDING_OFFSET_HEADER, RECORDING_TOKEN_HEADER, isRecordingId,
} from '../common/recording/recordingApi';
import type { SealRequest } from '../common/recording/recordingSink';
import { RecordingStoreError, type RecordingStore } from './recordingStore';

const LOOPBACK = new Set(['127.0.0.1', '::1', '::ffff:127.0.0.1']);

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string>): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

function refuse(status: number, code: string, message: string): RecordingStoreError {
  return new RecordingStoreError(code as never, message, status);
}

async function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const declared = Number(req.headers['content-length'] ?? 'NaN');
  if (Number.isFinite(declared) && declared > limit) throw refuse(413, 'E_OVERSIZED', `the body may have at most ${limit} bytes`);
  const parts: Buffer[] = [];
  let length = 0;
  for await (const part of req) {
    length += (part as Buffer).length;
    if (length > limit) throw refuse(413, 'E_OVERSIZED', `the body may have at most ${limit} bytes`);
    parts.push(part as Buffer);
  }
  return Buffer.concat(parts);
}

function tokenMatches(given: string | string[] | undefined, token: string): boolean {
  if (typeof given !== 'string') return false;
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

export class RecordingRoutes {
  constructor(private readonly store: RecordingStore, private readonly token: string, private readonly hosts: () => string[]) {}

  /** Handles the request when it is under the API prefix; returns false otherwise. */
  handles(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
    const path = req.url ?? '/';
    if (path !== RECORDING_API_PREFIX && !path.startsWith(`${RECORDING_API_PREFIX}/`) && !path.startsWith(`${RECORDING_API_PREFIX}?`)) return false;
    this.route(req, path).then(
      (answer) => {
        if (answer instanceof Uint8Array) res.writeHead(200, { ...headers, 'content-type': 'application/octet-stream', 'content-length': String(answer.length) }).end(answer);
        else if (typeof answer === 'string') res.writeHead(200, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end(answer);
        else sendJson(res, 200, answer, headers);
      },
      (error: unknown) => {
        req.resume();
        if (error instanceof RecordingStoreError) {
          sendJson(res, error.status, { code: error.code, message: error.detail ?? error.message, ...(error.size !== undefined ? { size: error.size } : {}) }, headers);
        } else if (error instanceof TetherError) {
          sendJson(res, 400, { code: error.code, message: error.detail ?? error.message }, headers);
        } else {
          sendJson(res, 500, { code: 'E_INTERNAL', message: `recording store error: ${(error as Error).message}` }, headers);
        }
      },
    );
    return true;
  }

  private guard(req: IncomingMessage): void {
    if (!LOOPBACK.has(req.socket.remoteAddress ?? '')) throw refuse(403, 'E_AUTH_FAILED', 'the recording API answers only this computer');
    if (!this.hosts().includes(req.headers.host ?? '')) throw refuse(403, 'E_AUTH_FAILED', 'wrong Host header');
    const origin = req.headers.origin;
    if (origin !== undefined && !this.hosts().some((host) => origin === `http://${host}`)) throw refuse(403, 'E_AUTH_FAILED', 'requests from other origins are refused');
    if (!tokenMatches(req.headers[RECORDING_TOKEN_HEADER], this.token)) throw refuse(401, 'E_AUTH_FAILED', `missing or wrong ${RECORDING_TOKEN_HEADER}`);
  }

  private async route(req: IncomingMessage, path: string): Promise<object | Uint8Array | string> {
    this.guard(req);
    const [pathname, query = ''] = path.split('?', 2) as [string, string?];
    let rest: string[];
    try {
      rest = pathname.slice(RECORDING_API_PREFIX.length).split('/').filter(Boolean).map((part) => decodeURIComponent(part));
    } catch {
      throw refuse(400, 'E_BAD_ARGUMENT', 'the path is not valid');
    }
    const method = req.method ?? 'GET';
    if (rest.length === 0) {
      if (method !== 'GET') throw refuse(405, 'E_BAD_ARGUMENT', `${method} is not allowed here`);
      return { recordings: await this.store.list() };
    }
    const id = rest[0] as string;
    if (!isRecordingId(id)) throw refuse(400, 'E_BAD_ARGUMENT', 'a session id is 1..128 characters of [A-Za-z0-9_-]');
    const action = rest.slice(1).join('/');
    const params = new URLSearchParams(query);
    switch (`${method} ${action}`) {
      case 'PUT ':
        return this.store.create(id, await readBody(req, 64 * 1024));
      case 'POST append': {
        const offset = Number(req.headers[RECORDING_OFFSET_HEADER]);
        if (!Number.isSafeInteger(offset) || offset < 0) throw refuse(400, 'E_BAD_ARGUMENT', `${RECORDING_OFFSET_HEADER} must be a byte offset`);
        return this.store.append(id, offset, await readBody(req, MAX_APPEND_BYTES));
      }
      case 'POST close':
        await readBody(req, 1024);
        return this.store.close(id);
      case 'POST seal': {
        let request: SealRequest;
        try {
          request = JSON.parse((await readBody(req, MAX_SEAL_REQUEST_BYTES)).toString('utf8')) as SealRequest;
        } catch (error) {
          if (error instanceof RecordingStoreError) throw error;
          throw refuse(400, 'E_MALFORMED', 'the seal request is not JSON');
        }
        return this.store.seal(id, request);
      }
      case 'GET sealed/org': case 'GET sealed/customer':
        return this.store.readSealed(id, action.slice('sealed/'.length) as BlobKind, Number(params.get('offset')), Number(params.get('length')));
      case 'GET log':
        return this.store.logText(id);
      case 'DELETE ':
        await this.store.remove(id);
        return { removed: id };
      default:
        throw refuse(404, 'E_UNKNOWN_TYPE', `no such recording request: ${method} ${action || '(recording)'}`);
    }
  }
}
