// Session control: pause/resume/stop, liveness (ping/pong with the sender's clock), and errors.
import type { TetherErrorCode } from '../errors';
import { jsonCodec } from './codec';
import { ERROR_CODE_FIELD } from './handshake';
import { MAX_REASON_CHARS } from './limits';
import { epochMsField, textField } from './schema';

/** Who paused: a person on either side, or the link dropping. */
export type PauseActor = 'customer' | 'technician' | 'link';
/** Who stopped: as for pause, plus the grant's time limit. */
export type StopActor = PauseActor | 'timeout';
export const PAUSE_ACTORS: readonly PauseActor[] = ['customer', 'technician', 'link'];
export const STOP_ACTORS: readonly StopActor[] = ['customer', 'technician', 'link', 'timeout'];

export interface SessionPauseMessage {
  v: number;
  type: 'session.pause';
  by: PauseActor;
  reason?: string;
}

export interface SessionResumeMessage {
  v: number;
  type: 'session.resume';
}

export interface SessionStopMessage {
  v: number;
  type: 'session.stop';
  by: StopActor;
  reason: string;
}

export interface PingMessage {
  v: number;
  type: 'ping';
  /** Sender's clock (ms); echoed unchanged in pong to measure the round trip. */
  t: number;
}

export interface PongMessage {
  v: number;
  type: 'pong';
  t: number;
}

export interface SessionErrorMessage {
  v: number;
  type: 'error';
  code: TetherErrorCode;
  message: string;
}

export type ControlMessage = SessionPauseMessage | SessionResumeMessage | SessionStopMessage | PingMessage | PongMessage | SessionErrorMessage;

export const controlCodecs = {
  'session.pause': jsonCodec<SessionPauseMessage>('session.pause', 0x20, {
    by: { kind: 'enum', values: PAUSE_ACTORS },
    reason: textField(MAX_REASON_CHARS, true),
  }),
  'session.resume': jsonCodec<SessionResumeMessage>('session.resume', 0x21, {}),
  'session.stop': jsonCodec<SessionStopMessage>('session.stop', 0x22, {
    by: { kind: 'enum', values: STOP_ACTORS },
    reason: textField(MAX_REASON_CHARS),
  }),
  ping: jsonCodec<PingMessage>('ping', 0x23, { t: epochMsField }),
  pong: jsonCodec<PongMessage>('pong', 0x24, { t: epochMsField }),
  error: jsonCodec<SessionErrorMessage>('error', 0x25, { code: ERROR_CODE_FIELD, message: textField(MAX_REASON_CHARS) }),
};
