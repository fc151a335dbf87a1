// A client's link to the relay: the relay-visible part of a connection. It speaks the relay control
// messages (create / join / rejoin / leave, and the server's hello / created / joined / peer / bye /
// redirect) and carries opaque binary lane frames. It never sees a session key.
import { TetherError, codeForClose, fromBase64, isTetherErrorCode, toBase64 } from '@tether/protocol';
import {
  decodeLaneFrame,
  decodeServerMessage,
  encodeLaneFrame,
  encodeRelayControl,
  type CreatedMessage,
  type JoinedMessage,
  type Lane,
  type PeerState,
  type RelayClientMessage,
  type RelayRole,
  type RelayServerMessage,
} from '@tether/protocol/relay';
import { startTimer, stopTimer } from './timers';
import { binaryData, type WebSocketLike } from './wsLike';

export type SocketFactory = (url: string) => WebSocketLike;

export interface RelayLinkHandlers {
  onPeer?: (state: PeerState, reason: string | undefined, graceMs: number | undefined) => void;
  onFrame?: (lane: Lane, payload: Uint8Array) => void;
  /** The link is gone: `code` is the relay's reason (bye or close code) or E_PEER_GONE for a dropped socket. */
  onClosed?: (error: TetherError) => void;
}

export type Opening =
  | { kind: 'technician'; certificate: Record<string, unknown>; signProof: (nonce: Uint8Array) => Uint8Array }
  | { kind: 'agent'; code: string }
  | { kind: 'rejoin'; sessionId: string; role: RelayRole; resumeToken: string };

export interface LinkOpened {
  link: RelayLink;
  sessionId: string;
  resumeToken: string;
  created?: CreatedMessage;
}

const MAX_REDIRECTS = 3;
/** Frames kept while nobody listens yet (the handshake's first message can race the listener). */
const MAX_PENDING_FRAMES = 256;

export class RelayLink {
  private handlers: RelayLinkHandlers = {};
  private closedWith: TetherError | undefined;
  private pendingPeer: Parameters<NonNullable<RelayLinkHandlers['onPeer']>>[] = [];
  private readonly pendingFrames: [Lane, Uint8Array][] = [];

  private constructor(private readonly socket: WebSocketLike) {}

  /**
   * Opens a link: waits for the relay's hello, sends create / join / rejoin and resolves once the relay
   * answers created / joined. A `redirect` (the session lives on another relay node) is followed.
   * Rejects with the relay's TetherError (wrong code, expired code, locked out, bad certificate...).
   */
  static async open(url: string, openSocket: SocketFactory, opening: Opening, timeoutMs = 15_000): Promise<LinkOpened> {
    let target = url;
    for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
      const socket = openSocket(target);
      socket.binaryType = 'arraybuffer';
      const link = new RelayLink(socket);
      const answer = await link.handshake(opening, timeoutMs);
      if (answer.t === 'redirect') {
        socket.close(1000, 'redirected');
        target = answer.url;
        continue;
      }
      if (answer.t === 'created') return { link, sessionId: answer.sessionId, resumeToken: answer.resumeToken, created: answer };
      return { link, sessionId: answer.sessionId, resumeToken: answer.resumeToken };
    }
    throw new TetherError('E_INTERNAL', 'too many relay redirects');
  }

  /**
   * Merges handlers into the current set and returns the previous set. Frames that arrive while no frame
   * handler is set are kept (bounded) and delivered, in order, to the next one.
   */
  updateHandlers(handlers: RelayLinkHandlers): RelayLinkHandlers {
    const previous = this.handlers;
    this.handlers = { ...previous, ...handlers };
    if (this.handlers.onPeer) for (const args of this.pendingPeer.splice(0)) this.handlers.onPeer(...args);
    while (this.handlers.onFrame && this.pendingFrames.length > 0) {
      const [lane, payload] = this.pendingFrames.shift() as [Lane, Uint8Array];
      this.handlers.onFrame(lane, payload);
    }
    if (this.closedWith && handlers.onClosed && handlers.onClosed !== previous.onClosed) handlers.onClosed(this.closedWith);
    return previous;
  }

  /** A copy of the current handler set. */
  get handlerSet(): RelayLinkHandlers {
    return { ...this.handlers };
  }

  get bufferedAmount(): number {
    return this.socket.bufferedAmount;
  }

  get webSocket(): WebSocketLike {
    return this.socket;
  }

  get isOpen(): boolean {
    return this.closedWith === undefined;
  }

  sendFrame(lane: Lane, payload: Uint8Array): void {
    if (this.closedWith) return;
    this.socket.send(encodeLaneFrame(lane, payload));
  }

  /** Ends the session on purpose: the relay tells the other side at once (no grace period). */
  leave(reason: string): void {
    if (this.closedWith) return;
    this.sendControl({ v: 1, t: 'leave', reason: reason.slice(0, 500) });
    this.socket.close(1000, 'leave');
  }

  /** Drops the socket without a leave (used by tests and on local network failure). */
  drop(): void {
    this.socket.close(4050, 'dropped');
  }

  private sendControl(message: RelayClientMessage): void {
    const text = encodeRelayControl(message);
    if (!text.ok) throw text.error;
    this.socket.send(text.value);
  }

  private handshake(opening: Opening, timeoutMs: number): Promise<CreatedMessage | JoinedMessage | { t: 'redirect'; url: string }> {
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (e: TetherError) => {
        if (settled) return;
        settled = true;
        reject(e);
      };
      const timer = startTimer(() => fail(new TetherError('E_PEER_GONE', 'the relay did not answer in time')), timeoutMs);
      this.socket.addEventListener('message', (event) => {
        if (typeof event.data === 'string') {
          const decoded = decodeServerMessage(event.data);
          if (!decoded.ok) {
            this.socket.close(decoded.error.closeCode, decoded.error.code);
            return fail(decoded.error);
          }
          const message = decoded.value;
          if (!settled) {
            const answer = this.onHandshakeMessage(message, opening);
            if (answer) {
              settled = true;
              stopTimer(timer);
              resolve(answer);
            }
            return;
          }
          this.onServerMessage(message);
          return;
        }
        const bytes = binaryData(event.data);
        if (!bytes || !settled) return;
        const frame = decodeLaneFrame(bytes);
        if (!frame.ok) return;
        if (this.handlers.onFrame) this.handlers.onFrame(frame.value.lane, frame.value.payload);
        else if (this.pendingFrames.length < MAX_PENDING_FRAMES) this.pendingFrames.push([frame.value.lane, frame.value.payload]);
      });
      this.socket.addEventListener('close', (event) => {
        stopTimer(timer);
        const error = this.closedWith ?? closeError(event.code, event.reason);
        this.closedWith = error;
        if (!settled) return fail(error);
        this.handlers.onClosed?.(error);
      });
      this.socket.addEventListener('error', () => undefined);
    });
  }

  /** Returns the answer that completes the opening, or undefined to keep waiting. */
  private onHandshakeMessage(message: RelayServerMessage, opening: Opening): CreatedMessage | JoinedMessage | { t: 'redirect'; url: string } | undefined {
    switch (message.t) {
      case 'hello':
        if (opening.kind === 'technician') {
          const proof = opening.signProof(fromBase64(message.nonce));
          this.sendControl({ v: 1, t: 'create', cert: opening.certificate, proof: toBase64(proof) });
        } else if (opening.kind === 'agent') {
          this.sendControl({ v: 1, t: 'join', code: opening.code });
        } else {
          this.sendControl({ v: 1, t: 'rejoin', sessionId: opening.sessionId, role: opening.role, resumeToken: opening.resumeToken });
        }
        return undefined;
      case 'created':
      case 'joined':
        return message;
      case 'redirect':
        return { t: 'redirect', url: message.url };
      case 'bye':
        this.closedWith = new TetherError(message.code, message.message);
        return undefined;
      case 'peer':
        this.pendingPeer.push([message.state, message.reason, message.graceMs]);
        return undefined;
    }
  }

  private onServerMessage(message: RelayServerMessage): void {
    if (message.t === 'peer') {
      if (this.handlers.onPeer) this.handlers.onPeer(message.state, message.reason, message.graceMs);
      else this.pendingPeer.push([message.state, message.reason, message.graceMs]);
    } else if (message.t === 'bye') {
      this.closedWith = new TetherError(message.code, message.message);
    }
  }
}

function closeError(code: number, reason: string): TetherError {
  if (isTetherErrorCode(reason)) return new TetherError(reason);
  const mapped = codeForClose(code);
  if (mapped) return new TetherError(mapped, reason || undefined);
  return new TetherError('E_PEER_GONE', `connection closed (${code}${reason ? `: ${reason}` : ''})`);
}
