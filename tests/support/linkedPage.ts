// A test page in headless Debian Chromium with one token-checked loopback WebSocket to this process: the
// page (one module script) is served on 127.0.0.1, opened with ?token=..., and must connect to
// ws://<host><linkPath>?token=... . Used by the test decoder and the VideoPipe page. The page is served
// cross-origin isolated (COOP + COEP), which gives it Chromium's fine timer (5 us instead of 100 us
// with jitter): the benchmark stamps input and paint times in it.
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Page } from 'playwright-core';
import { WebSocketServer, type WebSocket } from 'ws';
import { launchChromium } from '../../apps/agent/src/node/capture/chromiumProcess';

export interface LinkedPage {
  page: Page;
  socket: WebSocket;
  pid: number | null;
  /** The last uncaught error in the page ('' if none), for failure messages. */
  pageError(): string;
  close(): Promise<void>;
}

export async function openLinkedPage(options: { html: string; scriptPath: string; script: string; linkPath: string; connectTimeoutMs?: number; query?: Record<string, string> }): Promise<LinkedPage> {
  const token = randomBytes(16).toString('hex');
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' }).end(options.html);
    else if (path === options.scriptPath) res.writeHead(200, { 'content-type': 'text/javascript', 'cross-origin-resource-policy': 'same-origin' }).end(options.script);
    else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: http, path: options.linkPath, maxPayload: 32 * 1024 * 1024 });
  const connected = new Promise<WebSocket>((resolve) =>
    wss.on('connection', (ws, req) => {
      if (new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('token') === token) resolve(ws);
      else ws.terminate();
    }),
  );
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', () => resolve()));
  const { port } = http.address() as AddressInfo;
  const browser = await launchChromium({ headless: true });
  let pageError = '';
  browser.page.on('pageerror', (e) => (pageError = e.message));
  const close = async (): Promise<void> => {
    await browser.close();
    for (const client of wss.clients) client.terminate();
    wss.close();
    http.closeAllConnections();
    await new Promise<void>((resolve) => http.close(() => resolve()));
  };
  try {
    await browser.page.goto(`http://127.0.0.1:${port}/?${new URLSearchParams({ ...options.query, token }).toString()}`);
    let timer: NodeJS.Timeout | undefined;
    const socket = await Promise.race([
      connected,
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the test page did not connect its link ${pageError}`)), options.connectTimeoutMs ?? 10_000);
      }),
    ]).finally(() => clearTimeout(timer));
    return { page: browser.page, socket, pid: browser.pid, pageError: () => pageError, close };
  } catch (e) {
    await close();
    throw e;
  }
}
