// Handshake building blocks: message shapes, the transcript encoding and hash, the signature payloads and
// the session key schedule. handshake.ts drives the two state machines on top of these.
//
// Transcript (all length-prefixed with a varint, integers big-endian):
//   "tether handshake v1" | u16 version | code | agent ephPub | agent nonce | agent sessionPub |
//   varint n + n x u16 versions offered | tech ephPub | canonicalCertificateBytes(certificate)
// transcriptHash = SHA-512(transcript), full 64 bytes.
// Signatures are over a per-purpose prefix + transcriptHash, so a technician or session key signature made
// here can never be replayed as a log entry, consent grant or relay proof (and vice versa).
// Keys: shared = X25519(eph secret, peer eph public); prk = HKDF-Extract(salt = transcriptHash, shared);
//   agent->tech = Expand(prk, "tether v1 agent->tech", 32), tech->agent = Expand(prk, "tether v1 tech->agent", 32),
//   sas = u32 big-endian of Expand(prk, "tether v1 sas", 4) mod 10^6, zero-padded to 6 digits.
import nacl from 'tweetnacl';
import { ByteWriter, concatBytes, utf8Encode } from '@tether/protocol';
import { canonicalCertificateBytes, type TechnicianCertificate } from './certificate';
import { hkdfExpand, hkdfExtract } from './kdf';

export interface AgentHello {
  versions: number[];
  ephPub: Uint8Array;
  nonce: Uint8Array;
  sessionPub: Uint8Array;
}

export interface TechHello {
  version: number;
  ephPub: Uint8Array;
  certificate: TechnicianCertificate;
  signature: Uint8Array;
}

export interface AgentFinish {
  signature: Uint8Array;
}

export interface SessionKeys {
  /** 32-byte secretbox key for frames this side sends */
  sendKey: Uint8Array;
  /** 32-byte secretbox key for frames this side receives */
  receiveKey: Uint8Array;
  /** 6 decimal digits, identical on both sides, for an optional spoken check */
  sas: string;
  /** SHA-512 of the transcript (64 bytes) */
  transcriptHash: Uint8Array;
  version: number;
  /** the verified technician certificate (agent side only) */
  peerCertificate?: TechnicianCertificate;
  /** the agent's per-session ed25519 public key (verifies consent grants and log counter-signatures) */
  agentSessionPub: Uint8Array;
}

export interface TranscriptParts {
  version: number;
  code: string;
  agentHello: AgentHello;
  techEphPub: Uint8Array;
  certificate: TechnicianCertificate;
}

const DOMAIN = 'tether handshake v1';
export const TECH_SIGNATURE_PREFIX = utf8Encode('tether handshake technician signature v1\0');
export const AGENT_FINISH_PREFIX = utf8Encode('tether handshake agent finish v1\0');

export function transcriptBytes(parts: TranscriptParts): Uint8Array {
  const writer = new ByteWriter(512)
    .string(DOMAIN, utf8Encode)
    .u16(parts.version)
    .string(parts.code, utf8Encode)
    .bytes(parts.agentHello.ephPub)
    .bytes(parts.agentHello.nonce)
    .bytes(parts.agentHello.sessionPub)
    .varint(parts.agentHello.versions.length);
  for (const v of parts.agentHello.versions) writer.u16(v);
  return writer.bytes(parts.techEphPub).bytes(canonicalCertificateBytes(parts.certificate)).finish();
}

export function transcriptHash(parts: TranscriptParts): Uint8Array {
  return nacl.hash(transcriptBytes(parts));
}

export function signaturePayload(prefix: Uint8Array, hash: Uint8Array): Uint8Array {
  return concatBytes(prefix, hash);
}

export interface DerivedKeys {
  agentToTech: Uint8Array;
  techToAgent: Uint8Array;
  sas: string;
}

/** Returns undefined when the shared secret is all zeros (a low-order peer key): the handshake must fail. */
export function deriveSessionKeys(ephSecret: Uint8Array, peerEphPub: Uint8Array, hash: Uint8Array): DerivedKeys | undefined {
  const shared = nacl.scalarMult(ephSecret, peerEphPub);
  let nonZero = 0;
  for (const b of shared) nonZero |= b;
  if (nonZero === 0) return undefined;
  const prk = hkdfExtract(hash, shared);
  shared.fill(0);
  const sasBytes = hkdfExpand(prk, utf8Encode('tether v1 sas'), 4);
  const sasNumber = new DataView(sasBytes.buffer, sasBytes.byteOffset, 4).getUint32(0) % 1_000_000;
  const keys = {
    agentToTech: hkdfExpand(prk, utf8Encode('tether v1 agent->tech'), 32),
    techToAgent: hkdfExpand(prk, utf8Encode('tether v1 tech->agent'), 32),
    sas: String(sasNumber).padStart(6, '0'),
  };
  prk.fill(0);
  return keys;
}
