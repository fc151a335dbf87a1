// The relay benchmark's lean WebSocket client against a real `ws` server on loopback: its pre-masked
// frames must be valid client frames (ws unmasks and checks them), and its in-place reader must find
// every frame boundary, whatever the sizes (7-bit, 16-bit and 64-bit lengths) and however TCP splits them.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { LeanSocket, maskedFrame, type FrameHead } from '../../bench/leanSocket';

let server: WebSocketServer;
let url: string;
const received: { binary: boolean; data: Buffer }[] = [];
let serverSide: WebSocket | undefined;

beforeAll(async () => {
  server = new WebSocketServer({ port: 0, host: '127.0.0.1', perMessageDeflate: false });
  await new Promise<void>((r) => server.once('listening', () => r()));
  const address = server.address();
  url = `ws://127.0.0.1:${address && typeof address === 'object' ? address.port : 0}/relay`;
  server.on('connection', (ws) => {
    serverSide = ws;
    ws.on('message', (data, isBinary) => received.push({ binary: isBinary, data: data as Buffer }));
  });
});
afterAll(async () => {
  await new Promise((r) => server.close(r));
});

const SIZES = [0, 1, 125, 126, 127, 65_535, 65_536, 200_000];
const payload = (size: number) => Buffer.from(Array.from({ length: size }, (_, i) => (i * 31 + size) & 0xff));

describe('bench lean WebSocket client', () => {
  it('sends frames a real server accepts, byte for byte (text, binary, pre-masked)', async () => {
    const socket = await LeanSocket.open(url);
    received.length = 0;
    socket.sendText('{"v":1,"t":"hello"}');
    for (const size of SIZES) socket.sendBinary(payload(size));
    const prepared = maskedFrame(0x2, payload(40_000));
    socket.sendPrepared(prepared);
    socket.sendPrepared(prepared);
    const want = 1 + SIZES.length + 2;
    for (let i = 0; i < 100 && received.length < want; i++) await new Promise((r) => setTimeout(r, 20));
    expect(received).toHaveLength(want);
    expect(received[0]).toEqual({ binary: false, data: Buffer.from('{"v":1,"t":"hello"}') });
    SIZES.forEach((size, i) => expect(received[1 + i]?.data.equals(payload(size))).toBe(true));
    expect(received.at(-1)?.data.equals(payload(40_000))).toBe(true);
    socket.destroy();
  });

  it('reads every frame the server sends, with its length and first bytes, answering pings', async () => {
    serverSide = undefined;
    const socket = await LeanSocket.open(url);
    const frames: FrameHead[] = [];
    const texts: string[] = [];
    socket.onBinary = (f) => frames.push({ length: f.length, head: Buffer.from(f.head) });
    socket.onText = (t) => texts.push(t);
    for (let i = 0; i < 50 && !serverSide; i++) await new Promise((r) => setTimeout(r, 10));
    const side = serverSide as WebSocket | undefined;
    if (!side) throw new Error('the server saw no connection');
    let pongs = 0;
    side.on('pong', () => pongs++);
    // Sent in one burst, so frames share TCP segments and headers straddle reads.
    for (const size of SIZES) side.send(payload(size), { binary: true });
    side.send('text after binary');
    side.ping(Buffer.from('are you there'));
    for (let i = 0; i < 100 && (frames.length < SIZES.length || texts.length < 1 || pongs < 1); i++) await new Promise((r) => setTimeout(r, 20));
    expect(frames.map((f) => f.length)).toEqual(SIZES);
    SIZES.forEach((size, i) => expect(frames[i]?.head.equals(payload(size).subarray(0, 10))).toBe(true));
    expect(texts).toEqual(['text after binary']);
    expect(pongs).toBe(1);
    socket.destroy();
  });
});
