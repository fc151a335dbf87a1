// Loopback HTTP server for the capture page (127.0.0.1 is a secure context, which getDisplayMedia
// needs) plus the WebSocket the page streams chunks over. The page must present the random token from
// its URL; a wrong token or a second connection is refused.
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { CAPTURE_PAGE_HTML, capturePageScript } from './capturePageBundle';

export const CAPTURE_LINK_MAX_PAYLOAD = 17 * 1024 * 1024;

export interface CaptureServer {
  /** The page URL, token included. */
  pageUrl: string;
  /** Resolves with the page's socket (paused: call resume() after attaching listeners) once the page has connected with the right token. */
  connection: Promise<WebSocket>;
  close(): Promise<void>;
}

function tokenMatches(expected: Buffer, given: string | null): boolean {
  if (!given) return false;
  const buf = Buffer.from(given, 'utf8');
  return buf.length === expected.length && timingSafeEqual(buf, expected);
}

export async function startCaptureServer(): Promise<CaptureServer> {
  const script = await capturePageScript();
  const token = randomBytes(24).toString('base64url');
  const expected = Buffer.from(token, 'utf8');
  const serve = (req: IncomingMessage, res: ServerResponse): void => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    const headers = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' };
    if (req.method === 'GET' && path === '/') res.writeHead(200, { ...headers, 'content-type': 'text/html; charset=utf-8' }).end(CAPTURE_PAGE_HTML);
    else if (req.method === 'GET' && path === '/capture.js') res.writeHead(200, { ...headers, 'content-type': 'text/javascript; charset=utf-8' }).end(script);
    else res.writeHead(404, headers).end();
  };
  const http: Server = createServer(serve);
  const wss = new WebSocketServer({ noServer: true, maxPayload: CAPTURE_LINK_MAX_PAYLOAD });
  let accepted = false;
  let resolveConnection: (ws: WebSocket) => void = () => undefined;
  const connection = new Promise<WebSocket>((resolve) => (resolveConnection = resolve));
  http.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== '/capture-link' || accepted || !tokenMatches(expected, url.searchParams.get('token'))) {
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      return;
    }
    accepted = true;
    wss.handleUpgrade(req, socket, head, (ws) => {
      ws.pause(); // no message may be emitted before the consumer has attached its listeners (it calls resume())
      resolveConnection(ws);
    });
  });
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    pageUrl: `http://127.0.0.1:${port}/?token=${token}`,
    connection,
    close: async () => {
      for (const client of wss.clients) client.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((resolve) => http.close(() => resolve()));
    },
  };
}
