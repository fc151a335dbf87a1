// The shape every per-type codec has, plus the JSON-body codec used by all non-hot-path control messages.
// Wire: [version u8][tag u8][body]. A codec's decode throws TetherError; the public decoder turns that
// into a Result. A codec's encode throws TypeError/RangeError on a message that breaks the contract.
import { TetherError } from '../errors';
import { utf8Decode, utf8Encode } from '../textCodec';
import { MAX_JSON_BODY_BYTES, SESSION_HEADER_BYTES } from './limits';
import { readWithSchema, writeWithSchema, type ObjectSpec } from './schema';

/** Which relay lane a message travels on: 0 control (never dropped), 1 video (droppable), 2 bulk (files). */
export type SessionLane = 0 | 1 | 2;

export interface SessionMessageBase {
  /** Protocol version of the message format (see SUPPORTED_VERSIONS). */
  v: number;
  type: string;
}

export interface SessionCodec<M extends SessionMessageBase> {
  readonly type: M['type'];
  readonly tag: number;
  readonly lane: SessionLane;
  /** Largest whole message (header included) this type allows; its decode enforces it. */
  readonly maxBytes: number;
  encode(msg: M): Uint8Array;
  /** `bytes` is the whole message; the header has already been checked. */
  decode(bytes: Uint8Array, v: number): M;
}

/** Allocates a message buffer of `bodyLength` + header and writes the header. */
export function allocMessage(v: number, tag: number, bodyLength: number): Uint8Array {
  const out = new Uint8Array(SESSION_HEADER_BYTES + bodyLength);
  out[0] = v;
  out[1] = tag;
  return out;
}

/** An integer field within bounds, for encoders: RangeError naming the field otherwise. */
export function checkInt(value: number, min: number, max: number, what: string): number {
  if (!Number.isInteger(value) || value < min || value > max) throw new RangeError(`${what} must be an integer ${min}..${max}`);
  return value;
}

export function oversized(what: string, size: number, max: number): TetherError {
  return new TetherError('E_OVERSIZED', `${what} of ${size} bytes exceeds ${max}`);
}

/**
 * The payload of a binary message with a fixed header of `headerBytes` (tag and version included): refuses
 * a cut-off header and a payload over `maxBytes`, naming the message `type`.
 */
export function payloadAfter(bytes: Uint8Array, headerBytes: number, maxBytes: number, type: string): Uint8Array {
  if (bytes.length < headerBytes) throw new TetherError('E_MALFORMED', `${type} header is truncated`);
  const data = bytes.subarray(headerBytes);
  if (data.length > maxBytes) throw oversized(`${type} data`, data.length, maxBytes);
  return data;
}

/** Copies every field but v and type: what the schema checks. */
function bodyFields(msg: SessionMessageBase): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(msg)) if (key !== 'v' && key !== 'type') out[key] = (msg as unknown as Record<string, unknown>)[key];
  return out;
}

export interface JsonCodecOptions {
  lane?: SessionLane;
  maxBodyBytes?: number;
  refine?: (fields: Record<string, unknown>) => string | undefined;
}

/** A message whose body is UTF-8 JSON checked against `fields` (no unknown fields, bounds, enums). */
export function jsonCodec<M extends SessionMessageBase>(type: M['type'], tag: number, fields: ObjectSpec, options: JsonCodecOptions = {}): SessionCodec<M> {
  const maxBody = options.maxBodyBytes ?? MAX_JSON_BODY_BYTES;
  return {
    type,
    tag,
    lane: options.lane ?? 0,
    maxBytes: SESSION_HEADER_BYTES + maxBody,
    encode(msg) {
      const body = utf8Encode(JSON.stringify(writeWithSchema(fields, bodyFields(msg), options.refine)));
      if (body.length > maxBody) throw new RangeError(`${type} body of ${body.length} bytes exceeds ${maxBody}`);
      const out = allocMessage(msg.v, tag, body.length);
      out.set(body, SESSION_HEADER_BYTES);
      return out;
    },
    decode(bytes, v) {
      const body = bytes.subarray(SESSION_HEADER_BYTES);
      if (body.length > maxBody) throw oversized(`${type} body`, body.length, maxBody);
      let parsed: unknown;
      try {
        parsed = JSON.parse(utf8Decode(body));
      } catch {
        throw new TetherError('E_MALFORMED', `${type} body is not UTF-8 JSON`);
      }
      const checked = readWithSchema(fields, parsed, options.refine);
      return { v, type, ...checked } as unknown as M;
    },
  };
}
