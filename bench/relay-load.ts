// Benchmark helper: a load generator process. It pairs technician/agent sessions on the relay, then
// every agent pushes a video-like stream (16-64 KiB frames at the configured rate) and ~10 small control
// frames per second carrying their send time; the technician side, in this same process (same clock),
// records how long each control frame took to come back through the relay.
import { WebSocket } from 'ws';
import { fromBase64 } from '../packages/protocol/src/index';
import { RelayClient } from '../apps/relay/src/node/relayClient';

interface Session {
  agent: WebSocket;
  budget: number;
  nextControlAt: number;
  nextFrame: number;
}

const sessions: Session[] = [];
let bytesPerSecond = 180_000;
let controlPerSecond = 10;
let measuring = false;
let latencies: number[] = [];
const totals = { videoSent: 0, videoBytesSent: 0, controlSent: 0, controlReceived: 0, videoReceived: 0, bytesReceived: 0, skippedForBackpressure: 0, maxTickLagMs: 0 };

// A pool of ready-made video frames of 16-64 KiB, lane header included.
const framePool = Array.from({ length: 32 }, (_, i) => {
  const size = 16 * 1024 + Math.floor(((i * 7919) % 32) / 32 * 48 * 1024);
  const frame = Buffer.alloc(size + 2, i);
  frame[0] = 1;
  frame[1] = 1;
  return frame;
});

async function addSession(url: string, cert: object, techSecretKey: Uint8Array): Promise<void> {
  // Real random masks, as browsers send them: the relay pays for unmasking every byte.
  const tech = await RelayClient.connect(url);
  tech.create(cert, techSecretKey);
  const created = await tech.next('created');
  const agent = await RelayClient.connect(url);
  agent.sendControl({ v: 1, t: 'join', code: created.code });
  await agent.next('joined');
  await tech.next('peer');
  tech.onFrame = (lane, payload) => {
    if (lane !== 0) return;
    totals.controlReceived++;
    if (measuring) latencies.push(performance.now() - payload.readDoubleLE(0));
  };
  agent.onFrame = () => undefined;
  // the technician side also receives the video in a real session; here video flows agent -> technician
  tech.socket.on('message', (data: Buffer) => {
    totals.bytesReceived += data.length;
    if (data[1] === 1) totals.videoReceived++;
  });
  const now = performance.now();
  sessions.push({ agent: agent.socket, budget: 0, nextControlAt: now + Math.random() * 100, nextFrame: Math.floor(Math.random() * framePool.length) });
}

let lastTick = performance.now();
function tick(): void {
  const now = performance.now();
  const dt = (now - lastTick) / 1000;
  totals.maxTickLagMs = Math.max(totals.maxTickLagMs, now - lastTick - 10);
  lastTick = now;
  const controlInterval = 1000 / controlPerSecond;
  for (const s of sessions) {
    if (s.agent.readyState !== WebSocket.OPEN) continue;
    while (now >= s.nextControlAt) {
      const frame = Buffer.alloc(2 + 8 + 24);
      frame[0] = 1;
      frame[1] = 0;
      frame.writeDoubleLE(performance.now(), 2);
      s.agent.send(frame, { binary: true });
      totals.controlSent++;
      s.nextControlAt += controlInterval;
    }
    s.budget += bytesPerSecond * dt;
    for (;;) {
      const frame = framePool[s.nextFrame] as Buffer;
      if (s.budget < frame.length) break;
      s.budget -= frame.length;
      s.nextFrame = (s.nextFrame + 1) % framePool.length;
      if (s.agent.bufferedAmount > 1024 * 1024) {
        totals.skippedForBackpressure++;
        continue; // an adaptive sender skips a frame instead of queueing it
      }
      s.agent.send(frame, { binary: true });
      totals.videoSent++;
      totals.videoBytesSent += frame.length;
    }
  }
}
setInterval(tick, 10);

function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

process.on('message', (message: { type: string; url?: string; cert?: object; techSecretKey?: string; add?: number; rate?: number; controlRate?: number }) => {
  void (async () => {
    if (message.type === 'add') {
      bytesPerSecond = message.rate ?? bytesPerSecond;
      controlPerSecond = message.controlRate ?? controlPerSecond;
      const key = fromBase64(message.techSecretKey ?? '');
      let remaining = message.add ?? 0;
      const workers = Array.from({ length: 16 }, async () => {
        while (remaining > 0) {
          remaining--;
          await addSession(message.url ?? '', message.cert ?? {}, key);
        }
      });
      await Promise.all(workers);
      process.send?.({ type: 'added', total: sessions.length });
    } else if (message.type === 'cpu') {
      process.send?.({ type: 'cpu', cpu: process.cpuUsage() });
    } else if (message.type === 'measure-start') {
      latencies = [];
      for (const key of Object.keys(totals) as (keyof typeof totals)[]) totals[key] = 0;
      measuring = true;
      process.send?.({ type: 'measuring' });
    } else if (message.type === 'measure-stop') {
      measuring = false;
      const sorted = [...latencies].sort((a, b) => a - b);
      process.send?.({ type: 'measured', p50: percentile(sorted, 50), p99: percentile(sorted, 99), max: sorted.at(-1) ?? NaN, samples: sorted.length, totals: { ...totals }, cpu: process.cpuUsage() });
    } else if (message.type === 'stop') {
      for (const s of sessions) s.agent.terminate();
      process.exit(0);
    }
  })().catch((error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
process.send?.({ type: 'ready' });
