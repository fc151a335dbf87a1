// Main's side of the IPC contract: every request is checked for channel, sender, the sender page's
// allow-list and payload shape before a handler runs. Failures come back as typed replies, never throws.
import { TetherError } from '@tether/protocol';
import {
  PAGE_REQUESTS, replyFor, requestNameOf, validateRequest,
  type IpcReply, type IpcRequestMap, type IpcRequestName, type UiPage,
} from '../common/ipc/ipcContract';
import { pageOfSender, type IpcSender } from './senderGuard';

type HandlerResult = void | TetherError | undefined;
/** A handler answers at once, or (for requests that wait on the customer, like choosing a file) later. */
export type IpcHandlers = { readonly [K in IpcRequestName]: (payload: IpcRequestMap[K], page: UiPage) => HandlerResult | Promise<HandlerResult> };

export interface IpcRouter {
  handle(channel: string, sender: IpcSender, payload: unknown): IpcReply | Promise<IpcReply>;
}

export function createIpcRouter(windows: ReadonlyMap<number, UiPage>, handlers: IpcHandlers, onRefused?: (why: string) => void): IpcRouter {
  const refuse = (error: TetherError): IpcReply => {
    onRefused?.(error.message);
    return replyFor(error);
  };
  return {
    handle(channel, sender, payload) {
      const name = requestNameOf(channel);
      if (!name) return refuse(new TetherError('E_UNKNOWN_TYPE', `IPC channel ${channel}`));
      const page = pageOfSender(sender, windows);
      if (!page) return refuse(new TetherError('E_AUTH_FAILED', `IPC ${name} from an unknown sender`));
      if (!PAGE_REQUESTS[page].includes(name)) return refuse(new TetherError('E_SCOPE_DENIED', `the ${page} page may not send ${name}`));
      const request = validateRequest(name, payload);
      if (!request.ok) return refuse(request.error);
      const failed = (e: unknown): IpcReply => refuse(e instanceof TetherError ? e : new TetherError('E_INTERNAL', e instanceof Error ? e.message : String(e)));
      const settle = (failure: HandlerResult): IpcReply => (failure ? refuse(failure) : { ok: true });
      try {
        const handler = handlers[name] as (p: unknown, page: UiPage) => HandlerResult | Promise<HandlerResult>;
        const result = handler(request.value, page);
        return result instanceof Promise ? result.then(settle, failed) : settle(result);
      } catch (e) {
        return failed(e);
      }
    },
  };
}
