import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket, WebSocketServer } from 'ws';
import type { AddressInfo, Socket } from 'node:net';
import { LANE_BULK, LANE_CONTROL, LANE_VIDEO, PrioritySender, type Lane } from '../src/prioritySender';
import type { WebSocketLike } from '../src/wsLike';

// A real ws pair on loopback. The server side is the receiver; pausing its raw socket makes it a slow reader,
// so the sender's socket buffer fills exactly as it would on a weak link.
async function pair(): Promise<{ client: WebSocket; server: WebSocket; wss: WebSocketServer }> {
  const wss = new WebSocketServer({ host: '127.0.0.1', port: 0 });
  await new Promise((r) => wss.once('listening', r));
  const port = (wss.address() as AddressInfo).port;
  const serverSide = new Promise<WebSocket>((r) => wss.once('connection', r));
  const client = new WebSocket(`ws://127.0.0.1:${port}`);
  await new Promise((r) => client.once('open', r));
  return { client, server: await serverSide, wss };
}

const tag = (lane: Lane, payload: Uint8Array) => {
  const out = new Uint8Array(payload.length + 1);
  out[0] = lane;
  out.set(payload, 1);
  return out;
};

let cleanup: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanup) c();
  cleanup = [];
});

describe('PrioritySender on a real socket', () => {
  it('delivers everything in order on a fast link', async () => {
    const { client, server, wss } = await pair();
    cleanup.push(() => { client.terminate(); wss.close(); });
    const got: number[][] = [];
    server.on('message', (d: Buffer) => got.push([d[0] as number, d.readUInt32BE(1)]));
    const sender = new PrioritySender(client as unknown as WebSocketLike, tag);
    const seq = (n: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setUint32(0, n); return b; };
    for (let i = 0; i < 200; i++) {
      sender.sendControl(seq(i));
      await sender.sendBulk(seq(i));
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(got.filter(([l]) => l === LANE_CONTROL).map(([, n]) => n)).toEqual([...Array(200).keys()]);
    await new Promise((r) => setTimeout(r, 200));
    expect(got.filter(([l]) => l === LANE_BULK).map(([, n]) => n)).toEqual([...Array(200).keys()]);
  });

  it('on a slow receiver drops video (then waits for a keyframe), never control or bulk', async () => {
    const { client, server, wss } = await pair();
    cleanup.push(() => { client.terminate(); wss.close(); });
    const received: { lane: number; n: number }[] = [];
    server.on('message', (d: Buffer) => received.push({ lane: d[0] as number, n: d.readUInt32BE(1) }));
    const raw = (server as unknown as { _socket: Socket })._socket;
    raw.pause();
    let dropSignals = 0;
    const sender = new PrioritySender(client as unknown as WebSocketLike, tag, () => dropSignals++, { highWaterBytes: 64 * 1024 });
    const frame = (n: number, size: number) => { const b = new Uint8Array(size); new DataView(b.buffer).setUint32(0, n); return b; };
    const bulkDone: Promise<void>[] = [];
    for (let i = 0; i < 300; i++) {
      sender.sendVideo(frame(i, 60_000), i % 50 === 0);
      sender.sendControl(frame(i, 16));
      if (i < 100) bulkDone.push(sender.sendBulk(frame(i, 16_000)));
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(sender.stats.videoDropped).toBeGreaterThan(0);
    expect(dropSignals).toBeGreaterThan(0);
    raw.resume();
    await Promise.all(bulkDone);
    await new Promise((r) => setTimeout(r, 500));
    const lane = (l: number) => received.filter((m) => m.lane === l).map((m) => m.n);
    expect(lane(LANE_CONTROL)).toEqual([...Array(300).keys()]);
    expect(lane(LANE_BULK)).toEqual([...Array(100).keys()]);
    const video = lane(LANE_VIDEO);
    expect(video.length).toBeLessThan(300);
    expect(video.length + sender.stats.videoDropped).toBe(300);
    // After every gap the first frame delivered is a keyframe (multiple of 50): no broken reference chains.
    for (let i = 1; i < video.length; i++) {
      if ((video[i] as number) !== (video[i - 1] as number) + 1) expect((video[i] as number) % 50).toBe(0);
    }
  });

  it('sends a patch at once on an idle link, and drops it (never queues it) behind video or a full buffer', async () => {
    const { client, server, wss } = await pair();
    cleanup.push(() => { client.terminate(); wss.close(); });
    const received: { lane: number; n: number }[] = [];
    server.on('message', (d: Buffer) => received.push({ lane: d[0] as number, n: d.readUInt32BE(1) }));
    const sender = new PrioritySender(client as unknown as WebSocketLike, tag, () => undefined, { highWaterBytes: 64 * 1024, patchWaterBytes: 16 * 1024 });
    const frame = (n: number, size: number) => { const b = new Uint8Array(size); new DataView(b.buffer).setUint32(0, n); return b; };
    expect(sender.sendPatch(frame(1, 100))).toBe(true);
    await new Promise((r) => setTimeout(r, 50));
    expect(received).toEqual([{ lane: LANE_VIDEO, n: 1 }]);

    const raw = (server as unknown as { _socket: Socket })._socket;
    raw.pause();
    // Fill the socket's buffer past the patch mark (video keeps going while under the high-water mark).
    for (let i = 0; client.bufferedAmount < 32 * 1024 && i < 10_000; i++) sender.sendControl(frame(100 + i, 4096));
    expect(sender.sendPatch(frame(2, 100))).toBe(false);
    // A video frame waiting for the socket holds patches back too.
    for (let i = 0; client.bufferedAmount < 80 * 1024 && i < 10_000; i++) sender.sendControl(frame(100_000 + i, 4096));
    sender.sendVideo(frame(3, 1000), true);
    expect(sender.sendPatch(frame(4, 100))).toBe(false);
    expect(sender.stats.patchFrames).toBe(1);
    expect(sender.stats.patchesDropped).toBe(2);
    raw.resume();
    await new Promise((r) => setTimeout(r, 300));
    expect(received.filter((m) => m.lane === LANE_VIDEO).map((m) => m.n)).toEqual([1, 3]);
    sender.close();
  });
});
