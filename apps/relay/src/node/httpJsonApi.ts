// The pieces the relay's JSON HTTP APIs share (the archive under /archive/v1, the template directory
// under /templates/v1): CORS for browser callers, bounded body reading, JSON bodies and answers, and the
// mapping of TetherError codes to HTTP statuses. Errors are answered as JSON {code, message}.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { TetherError, utf8Decode, type TetherErrorCode } from '@tether/protocol';

const STATUS: Partial<Record<TetherErrorCode, number>> = {
  E_AUTH_FAILED: 401, E_REPLAY: 401, E_CERT_BAD_SIGNATURE: 401, E_CERT_EXPIRED: 401, E_CERT_NOT_YET_VALID: 401, E_CERT_REVOKED: 401,
  E_CERT_WRONG_ORG: 403, E_SCOPE_DENIED: 403, E_SESSION_UNKNOWN: 404, E_UNKNOWN_TYPE: 404,
  E_MALFORMED: 400, E_BAD_ARGUMENT: 400, E_UNSUPPORTED_VERSION: 400, E_OVERSIZED: 413, E_DECRYPT_FAILED: 422,
};

export function statusFor(code: TetherErrorCode): number {
  return STATUS[code] ?? 500;
}

export function sendJson(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** Answers a failed request: a TetherError with its status and message, anything else as a bare 500. */
export function sendError(res: ServerResponse, error: unknown, internalMessage: string): void {
  if (res.headersSent) return;
  if (error instanceof TetherError) sendJson(res, statusFor(error.code), { code: error.code, message: error.detail ?? error.message });
  else sendJson(res, 500, { code: 'E_INTERNAL', message: internalMessage });
}

/**
 * Browsers call these APIs cross-origin. Any origin is allowed, which is safe because no request relies
 * on ambient credentials (cookies): each is signed or carries a token. Sets the headers on every answer
 * and answers a preflight (OPTIONS) itself; returns true when it did.
 */
export function answerCors(req: IncomingMessage, res: ServerResponse, headers: Record<string, string>): boolean {
  for (const [name, value] of Object.entries({ 'access-control-allow-origin': '*', ...headers })) res.setHeader(name, value);
  if (req.method !== 'OPTIONS') return false;
  res.writeHead(204, { 'access-control-max-age': '600' }).end();
  return true;
}

/** Reads the whole body; more than `limit` bytes ends the request with E_OVERSIZED. */
export function readBody(req: IncomingMessage, limit: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new TetherError('E_OVERSIZED', `request body over ${limit} bytes`));
        req.destroy();
        return;
      }
      parts.push(chunk);
    });
    req.on('end', () => resolve(new Uint8Array(Buffer.concat(parts))));
    req.on('error', reject);
  });
}

export function parseJsonBody(body: Uint8Array): unknown {
  try {
    return JSON.parse(utf8Decode(body)) as unknown;
  } catch {
    throw new TetherError('E_MALFORMED', 'request body is not JSON');
  }
}
