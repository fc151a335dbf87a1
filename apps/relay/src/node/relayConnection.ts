// One client socket on this node: its hello nonce, its address for rate limiting, its send scheduler,
// and (once it created, joined or rejoined) its session and role. bye() is the one way the relay ends a
// connection with an error: a `bye` message, then a close frame with the error's close code.
import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import { closeCodeFor, messageFor, type TetherErrorCode } from '@tether/protocol';
import { encodeRelayControl, type RelayRole, type RelayServerMessage } from '@tether/protocol/relay';
import type { RelayConfig } from './config';
import type { RelayMetrics } from './relayMetrics';
import { SendScheduler } from './sendScheduler';
import type { RelaySession } from './relaySession';

let nextConnectionId = 1;

/** Close reasons are limited to 123 bytes by RFC 6455. */
function closeReason(text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  return bytes.length <= 123 ? text : bytes.subarray(0, 120).toString('utf8').replace(/\uFFFD$/, '') + '...';
}

export class RelayConnection {
  readonly id = nextConnectionId++;
  readonly nonce = new Uint8Array(randomBytes(32));
  readonly sender: SendScheduler;
  session: RelaySession | undefined;
  role: RelayRole | undefined;
  /** Set while a create/join/rejoin is being evaluated; further requests are refused meanwhile. */
  busy = false;
  alive = true;
  closed = false;
  /** Why the relay closed this connection, when it did. */
  closedBecause: string | undefined;
  private pausedByPeer = false;

  constructor(
    readonly socket: WebSocket,
    readonly address: string,
    config: RelayConfig,
    private readonly metrics: RelayMetrics,
  ) {
    this.sender = new SendScheduler(
      socket,
      config,
      metrics,
      (paused) => this.session?.peerOf(this)?.setPausedByPeer(paused),
      () => this.cut('E_BACKPRESSURE', 'the receiver is not reading fast enough'),
    );
  }

  get paused(): boolean {
    return this.pausedByPeer;
  }

  /** Flow control for bulk: stop reading this sender's socket while its receiver has a backlog. */
  setPausedByPeer(paused: boolean): void {
    if (paused === this.pausedByPeer || this.closed) return;
    this.pausedByPeer = paused;
    if (paused) this.socket.pause();
    else this.socket.resume();
  }

  send(message: RelayServerMessage): void {
    const encoded = encodeRelayControl(message);
    if (!encoded.ok) throw encoded.error; // a relay bug, not client input
    this.sender.sendText(encoded.value);
  }

  /** Ends the connection with an error code: bye message, then close frame with the mapped close code. */
  bye(code: TetherErrorCode, detail?: string): void {
    if (this.closed) return;
    this.metrics.refused(code);
    const message = detail ? `${messageFor(code)} (${detail})` : messageFor(code);
    this.closeWith(code, message);
  }

  /** Ends the connection with a code that is not a refusal (session ended normally, timeouts). */
  end(code: TetherErrorCode, message: string): void {
    if (this.closed) return;
    this.closeWith(code, message);
  }

  private closeWith(code: TetherErrorCode, message: string): void {
    const text = message.length > 500 ? `${message.slice(0, 497)}...` : message;
    this.send({ v: 1, t: 'bye', code, message: text });
    this.closedBecause = `${code}: ${text}`;
    this.markClosed();
    this.socket.close(closeCodeFor(code), closeReason(text));
    // A peer that never answers the close handshake is cut off.
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }

  /**
   * Drops the TCP connection at once. Used when the pipe to the client is full (E_BACKPRESSURE): a bye
   * could only queue behind the backlog, so the client sees an abnormal close (1006) and may rejoin;
   * the other side hears the reason in its `peer left` message.
   */
  cut(code: TetherErrorCode, detail: string): void {
    if (this.closed) return;
    this.metrics.refused(code);
    this.closedBecause = `${code}: ${messageFor(code)} (${detail})`;
    this.markClosed();
    this.socket.terminate();
  }

  /** Closes without a bye (redirects). */
  closeNormally(reason: string): void {
    if (this.closed) return;
    this.markClosed();
    this.socket.close(1000, closeReason(reason));
    setTimeout(() => this.socket.terminate(), 2000).unref();
  }

  markClosed(): void {
    if (this.closed) return;
    this.closed = true;
    this.sender.close();
    if (this.pausedByPeer) this.socket.resume();
  }
}
