// The one typed IPC contract between the Electron main process and the agent's windows.
// Requests go renderer -> main (ipcRenderer.invoke on `tether:<name>`) and get an IpcReply back;
// events go main -> renderer on `tether:event:<name>`. Every payload and every reply is checked at
// runtime on the receiving side, and each page may only use the requests and receive the events it needs.
import type { AnnotationStrokeMessage, ChatMessage, NormRect, RevocablePermission, TetherErrorCode } from '@tether/protocol';
import { ERROR_CODES, MAX_CHAT_CHARS, MAX_REASON_CHARS, err, ok, type Result, type TetherError } from '@tether/protocol';
import type { ConsentContext, ConsentDecision, IncomingFile, Rating, SessionStatus, VerifiedTechnician } from '../session/customerPrompt';
import {
  ANNOTATION, CHAT_MESSAGE, CONSENT_CONTEXT, CONSENT_DECISION, ID_TEXT, INCOMING_FILE, MAX_MASKS, NORM_RECT, RATING,
  REVOCABLE_PERMISSION, SESSION_STATUS, VERIFIED_TECHNICIAN,
} from './ipcPayloads';
import { bool, list, literal, nullable, oneOf, optional, record, text, type Check } from './ipcSchema';

export const IPC_PREFIX = 'tether:';
export const IPC_EVENT_PREFIX = 'tether:event:';

export const UI_PAGES = ['consent', 'indicator', 'chat', 'overlay', 'file', 'rating'] as const;
export type UiPage = (typeof UI_PAGES)[number];

export type AnnotationEvent = AnnotationStrokeMessage | { type: 'annotation.clear'; v?: number };

export interface IpcRequestMap {
  'ui.ready': { page: UiPage };
  'consent.answer': { requestId: string; decision: ConsentDecision | null };
  'file.answer': { requestId: string; accepted: boolean };
  'rating.answer': { requestId: string; rating: Rating | null };
  'control.pause': Record<string, never>;
  'control.resume': Record<string, never>;
  'control.stop': { reason?: string };
  'control.revoke': { permission: RevocablePermission };
  'chat.send': { text: string };
  'masks.set': { masks: NormRect[] };
  /** The customer wants to send a file: main asks which one with the system's file chooser (never a path from a page). */
  'file.send': Record<string, never>;
}
export type IpcRequestName = keyof IpcRequestMap;

export interface IpcEventMap {
  technician: VerifiedTechnician;
  status: SessionStatus;
  failure: { message: string };
  'consent.ask': { requestId: string; context: ConsentContext };
  'file.ask': { requestId: string; file: IncomingFile };
  'rating.ask': { requestId: string };
  /** The question was answered elsewhere or the session ended: the page hides it. */
  'question.closed': { requestId: string };
  chat: ChatMessage;
  annotation: AnnotationEvent;
}
export type IpcEventName = keyof IpcEventMap;

export type IpcReply = { ok: true } | { ok: false; code: TetherErrorCode; message: string };

const EMPTY = record({});

export const REQUEST_CHECKS: { readonly [K in IpcRequestName]: Check } = {
  'ui.ready': record({ page: oneOf(UI_PAGES) }),
  'consent.answer': record({ requestId: ID_TEXT, decision: nullable(CONSENT_DECISION) }),
  'file.answer': record({ requestId: ID_TEXT, accepted: bool }),
  'rating.answer': record({ requestId: ID_TEXT, rating: nullable(RATING) }),
  'control.pause': EMPTY,
  'control.resume': EMPTY,
  'control.stop': record({ reason: optional(text(0, MAX_REASON_CHARS)) }),
  'control.revoke': record({ permission: REVOCABLE_PERMISSION }),
  'chat.send': record({ text: text(1, MAX_CHAT_CHARS) }),
  'masks.set': record({ masks: list(NORM_RECT, 0, MAX_MASKS) }),
  'file.send': EMPTY,
};

export const EVENT_CHECKS: { readonly [K in IpcEventName]: Check } = {
  technician: VERIFIED_TECHNICIAN,
  status: SESSION_STATUS,
  failure: record({ message: text(1, 2000) }),
  'consent.ask': record({ requestId: ID_TEXT, context: CONSENT_CONTEXT }),
  'file.ask': record({ requestId: ID_TEXT, file: INCOMING_FILE }),
  'rating.ask': record({ requestId: ID_TEXT }),
  'question.closed': record({ requestId: ID_TEXT }),
  chat: CHAT_MESSAGE,
  annotation: ANNOTATION,
};

const REPLY_CHECK: Check = (v, p) => {
  const success = record({ ok: literal(true) })(v, p);
  if (!success) return undefined;
  return record({ ok: literal(false), code: oneOf(ERROR_CODES), message: text(1, 2000) })(v, p);
};

/** Which requests each page may send (least privilege: the overlay can only say it is ready). */
export const PAGE_REQUESTS: { readonly [P in UiPage]: readonly IpcRequestName[] } = {
  consent: ['ui.ready', 'consent.answer', 'masks.set'],
  indicator: ['ui.ready', 'control.pause', 'control.resume', 'control.stop', 'control.revoke', 'file.send'],
  chat: ['ui.ready', 'chat.send'],
  overlay: ['ui.ready'],
  file: ['ui.ready', 'file.answer'],
  rating: ['ui.ready', 'rating.answer'],
};

/** Which events each page receives. */
export const PAGE_EVENTS: { readonly [P in UiPage]: readonly IpcEventName[] } = {
  consent: ['technician', 'consent.ask', 'question.closed', 'failure'],
  indicator: ['status', 'technician'],
  chat: ['chat', 'technician'],
  overlay: ['annotation'],
  file: ['file.ask', 'question.closed'],
  rating: ['rating.ask', 'question.closed'],
};

export const REQUEST_NAMES = Object.keys(REQUEST_CHECKS) as IpcRequestName[];
export const EVENT_NAMES = Object.keys(EVENT_CHECKS) as IpcEventName[];

export const requestChannel = (name: IpcRequestName): string => `${IPC_PREFIX}${name}`;
export const eventChannel = (name: IpcEventName): string => `${IPC_EVENT_PREFIX}${name}`;

/** The request name behind a channel string, or undefined for anything outside the contract. */
export function requestNameOf(channel: string): IpcRequestName | undefined {
  if (!channel.startsWith(IPC_PREFIX)) return undefined;
  const name = channel.slice(IPC_PREFIX.length);
  return (REQUEST_NAMES as string[]).includes(name) ? (name as IpcRequestName) : undefined;
}

function checked<T>(check: Check, value: unknown, what: string): Result<T> {
  const problem = check(value, what);
  return problem ? err('E_MALFORMED', problem) : ok(value as T);
}

export function validateRequest<K extends IpcRequestName>(name: K, payload: unknown): Result<IpcRequestMap[K]> {
  const check = REQUEST_CHECKS[name] as Check | undefined;
  if (!check) return err('E_UNKNOWN_TYPE', `IPC request ${String(name)}`);
  return checked(check, payload, name);
}

export function validateEvent<K extends IpcEventName>(name: K, payload: unknown): Result<IpcEventMap[K]> {
  const check = EVENT_CHECKS[name] as Check | undefined;
  if (!check) return err('E_UNKNOWN_TYPE', `IPC event ${String(name)}`);
  return checked(check, payload, name);
}

export function validateReply(reply: unknown): Result<IpcReply> {
  return checked(REPLY_CHECK, reply, 'reply');
}

export function replyFor(error: TetherError): IpcReply {
  return { ok: false, code: error.code, message: error.message };
}
