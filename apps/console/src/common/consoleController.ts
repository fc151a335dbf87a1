// The console's session controller: owns the TechnicianSession, feeds the five stores from its events,
// measures the round trip (ping/pong) and the stream (fps, bitrate), sends chat, annotations, input and
// files, and at the end verifies the signed log and builds the report. Environment-free: the renderer
// passes in its socket factory, WebCrypto and clock; Node tests drive it with `ws`.
import { startTimer, stopTimer, type SocketFactory, type TimerHandle } from '@tether/channel';
import { verifyLog } from '@tether/crypto';
import {
  MAX_CHAT_CHARS,
  MAX_STROKE_POINTS,
  PROTOCOL_VERSION,
  TetherError,
  fromBase64,
  type AnnotationTool,
  type InputMessage,
  type ScopeMode,
  type SessionMessage,
  type VideoChunkMessage,
  type VideoPatchMessage,
  type WirePermissionTemplate,
} from '@tether/protocol';
import { FileReceiver } from './fileReceiver';
import { FileSender, type FileSenderOptions } from './fileSender';
import type { VaultCrypto } from './keyVault';
import { QualityMeter } from './qualityMeter';
import { createArchiveStatusStore } from './recording/archiveStatusStore';
import { SessionRecording, type RecordingPort } from './recording/sessionRecording';
import { StoredRecordings } from './recording/storedRecordings';
import { buildReport, type ConsoleReport } from './sessionReport';
import { appendLine, createChatStore } from './stores/chatStore';
import { createFilesStore } from './stores/filesStore';
import { createLogStore } from './stores/logStore';
import { applyGrant, createSessionStore } from './stores/sessionStore';
import { applySurfaces, createViewStore } from './stores/viewStore';
import { signIn } from './technicianIdentity';
import { TechnicianSession, type TechPhase, type TechnicianIdentity } from './technicianSession';

/** How long a new session's code waits for its recording to open (a store that does not answer). */
export const RECORDING_OPEN_WAIT_MS = 5000;
export const RECORDING_NOT_OPEN_MESSAGE = 'the recording store has not answered yet: this session is not recorded until it does';

export interface ConsolePorts {
  relayUrl: string;
  openSocket: SocketFactory;
  webCrypto: VaultCrypto;
  sha256Hex(bytes: Uint8Array): Promise<string>;
  randomId(): string;
  now(): number;
  files?: FileSenderOptions;
  /** How long the end of a session waits for the customer's rating. */
  ratingWaitMs?: number;
  pingEveryMs?: number;
  /** Codec strings the viewer can decode here (offered to the agent, which picks the first it can encode). */
  decoders?(): Promise<string[]>;
  /** The organisation's signed permission template this console applies to its sessions (sent to the agent). */
  template?(identity: TechnicianIdentity): Promise<WirePermissionTemplate | undefined>;
  /** Where every session is recorded (and archived at the end); without it nothing is recorded. */
  recording?: RecordingPort;
}

export interface ConsentAsk {
  mode: ScopeMode;
  clipboard: boolean;
  files: boolean;
  reason?: string;
}

export function createConsoleStores() {
  return { session: createSessionStore(), view: createViewStore(), chat: createChatStore(), files: createFilesStore(), log: createLogStore(), archive: createArchiveStatusStore() };
}
export type ConsoleStores = ReturnType<typeof createConsoleStores>;

export class ConsoleController {
  readonly stores: ConsoleStores = createConsoleStores();
  private identity: TechnicianIdentity | undefined;
  private session: TechnicianSession | undefined;
  private fileSender: FileSender | undefined;
  private fileReceiver: FileReceiver | undefined;
  private readonly videoListeners = new Set<(chunk: VideoChunkMessage) => void>();
  private readonly patchListeners = new Set<(patch: VideoPatchMessage) => void>();
  private meter = new QualityMeter();
  private ticker: TimerHandle | undefined;
  /** Frames decoded since the quality panel last showed the count (published with the tick). */
  private framesNotShown = 0;
  private inputSent = 0;
  private report: ConsoleReport | null = null;
  private reportListeners = new Set<(report: ConsoleReport) => void>();
  private recording: SessionRecording | undefined;
  private readonly storedRecordings: StoredRecordings | undefined;

  constructor(private readonly ports: ConsolePorts) {
    if (ports.recording) this.storedRecordings = new StoredRecordings(ports.recording, this.stores.archive, ports.now);
  }

  async signIn(certificateText: string, keyText: string, passphrase: string): Promise<void> {
    try {
      const { identity, who } = await signIn(certificateText, keyText, passphrase, this.ports.webCrypto, this.ports.now());
      this.identity = identity;
      this.stores.session.setState({ technician: who, phase: 'ready', error: '', reason: '' });
      void this.storedRecordings?.look(identity.certificate);
    } catch (e) {
      this.stores.session.setState({ error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
  }

  /** Creates a session on the relay and shows its code; resolves when the code is there. */
  async createSession(): Promise<void> {
    const identity = this.identity;
    if (!identity) throw new TetherError('E_AUTH_FAILED', 'sign in first');
    this.resetForNewSession();
    const session = new TechnicianSession(identity, this.ports.relayUrl, this.ports.openSocket, {
      onPhase: (phase, reason) => this.onPhase(phase, reason),
      onSecured: ({ sas }) => this.stores.session.setState({ sas }),
      onSent: (message) => this.recording?.fromTechnician(message),
      onGrant: (grant) => {
        this.stores.session.setState((s) => applyGrant(s, grant));
        this.fileSender?.resumeSuspended(grant);
      },
      onVideo: (chunk) => this.onVideo(chunk),
      onVideoPatch: (patch) => {
        for (const listener of this.patchListeners) listener(patch);
      },
      onMessage: (message) => this.onMessage(message),
      onLog: (entry) => {
        this.recording?.log(entry);
        this.stores.log.setState({ entries: [...session.logEntries] });
      },
    }, this.ports.now);
    session.ratingWaitMs = this.ports.ratingWaitMs ?? 30_000;
    this.session = session;
    this.fileSender = new FileSender({
      send: (m) => this.send(m),
      sendBulk: (m) => this.sendBulk(m),
      sha256Hex: (b) => this.ports.sha256Hex(b),
      randomId: () => this.ports.randomId(),
      record: (kind, data) => void session.note(kind, data),
    }, this.stores.files, this.ports.files);
    this.fileReceiver = new FileReceiver({
      send: (m) => this.send(m),
      sha256Hex: (b) => this.ports.sha256Hex(b),
      record: (kind, data) => void session.note(kind, data),
    }, this.stores.files, this.ports.files?.maxFileBytes);
    this.stores.session.setState({ phase: 'creating', error: '' });
    try {
      if (this.ports.decoders) session.decoders = await this.ports.decoders().catch(() => undefined);
      if (this.ports.template) session.template = await this.ports.template(identity);
      const t = session.template;
      this.stores.session.setState({ template: t ? { id: t.id, name: t.name, modes: [...t.modes], clipboard: t.clipboard, files: t.files, maxDurationMs: t.maxDurationMs } : null });
      const created = await session.create();
      const startedAt = this.ports.now();
      // The recording is open before the code is shown, so a customer can join nothing unrecorded; a
      // recording that cannot be opened says so beside the code. A recording store that does not answer
      // holds the code back for RECORDING_OPEN_WAIT_MS at most (its status then shows what it is doing).
      if (this.ports.recording) {
        this.recording = new SessionRecording(this.ports.recording, this.stores.archive, this.ports.now);
        const { certificate } = identity;
        const opening = this.recording.begin({ v: 1, sessionId: created.sessionId, org: certificate.org, technicianSerial: certificate.serial, codecString: '', startedAt }, session.logEntries);
        let timer: TimerHandle;
        const opened = await Promise.race([opening.then(() => true), new Promise<boolean>((resolve) => (timer = startTimer(() => resolve(false), RECORDING_OPEN_WAIT_MS)))]);
        stopTimer(timer);
        if (!opened) {
          const archive = this.stores.archive;
          archive.setState({ message: RECORDING_NOT_OPEN_MESSAGE });
          void opening.then(() => {
            if (archive.getState().message === RECORDING_NOT_OPEN_MESSAGE) archive.setState({ message: '' });
          });
        }
      }
      this.stores.session.setState({ sessionId: created.sessionId, code: created.code, inviteUrl: created.inviteUrl, codeExpiresAt: created.expiresAt, startedAt });
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      this.stores.session.setState({ phase: 'ready', error: `Could not create a session: ${message}` });
      throw e;
    }
    void session.ended.then(() => this.finish());
    this.tick();
  }

  requestConsent(ask: ConsentAsk): void {
    const session = this.session;
    if (!session) return;
    const hasGrant = !!this.stores.session.getState().grant;
    this.stores.session.setState({ elevation: { status: hasGrant ? 'pending' : 'idle', requested: { mode: ask.mode, clipboard: ask.clipboard, files: ask.files } } });
    const request = { requestId: this.ports.randomId(), mode: ask.mode, clipboard: ask.clipboard, files: ask.files, ...(ask.reason ? { reason: ask.reason } : {}) };
    session.requestConsent(request);
  }

  /** Input within the grant (the session refuses anything else); returns whether it was sent. */
  sendInput(event: InputMessage): boolean {
    const sent = this.session?.sendInput(event) ?? false;
    if (sent) this.inputSent++;
    return sent;
  }

  sendChat(text: string): void {
    const trimmed = text.trim();
    if (!trimmed || !this.session) return;
    if (trimmed.length > MAX_CHAT_CHARS) throw new TetherError('E_OVERSIZED', `a chat message has at most ${MAX_CHAT_CHARS} characters`);
    const line = { id: this.ports.randomId(), from: 'technician' as const, text: trimmed, ts: this.ports.now() };
    this.send({ v: PROTOCOL_VERSION, type: 'chat.message', ...line });
    this.stores.chat.setState((s) => appendLine(s, line));
  }

  sendStroke(tool: AnnotationTool, color: string, width: number, points: Array<[number, number]>): void {
    if (!this.session || points.length === 0) return;
    const surfaceId = this.stores.view.getState().selectedSurface;
    const step = Math.ceil(points.length / MAX_STROKE_POINTS);
    const thinned = step > 1 ? points.filter((_, i) => i % step === 0) : points;
    this.send({ v: PROTOCOL_VERSION, type: 'annotation.stroke', id: this.ports.randomId(), surfaceId, tool, color, width: Math.max(1, Math.min(64, Math.round(width))), points: thinned });
  }

  clearAnnotations(): void {
    this.send({ v: PROTOCOL_VERSION, type: 'annotation.clear' });
  }

  selectSurface(surfaceId: number): void {
    this.stores.view.setState({ selectedSurface: surfaceId });
    this.send({ v: PROTOCOL_VERSION, type: 'stream.select', surfaceId });
  }

  requestKeyframe(): void {
    this.stores.view.setState((s) => ({ keyframeRequests: s.keyframeRequests + 1 }));
    this.send({ v: PROTOCOL_VERSION, type: 'stream.keyframeRequest' });
  }

  async sendFile(name: string, bytes: Uint8Array): Promise<string> {
    if (!this.fileSender) throw new TetherError('E_SESSION_ENDED', 'there is no session');
    return this.fileSender.offer(name, bytes, this.stores.session.getState().grant);
  }

  /** The technician's decision on a file the customer offers. */
  answerFile(fileId: string, accepted: boolean): void {
    this.fileReceiver?.answer(fileId, accepted);
  }

  /** A file received from the customer whose SHA-256 matched, for saving. */
  receivedFile(fileId: string): Uint8Array | undefined {
    return this.fileReceiver?.fileBytes(fileId);
  }

  async stop(reason = 'The technician ended the session.'): Promise<void> {
    const session = this.session;
    if (!session || session.state === 'ended') return;
    await session.stop(reason);
  }

  /** Uploads the ended session's recording again after a failure (resumes where it stopped). */
  retryArchive(): Promise<void> {
    return this.recording?.retry() ?? Promise.resolve();
  }

  /** Resolves when the ended session's recording is archived, or archiving failed (see stores.archive). */
  archiveSettled(): Promise<void> {
    return this.recording?.settled() ?? Promise.resolve();
  }

  /** Seals and uploads a recording a crashed or reloaded page left behind (listed in stores.archive.unfinished). */
  async archiveStoredRecording(sessionId: string): Promise<void> {
    const identity = this.identity;
    if (!identity) throw new TetherError('E_AUTH_FAILED', 'sign in first');
    if (!this.storedRecordings) throw new TetherError('E_BAD_ARGUMENT', 'this console does not record sessions');
    await this.storedRecordings.archive(sessionId, identity);
  }

  /**
   * Counts decoded frames (and decoder errors) for the quality panel. Frames are published with the
   * quality tick, not one by one: a store update re-renders the viewer, and at 60 frames a second that
   * was a render per frame on the page's main thread, where the decoder's output and the technician's
   * input events wait their turn. An error shows at once.
   */
  decoded(frames: number, errors = 0): void {
    this.framesNotShown += frames;
    if (errors > 0) this.publishDecoded(errors);
  }

  private publishDecoded(errors = 0): void {
    const frames = this.framesNotShown;
    this.framesNotShown = 0;
    if (frames === 0 && errors === 0) return;
    this.stores.view.setState((s) => ({ framesDecoded: s.framesDecoded + frames, decodeErrors: s.decodeErrors + errors }));
  }

  onVideoChunk(listener: (chunk: VideoChunkMessage) => void): () => void {
    this.videoListeners.add(listener);
    return () => this.videoListeners.delete(listener);
  }

  onVideoPatch(listener: (patch: VideoPatchMessage) => void): () => void {
    this.patchListeners.add(listener);
    return () => this.patchListeners.delete(listener);
  }

  onReport(listener: (report: ConsoleReport) => void): () => void {
    this.reportListeners.add(listener);
    if (this.report) listener(this.report);
    return () => this.reportListeners.delete(listener);
  }

  get currentReport(): ConsoleReport | null {
    return this.report;
  }

  get logEntries() {
    return this.session?.logEntries ?? [];
  }

  /** The report again with the technician's latest notes and outcome. */
  rebuildReport(): ConsoleReport | null {
    if (!this.report || !this.session) return this.report;
    this.report = this.composeReport(this.session);
    return this.report;
  }

  private onPhase(phase: TechPhase, reason?: string): void {
    this.stores.session.setState({ phase, reason: reason ?? '' });
    if (phase === 'ended') {
      this.stores.session.setState({ endedAt: this.ports.now(), grant: null });
      this.fileSender?.abortAll(`The session ended: ${reason ?? ''}`);
      this.fileReceiver?.abortAll(`The session ended: ${reason ?? ''}`);
    }
    if (phase === 'paused' && reason?.includes('lost the connection')) this.fileSender?.suspendAll('The customer lost the connection.');
  }

  /** Messages go out through the session core, whose onSent event feeds the recording. */
  private send(message: SessionMessage): void {
    this.session?.send(message);
  }

  private sendBulk(message: SessionMessage): Promise<void> {
    const session = this.session;
    if (!session) return Promise.reject(new TetherError('E_SESSION_ENDED', 'there is no session'));
    return session.sendBulk(message);
  }

  private onVideo(chunk: VideoChunkMessage): void {
    this.recording?.fromAgent(chunk);
    this.meter.frame(this.ports.now(), chunk.data.length);
    for (const listener of this.videoListeners) listener(chunk);
  }

  private onMessage(message: SessionMessage): void {
    this.recording?.fromAgent(message);
    switch (message.type) {
      case 'stream.config': {
        const { codec, codecString, width, height, fps, bitrate } = message;
        this.stores.view.setState({ config: { codec, codecString, width, height, fps, bitrate } });
        return;
      }
      case 'stream.surfaces':
        this.stores.view.setState((s) => applySurfaces(s, message.surfaces));
        return;
      case 'pong':
        this.meter.pong(message.t, this.ports.now());
        return;
      case 'chat.message':
        this.stores.chat.setState((s) => appendLine(s, { id: message.id, from: message.from, text: message.text, ts: message.ts }));
        return;
      case 'consent.denied':
        this.stores.session.setState((s) => ({ elevation: { ...s.elevation, status: 'denied', reason: message.reason } }));
        return;
      case 'report.summary': {
        const { v: _v, type: _type, ...summary } = message;
        this.stores.session.setState({ agentSummary: summary });
        if (this.report && this.session) this.emitReport(this.composeReport(this.session));
        return;
      }
      case 'error':
        this.stores.session.setState({ notice: `The customer's agent refused: ${message.message} (${message.code})` });
        return;
      case 'rating':
        this.stores.session.setState({ rating: { stars: message.stars, ...(message.comment ? { comment: message.comment } : {}) } });
        return;
      case 'file.offer':
        this.fileReceiver?.offer(message, this.stores.session.getState().grant);
        return;
      case 'file.chunk':
        void this.fileReceiver?.handle(message);
        return;
      case 'file.answer': case 'file.resume':
        this.fileSender?.handle(message);
        return;
      case 'file.done': case 'file.error':
        this.fileSender?.handle(message);
        void this.fileReceiver?.handle(message);
        return;
      default:
        return;
    }
  }

  private tick(): void {
    const every = this.ports.pingEveryMs ?? 1000;
    const session = this.session;
    const step = (): void => {
      if (!session || session.state === 'ended') return;
      if (session.state === 'connected' || session.state === 'awaiting-consent') this.send({ v: PROTOCOL_VERSION, type: 'ping', t: this.ports.now() });
      const q = this.meter.sample(this.ports.now());
      this.publishDecoded();
      this.stores.view.setState({ fps: q.fps, bitrate: q.bitrate, rttMs: q.rttMs });
      this.ticker = startTimer(step, every);
    };
    this.ticker = startTimer(step, every);
  }

  private async finish(): Promise<void> {
    stopTimer(this.ticker);
    const session = this.session;
    if (!session) return;
    const techPublicKey = fromBase64((this.identity as TechnicianIdentity).certificate.techPub);
    const verified = verifyLog(session.logEntries, { techPublicKey, agentPublicKey: session.agentPublicKey, requireCounterSignedHead: false });
    this.stores.log.setState({
      entries: [...session.logEntries],
      verification: verified.ok ? { ok: true, detail: `${verified.length} entries, chain and signatures intact` } : { ok: false, detail: `entry ${verified.index}: ${verified.reason}` },
    });
    this.emitReport(this.composeReport(session));
    const s = this.stores.session.getState();
    await this.recording?.end({ identity: this.identity as TechnicianIdentity, logEntries: session.logEntries, startedAt: s.startedAt, endedAt: s.endedAt || this.ports.now() });
  }

  private emitReport(report: ConsoleReport): void {
    this.report = report;
    for (const listener of this.reportListeners) listener(report);
  }

  private composeReport(session: TechnicianSession): ConsoleReport {
    const s = this.stores.session.getState();
    const log = this.stores.log.getState();
    const report = buildReport({
      sessionId: s.sessionId,
      technician: s.technician as NonNullable<typeof s.technician>,
      startedAt: s.startedAt,
      endedAt: s.endedAt,
      endReason: s.reason,
      scopes: s.scopes,
      entries: session.logEntries,
      files: this.stores.files.getState().transfers,
      chat: this.stores.chat.getState().lines,
      notes: log.notes,
      outcome: log.outcome,
      rating: s.rating,
      verification: log.verification,
      agentSummary: s.agentSummary,
    });
    report.actions.push({ at: s.endedAt, kind: 'input.summary', detail: `${this.inputSent} input events sent within the grant` });
    return report;
  }

  private resetForNewSession(): void {
    const technician = this.stores.session.getState().technician;
    this.stores.session.setState({ phase: 'ready', reason: '', sessionId: '', code: '', inviteUrl: '', sas: '', grant: null, scopes: [], elevation: { status: 'idle' }, rating: null, startedAt: 0, endedAt: 0, error: '', notice: '', agentSummary: null, template: null, technician });
    this.framesNotShown = 0;
    this.stores.view.setState({ config: null, surfaces: [], fps: 0, bitrate: 0, rttMs: null, framesDecoded: 0, decodeErrors: 0, keyframeRequests: 0 });
    this.stores.chat.setState({ lines: [], unread: 0 });
    this.stores.files.setState({ transfers: [], error: '' });
    this.stores.log.setState({ entries: [], verification: null });
    this.meter = new QualityMeter();
    this.inputSent = 0;
    this.report = null;
    this.recording = undefined;
    this.stores.archive.setState((a) => ({ phase: 'off', sessionId: '', percent: 0, customerToken: '', message: '', unfinished: a.unfinished }));
  }
}
