// The end-to-end session over a relay link: the handshake (unsealed hs.* messages on the control lane,
// nothing else accepted before keys exist), then every session message sealed per lane and sent through
// the priority sender. A frame that fails to open or decode is dropped and reported; it never reaches the
// application and never advances the receive counters, so a forged frame cannot push out a real one.
import {
  PROTOCOL_VERSION,
  TetherError,
  decodeSessionMessage,
  encodeSessionMessage,
  sessionLaneFor,
  type SessionMessage,
  type VideoChunkMessage,
  type VideoPatchMessage,
} from '@tether/protocol';
import {
  FrameOpener,
  FrameSealer,
  createAgentHandshake,
  createTechnicianHandshake,
  type AgentHandshake,
  type AgentHandshakeOptions,
  type SessionKeys,
  type TechnicianHandshakeOptions,
  warmUpFrameCrypto,
} from '@tether/crypto';
import { LANE_BULK, LANE_CONTROL, LANE_VIDEO, PrioritySender, type Lane, type PrioritySenderOptions } from './prioritySender';
import type { RelayLink } from './relayLink';
import { encodeLaneFrame } from '@tether/protocol/relay';
import { startTimer, stopTimer } from './timers';

export interface SecureSessionHandlers {
  onMessage?: (message: SessionMessage) => void;
  /** A frame was refused (tampered, replayed, malformed). The session goes on; the owner logs it. */
  onRejected?: (error: TetherError) => void;
  /** The sender dropped video on a slow link and now waits for a keyframe: ask the encoder for one. */
  onVideoDropped?: () => void;
}

export class SecureSession {
  private readonly sealer: FrameSealer;
  private readonly opener: FrameOpener;
  private readonly sender: PrioritySender;
  private handlers: SecureSessionHandlers = {};
  private readonly early: SessionMessage[] = [];
  private closed = false;

  constructor(readonly link: RelayLink, readonly keys: SessionKeys, options: PrioritySenderOptions = {}) {
    this.sealer = new FrameSealer(keys.sendKey);
    this.opener = new FrameOpener(keys.receiveKey);
    this.sender = new PrioritySender(
      link.webSocket,
      (lane, payload) => encodeLaneFrame(lane, this.sealer.seal(lane, payload)),
      () => this.handlers.onVideoDropped?.(),
      options,
    );
    link.updateHandlers({ onFrame: (lane, payload) => this.receive(lane, payload) });
  }

  setHandlers(handlers: SecureSessionHandlers): void {
    this.handlers = handlers;
    for (const m of this.early.splice(0)) handlers.onMessage?.(m);
  }

  get stats(): PrioritySender['stats'] & { videoGaps: number } {
    return { ...this.sender.stats, videoGaps: this.opener.droppedVideoFrames };
  }

  /** Sends any non-video, non-bulk message on its lane (control). Bulk messages use sendBulk. */
  send(message: SessionMessage): void {
    if (this.closed) return;
    const lane = sessionLaneFor(message.type);
    if (lane === LANE_VIDEO) throw new TypeError('video chunks go through sendVideo');
    if (lane === LANE_BULK) {
      void this.sendBulk(message);
      return;
    }
    this.sender.sendControl(encodeSessionMessage(message));
  }

  sendVideo(chunk: VideoChunkMessage): boolean {
    if (this.closed) return false;
    return this.sender.sendVideo(encodeSessionMessage(chunk), chunk.keyframe);
  }

  /** A patch is sent only on an idle link and never queued (see PrioritySender.sendPatch). */
  sendPatch(patch: VideoPatchMessage): boolean {
    if (this.closed) return false;
    return this.sender.sendPatch(encodeSessionMessage(patch));
  }

  sendBulk(message: SessionMessage): Promise<void> {
    if (this.closed) return Promise.reject(new TetherError('E_SESSION_ENDED'));
    return this.sender.sendBulk(encodeSessionMessage(message));
  }

  get queuedBulkBytes(): number {
    return this.sender.queuedBulkBytes;
  }

  close(): void {
    this.closed = true;
    this.sender.close();
  }

  private receive(lane: Lane, payload: Uint8Array): void {
    if (this.closed) return;
    const opened = this.opener.open(lane, payload);
    if (!opened.ok) return this.handlers.onRejected?.(opened.error);
    const decoded = decodeSessionMessage(opened.value);
    if (!decoded.ok) return this.handlers.onRejected?.(decoded.error);
    const message = decoded.value;
    if (sessionLaneFor(message.type) !== lane || message.type.startsWith('hs.')) {
      return this.handlers.onRejected?.(new TetherError('E_MALFORMED', `${message.type} arrived on the wrong lane`));
    }
    if (this.handlers.onMessage) this.handlers.onMessage(message);
    else this.early.push(message);
  }
}

/** Waits for one unsealed handshake message on the control lane; anything else fails the handshake. */
function nextHandshakeMessage(link: RelayLink, timeoutMs: number): Promise<SessionMessage> {
  return new Promise((resolve, reject) => {
    const previous = link.handlerSet;
    const timer = startTimer(() => done(new TetherError('E_HANDSHAKE_FAILED', 'the other side did not answer the handshake in time')), timeoutMs);
    let finished = false;
    const done = (result: SessionMessage | TetherError) => {
      if (finished) return;
      finished = true;
      stopTimer(timer);
      link.updateHandlers({ onFrame: previous.onFrame, onClosed: previous.onClosed });
      if (result instanceof TetherError) reject(result);
      else resolve(result);
    };
    link.updateHandlers({
      onClosed: (e) => {
        previous.onClosed?.(e);
        done(e);
      },
      onFrame: (lane, payload) => {
        const decoded = decodeSessionMessage(payload);
        if (lane !== LANE_CONTROL || !decoded.ok || !decoded.value.type.startsWith('hs.')) {
          return done(new TetherError('E_HANDSHAKE_FAILED', 'an unexpected message arrived during the handshake'));
        }
        if (decoded.value.type === 'hs.abort') return done(new TetherError(decoded.value.code, decoded.value.message));
        done(decoded.value);
      },
    });
  });
}

function sendHandshake(link: RelayLink, message: SessionMessage): void {
  link.sendFrame(LANE_CONTROL, encodeSessionMessage(message));
}

function abort(link: RelayLink, error: TetherError): TetherError {
  sendHandshake(link, { v: PROTOCOL_VERSION, type: 'hs.abort', code: error.code, message: error.message.slice(0, 500) });
  return error;
}

export interface AgentEstablished {
  session: SecureSession;
  keys: SessionKeys;
  /** Signs with the agent's per-session key (consent grants, log head counter-signatures). */
  handshake: AgentHandshake;
}

/** Agent side: send hello, verify the technician (certificate chain, org, dates, revocation, signature), finish. */
export async function establishAsAgent(link: RelayLink, options: AgentHandshakeOptions, timeoutMs = 15_000, sender: PrioritySenderOptions = {}): Promise<AgentEstablished> {
  const handshake = createAgentHandshake(options);
  sendHandshake(link, { v: PROTOCOL_VERSION, type: 'hs.agentHello', ...handshake.hello });
  // While the technician answers: the session's first input events would otherwise be opened by cold code.
  warmUpFrameCrypto();
  const reply = await nextHandshakeMessage(link, timeoutMs);
  if (reply.type !== 'hs.techHello') throw abort(link, new TetherError('E_HANDSHAKE_FAILED', `expected hs.techHello, got ${reply.type}`));
  const result = handshake.receiveTechHello({ version: reply.version, ephPub: reply.ephPub, certificate: reply.certificate, signature: reply.signature });
  if (!result.ok) throw abort(link, result.error);
  sendHandshake(link, { v: PROTOCOL_VERSION, type: 'hs.agentFinish', signature: result.value.finish.signature });
  return { session: new SecureSession(link, result.value.keys, sender), keys: result.value.keys, handshake };
}

/** Technician side: answer the agent's hello with the signed certificate, then check the agent's finish. */
export async function establishAsTechnician(link: RelayLink, options: TechnicianHandshakeOptions, timeoutMs = 15_000, sender: PrioritySenderOptions = {}): Promise<{ session: SecureSession; keys: SessionKeys }> {
  const handshake = createTechnicianHandshake(options);
  const hello = await nextHandshakeMessage(link, timeoutMs);
  if (hello.type !== 'hs.agentHello') throw abort(link, new TetherError('E_HANDSHAKE_FAILED', `expected hs.agentHello, got ${hello.type}`));
  const techHello = handshake.receiveAgentHello({ versions: hello.versions, ephPub: hello.ephPub, nonce: hello.nonce, sessionPub: hello.sessionPub });
  if (!techHello.ok) throw abort(link, techHello.error);
  sendHandshake(link, { v: PROTOCOL_VERSION, type: 'hs.techHello', ...techHello.value });
  // While the agent checks the certificate: input is sealed rarely, so its path would otherwise stay cold.
  warmUpFrameCrypto();
  const finish = await nextHandshakeMessage(link, timeoutMs);
  if (finish.type !== 'hs.agentFinish') throw abort(link, new TetherError('E_HANDSHAKE_FAILED', `expected hs.agentFinish, got ${finish.type}`));
  const keys = handshake.receiveAgentFinish({ signature: finish.signature });
  if (!keys.ok) throw abort(link, keys.error);
  return { session: new SecureSession(link, keys.value, sender), keys: keys.value };
}
