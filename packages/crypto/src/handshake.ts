// The authenticated key exchange between agent and technician (DESIGN.md step 3):
//   agent -> agentHello {versions, ephPub, nonce, sessionPub}
//   tech  -> techHello  {version, ephPub, certificate, signature = tech key over the transcript hash}
//   agent verifies certificate (pinned root, org, validity, revocation) and signature, derives keys,
//   agent -> agentFinish {signature = agent session key over the transcript hash}; tech verifies it.
// Every failure is a typed Result (E_HANDSHAKE_FAILED, E_CERT_*, E_UNSUPPORTED_VERSION); a handshake object
// is single-use and dead after any failure. There is no fallback of any kind.
import nacl from 'tweetnacl';
import { PROTOCOL_VERSION, SUPPORTED_VERSIONS, equalBytes, err, fromBase64, negotiateVersion, ok, type Result } from '@tether/protocol';
import { verifyCertificate, type TechnicianCertificate } from './certificate';
import { assertKeyBytes } from './keys';
import { drawRandom, secureRandomBytes, type RandomBytes } from './randomSource';
import {
  AGENT_FINISH_PREFIX, TECH_SIGNATURE_PREFIX, deriveSessionKeys, signaturePayload, transcriptHash,
  type AgentFinish, type AgentHello, type SessionKeys, type TechHello,
} from './handshakeTranscript';

export interface AgentHandshakeOptions {
  rootPublicKey: Uint8Array;
  org: string;
  /** epoch ms used to check the certificate's validity window, or a clock read when the techHello arrives */
  now: number | (() => number);
  /** serials from a verified revocation list */
  revocations?: Iterable<string>;
  code: string;
  /** versions offered; defaults to SUPPORTED_VERSIONS */
  versions?: readonly number[];
  /** randomness source; tests inject a deterministic one */
  random?: RandomBytes;
}

export interface TechnicianHandshakeOptions {
  certificate: TechnicianCertificate;
  techSecretKey: Uint8Array;
  code: string;
  versions?: readonly number[];
  random?: RandomBytes;
}

export interface AgentHandshake {
  readonly hello: AgentHello;
  /** Verifies the technician; on success returns the finish message to send and the session keys. */
  receiveTechHello(message: TechHello): Result<{ finish: AgentFinish; keys: SessionKeys }>;
  readonly sessionPublicKey: Uint8Array;
  /** ed25519 signature by the agent's per-session key (consent grants, log counter-signatures). */
  signWithSessionKey(bytes: Uint8Array): Uint8Array;
}

export interface TechnicianHandshake {
  receiveAgentHello(message: AgentHello): Result<TechHello>;
  receiveAgentFinish(message: AgentFinish): Result<SessionKeys>;
}

const fail = (detail: string) => err('E_HANDSHAKE_FAILED', detail);

function isBytes(value: unknown, length: number): value is Uint8Array {
  return value instanceof Uint8Array && value.length === length;
}

function checkCode(code: unknown): asserts code is string {
  if (typeof code !== 'string' || code.length === 0 || code.length > 64) throw new TypeError('code must be a non-empty string of at most 64 characters');
}

function checkVersions(versions: readonly number[]): number[] {
  if (!Array.isArray(versions) || versions.length === 0 || versions.some((v) => !Number.isInteger(v) || v < 1 || v > 0xffff)) {
    throw new RangeError('versions must be a non-empty list of integers 1..65535');
  }
  return [...versions];
}

export function createAgentHandshake(options: AgentHandshakeOptions): AgentHandshake {
  assertKeyBytes(options.rootPublicKey, 32, 'root public key');
  checkCode(options.code);
  const random = options.random ?? secureRandomBytes;
  const versions = checkVersions(options.versions ?? SUPPORTED_VERSIONS);
  const ephSecret = drawRandom(random, 32);
  const nonce = drawRandom(random, 32);
  const session = nacl.sign.keyPair.fromSeed(drawRandom(random, 32));
  const hello: AgentHello = { versions, ephPub: nacl.scalarMult.base(ephSecret), nonce, sessionPub: session.publicKey };
  let used = false;

  function receiveTechHello(message: TechHello): Result<{ finish: AgentFinish; keys: SessionKeys }> {
    if (used) return fail('this handshake has already been used');
    used = true;
    try {
      return complete(message);
    } finally {
      ephSecret.fill(0);
    }
  }

  function complete(message: TechHello): Result<{ finish: AgentFinish; keys: SessionKeys }> {
    if (typeof message !== 'object' || message === null) return fail('techHello is not an object');
    if (!Number.isInteger(message.version) || !versions.includes(message.version)) {
      return err('E_UNSUPPORTED_VERSION', `the technician chose version ${String(message.version)}, we offered [${versions.join(', ')}]`);
    }
    if (!isBytes(message.ephPub, 32) || !isBytes(message.signature, 64)) return fail('techHello has malformed key or signature fields');
    const now = typeof options.now === 'function' ? options.now() : options.now;
    const verified = verifyCertificate(message.certificate, { rootPublicKey: options.rootPublicKey, org: options.org, now, revocations: options.revocations });
    if (!verified.ok) {
      return verified.reason === 'malformed' ? fail(`malformed certificate: ${verified.error.detail ?? ''}`) : { ok: false, error: verified.error };
    }
    const certificate = verified.cert;
    const hash = transcriptHash({ version: message.version, code: options.code, agentHello: hello, techEphPub: message.ephPub, certificate });
    if (!nacl.sign.detached.verify(signaturePayload(TECH_SIGNATURE_PREFIX, hash), message.signature, fromBase64(certificate.techPub))) {
      return fail('the technician signature over the handshake transcript is invalid (wrong code, tampering or interception)');
    }
    const derived = deriveSessionKeys(ephSecret, message.ephPub, hash);
    if (!derived) return fail('the technician ephemeral key is a low-order point');
    const finish = { signature: nacl.sign.detached(signaturePayload(AGENT_FINISH_PREFIX, hash), session.secretKey) };
    const keys: SessionKeys = {
      sendKey: derived.agentToTech, receiveKey: derived.techToAgent, sas: derived.sas, transcriptHash: hash,
      version: message.version, peerCertificate: certificate, agentSessionPub: session.publicKey,
    };
    return ok({ finish, keys });
  }

  return {
    hello,
    receiveTechHello,
    sessionPublicKey: session.publicKey,
    signWithSessionKey: (bytes) => {
      if (!(bytes instanceof Uint8Array)) throw new TypeError('signWithSessionKey takes a Uint8Array');
      return nacl.sign.detached(bytes, session.secretKey);
    },
  };
}

export function createTechnicianHandshake(options: TechnicianHandshakeOptions): TechnicianHandshake {
  assertKeyBytes(options.techSecretKey, 64, 'technician secret key');
  checkCode(options.code);
  const certPub = fromBase64(options.certificate.techPub);
  if (!equalBytes(certPub, nacl.sign.keyPair.fromSecretKey(options.techSecretKey).publicKey)) {
    throw new RangeError('the technician secret key does not match the certificate');
  }
  const random = options.random ?? secureRandomBytes;
  const versions = checkVersions(options.versions ?? [PROTOCOL_VERSION]);
  let state: 'awaiting-hello' | 'awaiting-finish' | 'done' = 'awaiting-hello';
  let pending: { hash: Uint8Array; keys: SessionKeys } | undefined;

  function receiveAgentHello(message: AgentHello): Result<TechHello> {
    if (state !== 'awaiting-hello') return fail('agentHello received out of order');
    state = 'done';
    if (typeof message !== 'object' || message === null) return fail('agentHello is not an object');
    if (!isBytes(message.ephPub, 32) || !isBytes(message.nonce, 32) || !isBytes(message.sessionPub, 32)) {
      return fail('agentHello has malformed key or nonce fields');
    }
    const negotiated = negotiateVersion(versions, message.versions);
    if (!negotiated.ok) return err('E_UNSUPPORTED_VERSION', negotiated.error.detail);
    const version = negotiated.value;
    const ephSecret = drawRandom(random, 32);
    const ephPub = nacl.scalarMult.base(ephSecret);
    const agentHello: AgentHello = { versions: [...message.versions], ephPub: message.ephPub.slice(), nonce: message.nonce.slice(), sessionPub: message.sessionPub.slice() };
    const hash = transcriptHash({ version, code: options.code, agentHello, techEphPub: ephPub, certificate: options.certificate });
    const derived = deriveSessionKeys(ephSecret, agentHello.ephPub, hash);
    ephSecret.fill(0);
    if (!derived) return fail('the agent ephemeral key is a low-order point');
    const signature = nacl.sign.detached(signaturePayload(TECH_SIGNATURE_PREFIX, hash), options.techSecretKey);
    pending = {
      hash,
      keys: { sendKey: derived.techToAgent, receiveKey: derived.agentToTech, sas: derived.sas, transcriptHash: hash, version, agentSessionPub: agentHello.sessionPub },
    };
    state = 'awaiting-finish';
    return ok({ version, ephPub, certificate: options.certificate, signature });
  }

  function receiveAgentFinish(message: AgentFinish): Result<SessionKeys> {
    if (state !== 'awaiting-finish' || !pending) return fail('agentFinish received out of order');
    state = 'done';
    const { hash, keys } = pending;
    pending = undefined;
    if (typeof message !== 'object' || message === null || !isBytes(message.signature, 64)) return fail('agentFinish is malformed');
    if (!nacl.sign.detached.verify(signaturePayload(AGENT_FINISH_PREFIX, hash), message.signature, keys.agentSessionPub)) {
      return fail('the agent finish signature is invalid (tampering or interception)');
    }
    return ok(keys);
  }

  return { receiveAgentHello, receiveAgentFinish };
}
