// The technician's viewer for the benchmark: headless Debian Chromium decoding the stream with WebCodecs
// (pipelined, no per-frame flush) and drawing every frame onto a plain 2D canvas, as the console does. For each
// frame drawn it reads the marker pixel, so the page can tell when a colour first reached the screen,
// on the machine's wall clock (performance.timeOrigin + performance.now(), the same clock the scene uses).
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import type { VideoChunkMessage } from '../../packages/protocol/src/index';
import { launchChromium } from '../../apps/agent/src/node/capture/chromiumProcess';

const PAGE = `<!doctype html><canvas id="c" width="1920" height="1080"></canvas><script>
const canvas = document.getElementById('c');
const ctx = canvas.getContext('2d');
const st = { decoded: 0, drawn: [], errors: 0, watch: null, hit: 0, codec: '', received: new Map(), decodeMs: [], drawMs: [] };
let decoder = null, needKey = true, pending = null;
function open(codec) {
  decoder = new VideoDecoder({
    output: (frame) => {
      const out = performance.now();
      const got = st.received.get(frame.timestamp);
      st.received.delete(frame.timestamp);
      if (got !== undefined) st.decodeMs.push(out - got);
      if (canvas.width !== frame.displayWidth) { canvas.width = frame.displayWidth; canvas.height = frame.displayHeight; }
      ctx.drawImage(frame, 0, 0);
      frame.close();
      const now = performance.timeOrigin + performance.now();
      st.decoded++; st.drawn.push(now); st.drawMs.push(performance.now() - out);
      if (st.watch) {
        const p = ctx.getImageData(Math.round(canvas.width * 0.05), Math.round(canvas.height * 0.08), 1, 1).data;
        const w = st.watch;
        if (Math.abs(p[0] - w[0]) < 40 && Math.abs(p[1] - w[1]) < 40 && Math.abs(p[2] - w[2]) < 40) { st.hit = now; st.watch = null; }
      }
    },
    error: () => { st.errors++; decoder = null; needKey = true; },
  });
  decoder.configure({ codec, optimizeForLatency: true });
  st.codec = codec;
}
const ws = new WebSocket('ws://' + location.host + '/v' + location.search);
ws.binaryType = 'arraybuffer';
ws.onmessage = (e) => {
  if (typeof e.data === 'string') { pending = JSON.parse(e.data); return; }
  const m = pending; pending = null;
  if (!decoder || st.codec !== m.codec) open(m.codec);
  if (needKey && !m.key) return;
  needKey = false;
  st.received.set(m.ts, performance.now());
  decoder.decode(new EncodedVideoChunk({ type: m.key ? 'key' : 'delta', timestamp: m.ts, data: e.data }));
};
window.viewer = {
  watch(rgb) { st.hit = 0; st.watch = rgb; },
  hit() { return st.hit; },
  stats() { return { decoded: st.decoded, errors: st.errors }; },
  framesSince(t) { return st.drawn.filter((x) => x >= t).length; },
  timings() { const r = { decodeMs: st.decodeMs, drawMs: st.drawMs }; st.decodeMs = []; st.drawMs = []; return r; },
};
</script>`;

export interface Viewer {
  push(chunk: VideoChunkMessage, codecString: string): void;
  /** Starts watching the marker for this colour; hit() then returns the wall time it was first drawn (0 until then). */
  watch(rgb: [number, number, number]): Promise<void>;
  hit(): Promise<number>;
  framesSince(wallMs: number): Promise<number>;
  /** Per frame since the last call: chunk received -> decoded frame out (decodeMs), and the canvas draw (drawMs). */
  timings(): Promise<{ decodeMs: number[]; drawMs: number[] }>;
  pid: number | null;
  close(): Promise<void>;
}

export async function startViewer(): Promise<Viewer> {
  const token = Math.random().toString(36).slice(2);
  const http = createServer((_req, res) => res.writeHead(200, { 'content-type': 'text/html' }).end(PAGE));
  const wss = new WebSocketServer({ server: http, path: '/v', maxPayload: 32 * 1024 * 1024 });
  const connected = new Promise<WebSocket>((resolve) => wss.on('connection', (ws) => resolve(ws)));
  await new Promise<void>((r) => http.listen(0, '127.0.0.1', () => r()));
  const browser = await launchChromium({ headless: true });
  await browser.page.goto(`http://127.0.0.1:${(http.address() as AddressInfo).port}/?t=${token}`);
  const socket = await connected;
  const call = <T>(fn: string, arg?: unknown): Promise<T> =>
    browser.page.evaluate(([f, a]) => (globalThis as unknown as Record<string, Record<string, (x: unknown) => T>>).viewer![f as string]!(a), [fn, arg] as const);
  return {
    push(chunk, codecString) {
      socket.send(JSON.stringify({ key: chunk.keyframe, ts: chunk.timestampUs, codec: codecString }));
      socket.send(chunk.data);
    },
    watch: (rgb) => call('watch', rgb),
    hit: () => call('hit'),
    framesSince: (t) => call('framesSince', t),
    timings: () => call('timings'),
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
