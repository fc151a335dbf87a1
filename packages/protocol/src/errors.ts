// The one error family. Every code maps to a WebSocket close code (4000-4999) and to a message a person
// can act on. Codes are stable on the wire; retired codes stay reserved (never reuse a close code).

export const ERROR_TABLE = {
  E_MALFORMED: { close: 4000, message: 'The message could not be read (malformed data).' },
  E_OVERSIZED: { close: 4001, message: 'The message is larger than allowed.' },
  E_UNKNOWN_TYPE: { close: 4002, message: 'The message type is unknown.' },
  E_UNSUPPORTED_VERSION: { close: 4003, message: 'The other side speaks a protocol version this program does not support. Update Tether.' },
  E_CODE_INVALID: { close: 4010, message: 'That session code is not valid. Check the digits with your technician.' },
  E_CODE_EXPIRED: { close: 4011, message: 'That session code has expired. Ask your technician for a new one.' },
  E_CODE_USED: { close: 4012, message: 'That session code has already been used. Ask your technician for a new one.' },
  E_RATE_LIMITED: { close: 4013, message: 'Too many attempts. Wait a moment and try again.' },
  E_LOCKED_OUT: { close: 4014, message: 'Too many wrong codes from this network. Try again later.' },
  E_AUTH_FAILED: { close: 4020, message: 'The technician could not be authenticated.' },
  E_CERT_EXPIRED: { close: 4021, message: "The technician's certificate has expired." },
  E_CERT_NOT_YET_VALID: { close: 4022, message: "The technician's certificate is not valid yet." },
  E_CERT_REVOKED: { close: 4023, message: "The technician's certificate has been revoked by the organisation." },
  E_CERT_BAD_SIGNATURE: { close: 4024, message: "The technician's certificate is not signed by the expected organisation. Do not continue." },
  E_CERT_WRONG_ORG: { close: 4025, message: 'The technician belongs to a different organisation than the one this agent trusts.' },
  E_HANDSHAKE_FAILED: { close: 4026, message: 'The secure connection could not be established.' },
  E_DECRYPT_FAILED: { close: 4030, message: 'A message failed its integrity check and was rejected.' },
  E_REPLAY: { close: 4031, message: 'A repeated or out-of-order message was rejected.' },
  E_SCOPE_DENIED: { close: 4040, message: 'That action is outside what the customer allowed.' },
  E_PEER_GONE: { close: 4050, message: 'The other side disconnected.' },
  E_IDLE_TIMEOUT: { close: 4051, message: 'The session was idle for too long and was closed.' },
  E_SESSION_TIMEOUT: { close: 4052, message: 'The session reached its time limit.' },
  E_SESSION_ENDED: { close: 4053, message: 'The session has ended.' },
  E_SESSION_UNKNOWN: { close: 4054, message: 'That session does not exist (any more).' },
  E_BACKPRESSURE: { close: 4060, message: 'The connection is too slow to keep up.' },
  E_BAD_ARGUMENT: { close: 4070, message: 'An argument was missing or invalid.' },
  E_INTERNAL: { close: 4099, message: 'An internal error occurred.' },
} as const satisfies Record<string, { close: number; message: string }>;

export type TetherErrorCode = keyof typeof ERROR_TABLE;

export const ERROR_CODES = Object.keys(ERROR_TABLE) as TetherErrorCode[];

export class TetherError extends Error {
  readonly code: TetherErrorCode;
  readonly closeCode: number;
  readonly detail: string | undefined;

  constructor(code: TetherErrorCode, detail?: string) {
    const entry = ERROR_TABLE[code];
    super(detail ? `${entry.message} (${detail})` : entry.message);
    this.name = 'TetherError';
    this.code = code;
    this.closeCode = entry.close;
    this.detail = detail;
  }
}

export function tetherError(code: TetherErrorCode, detail?: string): TetherError {
  return new TetherError(code, detail);
}

export function isTetherErrorCode(value: unknown): value is TetherErrorCode {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(ERROR_TABLE, value);
}

export function closeCodeFor(code: TetherErrorCode): number {
  return ERROR_TABLE[code].close;
}

export function messageFor(code: TetherErrorCode): string {
  return ERROR_TABLE[code].message;
}

const byClose = new Map<number, TetherErrorCode>(ERROR_CODES.map((code) => [ERROR_TABLE[code].close, code]));

/** Maps a WebSocket close code back to its error code; undefined for codes outside the Tether range. */
export function codeForClose(closeCode: number): TetherErrorCode | undefined {
  return byClose.get(closeCode);
}
