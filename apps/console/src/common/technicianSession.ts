// The technician's session core: create a session on the relay with the certified identity, run the
// handshake when the customer's agent joins, keep the grant the customer signed, send input only within
// it, and write the signed, hash-chained session log (the agent counter-signs the grant and the final head).
// Environment-free: the console UI (browser/Electron) and Node test clients use it unchanged.
import { RelayLink, establishAsTechnician, startTimer, type LinkOpened, type SecureSession, type SocketFactory } from '@tether/channel';
import { SessionLogWriter, signDetached, verifyDetached, type LogEntry, type TechnicianCertificate } from '@tether/crypto';
import {
  PROTOCOL_VERSION,
  TetherError,
  canonicalGrantBytes,
  fromHex,
  toBase64,
  type ConsentGrant,
  type ConsentRequestMessage,
  type InputMessage,
  type SessionMessage,
  type VideoChunkMessage,
  type VideoPatchMessage,
  type WirePermissionTemplate,
} from '@tether/protocol';
import { relayAuthMessage, type CreatedMessage } from '@tether/protocol/relay';

export type TechPhase = 'creating' | 'waiting' | 'securing' | 'awaiting-consent' | 'connected' | 'paused' | 'ended';

export interface TechnicianEvents {
  onPhase?: (phase: TechPhase, reason?: string) => void;
  onSecured?: (info: { sas: string }) => void;
  onGrant?: (grant: ConsentGrant | null) => void;
  onVideo?: (chunk: VideoChunkMessage) => void;
  /** A small change's exact pixels, ahead of its video frame (not recorded: the video carries it too). */
  onVideoPatch?: (patch: VideoPatchMessage) => void;
  onMessage?: (message: SessionMessage) => void;
  onLog?: (entry: LogEntry) => void;
  /** Every message handed to the secure channel, including the core's own (pong, policy.template, log head request). */
  onSent?: (message: SessionMessage) => void;
}

export interface TechnicianIdentity {
  certificate: TechnicianCertificate;
  secretKey: Uint8Array;
}

export class TechnicianSession {
  private phase: TechPhase = 'creating';
  private opened: LinkOpened | undefined;
  private session: SecureSession | undefined;
  private agentSessionPub: Uint8Array | undefined;
  private currentGrant: ConsentGrant | null = null;
  private grantLogIndex = -1;
  private readonly log: SessionLogWriter;
  private endedResolve!: (reason: string) => void;
  readonly ended: Promise<string> = new Promise((r) => (this.endedResolve = r));
  private headSigned: ((ok: boolean) => void) | undefined;
  private rating: { stars: number; comment?: string } | undefined;
  private afterRating: (() => void) | undefined;
  /** Codec strings this console can decode, best first; sent to the agent after every handshake. */
  decoders: string[] | undefined;
  /**
   * The organisation's signed permission template (tether-admin template create); sent to the agent after
   * every handshake. The agent checks the org root's signature and clamps what the customer grants to it.
   */
  template: WirePermissionTemplate | undefined;
  /** How long the end of a session waits for the customer's rating. */
  ratingWaitMs = 60_000;

  constructor(
    private readonly identity: TechnicianIdentity,
    private readonly relayUrl: string,
    private readonly openSocket: SocketFactory,
    private readonly events: TechnicianEvents = {},
    private readonly now: () => number = () => Date.now(),
  ) {
    this.log = new SessionLogWriter(identity.secretKey);
  }

  get grant(): ConsentGrant | null {
    return this.currentGrant;
  }

  get logEntries(): LogEntry[] {
    return this.log.entries;
  }

  get agentPublicKey(): Uint8Array | undefined {
    return this.agentSessionPub;
  }

  get customerRating(): { stars: number; comment?: string } | undefined {
    return this.rating;
  }

  get state(): TechPhase {
    return this.phase;
  }

  /** Creates the session on the relay; resolves with the one-time code and invite link to give the customer. */
  async create(): Promise<CreatedMessage> {
    const { certificate, secretKey } = this.identity;
    this.opened = await RelayLink.open(this.relayUrl, this.openSocket, {
      kind: 'technician',
      certificate: certificate as unknown as Record<string, unknown>,
      signProof: (nonce) => signDetached(relayAuthMessage(nonce), secretKey),
    });
    const created = this.opened.created as CreatedMessage;
    this.record('session.created', { sessionId: created.sessionId, technician: certificate.serial, name: certificate.name, expiresAt: created.expiresAt });
    this.setPhase('waiting');
    this.opened.link.updateHandlers({
      onPeer: (state, reason) => void this.onPeer(state, reason),
      onClosed: (e) => {
        this.afterRating?.();
        this.end(`The connection to the relay closed: ${e.message}`);
      },
    });
    return created;
  }

  /** Asks the customer for a scope (the first request, or an elevation). */
  requestConsent(request: Omit<ConsentRequestMessage, 'v' | 'type'>): void {
    this.record('consent.requested', { mode: request.mode, clipboard: request.clipboard, files: request.files, ...(request.reason ? { reason: request.reason } : {}) });
    this.transmit({ v: PROTOCOL_VERSION, type: 'consent.request', ...request });
  }

  /** Sends input; the console only offers it within the grant, and the agent checks it again before injecting. */
  sendInput(event: InputMessage): boolean {
    if (!this.session || this.phase !== 'connected' || !this.currentGrant || this.currentGrant.mode === 'view') return false;
    if (event.type === 'clipboard.text' && !this.currentGrant.clipboard) return false;
    this.transmit(event);
    return true;
  }

  send(message: SessionMessage): void {
    if (message.type === 'chat.message') this.record('chat', { from: message.from, text: message.text });
    this.transmit(message);
  }

  sendBulk(message: SessionMessage): Promise<void> {
    if (!this.session) return Promise.reject(new TetherError('E_SESSION_ENDED'));
    const sent = this.session.sendBulk(message);
    this.events.onSent?.(message);
    return sent;
  }

  /** The one way a control-lane message leaves this side (so onSent sees all of them). */
  private transmit(message: SessionMessage): void {
    if (!this.session) return;
    this.session.send(message);
    this.events.onSent?.(message);
  }

  /** Writes an entry of the console's own (a file hash, the technician's notes) into the signed log. */
  note(kind: string, data: Record<string, unknown>): LogEntry | undefined {
    if (this.phase === 'ended') return undefined;
    return this.record(kind, data);
  }

  /** Ends the session: asks the agent to counter-sign the log head, then leaves. */
  async stop(reason = 'The technician ended the session.'): Promise<void> {
    if (this.phase === 'ended') return;
    this.transmit({ v: PROTOCOL_VERSION, type: 'session.stop', by: 'technician', reason });
    await this.finalise(reason);
  }

  private async onPeer(state: 'joined' | 'left' | 'rejoined', reason?: string): Promise<void> {
    if (state === 'left') {
      this.afterRating?.();
      if (this.phase === 'ended') return;
      this.record('peer.left', { reason: reason ?? '' });
      this.currentGrant = null;
      this.events.onGrant?.(null);
      this.setPhase('paused', 'The customer lost the connection; waiting for them to come back.');
      return;
    }
    this.record(state === 'joined' ? 'peer.joined' : 'peer.rejoined', {});
    await this.secure().catch((e: unknown) => this.end(e instanceof Error ? e.message : String(e)));
  }

  private async secure(): Promise<void> {
    const opened = this.opened as LinkOpened;
    this.setPhase('securing');
    this.session?.close();
    const code = opened.created?.code as string;
    const { session, keys } = await establishAsTechnician(opened.link, { certificate: this.identity.certificate, techSecretKey: this.identity.secretKey, code });
    this.session = session;
    this.agentSessionPub = keys.agentSessionPub;
    this.record('handshake', { sas: keys.sas, agentSessionPub: toBase64(keys.agentSessionPub), transcriptHash: toBase64(keys.transcriptHash) });
    session.setHandlers({
      onMessage: (m) => this.onMessage(m),
      onRejected: (e) => this.record('frame.refused', { code: e.code }),
    });
    if (this.template) {
      this.transmit({ v: PROTOCOL_VERSION, type: 'policy.template', template: this.template });
      this.record('policy.template', { id: this.template.id, name: this.template.name });
    }
    if (this.decoders?.length) this.transmit({ v: PROTOCOL_VERSION, type: 'stream.codecs', decoders: this.decoders.slice(0, 16) });
    this.events.onSecured?.({ sas: keys.sas });
    this.setPhase('awaiting-consent');
  }

  private onMessage(message: SessionMessage): void {
    switch (message.type) {
      case 'video.chunk':
        this.events.onVideo?.(message);
        return;
      case 'video.patch':
        this.events.onVideoPatch?.(message);
        return;
      case 'ping':
        // The agent measures the round trip to adapt its stream: answer at once, on the control lane.
        this.transmit({ v: PROTOCOL_VERSION, type: 'pong', t: message.t });
        return;
      case 'consent.grant': {
        const pub = this.agentSessionPub;
        if (!pub || !verifyDetached(canonicalGrantBytes(message.grant), message.signature, pub)) {
          this.record('consent.invalid', { grantId: message.grant.grantId });
          return;
        }
        this.currentGrant = message.grant;
        const entry = this.record('consent.granted', { grant: message.grant as unknown as Record<string, never>, agentSignature: toBase64(message.signature) });
        this.grantLogIndex = entry.index;
        this.events.onGrant?.(message.grant);
        this.setPhase('connected');
        break;
      }
      case 'consent.denied':
        this.record('consent.denied', { reason: message.reason });
        break;
      case 'consent.revoke':
        this.record('consent.revoked', { permission: message.permission });
        if (this.currentGrant) {
          const g = { ...this.currentGrant };
          if (message.permission === 'control') Object.assign(g, { mode: 'view', clipboard: false });
          if (message.permission === 'clipboard') g.clipboard = false;
          if (message.permission === 'files') g.files = false;
          this.currentGrant = message.permission === 'all' ? null : g;
          this.events.onGrant?.(this.currentGrant);
        }
        break;
      case 'session.pause':
        this.record('session.paused', { by: message.by });
        this.setPhase('paused', message.by === 'customer' ? 'The customer paused the session.' : 'Paused.');
        break;
      case 'session.resume':
        this.record('session.resumed', {});
        if (this.currentGrant) this.setPhase('connected');
        break;
      case 'session.stop':
        this.record('session.stopped', { by: message.by, reason: message.reason ?? '' });
        void this.finalise(message.reason ?? 'The customer ended the session.');
        break;
      case 'error':
        this.record('agent.refused', { code: message.code, message: message.message });
        break;
      case 'chat.message':
        this.record('chat', { from: message.from, text: message.text });
        break;
      case 'file.answer':
        this.record('file.answer', { fileId: message.fileId, accepted: message.accepted });
        break;
      case 'file.done':
        this.record('file.done', { fileId: message.fileId, sha256: message.sha256 });
        break;
      case 'log.headSignature':
        this.onHeadSignature(message.index, message.signature);
        break;
      case 'rating':
        this.rating = { stars: message.stars, ...(message.comment ? { comment: message.comment } : {}) };
        this.record('rating', { stars: message.stars, comment: message.comment ?? '' });
        this.afterRating?.();
        break;
      default:
        break;
    }
    this.events.onMessage?.(message);
  }

  private onHeadSignature(index: number, signature: Uint8Array): void {
    const pub = this.agentSessionPub;
    const attached = pub ? this.log.attachCounterSignature(index, signature, pub) : undefined;
    this.headSigned?.(!!attached?.ok);
  }

  private async finalise(reason: string): Promise<void> {
    if (this.phase === 'ended') return;
    this.setPhase('ended', reason);
    const entry = this.record('session.ended', { reason, grantIndex: this.grantLogIndex });
    if (this.session && this.opened?.link.isOpen) {
      const signed = new Promise<boolean>((resolve) => {
        this.headSigned = resolve;
        startTimer(() => resolve(false), 3000);
      });
      this.transmit({ v: PROTOCOL_VERSION, type: 'log.headSignRequest', index: entry.index, headHash: fromHex(entry.hash) });
      const ok = await signed;
      if (!ok) this.log.append('log.unsigned', { reason: 'the agent did not counter-sign the final head' }, this.now());
    }
    // Stay on the link until the customer rated the session or their agent left (bounded).
    await new Promise<void>((r) => {
      this.afterRating = r;
      startTimer(r, this.ratingWaitMs);
    });
    this.session?.close();
    this.opened?.link.leave(reason);
    this.endedResolve(reason);
  }

  private end(reason: string): void {
    if (this.phase === 'ended') return;
    this.setPhase('ended', reason);
    this.record('session.ended', { reason });
    this.session?.close();
    this.endedResolve(reason);
  }

  private record(kind: string, data: Record<string, unknown>): LogEntry {
    const entry = this.log.append(kind, data as Parameters<SessionLogWriter['append']>[1], this.now());
    this.events.onLog?.(entry);
    return entry;
  }

  private setPhase(phase: TechPhase, reason?: string): void {
    if (this.phase === 'ended') return;
    this.phase = phase;
    this.events.onPhase?.(phase, reason);
  }
}

