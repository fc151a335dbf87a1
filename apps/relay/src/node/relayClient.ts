// A small Node client for the relay protocol: used by the integration tests, the benchmark and any
// Node-side peer. It keeps relay control messages in an inbox (awaitable by type) and hands binary
// frames to onFrame. It does not follow redirects by itself: see connectFollowingRedirects().
import { WebSocket, type ClientOptions } from 'ws';
import { fromBase64, toBase64, type TetherErrorCode } from '@tether/protocol';
import {
  decodeServerMessage,
  encodeLaneFrame,
  encodeRelayControl,
  type ByeMessage,
  type Lane,
  type RelayClientMessage,
  type RelayServerMessage,
} from '@tether/protocol/relay';
import { signTechnicianProof } from './technicianProof';

type ServerMessageOf<T extends RelayServerMessage['t']> = Extract<RelayServerMessage, { t: T }>;

export interface ClosedInfo {
  code: number;
  reason: string;
}

export class RelayClient {
  readonly inbox: RelayServerMessage[] = [];
  /** Server messages that failed to decode (a relay bug if ever non-empty). */
  readonly protocolErrors: Error[] = [];
  nonce: Uint8Array = new Uint8Array(0);
  onFrame: (lane: Lane, payload: Buffer, raw: Buffer) => void = () => undefined;
  readonly closed: Promise<ClosedInfo>;
  private waiters: (() => void)[] = [];
  private isClosed = false;

  private constructor(readonly socket: WebSocket) {
    this.closed = new Promise((resolve) => {
      socket.on('close', (code, reason) => {
        this.isClosed = true;
        this.wake();
        resolve({ code, reason: reason.toString('utf8') });
      });
    });
    socket.on('error', () => undefined);
    socket.on('message', (data, isBinary) => {
      const buffer = data as Buffer;
      if (isBinary) {
        this.onFrame(buffer[1] as Lane, buffer.subarray(2), buffer);
        return;
      }
      const decoded = decodeServerMessage(buffer.toString('utf8'));
      if (!decoded.ok) {
        this.protocolErrors.push(decoded.error);
        return;
      }
      if (decoded.value.t === 'hello') this.nonce = fromBase64(decoded.value.nonce);
      this.inbox.push(decoded.value);
      this.wake();
    });
  }

  /** Connects and waits for the relay's hello. */
  static async connect(url: string, options: ClientOptions = {}): Promise<RelayClient> {
    const socket = new WebSocket(url, { perMessageDeflate: false, ...options });
    const client = new RelayClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
      socket.once('unexpected-response', (_req, res) => reject(new Error(`relay answered HTTP ${res.statusCode}`)));
    });
    await client.next('hello');
    return client;
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }

  /** The next message of that type (earlier messages of other types stay in the inbox). Rejects on close or timeout. */
  async next<T extends RelayServerMessage['t']>(type: T, timeoutMs = 10_000): Promise<ServerMessageOf<T>> {
    return this.nextOf([type], timeoutMs);
  }

  /** The next message of any of these types. */
  async nextOf<T extends RelayServerMessage['t']>(types: readonly T[], timeoutMs = 10_000): Promise<ServerMessageOf<T>> {
    const deadline = Date.now() + timeoutMs;
    const wanted = types as readonly string[];
    for (;;) {
      const index = this.inbox.findIndex((m) => wanted.includes(m.t));
      if (index >= 0) return this.inbox.splice(index, 1)[0] as ServerMessageOf<T>;
      if (this.isClosed) throw new Error(`socket closed while waiting for "${types.join('|')}" (inbox: ${this.inbox.map((m) => m.t).join(', ') || 'empty'})`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for "${types.join('|')}"`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  /** Waits for the relay's bye and the close frame; returns both. */
  async ended(timeoutMs = 10_000): Promise<{ bye: ByeMessage; close: ClosedInfo }> {
    const bye = await this.next('bye', timeoutMs);
    return { bye, close: await this.closed };
  }

  sendControl(message: RelayClientMessage): void {
    const encoded = encodeRelayControl(message);
    if (!encoded.ok) throw encoded.error;
    this.socket.send(encoded.value);
  }

  sendRaw(data: string | Uint8Array, binary = typeof data !== 'string'): void {
    this.socket.send(data, { binary });
  }

  sendFrame(lane: Lane, payload: Uint8Array): void {
    this.socket.send(encodeLaneFrame(lane, payload), { binary: true });
  }

  /** Sends create with a fresh proof over this connection's nonce. */
  create(cert: object, techSecretKey: Uint8Array): void {
    const proof = toBase64(signTechnicianProof(techSecretKey, this.nonce));
    this.sendControl({ v: 1, t: 'create', cert: cert as Record<string, unknown>, proof });
  }

  leave(reason?: string): void {
    this.sendControl(reason === undefined ? { v: 1, t: 'leave' } : { v: 1, t: 'leave', reason });
  }

  close(): void {
    this.socket.close(1000);
  }

  /** Cuts the TCP connection without a close handshake (an abrupt drop). */
  drop(): void {
    this.socket.terminate();
  }
}

/** Sends `request` and follows relay redirects (at most `maxHops`); resolves with the client that answered. */
export async function connectFollowingRedirects(
  url: string,
  request: RelayClientMessage,
  expect: 'created' | 'joined',
  maxHops = 3,
): Promise<{ client: RelayClient; reply: RelayServerMessage; hops: number }> {
  let target = url;
  for (let hop = 0; hop <= maxHops; hop++) {
    const client = await RelayClient.connect(target);
    client.sendControl(request);
    const reply = await client.nextOf([expect, 'redirect', 'bye']);
    if (reply.t !== 'redirect') return { client, reply, hops: hop };
    target = reply.url;
    client.close();
  }
  throw new Error('too many redirects');
}

export function byeCode(message: RelayServerMessage): TetherErrorCode | undefined {
  return message.t === 'bye' ? message.code : undefined;
}
