// Builds raw session frames for negative tests, bypassing the encoder.
import { SESSION_MESSAGE_TAGS, concatBytes, decodeSessionMessage, utf8Encode, type SessionMessageType } from '../../src/index';

export function frame(type: SessionMessageType, body: Uint8Array | number[], v = 1): Uint8Array {
  return concatBytes(Uint8Array.of(v, SESSION_MESSAGE_TAGS[type]), Uint8Array.from(body));
}

export function jsonFrame(type: SessionMessageType, body: unknown): Uint8Array {
  return frame(type, utf8Encode(typeof body === 'string' ? body : JSON.stringify(body)));
}

/** 'ok' or the error code decodeSessionMessage returns. */
export function decodeCode(bytes: Uint8Array, maxBytes?: number): string {
  const result = decodeSessionMessage(bytes, maxBytes === undefined ? {} : { maxBytes });
  return result.ok ? 'ok' : result.error.code;
}
