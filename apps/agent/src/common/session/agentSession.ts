// The customer agent's session core: join by code, verify the technician, ask consent, stream within the
// grant, gate every input event, and honour pause / revoke / stop / link loss / time limit at once.
// Environment-free: sockets, capture, injection, windows and files come in through AgentPorts.
import { establishAsAgent, startTimer, stopTimer, type AgentEstablished, type LinkOpened, type SecureSession, type TimerHandle } from '@tether/channel';
import { certificateFingerprint, logCounterSignaturePayload } from '@tether/crypto';
import {
  PROTOCOL_VERSION,
  TetherError,
  toHex,
  type ConsentGrant,
  type ConsentRequestMessage,
  type NormRect,
  type ReportSummaryMessage,
  type RevocablePermission,
  type SessionMessage,
  type SessionOutcome,
  type TetherErrorCode,
} from '@tether/protocol';
import type { AgentPorts, ScreenChunk, ScreenPatch, ScreenStream } from './agentPorts';
import type { CustomerControls } from './customerControls';
import type { ConsentDecision, SessionPhase, VerifiedTechnician } from './customerPrompt';
import { LinkMonitor } from './linkMonitor';
import { FileReception } from './fileReception';
import { FileSending } from './fileSending';
import { buildGrant, grantMessage, masksFor } from './grantBuilder';
import { SessionTemplate } from './sessionTemplate';
import { SESSION_TIME_LIMIT_REASON, SessionTimeLimit } from './sessionTimeLimit';

export interface AgentSessionOptions {
  code: string;
  rootPublicKey: Uint8Array;
  org: string;
  revocations?: Iterable<string>;
  /** How long to keep trying to rejoin after our own link drops. */
  rejoinWindowMs?: number;
  /** How long to wait for the technician's log head request when the session ends. */
  endHandshakeMs?: number;
  /** Capture frame rate at full quality (default 30). */
  maxFps?: number;
  /** Refuse every consent request until the technician has sent a valid organisation permission template. */
  requireTemplate?: boolean;
}

export interface AgentOutcome {
  reason: string;
  by: 'customer' | 'technician' | 'timeout' | 'link' | 'failure';
  technician?: VerifiedTechnician;
  grants: ConsentGrant[];
  refusedInputs: number;
  counterSignedHead?: string;
  /** Set when the session failed: what stopped it (a relay refusal, a certificate problem...). */
  code?: TetherErrorCode;
}

/** How often windows matched by the title rules are looked up again while sharing. */
const MASK_REFRESH_MS = 1000;

const DEFAULT_REQUEST: ConsentRequestMessage = { v: PROTOCOL_VERSION, type: 'consent.request', mode: 'view', clipboard: false, files: false };

export class AgentSession implements CustomerControls {
  private phase: SessionPhase = 'connecting';
  private opened: LinkOpened | undefined;
  private established: AgentEstablished | undefined;
  private technician: VerifiedTechnician | undefined;
  private grant: ConsentGrant | null = null;
  private lastRequest: ConsentRequestMessage = DEFAULT_REQUEST;
  private screen: ScreenStream | undefined;
  /** The one capture being started: a second grant (an elevation) arriving meanwhile waits for it. */
  private screenStarting: Promise<void> | undefined;
  private knobs = { fps: 30, scale: 1, bitrate: 4_000_000 };
  private monitor: LinkMonitor | undefined;
  private appliedMasks = '';
  private peerDecoders: string[] | undefined;
  private maskTimer: TimerHandle;
  private configSentTo: SecureSession | undefined;
  private customerMasks: NormRect[] = [];
  private pausedByCustomer = false;
  private expiryTimer: TimerHandle;
  private asking = false;
  private readonly grants: ConsentGrant[] = [];
  private refusedInputs = 0;
  private inputEvents = 0;
  private chatMessages = 0;
  private startedAt = 0;
  private counterSignedHead: string | undefined;
  private files: { reception: FileReception; sending: FileSending } | undefined;
  private ending: Promise<void> | undefined;
  private readonly policy: SessionTemplate;
  private readonly timeLimit: SessionTimeLimit;
  private resolveOutcome!: (outcome: AgentOutcome) => void;
  readonly outcome: Promise<AgentOutcome> = new Promise((r) => (this.resolveOutcome = r));

  constructor(private readonly options: AgentSessionOptions, private readonly ports: AgentPorts) {
    this.knobs.fps = options.maxFps ?? 30;
    this.policy = new SessionTemplate({ rootPublicKey: options.rootPublicKey, org: options.org }, () => this.ports.now());
    this.timeLimit = new SessionTimeLimit(() => this.ports.now(), () => this.onSessionTimeLimit());
  }

  /** Runs the session to its end; the returned promise resolves with how it ended (never rejects). */
  async run(): Promise<AgentOutcome> {
    try {
      this.opened = await this.ports.openLink({ kind: 'agent', code: this.options.code });
      await this.secure();
    } catch (error) {
      const e = asTetherError(error);
      this.ports.prompt.showFailure(e.message);
      await this.finish({ reason: e.message, by: 'failure', code: e.code });
    }
    return this.outcome;
  }

  // ---- customer controls -------------------------------------------------------------------------------

  pause(): void {
    if (this.phase !== 'sharing') return;
    this.pausedByCustomer = true;
    this.halt('paused', 'You paused the session.');
    this.session?.send({ v: PROTOCOL_VERSION, type: 'session.pause', by: 'customer' });
  }

  resume(): void {
    if (this.phase !== 'paused' || !this.pausedByCustomer || !this.grant) return;
    this.pausedByCustomer = false;
    this.session?.send({ v: PROTOCOL_VERSION, type: 'session.resume' });
    this.share();
  }

  revoke(permission: RevocablePermission): void {
    if (!this.grant) return;
    this.session?.send({ v: PROTOCOL_VERSION, type: 'consent.revoke', permission });
    void this.ports.input.revoke(permission);
    if (permission === 'all') return this.stop('The customer withdrew all permissions.');
    const next = { ...this.grant };
    if (permission === 'control') next.mode = 'view';
    if (permission === 'clipboard' || permission === 'control') next.clipboard = false;
    if (permission === 'files') next.files = false;
    this.grant = next;
    this.showStatus();
  }

  stop(reason = 'The customer stopped the session.'): void {
    this.session?.send({ v: PROTOCOL_VERSION, type: 'session.stop', by: 'customer', reason: reason.slice(0, 500) });
    void this.finish({ reason, by: 'customer' });
  }

  sendChat(text: string): void {
    const trimmed = text.slice(0, 4000);
    if (!trimmed) return;
    this.chatMessages++;
    this.session?.send({ v: PROTOCOL_VERSION, type: 'chat.message', id: this.ports.randomId(), from: 'customer', text: trimmed, ts: this.ports.now() });
  }

  setMasks(masks: NormRect[]): void {
    this.customerMasks = masks.slice(0, 32).map((m) => ({ ...m }));
    void this.applyMasks();
  }

  private get ended(): boolean {
    return this.phase === 'ended';
  }

  // ---- connection ----------------------------------------------------------------------------------------

  private get session(): SecureSession | undefined {
    return this.established?.session;
  }

  /** Handshake on the current link, then ask consent (again, after a reconnect). */
  private async secure(afterReconnect = false): Promise<void> {
    const opened = this.opened as LinkOpened;
    this.setPhase('verifying');
    opened.link.updateHandlers({
      onPeer: (state) => void this.onPeer(state),
      onClosed: (error) => void this.onLinkClosed(error),
    });
    const o = this.options;
    this.established = await establishAsAgent(opened.link, { rootPublicKey: o.rootPublicKey, org: o.org, now: () => this.ports.now(), code: o.code, revocations: o.revocations });
    const cert = this.established.keys.peerCertificate;
    if (!cert) throw new TetherError('E_HANDSHAKE_FAILED', 'the technician presented no certificate');
    this.technician = {
      name: cert.name, employeeNo: cert.employeeNo, department: cert.department, org: cert.org, serial: cert.serial,
      fingerprint: certificateFingerprint(cert), notAfter: cert.notAfter, sas: this.established.keys.sas,
    };
    this.policy.bindTo(cert.template);
    this.ports.prompt.showTechnician(this.technician);
    if (!this.startedAt) this.startedAt = this.ports.now();
    this.established.session.setHandlers({
      onMessage: (m) => void this.onMessage(m).catch((e) => this.ports.log?.(`message handling failed: ${asTetherError(e).message}`)),
      onRejected: (e) => this.ports.log?.(`refused a frame: ${e.code}`),
      onVideoDropped: () => this.screen?.requestKeyframe(),
    });
    this.setPhase('awaiting-consent');
    if (afterReconnect) await this.askConsent(this.lastRequest, { afterReconnect: true });
  }

  private async onPeer(state: 'joined' | 'left' | 'rejoined'): Promise<void> {
    if (this.phase === 'ended') return;
    if (state === 'left') {
      this.halt('reconnecting', 'The technician lost the connection. Nothing is shared until you allow it again.');
      this.grant = null;
      await this.ports.input.setGrant(null);
    } else if (state === 'rejoined' && this.opened) {
      this.established?.session.close();
      await this.secure(true).catch((e) => this.finish({ reason: asTetherError(e).message, by: 'failure' }));
    }
  }

  private async onLinkClosed(error: TetherError): Promise<void> {
    if (this.phase === 'ended' || this.ending) return;
    this.halt('reconnecting', 'The connection dropped. Nothing is shared until you allow it again.');
    this.grant = null;
    await this.ports.input.setGrant(null);
    this.established?.session.close();
    if (error.code !== 'E_PEER_GONE' || !this.opened) {
      return this.finish({ reason: error.message, by: error.code === 'E_SESSION_TIMEOUT' ? 'timeout' : 'link' });
    }
    const deadline = this.ports.now() + (this.options.rejoinWindowMs ?? 30_000);
    const previous = this.opened;
    while (this.ports.now() < deadline && !this.ended) {
      try {
        this.opened = await this.ports.openLink({ kind: 'rejoin', sessionId: previous.sessionId, role: 'agent', resumeToken: previous.resumeToken });
        await this.secure(true);
        return;
      } catch (e) {
        const why = asTetherError(e);
        if (why.code !== 'E_PEER_GONE') return this.finish({ reason: why.message, by: 'link' });
        await new Promise<void>((r) => startTimer(r, 500));
      }
    }
    await this.finish({ reason: 'The connection could not be restored.', by: 'link' });
  }

  // ---- messages ------------------------------------------------------------------------------------------

  private async onMessage(message: SessionMessage): Promise<void> {
    // After the end only the log head counter-signature is still answered.
    if (this.phase === 'ended' && message.type !== 'log.headSignRequest') return;
    switch (message.type) {
      case 'consent.request':
        this.lastRequest = message;
        return this.askConsent(message, { afterReconnect: false });
      case 'policy.template':
        return this.adoptTemplate(message.template);
      case 'input.pointerMove': case 'input.pointerButton': case 'input.wheel': case 'input.key': case 'clipboard.text': {
        this.inputEvents++;
        if (this.phase !== 'sharing') return this.refuse(message.type, 'the session is not sharing');
        const outcome = await this.ports.input.handle(message);
        if (!outcome.allowed) this.refuse(message.type, outcome.reason ?? 'outside the granted scope');
        return;
      }
      case 'stream.codecs':
        // What the console can decode; the capture (started with the first grant) picks from these.
        this.peerDecoders = message.decoders;
        return;
      case 'stream.keyframeRequest':
        return this.screen?.requestKeyframe();
      case 'stream.config':
        // The technician may ask for less (never more than the ladder's top); adaptation works below it.
        this.knobs = { ...this.knobs, fps: Math.min(message.fps, 60), bitrate: message.bitrate };
        return this.screen?.setConfig(this.knobs);
      case 'ping':
        return this.session?.send({ v: PROTOCOL_VERSION, type: 'pong', t: message.t });
      case 'pong':
        return this.monitor?.onPong(message.t);
      case 'chat.message':
        this.chatMessages++;
        return this.ports.prompt.showChat(message);
      case 'annotation.stroke':
      case 'annotation.clear':
        return this.ports.prompt.showAnnotation(message);
      case 'file.answer': case 'file.resume': case 'file.error':
        return this.files?.sending.onMessage(message);
      case 'file.done':
        if (this.files?.sending.owns(message.fileId)) return this.files.sending.onMessage(message);
        return this.fileReception().handle(message, this.grant);
      case 'file.offer': case 'file.chunk':
        return this.fileReception().handle(message, this.grant);
      case 'log.headSignRequest':
        return this.counterSign(message.index, message.headHash);
      case 'session.pause':
        return this.halt('paused', 'The technician paused the session.');
      case 'session.resume':
        if (this.grant && !this.pausedByCustomer) this.share();
        return;
      case 'session.stop':
        return this.finish({ reason: message.reason ?? 'The technician ended the session.', by: 'technician' });
      default:
        return;
    }
  }

  private adoptTemplate(value: unknown): void {
    try {
      const adopted = this.policy.adopt(value);
      if (!adopted.ok) return this.ports.log?.(`permission template not adopted: ${adopted.reason}`);
      const t = adopted.template;
      this.timeLimit.arm((this.startedAt || this.ports.now()) + t.maxDurationMs);
      this.ports.log?.(`permission template "${t.name}" (${t.id}): modes ${t.modes.join(',')}, clipboard ${t.clipboard}, files ${t.files}, at most ${t.maxDurationMs} ms`);
      void this.applyMasks().catch(() => undefined);
    } catch (error) {
      // A technician must not be able to loosen the organisation's limits: end the session, say why.
      const e = asTetherError(error);
      this.session?.send({ v: PROTOCOL_VERSION, type: 'error', code: e.code, message: e.message.slice(0, 500) });
      this.ports.prompt.showFailure(e.message);
      void this.finish({ reason: e.message, by: 'failure', code: e.code });
    }
  }

  /** Refuses a consent request the template rules forbid (certificate binding, expiry, requireTemplate). */
  private refuseConsentByTemplate(request: ConsentRequestMessage): boolean {
    const refusal = this.policy.consentRefusal(this.options.requireTemplate ?? false);
    if (!refusal) return false;
    const reason = refusal.reason.slice(0, 500);
    if (refusal.binding) {
      this.ports.log?.(`consent refused: ${reason}`);
      this.session?.send({ v: PROTOCOL_VERSION, type: 'error', code: 'E_SCOPE_DENIED', message: reason });
      this.ports.prompt.showFailure(reason);
    }
    this.session?.send({ v: PROTOCOL_VERSION, type: 'consent.denied', reason, ...(request.requestId ? { requestId: request.requestId } : {}) });
    return true;
  }

  private onSessionTimeLimit(): void {
    if (this.phase === 'ended') return;
    this.ports.log?.(`session ended: ${SESSION_TIME_LIMIT_REASON}`);
    this.session?.send({ v: PROTOCOL_VERSION, type: 'session.stop', by: 'timeout', reason: SESSION_TIME_LIMIT_REASON });
    void this.finish({ reason: SESSION_TIME_LIMIT_REASON, by: 'timeout' });
  }

  private refuse(what: string, reason: string): void {
    this.refusedInputs++;
    this.session?.send({ v: PROTOCOL_VERSION, type: 'error', code: 'E_SCOPE_DENIED', message: `${what} refused: ${reason}`.slice(0, 500) });
  }

  private fileReception(): FileReception {
    return this.fileTransfers().reception;
  }

  private fileTransfers(): { reception: FileReception; sending: FileSending } {
    this.files ??= {
      reception: new FileReception(this.ports, (m) => this.session?.send(m), () => this.technician),
      sending: new FileSending({
        send: (m) => this.session?.send(m),
        sendBulk: (m) => this.session?.sendBulk(m) ?? Promise.reject(new TetherError('E_PEER_GONE')),
        randomId: () => this.ports.randomId(),
        wait: (ms) => new Promise<void>((r) => startTimer(r, ms)),
      }),
    };
    return this.files;
  }

  /** Sends a file the customer chose to the technician; resolves with the SHA-256 the technician confirmed. */
  async sendFile(path: string): Promise<string> {
    if (!this.grant?.files) throw new TetherError('E_SCOPE_DENIED', 'File transfer is not part of what you allowed.');
    if (!this.session || this.ended || this.phase === 'reconnecting') throw new TetherError('E_SESSION_ENDED', 'There is no technician connected.');
    const files = this.ports.files;
    if (!files) throw new TetherError('E_SCOPE_DENIED', 'This agent cannot send files.');
    return this.fileTransfers().sending.send(await files.openForSending(path));
  }

  private counterSign(index: number, headHash: Uint8Array): void {
    const handshake = this.established?.handshake;
    if (!handshake) return;
    const hex = toHex(headHash);
    const signature = handshake.signWithSessionKey(logCounterSignaturePayload(hex));
    this.counterSignedHead = hex;
    this.session?.send({ v: PROTOCOL_VERSION, type: 'log.headSignature', index, headHash, signature });
  }

  // ---- consent -------------------------------------------------------------------------------------------

  private async askConsent(asked: ConsentRequestMessage, flags: { afterReconnect: boolean }): Promise<void> {
    if (this.asking || !this.technician) return;
    if (this.refuseConsentByTemplate(asked)) return;
    const request = this.policy.narrowRequest(asked);
    this.asking = true;
    try {
      const windows = await this.ports.listWindows().catch(() => []);
      const elevation = this.grant !== null;
      const decision = await this.ports.prompt.askConsent({ technician: this.technician, request, elevation, afterReconnect: flags.afterReconnect, windows });
      if (this.ended) return;
      if (!decision) {
        this.session?.send({ v: PROTOCOL_VERSION, type: 'consent.denied', reason: elevation ? 'The customer kept the current permissions.' : 'The customer refused.', ...(request.requestId ? { requestId: request.requestId } : {}) });
        if (!elevation) this.showStatus();
        return;
      }
      const clamped = this.policy.clampDecision(decision);
      if (clamped.changes.length) this.ports.log?.(`consent clamped to the permission template: ${clamped.changes.join('; ')}`);
      if (!clamped.decision) {
        this.session?.send({ v: PROTOCOL_VERSION, type: 'consent.denied', reason: (clamped.changes[0] ?? 'not allowed by the permission template').slice(0, 500), ...(request.requestId ? { requestId: request.requestId } : {}) });
        return;
      }
      await this.applyDecision(clamped.decision);
    } finally {
      this.asking = false;
    }
  }

  private async applyDecision(decision: ConsentDecision): Promise<void> {
    const opened = this.opened as LinkOpened;
    const handshake = this.established?.handshake;
    if (!handshake) return;
    const grant = buildGrant(decision, { grantId: this.ports.randomId(), sessionId: opened.sessionId }, this.ports.now());
    this.grant = grant;
    this.grants.push(grant);
    await this.ports.input.setGrant(grant);
    this.session?.send(grantMessage(grant, (bytes) => handshake.signWithSessionKey(bytes)));
    stopTimer(this.expiryTimer);
    this.expiryTimer = startTimer(() => this.onGrantExpired(), Math.max(0, grant.expiresAt - this.ports.now()));
    this.pausedByCustomer = false;
    this.share();
  }

  private onGrantExpired(): void {
    if (this.phase === 'ended') return;
    this.session?.send({ v: PROTOCOL_VERSION, type: 'session.stop', by: 'timeout', reason: 'The time the customer allowed is over.' });
    void this.finish({ reason: 'The time you allowed is over.', by: 'timeout' });
  }

  // ---- streaming -----------------------------------------------------------------------------------------

  private share(): void {
    void (async () => {
      try {
        if (!this.screen && !this.screenStarting) {
          this.screenStarting = this.openScreen();
          await this.screenStarting;
        } else {
          // Started or starting: wait for it, then bring its masks up to the grant in force now.
          await this.screenStarting;
          await this.applyMasks();
        }
        if (!this.screen || this.phase === 'ended' || !this.grant || this.pausedByCustomer) return;
        this.ports.input.resume();
        this.setPhase('sharing');
        this.startMonitor(this.session as SecureSession);
        this.screen.resume();
        this.screen.requestKeyframe();
      } catch (e) {
        await this.finish({ reason: `Screen sharing could not start: ${asTetherError(e).message}`, by: 'failure' });
      }
    })();
  }

  /** Starts the one screen stream of this session; if the session ended meanwhile, closes it again. */
  private async openScreen(): Promise<void> {
    const masks = await this.currentMasks();
    this.appliedMasks = JSON.stringify(masks);
    const screen = await this.ports.startScreen({ masks, ...(this.peerDecoders ? { codecs: this.peerDecoders } : {}) });
    if (this.ending) {
      await screen.close().catch(() => undefined);
      return;
    }
    this.screen = screen;
    screen.onChunk((chunk) => this.sendChunk(chunk));
    screen.onPatch?.((patch) => this.sendPatch(patch));
    screen.onEnded((reason) => this.ports.log?.(`screen capture ended: ${reason}`));
  }

  private sendChunk(chunk: ScreenChunk): void {
    const session = this.session;
    if (this.phase !== 'sharing' || !session) return;
    // The technician's decoder is configured from stream.config: send it before the first chunk and after
    // any encoder change, and again with the next keyframe after a reconnect.
    if (chunk.configChanged || (chunk.keyframe && this.configSentTo !== session)) {
      session.send({ v: PROTOCOL_VERSION, type: 'stream.config', codec: chunk.codec, codecString: chunk.codecString, width: chunk.width, height: chunk.height, fps: this.knobs.fps, bitrate: this.knobs.bitrate });
      this.configSentTo = session;
    }
    if (this.configSentTo !== session) return;
    session.sendVideo({ v: PROTOCOL_VERSION, type: 'video.chunk', seq: chunk.seq >>> 0, timestampUs: chunk.timestampUs, keyframe: chunk.keyframe, codec: chunk.codec, surfaceId: 0, width: chunk.width, height: chunk.height, data: chunk.data });
  }

  /** A patch only makes sense on a stream the technician already decodes; it is dropped on a busy link. */
  private sendPatch(patch: ScreenPatch): void {
    const session = this.session;
    if (this.phase !== 'sharing' || !session || this.configSentTo !== session) return;
    session.sendPatch({ v: PROTOCOL_VERSION, type: 'video.patch', surfaceId: 0, ...patch });
  }

  /** Stops video and input immediately (pause, link loss); the grant decides what may resume. */
  private startMonitor(session: SecureSession): void {
    this.monitor?.stop();
    this.monitor = new LinkMonitor({
      session,
      bufferedAmount: () => this.opened?.link.bufferedAmount ?? 0,
      maxFps: this.options.maxFps ?? 30,
      now: () => this.ports.now(),
      apply: (knobs, why) => {
        this.knobs = { ...knobs };
        this.screen?.setConfig(this.knobs);
        this.ports.log?.(`stream adapted to ${knobs.fps} fps, 1/${knobs.scale} size, ${knobs.bitrate} bit/s: ${why}`);
      },
    });
    this.monitor.start();
    if (this.ports.sensitiveWindowRects || this.policy.masksTitles) {
      const follow = (): void => {
        this.maskTimer = startTimer(follow, MASK_REFRESH_MS);
        void this.applyMasks().catch(() => undefined);
      };
      this.maskTimer = startTimer(follow, MASK_REFRESH_MS);
    }
  }

  private stopMonitor(): void {
    stopTimer(this.maskTimer);
    this.maskTimer = undefined;
    this.monitor?.stop();
    this.monitor = undefined;
  }

  private halt(phase: SessionPhase, reason: string): void {
    this.stopMonitor();
    this.screen?.pause();
    void this.ports.input.pause();
    this.setPhase(phase, reason);
  }

  private async currentMasks(): Promise<NormRect[]> {
    const sensitive = this.ports.sensitiveWindowRects ? await this.ports.sensitiveWindowRects().catch(() => []) : [];
    const byTemplate = this.policy.masksTitles ? this.policy.maskRects(await this.ports.listWindows().catch(() => [])) : [];
    return masksFor(this.grant, this.customerMasks, [...sensitive, ...byTemplate]);
  }

  /** Recomputes the masks (sensitive windows move, open and close) and sends them only when they changed. */
  private async applyMasks(): Promise<void> {
    if (!this.screen) return;
    const masks = await this.currentMasks();
    const key = JSON.stringify(masks);
    if (key === this.appliedMasks) return;
    this.appliedMasks = key;
    this.screen.setMasks(masks);
  }

  // ---- status and end ------------------------------------------------------------------------------------

  /** The agent's own account of the session, sent to the technician for the report. */
  private summary(by: AgentOutcome['by']): ReportSummaryMessage {
    const t = this.technician;
    return {
      v: PROTOCOL_VERSION, type: 'report.summary', sessionId: this.opened?.sessionId ?? 'unknown',
      startedAt: this.startedAt || this.ports.now(), endedAt: this.ports.now(), outcome: OUTCOME_BY[by],
      technician: { name: t?.name ?? '', employeeNo: t?.employeeNo ?? '', department: t?.department ?? '', org: t?.org ?? '' },
      scopes: this.grants.map((g) => g.mode).slice(0, 100),
      files: [...(this.files?.reception.received ?? []), ...(this.files?.sending.sent ?? [])].slice(0, 100),
      counts: { chatMessages: this.chatMessages, inputEvents: this.inputEvents, inputRefused: this.refusedInputs },
    };
  }

  private setPhase(phase: SessionPhase, reason?: string): void {
    if (this.phase === 'ended') return;
    this.phase = phase;
    this.showStatus(reason);
  }

  private showStatus(reason?: string): void {
    const g = this.grant;
    this.ports.prompt.showStatus({ phase: this.phase, ...(reason ? { reason } : {}), ...(g ? { mode: g.mode, clipboard: g.clipboard, files: g.files, expiresAt: g.expiresAt } : {}) });
  }

  private finish(end: { reason: string; by: AgentOutcome['by']; code?: TetherErrorCode }): Promise<void> {
    this.ending ??= this.doFinish(end);
    return this.ending;
  }

  private async doFinish(end: { reason: string; by: AgentOutcome['by']; code?: TetherErrorCode }): Promise<void> {
    stopTimer(this.expiryTimer);
    this.timeLimit.stop();
    this.stopMonitor();
    this.screen?.pause();
    await this.ports.input.setGrant(null).catch(() => undefined);
    this.grant = null;
    this.setPhase('ended', end.reason);
    const session = this.session;
    if (session && this.opened?.link.isOpen && end.by !== 'failure') {
      session.send(this.summary(end.by));
      // Give the technician a moment to ask for the counter-signed log head, then offer the rating.
      await new Promise<void>((r) => startTimer(r, Math.min(this.options.endHandshakeMs ?? 1500, 5000)));
      const rating = await this.ports.prompt.askRating().catch(() => null);
      if (rating) session.send({ v: PROTOCOL_VERSION, type: 'rating', stars: rating.stars, ...(rating.comment ? { comment: rating.comment.slice(0, 2000) } : {}) });
      await new Promise<void>((r) => startTimer(r, 100));
    }
    session?.close();
    this.opened?.link.leave(end.reason);
    await this.files?.reception.abortAll();
    await this.screen?.close().catch(() => undefined);
    this.resolveOutcome({
      reason: end.reason, by: end.by, grants: this.grants, refusedInputs: this.refusedInputs,
      ...(end.code ? { code: end.code } : {}),
      ...(this.technician ? { technician: this.technician } : {}),
      ...(this.counterSignedHead ? { counterSignedHead: this.counterSignedHead } : {}),
    });
  }
}

const OUTCOME_BY: Record<AgentOutcome['by'], SessionOutcome> = {
  customer: 'customer-stopped', technician: 'technician-stopped', timeout: 'timeout', link: 'link-lost', failure: 'aborted',
};

function asTetherError(error: unknown): TetherError {
  if (error instanceof TetherError) return error;
  return new TetherError('E_INTERNAL', error instanceof Error ? error.message : String(error));
}
