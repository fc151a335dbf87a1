// Handshake messages: they travel before session keys exist, so they are small fixed binary layouts
// with exact-length key fields. The certificate inside hs.techHello is checked for shape only here;
// @tether/crypto verifies its chain, dates, revocation and signature.
import { ByteReader, ByteWriter } from '../bytes';
import { ERROR_CODES, TetherError, type TetherErrorCode } from '../errors';
import { utf8Decode, utf8Encode } from '../textCodec';
import { jsonCodec, oversized, type SessionCodec } from './codec';
import { MAX_CERTIFICATE_BYTES, MAX_OFFERED_VERSIONS, MAX_REASON_CHARS, SESSION_HEADER_BYTES } from './limits';
import { PRINTABLE_ASCII, epochMsField, readWithSchema, textField, writeWithSchema, type ObjectSpec } from './schema';

export const KEY_BYTES = 32;
export const NONCE_BYTES = 32;
export const SIGNATURE_BYTES = 64;
/** Matches @tether/crypto's bound on certificate text fields. */
export const MAX_CERTIFICATE_TEXT_CHARS = 200;
/** A permission template id (also the id a certificate may name): 1-64 of A-Z a-z 0-9 _ -. */
export const TEMPLATE_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** Same shape as @tether/crypto's TechnicianCertificate (keys and signature base64, times epoch ms). */
export interface HandshakeCertificate {
  v: 1;
  serial: string;
  name: string;
  employeeNo: string;
  department: string;
  org: string;
  techPub: string;
  notBefore: number;
  notAfter: number;
  /**
   * Optional: the id of the permission template this technician must work under (the agent then refuses
   * consent until policy.template carries exactly this template). Absent on certificates issued without
   * one, which verify as before; when present, the root's signature covers it.
   */
  template?: string;
  signature: string;
}

export interface AgentHelloMessage {
  v: number;
  type: 'hs.agentHello';
  /** Protocol versions the agent supports (1..16 entries). */
  versions: number[];
  ephPub: Uint8Array;
  nonce: Uint8Array;
  /** The agent's per-session ed25519 public key (signs the consent grant and the log head). */
  sessionPub: Uint8Array;
}

export interface TechHelloMessage {
  v: number;
  type: 'hs.techHello';
  /** The version the technician chose from the agent's list. */
  version: number;
  ephPub: Uint8Array;
  certificate: HandshakeCertificate;
  /** ed25519 signature of the transcript hash by the certified key. */
  signature: Uint8Array;
}

export interface AgentFinishMessage {
  v: number;
  type: 'hs.agentFinish';
  signature: Uint8Array;
}

export interface HandshakeAbortMessage {
  v: number;
  type: 'hs.abort';
  code: TetherErrorCode;
  message: string;
}

export type HandshakeMessage = AgentHelloMessage | TechHelloMessage | AgentFinishMessage | HandshakeAbortMessage;

function fixed(bytes: Uint8Array, length: number, what: string): Uint8Array {
  if (!(bytes instanceof Uint8Array) || bytes.length !== length) throw new TypeError(`${what} must be ${length} bytes`);
  return bytes;
}

/** Copies a fixed-length field out of the frame so the message does not pin the whole frame buffer. */
function readFixed(r: ByteReader, length: number): Uint8Array {
  return r.raw(length).slice();
}

const agentHello: SessionCodec<AgentHelloMessage> = {
  type: 'hs.agentHello',
  tag: 0x01,
  lane: 0,
  maxBytes: SESSION_HEADER_BYTES + 1 + 2 * MAX_OFFERED_VERSIONS + 3 * KEY_BYTES,
  encode(msg) {
    const { versions } = msg;
    if (!Array.isArray(versions) || versions.length < 1 || versions.length > MAX_OFFERED_VERSIONS) {
      throw new RangeError(`versions must hold 1..${MAX_OFFERED_VERSIONS} entries`);
    }
    const w = new ByteWriter(128).u8(msg.v).u8(this.tag).u8(versions.length);
    for (const version of versions) w.u16(version);
    w.raw(fixed(msg.ephPub, KEY_BYTES, 'ephPub')).raw(fixed(msg.nonce, NONCE_BYTES, 'nonce')).raw(fixed(msg.sessionPub, KEY_BYTES, 'sessionPub'));
    return w.finish();
  },
  decode(bytes, v) {
    const r = new ByteReader(bytes.subarray(SESSION_HEADER_BYTES));
    const count = r.u8();
    if (count < 1 || count > MAX_OFFERED_VERSIONS) throw new TetherError('E_MALFORMED', `hs.agentHello offers ${count} versions`);
    const versions: number[] = [];
    for (let i = 0; i < count; i++) versions.push(r.u16());
    const msg: AgentHelloMessage = { v, type: 'hs.agentHello', versions, ephPub: readFixed(r, KEY_BYTES), nonce: readFixed(r, NONCE_BYTES), sessionPub: readFixed(r, KEY_BYTES) };
    r.end();
    return msg;
  },
};

const base64Of = (bytes: number) => new RegExp(`^[A-Za-z0-9+/]{${Math.floor(bytes / 3) * 4 + (bytes % 3 ? (bytes % 3) + 1 : 0)}}={0,2}$`);
export const CERTIFICATE_FIELDS: ObjectSpec = {
  v: { kind: 'literal', value: 1 },
  serial: { kind: 'string', min: 1, max: 64, pattern: PRINTABLE_ASCII },
  name: textField(MAX_CERTIFICATE_TEXT_CHARS, false, 1),
  employeeNo: textField(MAX_CERTIFICATE_TEXT_CHARS),
  department: textField(MAX_CERTIFICATE_TEXT_CHARS),
  org: textField(MAX_CERTIFICATE_TEXT_CHARS, false, 1),
  techPub: { kind: 'string', min: 44, max: 44, pattern: base64Of(KEY_BYTES) },
  notBefore: epochMsField,
  notAfter: epochMsField,
  template: { kind: 'string', min: 1, max: 64, pattern: TEMPLATE_ID_PATTERN, optional: true },
  signature: { kind: 'string', min: 88, max: 88, pattern: base64Of(SIGNATURE_BYTES) },
};

const TECH_HELLO_FIXED = 2 + KEY_BYTES + SIGNATURE_BYTES;
const techHello: SessionCodec<TechHelloMessage> = {
  type: 'hs.techHello',
  tag: 0x02,
  lane: 0,
  maxBytes: SESSION_HEADER_BYTES + TECH_HELLO_FIXED + MAX_CERTIFICATE_BYTES,
  encode(msg) {
    const cert = utf8Encode(JSON.stringify(writeWithSchema(CERTIFICATE_FIELDS, msg.certificate)));
    if (cert.length > MAX_CERTIFICATE_BYTES) throw new RangeError('certificate is too large');
    return new ByteWriter(256 + cert.length)
      .u8(msg.v).u8(this.tag).u16(msg.version)
      .raw(fixed(msg.ephPub, KEY_BYTES, 'ephPub')).raw(fixed(msg.signature, SIGNATURE_BYTES, 'signature'))
      .raw(cert)
      .finish();
  },
  decode(bytes, v) {
    const r = new ByteReader(bytes.subarray(SESSION_HEADER_BYTES));
    const version = r.u16();
    const ephPub = readFixed(r, KEY_BYTES);
    const signature = readFixed(r, SIGNATURE_BYTES);
    const certBytes = r.rest();
    if (certBytes.length > MAX_CERTIFICATE_BYTES) throw oversized('certificate', certBytes.length, MAX_CERTIFICATE_BYTES);
    let parsed: unknown;
    try {
      parsed = JSON.parse(utf8Decode(certBytes));
    } catch {
      throw new TetherError('E_MALFORMED', 'certificate is not UTF-8 JSON');
    }
    const certificate = readWithSchema(CERTIFICATE_FIELDS, parsed) as unknown as HandshakeCertificate;
    return { v, type: 'hs.techHello', version, ephPub, certificate, signature };
  },
};

const agentFinish: SessionCodec<AgentFinishMessage> = {
  type: 'hs.agentFinish',
  tag: 0x03,
  lane: 0,
  maxBytes: SESSION_HEADER_BYTES + SIGNATURE_BYTES,
  encode(msg) {
    return new ByteWriter(SESSION_HEADER_BYTES + SIGNATURE_BYTES).u8(msg.v).u8(this.tag).raw(fixed(msg.signature, SIGNATURE_BYTES, 'signature')).finish();
  },
  decode(bytes, v) {
    const r = new ByteReader(bytes.subarray(SESSION_HEADER_BYTES));
    const signature = readFixed(r, SIGNATURE_BYTES);
    r.end();
    return { v, type: 'hs.agentFinish', signature };
  },
};

export const ERROR_CODE_FIELD = { kind: 'enum', values: ERROR_CODES } as const;

const abort = jsonCodec<HandshakeAbortMessage>('hs.abort', 0x04, {
  code: ERROR_CODE_FIELD,
  message: textField(MAX_REASON_CHARS),
});

export const handshakeCodecs = { 'hs.agentHello': agentHello, 'hs.techHello': techHello, 'hs.agentFinish': agentFinish, 'hs.abort': abort };
