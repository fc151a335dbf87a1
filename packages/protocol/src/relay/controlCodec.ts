// Encode and decode relay control messages (JSON text frames). Neither function throws: failures are
// typed results (E_MALFORMED, E_OVERSIZED, E_UNKNOWN_TYPE, E_UNSUPPORTED_VERSION).
import { err, ok, type Result } from '../result';
import { utf8Encode } from '../textCodec';
import {
  CLIENT_MESSAGE_TYPES,
  CONTROL_SCHEMAS,
  MAX_CONTROL_TEXT_BYTES,
  RELAY_CONTROL_VERSION,
  SERVER_MESSAGE_TYPES,
  checkControlFields,
  type RelayClientMessage,
  type RelayControlMessage,
  type RelayControlType,
  type RelayServerMessage,
} from './controlMessages';

function isControlType(value: unknown): value is RelayControlType {
  return typeof value === 'string' && Object.prototype.hasOwnProperty.call(CONTROL_SCHEMAS, value);
}

function validate(value: unknown): Result<RelayControlMessage> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err('E_MALFORMED', 'a control message must be a JSON object');
  const record = value as Record<string, unknown>;
  if (record.v !== RELAY_CONTROL_VERSION) {
    return typeof record.v === 'number'
      ? err('E_UNSUPPORTED_VERSION', `relay control version ${record.v}, expected ${RELAY_CONTROL_VERSION}`)
      : err('E_MALFORMED', 'control message without a numeric "v"');
  }
  if (typeof record.t !== 'string') return err('E_MALFORMED', 'control message without a string "t"');
  if (!isControlType(record.t)) return err('E_UNKNOWN_TYPE', `unknown relay control type "${record.t.slice(0, 40)}"`);
  const problem = checkControlFields(record.t, record);
  if (problem) return err('E_MALFORMED', problem);
  return ok(record as unknown as RelayControlMessage);
}

/** Serialises a control message after validating it, so a bad message never reaches the wire. */
export function encodeRelayControl(message: RelayControlMessage): Result<string> {
  const checked = validate(message);
  if (!checked.ok) return checked;
  const text = JSON.stringify(message);
  if (utf8Encode(text).length > MAX_CONTROL_TEXT_BYTES) return err('E_OVERSIZED', `control message over ${MAX_CONTROL_TEXT_BYTES} bytes`);
  return ok(text);
}

/** Parses and validates a control text frame of any direction. */
export function decodeRelayControl(text: string): Result<RelayControlMessage> {
  if (typeof text !== 'string') return err('E_MALFORMED', 'control frame must be text');
  if (text.length > MAX_CONTROL_TEXT_BYTES || utf8Encode(text).length > MAX_CONTROL_TEXT_BYTES) {
    return err('E_OVERSIZED', `control frame over ${MAX_CONTROL_TEXT_BYTES} bytes`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return err('E_MALFORMED', 'control frame is not valid JSON');
  }
  return validate(parsed);
}

/** Decodes a message a client sent; server-only types are refused as E_UNKNOWN_TYPE. */
export function decodeClientMessage(text: string): Result<RelayClientMessage> {
  const decoded = decodeRelayControl(text);
  if (!decoded.ok) return decoded;
  if (!(CLIENT_MESSAGE_TYPES as readonly string[]).includes(decoded.value.t)) return err('E_UNKNOWN_TYPE', `"${decoded.value.t}" is not a client message`);
  return ok(decoded.value as RelayClientMessage);
}

/** Decodes a message the relay sent; client-only types are refused as E_UNKNOWN_TYPE. */
export function decodeServerMessage(text: string): Result<RelayServerMessage> {
  const decoded = decodeRelayControl(text);
  if (!decoded.ok) return decoded;
  if (!(SERVER_MESSAGE_TYPES as readonly string[]).includes(decoded.value.t)) return err('E_UNKNOWN_TYPE', `"${decoded.value.t}" is not a server message`);
  return ok(decoded.value as RelayServerMessage);
}
