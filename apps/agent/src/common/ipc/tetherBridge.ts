// `window.tether`: the only API the agent's pages get. The preload builds it from ipcRenderer with
// createTetherBridge(); tests build it from a fake transport. Requests are checked before they leave,
// replies and events are checked when they arrive, so a page never sees a value outside the contract.
import type { NormRect, RevocablePermission } from '@tether/protocol';
import type { ConsentDecision, Rating } from '../session/customerPrompt';
import {
  EVENT_NAMES, eventChannel, replyFor, requestChannel, validateEvent, validateReply, validateRequest,
  type IpcEventMap, type IpcEventName, type IpcReply, type IpcRequestMap, type IpcRequestName, type UiPage,
} from './ipcContract';

export interface TetherBridge {
  /** A page says it is listening; main then sends it the current state. */
  ready(page: UiPage): Promise<IpcReply>;
  answerConsent(requestId: string, decision: ConsentDecision | null): Promise<IpcReply>;
  answerFile(requestId: string, accepted: boolean): Promise<IpcReply>;
  answerRating(requestId: string, rating: Rating | null): Promise<IpcReply>;
  pause(): Promise<IpcReply>;
  resume(): Promise<IpcReply>;
  stop(reason?: string): Promise<IpcReply>;
  revoke(permission: RevocablePermission): Promise<IpcReply>;
  sendChat(text: string): Promise<IpcReply>;
  setMasks(masks: NormRect[]): Promise<IpcReply>;
  /** Asks main to let the customer pick a file and send it; resolves when it was sent (or not). */
  sendFile(): Promise<IpcReply>;
  /** Subscribes to one event; returns the unsubscribe function. */
  on<K extends IpcEventName>(event: K, listener: (payload: IpcEventMap[K]) => void): () => void;
}

export interface BridgeTransport {
  invoke(channel: string, payload: unknown): Promise<unknown>;
  subscribe(channel: string, listener: (payload: unknown) => void): () => void;
  /** Where a dropped (invalid) event is reported; it never reaches the page. */
  onInvalidEvent?(event: string, problem: string): void;
}

export function createTetherBridge(transport: BridgeTransport): TetherBridge {
  const call = async <K extends IpcRequestName>(name: K, payload: IpcRequestMap[K]): Promise<IpcReply> => {
    const request = validateRequest(name, payload);
    if (!request.ok) return replyFor(request.error);
    const reply = validateReply(await transport.invoke(requestChannel(name), request.value));
    return reply.ok ? reply.value : replyFor(reply.error);
  };
  return {
    ready: (page) => call('ui.ready', { page }),
    answerConsent: (requestId, decision) => call('consent.answer', { requestId, decision }),
    answerFile: (requestId, accepted) => call('file.answer', { requestId, accepted }),
    answerRating: (requestId, rating) => call('rating.answer', { requestId, rating }),
    pause: () => call('control.pause', {}),
    resume: () => call('control.resume', {}),
    stop: (reason) => call('control.stop', reason === undefined ? {} : { reason }),
    revoke: (permission) => call('control.revoke', { permission }),
    sendChat: (text) => call('chat.send', { text }),
    setMasks: (masks) => call('masks.set', { masks }),
    sendFile: () => call('file.send', {}),
    on: (event, listener) => {
      if (!(EVENT_NAMES as string[]).includes(event)) throw new TypeError(`unknown Tether event ${String(event)}`);
      if (typeof listener !== 'function') throw new TypeError('listener must be a function');
      return transport.subscribe(eventChannel(event), (payload) => {
        const valid = validateEvent(event, payload);
        if (valid.ok) listener(valid.value);
        else transport.onInvalidEvent?.(event, valid.error.message);
      });
    },
  };
}
