// Benchmark helper: a lean WebSocket client (RFC 6455) for the relay load generator. Two thousand sockets
// pushing and receiving 180 MB/s each way share one core with the latency probe; with the full `ws` client
// the generator spent most of that core re-masking every frame into a fresh buffer and reassembling every
// received frame, and its bursts showed up as probe latency. This client sends frames that were masked
// once, ahead of time (a pool of payloads × random masks, so the relay still unmasks real random masks,
// as it must for browsers), and reads received frames in place: it never copies a payload, it only looks
// at a frame's first bytes (the lane, and a control frame's send time). The relay does its full work either
// way; only the generator's cost falls.
import { randomBytes } from 'node:crypto';
import { connect, type Socket } from 'node:net';

const OP_TEXT = 0x1;
const OP_BINARY = 0x2;
const OP_CLOSE = 0x8;
const OP_PING = 0x9;
const OP_PONG = 0xa;

/** A complete client frame (FIN, opcode, mask bit, length, mask, masked payload) with a fresh random mask. */
export function maskedFrame(opcode: number, payload: Uint8Array): Buffer {
  const length = payload.length;
  const lengthBytes = length < 126 ? 0 : length < 65536 ? 2 : 8;
  const frame = Buffer.allocUnsafe(2 + lengthBytes + 4 + length);
  frame[0] = 0x80 | opcode;
  if (lengthBytes === 0) frame[1] = 0x80 | length;
  else if (lengthBytes === 2) {
    frame[1] = 0x80 | 126;
    frame.writeUInt16BE(length, 2);
  } else {
    frame[1] = 0x80 | 127;
    frame.writeBigUInt64BE(BigInt(length), 2);
  }
  const maskAt = 2 + lengthBytes;
  randomBytes(4).copy(frame, maskAt);
  for (let i = 0; i < length; i++) frame[maskAt + 4 + i] = (payload[i] as number) ^ (frame[maskAt + (i & 3)] as number);
  return frame;
}

/** What the generator learns of a received binary frame without copying it. */
export interface FrameHead {
  length: number;
  /** Up to the first 10 payload bytes: envelope version, lane, and a control frame's 8-byte send time. */
  head: Buffer;
}

export class LeanSocket {
  onText: (text: string) => void = () => undefined;
  onBinary: (frame: FrameHead) => void = () => undefined;
  onClose: () => void = () => undefined;
  private pending: Buffer[] = [];
  // The frame being read: payload bytes still to skip, and the head collected so far.
  private remaining = 0;
  private current: { opcode: number; length: number; head: Buffer; headFill: number; text: Buffer[] | null } | null = null;

  private constructor(readonly socket: Socket) {
    socket.setNoDelay(true);
    socket.on('close', () => this.onClose());
    socket.on('error', () => undefined);
  }

  /** Opens a WebSocket to `url` (ws:// only) with the HTTP upgrade handshake. */
  static open(url: string): Promise<LeanSocket> {
    const target = new URL(url);
    return new Promise((resolve, reject) => {
      const socket = connect({ host: target.hostname, port: Number(target.port) });
      const key = randomBytes(16).toString('base64');
      let buffered = Buffer.alloc(0);
      const onData = (data: Buffer): void => {
        buffered = Buffer.concat([buffered, data]);
        const end = buffered.indexOf('\r\n\r\n');
        if (end < 0) return;
        socket.off('data', onData);
        const status = buffered.subarray(0, buffered.indexOf('\r\n')).toString('latin1');
        if (!/^HTTP\/1\.1 101 /.test(status)) {
          socket.destroy();
          reject(new Error(`relay answered ${status}`));
          return;
        }
        const lean = new LeanSocket(socket);
        const rest = buffered.subarray(end + 4);
        // The caller sets its handlers when the promise settles: hold what already arrived until then.
        socket.pause();
        resolve(lean);
        setImmediate(() => {
          if (rest.length) lean.read(rest);
          socket.on('data', (chunk: Buffer) => lean.read(chunk));
          socket.resume();
        });
      };
      socket.on('data', onData);
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.write(`GET ${target.pathname}${target.search} HTTP/1.1\r\nHost: ${target.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`);
      });
    });
  }

  get open(): boolean {
    return !this.socket.destroyed;
  }

  /** Bytes queued in Node above the kernel (the generator's backpressure signal). */
  get buffered(): number {
    return this.socket.writableLength;
  }

  sendText(text: string): void {
    this.socket.write(maskedFrame(OP_TEXT, Buffer.from(text, 'utf8')));
  }

  sendBinary(payload: Uint8Array): void {
    this.socket.write(maskedFrame(OP_BINARY, payload));
  }

  /** Writes a frame built with maskedFrame() (pre-masked; may be written many times). */
  sendPrepared(frame: Buffer): void {
    this.socket.write(frame);
  }

  destroy(): void {
    this.socket.destroy();
  }

  private read(chunk: Buffer): void {
    let at = 0;
    while (at < chunk.length) {
      if (!this.current) {
        // Gather a complete frame header (2-10 bytes; server frames are never masked).
        this.pending.push(at === 0 ? chunk : chunk.subarray(at));
        const header = this.pending.length === 1 ? (this.pending[0] as Buffer) : Buffer.concat(this.pending);
        if (header.length < 2) return this.keep(header);
        const short = (header[1] as number) & 0x7f;
        const lengthBytes = short === 126 ? 2 : short === 127 ? 8 : 0;
        if (header.length < 2 + lengthBytes) return this.keep(header);
        const length = lengthBytes === 0 ? short : lengthBytes === 2 ? header.readUInt16BE(2) : Number(header.readBigUInt64BE(2));
        const opcode = (header[0] as number) & 0x0f;
        this.current = { opcode, length, head: Buffer.allocUnsafe(Math.min(10, length)), headFill: 0, text: opcode === OP_TEXT || opcode === OP_PING || opcode === OP_CLOSE ? [] : null };
        this.remaining = length;
        this.pending = [];
        chunk = header;
        at = 2 + lengthBytes;
        if (length === 0) {
          const empty = this.current;
          this.current = null;
          this.finish(empty);
          continue;
        }
      }
      const frame = this.current;
      const take = Math.min(this.remaining, chunk.length - at);
      if (frame.headFill < frame.head.length) frame.headFill += chunk.copy(frame.head, frame.headFill, at, at + Math.min(take, frame.head.length - frame.headFill));
      if (frame.text) frame.text.push(Buffer.from(chunk.subarray(at, at + take)));
      at += take;
      this.remaining -= take;
      if (this.remaining === 0) {
        this.current = null;
        this.finish(frame);
      }
    }
  }

  private keep(header: Buffer): void {
    this.pending = [header];
  }

  private finish(frame: { opcode: number; length: number; head: Buffer; text: Buffer[] | null }): void {
    const payload = frame.text ? Buffer.concat(frame.text) : null;
    if (frame.opcode === OP_BINARY) this.onBinary({ length: frame.length, head: frame.head });
    else if (frame.opcode === OP_TEXT && payload) this.onText(payload.toString('utf8'));
    else if (frame.opcode === OP_PING && payload) this.socket.write(maskedFrame(OP_PONG, payload));
    else if (frame.opcode === OP_CLOSE) this.socket.end();
  }
}
