// Benchmark helper: a load generator process. It pairs technician/agent sessions on the relay, then
// every agent pushes a video-like stream (16-64 KiB frames at the configured rate) and ~10 small control
// frames per second carrying their send time; the technician side, in this same process (same clock),
// records how long each control frame took to come back through the relay. Sockets are LeanSockets
// (bench/leanSocket.ts): pre-masked frames out, frames read in place, so the generator's own cost stays
// small beside the relay's.
import { fromBase64, toBase64 } from '../packages/protocol/src/index';
import { decodeServerMessage, encodeRelayControl, type RelayClientMessage, type RelayServerMessage } from '../packages/protocol/src/relay/index';
import { signTechnicianProof } from '../apps/relay/src/node/technicianProof';
import { LeanSocket, maskedFrame } from './leanSocket';

interface Session {
  agent: LeanSocket;
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

// Ready-made video frames of 16-64 KiB, lane header included, each masked with its own random mask:
// 32 sizes x 8 masks. The relay unmasks every byte of every frame, as it does for a browser.
const framePool = Array.from({ length: 256 }, (_, i) => {
  const size = 16 * 1024 + Math.floor((((i % 32) * 7919) % 32) / 32 * 48 * 1024);
  const payload = Buffer.alloc(size + 2, i);
  payload[0] = 1;
  payload[1] = 1;
  return { frame: maskedFrame(0x2, payload), length: payload.length };
});

/** Relay control messages of one socket, awaitable by type. */
function inbox(socket: LeanSocket) {
  const messages: RelayServerMessage[] = [];
  let wake: () => void = () => undefined;
  socket.onText = (text) => {
    const decoded = decodeServerMessage(text);
    if (decoded.ok) messages.push(decoded.value);
    wake();
  };
  const send = (message: RelayClientMessage) => {
    const encoded = encodeRelayControl(message);
    if (!encoded.ok) throw encoded.error;
    socket.sendText(encoded.value);
  };
  async function next<T extends RelayServerMessage['t']>(type: T): Promise<Extract<RelayServerMessage, { t: T }>> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const at = messages.findIndex((m) => m.t === type);
      if (at >= 0) return messages.splice(at, 1)[0] as Extract<RelayServerMessage, { t: T }>;
      const bye = messages.find((m) => m.t === 'bye');
      if (bye) throw new Error(`relay said bye while waiting for ${type}: ${JSON.stringify(bye)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${type}`);
      await new Promise<void>((r) => {
        const timer = setTimeout(r, 100);
        wake = () => {
          clearTimeout(timer);
          r();
        };
      });
    }
  }
  return { next, send };
}

async function addSession(url: string, cert: object, techSecretKey: Uint8Array): Promise<void> {
  const tech = await LeanSocket.open(url);
  const techControl = inbox(tech);
  const hello = await techControl.next('hello');
  techControl.send({ v: 1, t: 'create', cert: cert as Record<string, unknown>, proof: toBase64(signTechnicianProof(techSecretKey, fromBase64(hello.nonce))) });
  const created = await techControl.next('created');
  const agent = await LeanSocket.open(url);
  const agentControl = inbox(agent);
  await agentControl.next('hello');
  agentControl.send({ v: 1, t: 'join', code: created.code });
  await agentControl.next('joined');
  await techControl.next('peer');
  // Video and control flow agent -> technician, as in a real session; the technician side counts them.
  tech.onBinary = ({ length, head }) => {
    totals.bytesReceived += length;
    if (head[1] === 1) totals.videoReceived++;
    else if (head[1] === 0 && head.length >= 10) {
      totals.controlReceived++;
      if (measuring) latencies.push(performance.now() - head.readDoubleLE(2));
    }
  };
  const now = performance.now();
  sessions.push({ agent, budget: 0, nextControlAt: now + Math.random() * 100, nextFrame: Math.floor(Math.random() * framePool.length) });
}

let lastTick = performance.now();
function tick(): void {
  const now = performance.now();
  const dt = (now - lastTick) / 1000;
  totals.maxTickLagMs = Math.max(totals.maxTickLagMs, now - lastTick - 10);
  lastTick = now;
  const controlInterval = 1000 / controlPerSecond;
  for (const s of sessions) {
    if (!s.agent.open) continue;
    while (now >= s.nextControlAt) {
      const payload = Buffer.alloc(2 + 8 + 24);
      payload[0] = 1;
      payload[1] = 0;
      payload.writeDoubleLE(performance.now(), 2);
      s.agent.sendBinary(payload);
      totals.controlSent++;
      s.nextControlAt += controlInterval;
    }
    s.budget += bytesPerSecond * dt;
    for (;;) {
      const video = framePool[s.nextFrame] as { frame: Buffer; length: number };
      if (s.budget < video.length) break;
      s.budget -= video.length;
      s.nextFrame = (s.nextFrame + 1) % framePool.length;
      if (s.agent.buffered > 1024 * 1024) {
        totals.skippedForBackpressure++;
        continue; // an adaptive sender skips a frame instead of queueing it
      }
      s.agent.sendPrepared(video.frame);
      totals.videoSent++;
      totals.videoBytesSent += video.length;
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
      for (const s of sessions) s.agent.destroy();
      process.exit(0);
    }
  })().catch((error: unknown) => {
    process.send?.({ type: 'error', message: error instanceof Error ? error.message : String(error) });
  });
});
process.send?.({ type: 'ready' });
