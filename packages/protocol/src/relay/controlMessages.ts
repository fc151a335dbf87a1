// Relay control messages: JSON text frames `{ v: 1, t: ... }` between a client and the relay.
// These are the only messages the relay understands; session content travels in opaque binary frames.
import { isTetherErrorCode, type TetherErrorCode } from '../errors';

export const RELAY_CONTROL_VERSION = 1;
/** Largest control text frame either side accepts (a certificate is well under 2 KiB). */
export const MAX_CONTROL_TEXT_BYTES = 16 * 1024;

export type RelayRole = 'technician' | 'agent';
export type PeerState = 'joined' | 'left' | 'rejoined';

/** Server -> client, first message on every connection. nonce: base64 of 32 random bytes. */
export interface HelloMessage { v: 1; t: 'hello'; nonce: string }
/** Technician -> server. cert: the technician certificate object; proof: base64 ed25519 signature of relayAuthMessage(nonce). */
export interface CreateMessage { v: 1; t: 'create'; cert: Record<string, unknown>; proof: string }
/** Server -> technician. expiresAt: epoch ms of code expiry. */
export interface CreatedMessage { v: 1; t: 'created'; sessionId: string; code: string; expiresAt: number; inviteUrl: string; resumeToken: string }
/** Agent -> server. code: the digits only. */
export interface JoinMessage { v: 1; t: 'join'; code: string }
/** Server -> agent after join, and -> either side after a successful rejoin (with a fresh resume token). */
export interface JoinedMessage { v: 1; t: 'joined'; sessionId: string; resumeToken: string }
/** Either side -> server, on a new connection after a drop. */
export interface RejoinMessage { v: 1; t: 'rejoin'; sessionId: string; role: RelayRole; resumeToken: string }
/** Server -> client: what happened to the other side. graceMs is set when state is 'left'. */
export interface PeerMessage { v: 1; t: 'peer'; state: PeerState; reason?: string; graceMs?: number }
/** Server -> client, just before the relay closes the socket with closeCodeFor(code). */
export interface ByeMessage { v: 1; t: 'bye'; code: TetherErrorCode; message: string }
/** Client -> server: end the session on purpose (no grace period). */
export interface LeaveMessage { v: 1; t: 'leave'; reason?: string }
/** Server -> client: this session lives on another relay node; reconnect there and send the same message. */
export interface RedirectMessage { v: 1; t: 'redirect'; url: string }

export type RelayClientMessage = CreateMessage | JoinMessage | RejoinMessage | LeaveMessage;
export type RelayServerMessage = HelloMessage | CreatedMessage | JoinedMessage | PeerMessage | ByeMessage | RedirectMessage;
export type RelayControlMessage = RelayClientMessage | RelayServerMessage;
export type RelayControlType = RelayControlMessage['t'];

export const CLIENT_MESSAGE_TYPES: readonly RelayClientMessage['t'][] = ['create', 'join', 'rejoin', 'leave'];
export const SERVER_MESSAGE_TYPES: readonly RelayServerMessage['t'][] = ['hello', 'created', 'joined', 'peer', 'bye', 'redirect'];

export const SESSION_CODE_PATTERN = /^[0-9]{9,16}$/;
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{16,128}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]+={0,2}$/;
const MAX_REASON = 500;

// Field checks: each returns an error detail, or undefined when the field is acceptable.
type FieldCheck = (value: unknown) => string | undefined;

const str = (max: number): FieldCheck => (v) => (typeof v === 'string' && v.length <= max ? undefined : `a string of at most ${max} characters`);
const matching = (pattern: RegExp, what: string): FieldCheck => (v) => (typeof v === 'string' && pattern.test(v) ? undefined : what);
const base64Of = (bytes: number): FieldCheck => (v) =>
  typeof v === 'string' && BASE64_PATTERN.test(v) && v.length === Math.ceil(bytes / 3) * 4 ? undefined : `base64 of ${bytes} bytes`;
const oneOf = (values: readonly string[]): FieldCheck => (v) => (typeof v === 'string' && values.includes(v) ? undefined : `one of ${values.join(', ')}`);
const timestamp: FieldCheck = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'a non-negative integer (epoch ms)');
const duration: FieldCheck = (v) => (Number.isSafeInteger(v) && (v as number) >= 0 ? undefined : 'a non-negative integer (ms)');
const plainObject: FieldCheck = (v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? undefined : 'an object');
const errorCode: FieldCheck = (v) => (isTetherErrorCode(v) ? undefined : 'a known error code');
const url: FieldCheck = (v) => (typeof v === 'string' && v.length <= 2048 && /^(wss?|https?|tether):\/\/\S+$/.test(v) ? undefined : 'a URL');

const token = matching(TOKEN_PATTERN, 'an opaque token (16-128 base64url characters)');

interface Schema { required: Record<string, FieldCheck>; optional?: Record<string, FieldCheck> }

export const CONTROL_SCHEMAS: Record<RelayControlType, Schema> = {
  hello: { required: { nonce: base64Of(32) } },
  create: { required: { cert: plainObject, proof: base64Of(64) } },
  created: {
    required: { sessionId: token, code: matching(SESSION_CODE_PATTERN, '9 to 16 digits'), expiresAt: timestamp, inviteUrl: url, resumeToken: token },
  },
  join: { required: { code: matching(SESSION_CODE_PATTERN, '9 to 16 digits') } },
  joined: { required: { sessionId: token, resumeToken: token } },
  rejoin: { required: { sessionId: token, role: oneOf(['technician', 'agent']), resumeToken: token } },
  peer: { required: { state: oneOf(['joined', 'left', 'rejoined']) }, optional: { reason: str(MAX_REASON), graceMs: duration } },
  bye: { required: { code: errorCode, message: str(MAX_REASON) } },
  leave: { required: {}, optional: { reason: str(MAX_REASON) } },
  redirect: { required: { url } },
};

/** Checks an already-parsed object against the schema of its type; returns an error detail or undefined. */
export function checkControlFields(type: RelayControlType, record: Record<string, unknown>): string | undefined {
  const schema = CONTROL_SCHEMAS[type];
  for (const [key, check] of Object.entries(schema.required)) {
    if (!(key in record)) return `${type}.${key} is missing`;
    const problem = check(record[key]);
    if (problem) return `${type}.${key} must be ${problem}`;
  }
  for (const key of Object.keys(record)) {
    if (key === 'v' || key === 't' || key in schema.required) continue;
    const check = schema.optional?.[key];
    if (!check) return `${type} has an unexpected field "${key}"`;
    if (record[key] === undefined) continue;
    const problem = check(record[key]);
    if (problem) return `${type}.${key} must be ${problem}`;
  }
  return undefined;
}
