// Drives the console's real VideoPipe in headless Debian Chromium (apps/console/test/renderer/
// videoPipeHarness.ts, bundled with esbuild): session messages go in as their wire bytes over a
// token-checked loopback WebSocket; the page reports frames and patches painted, pixels, and when a watched
// pixel first showed a colour (wall clock, the same clock as performance.timeOrigin + now() here).
import { randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { WebSocketServer, type WebSocket } from 'ws';
import { encodeSessionMessage, type VideoChunkMessage, type VideoPatchMessage } from '@tether/protocol';
import { bundleBrowserModule } from '../../apps/agent/src/node/capture/capturePageBundle';
import { launchChromium } from '../../apps/agent/src/node/capture/chromiumProcess';

export type Rgb = [number, number, number];

export interface PipeState {
  frames: number;
  patches: number;
  decodeErrors: number;
  keyframeRequests: number;
  refused: string[];
  malformed: number;
  width: number;
  height: number;
}

export interface VideoPipePage {
  configure(codecString: string): void;
  push(message: VideoChunkMessage | VideoPatchMessage): void;
  /** Sends bytes as they are (for malformed-input tests). */
  pushRaw(bytes: Uint8Array): void;
  state(): Promise<PipeState>;
  pixels(points: [number, number][]): Promise<Rgb[]>;
  /** Watches canvas pixel (x, y) for a colour; hit() then gives the wall time and what painted it. */
  watch(x: number, y: number, rgb: Rgb, tolerance?: number): Promise<void>;
  hit(): Promise<{ at: number; by: string }>;
  framesSince(wallMs: number): Promise<number>;
  /** Per painted frame / patch since the last call: message received -> on the canvas, ms. */
  timings(): Promise<{ frameMs: number[]; patchMs: number[] }>;
  waitFor(check: (s: PipeState) => boolean, timeoutMs?: number): Promise<PipeState>;
  pid: number | null;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('../../apps/console/test/renderer/videoPipeHarness.ts', import.meta.url));
const PAGE = '<!doctype html><meta charset="utf-8"><title>video pipe</title><body style="margin:0"><canvas id="video"></canvas><script type="module" src="/pipe.js"></script></body>';

export async function startVideoPipePage(): Promise<VideoPipePage> {
  const script = await bundleBrowserModule(ENTRY);
  const token = randomBytes(16).toString('hex');
  const http = createServer((req, res) => {
    const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
    if (path === '/') res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE);
    else if (path === '/pipe.js') res.writeHead(200, { 'content-type': 'text/javascript' }).end(script);
    else res.writeHead(404).end();
  });
  const wss = new WebSocketServer({ server: http, path: '/pipe', maxPayload: 32 * 1024 * 1024 });
  const connected = new Promise<WebSocket>((resolve) =>
    wss.on('connection', (ws, req) => {
      if (new URL(req.url ?? '/', 'http://127.0.0.1').searchParams.get('t') === token) resolve(ws);
      else ws.terminate();
    }),
  );
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const browser = await launchChromium({ headless: true });
  let pageError = '';
  browser.page.on('pageerror', (e) => (pageError = e.message));
  await browser.page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/?t=${token}`);
  const socket = await Promise.race([
    connected,
    new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`the video pipe page did not connect ${pageError}`)), 10_000)),
  ]);
  const call = <T>(fn: string, arg?: unknown): Promise<T> =>
    browser.page.evaluate(([f, a]) => (globalThis as unknown as Record<string, Record<string, (x: unknown) => T>>).pipeHarness![f as string]!(a), [fn, arg] as const);
  const state = () => call<PipeState>('state');
  return {
    configure: (codecString) => socket.send(JSON.stringify({ codecString })),
    push: (message) => socket.send(encodeSessionMessage(message)),
    pushRaw: (bytes) => socket.send(bytes),
    state,
    pixels: (points) => call('pixels', points),
    watch: (x, y, rgb, tolerance = 40) => call('watch', { x, y, rgb, tolerance }),
    hit: () => call('hit'),
    framesSince: (t) => call('framesSince', t),
    timings: () => call('timings'),
    async waitFor(check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let last = await state();
      while (!check(last)) {
        if (Date.now() > deadline) throw new Error(`video pipe page: condition not met in ${timeoutMs} ms; last state ${JSON.stringify(last)} ${pageError}`);
        await new Promise((r) => setTimeout(r, 25));
        last = await state();
      }
      return last;
    },
    pid: browser.pid,
    async close() {
      await browser.close();
      for (const c of wss.clients) c.terminate();
      wss.close();
      http.closeAllConnections();
      await new Promise<void>((r) => http.close(() => r()));
    },
  };
}
