// Every session message type with its codec, one table; the compiler checks it is complete.
import type { SessionCodec } from './codec';
import { chatCodecs, type ChatFamilyMessage } from './chat';
import { consentCodecs, type ConsentMessage } from './consent';
import { controlCodecs, type ControlMessage } from './control';
import { fileCodecs, type FileMessage } from './files';
import { handshakeCodecs, type HandshakeMessage } from './handshake';
import { inputCodecs, type InputMessage } from './input';
import { policyCodecs, type PolicyMessage } from './policy';
import { reportCodecs, type ReportMessage } from './report';
import { streamCodecs, type StreamMessage } from './stream';

export type SessionMessage = HandshakeMessage | ConsentMessage | ControlMessage | InputMessage | ChatFamilyMessage | FileMessage | StreamMessage | ReportMessage | PolicyMessage;
export type SessionMessageType = SessionMessage['type'];
export type SessionMessageOf<T extends SessionMessageType> = Extract<SessionMessage, { type: T }>;

type Registry = { readonly [T in SessionMessageType]: SessionCodec<SessionMessageOf<T>> };

export const SESSION_CODECS: Registry = {
  ...handshakeCodecs,
  ...consentCodecs,
  ...controlCodecs,
  ...inputCodecs,
  ...chatCodecs,
  ...fileCodecs,
  ...streamCodecs,
  ...reportCodecs,
  ...policyCodecs,
};

export const SESSION_MESSAGE_TYPES = Object.keys(SESSION_CODECS) as SessionMessageType[];

/** Type tag (the second byte of every session message) per type. */
export const SESSION_MESSAGE_TAGS = Object.fromEntries(SESSION_MESSAGE_TYPES.map((t) => [t, SESSION_CODECS[t].tag])) as Record<SessionMessageType, number>;

const byTag: Array<SessionCodec<SessionMessage> | undefined> = new Array(256);
for (const type of SESSION_MESSAGE_TYPES) {
  const codec = SESSION_CODECS[type] as SessionCodec<SessionMessage>;
  if (codec.type !== type || byTag[codec.tag]) throw new Error(`session codec table is inconsistent at ${type}`);
  byTag[codec.tag] = codec;
}

export function codecForTag(tag: number): SessionCodec<SessionMessage> | undefined {
  return byTag[tag];
}

export function isSessionMessageType(value: unknown): value is SessionMessageType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(SESSION_CODECS, value);
}
