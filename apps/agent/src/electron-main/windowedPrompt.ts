// CustomerPrompt for the Electron shell: each question or notice becomes an event to one of the agent's
// windows, and each question resolves when that window answers through the IPC router. State is kept so
// a window that (re)loads gets the technician, the status and any open question again on `ui.ready`.
import { randomUUID } from 'node:crypto';
import { TetherError, type AnnotationStrokeMessage, type ChatMessage, type ScopeMode } from '@tether/protocol';
import { PAGE_EVENTS, UI_PAGES, type IpcEventMap, type IpcEventName, type UiPage } from '../common/ipc/ipcContract';
import type {
  ConsentContext, ConsentDecision, CustomerPrompt, IncomingFile, Rating, SessionStatus, VerifiedTechnician,
} from '../common/session/customerPrompt';

export interface UiPort {
  show(page: UiPage): void;
  hide(page: UiPage): void;
  send<K extends IpcEventName>(page: UiPage, event: K, payload: IpcEventMap[K]): void;
}

type QuestionEvent = 'consent.ask' | 'file.ask' | 'rating.ask';

interface OpenQuestion {
  page: UiPage;
  event: QuestionEvent;
  payload: IpcEventMap[QuestionEvent];
  /** Checks the answer against the question; returns the value to resolve with, or a refusal. */
  settle(answer: unknown): TetherError | { value: unknown };
  resolve(value: unknown): void;
  fallback: unknown;
}

const MODE_RANK: Readonly<Record<ScopeMode, number>> = { view: 0, region: 1, window: 1, full: 2 };

/** A decision may not give more than was asked: no higher mode, no toggle that was not requested, an offered window only. */
export function decisionProblem(context: ConsentContext, decision: ConsentDecision): string | undefined {
  if (MODE_RANK[decision.mode] > MODE_RANK[context.request.mode]) return `mode ${decision.mode} is more than the ${context.request.mode} that was requested`;
  if (decision.clipboard && !context.request.clipboard) return 'clipboard was not requested';
  if (decision.files && !context.request.files) return 'file transfer was not requested';
  if (decision.window && !context.windows.some((w) => w.id === decision.window?.id && w.title === decision.window.title)) return 'that window was not offered';
  return undefined;
}

export class WindowedCustomerPrompt implements CustomerPrompt {
  private technician: VerifiedTechnician | undefined;
  private status: SessionStatus | undefined;
  private readonly open = new Map<string, OpenQuestion>();

  constructor(private readonly port: UiPort, private readonly newId: () => string = randomUUID) {}

  /** A page is listening: send it what it should be showing now. */
  pageReady(page: UiPage): void {
    if (this.technician && PAGE_EVENTS[page].includes('technician')) this.port.send(page, 'technician', this.technician);
    if (this.status && PAGE_EVENTS[page].includes('status')) this.port.send(page, 'status', this.status);
    for (const q of this.open.values()) if (q.page === page) this.port.send(page, q.event, q.payload);
  }

  showTechnician(technician: VerifiedTechnician): void {
    this.technician = technician;
    this.broadcast('technician', technician);
  }

  showFailure(message: string): void {
    this.port.show('consent');
    this.port.send('consent', 'failure', { message: message.slice(0, 2000) || 'The session cannot continue.' });
  }

  askConsent(context: ConsentContext): Promise<ConsentDecision | null> {
    return this.ask<ConsentDecision | null>('consent', 'consent.ask', (requestId) => ({ requestId, context }), null, (answer) => {
      const decision = answer as ConsentDecision | null;
      if (decision === null) return { value: null };
      const problem = decisionProblem(context, decision);
      return problem ? new TetherError('E_SCOPE_DENIED', problem) : { value: decision };
    });
  }

  askFileApproval(file: IncomingFile): Promise<boolean> {
    return this.ask<boolean>('file', 'file.ask', (requestId) => ({ requestId, file }), false, (answer) => ({ value: answer === true }));
  }

  showStatus(status: SessionStatus): void {
    this.status = status;
    if (status.phase === 'sharing' || status.phase === 'paused' || status.phase === 'reconnecting') this.port.show('indicator');
    this.broadcast('status', status);
    if (status.phase === 'ended') {
      this.port.hide('indicator');
      this.port.hide('overlay');
    }
  }

  showChat(message: ChatMessage): void {
    this.port.show('chat');
    this.port.send('chat', 'chat', message);
  }

  showAnnotation(stroke: AnnotationStrokeMessage | { type: 'annotation.clear' }): void {
    this.port.show('overlay');
    this.port.send('overlay', 'annotation', stroke);
  }

  askRating(): Promise<Rating | null> {
    return this.ask<Rating | null>('rating', 'rating.ask', (requestId) => ({ requestId }), null, (answer) => ({ value: answer }));
  }

  /** Called by the IPC router with a validated answer. */
  answer(page: UiPage, requestId: string, answer: unknown): TetherError | undefined {
    const q = this.open.get(requestId);
    if (!q || q.page !== page) return new TetherError('E_SESSION_UNKNOWN', `no open question ${requestId} on the ${page} page`);
    const settled = q.settle(answer);
    if (settled instanceof TetherError) return settled;
    this.close(requestId, q, settled.value);
    return undefined;
  }

  /** The session ended: every open question gets its refusal value and its window is closed. */
  closeAll(): void {
    for (const [id, q] of [...this.open]) this.close(id, q, q.fallback);
  }

  private ask<T>(page: UiPage, event: QuestionEvent, payloadOf: (id: string) => IpcEventMap[QuestionEvent], fallback: T, settle: OpenQuestion['settle']): Promise<T> {
    const requestId = this.newId();
    const payload = payloadOf(requestId);
    return new Promise<T>((resolve) => {
      this.open.set(requestId, { page, event, payload, settle, fallback, resolve: resolve as (v: unknown) => void });
      this.port.show(page);
      this.port.send(page, event, payload);
    });
  }

  private close(requestId: string, q: OpenQuestion, value: unknown): void {
    this.open.delete(requestId);
    this.port.send(q.page, 'question.closed', { requestId });
    if (![...this.open.values()].some((other) => other.page === q.page)) this.port.hide(q.page);
    q.resolve(value);
  }

  private broadcast<K extends 'technician' | 'status'>(event: K, payload: IpcEventMap[K]): void {
    for (const page of UI_PAGES) if (PAGE_EVENTS[page].includes(event)) this.port.send(page, event, payload);
  }
}
