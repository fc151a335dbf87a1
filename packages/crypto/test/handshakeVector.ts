// Builds the handshake golden vector from fixed randomness: fixed root and technician seeds, a fixed
// certificate, and a deterministic random source for both sides' ephemeral keys, nonce and session key.
import nacl from 'tweetnacl';
import { toHex, utf8Encode } from '@tether/protocol';
import { createAgentHandshake, createTechnicianHandshake, issueCertificate, transcriptBytes, type RandomBytes } from '../src/index';

export function deterministicRandom(label: string): { random: RandomBytes; draws: string[] } {
  let counter = 0;
  const draws: string[] = [];
  const random: RandomBytes = (n) => {
    if (n > 64) throw new RangeError('deterministic source gives at most 64 bytes per draw');
    const out = nacl.hash(utf8Encode(`${label}/${counter++}`)).slice(0, n);
    draws.push(toHex(out));
    return out;
  };
  return { random, draws };
}

export function buildHandshakeVector() {
  const rootSeed = new Uint8Array(32).fill(1);
  const techSeed = new Uint8Array(32).fill(2);
  const root = nacl.sign.keyPair.fromSeed(rootSeed);
  const tech = nacl.sign.keyPair.fromSeed(techSeed);
  const certificate = issueCertificate(root.secretKey, {
    serial: 'VECTOR-1', name: 'Ada Lovelace', employeeNo: 'E-1001', department: 'Support', org: 'Acme',
    techPub: tech.publicKey, notBefore: 1_700_000_000_000, notAfter: 1_800_000_000_000,
  });
  const code = '482913067';
  const agentRandom = deterministicRandom('agent');
  const techRandom = deterministicRandom('tech');
  const agent = createAgentHandshake({ rootPublicKey: root.publicKey, org: 'Acme', now: 1_750_000_000_000, code, random: agentRandom.random });
  const technician = createTechnicianHandshake({ certificate, techSecretKey: tech.secretKey, code, random: techRandom.random });
  const techHello = technician.receiveAgentHello(agent.hello);
  if (!techHello.ok) throw techHello.error;
  const agentDone = agent.receiveTechHello(techHello.value);
  if (!agentDone.ok) throw agentDone.error;
  const techKeys = technician.receiveAgentFinish(agentDone.value.finish);
  if (!techKeys.ok) throw techKeys.error;
  const keys = agentDone.value.keys;
  return {
    description: 'Tether handshake v1 with fixed randomness; see packages/crypto/src/handshakeTranscript.ts',
    inputs: {
      rootSeedHex: toHex(rootSeed), techSeedHex: toHex(techSeed), org: 'Acme', code, now: 1_750_000_000_000,
      agentRandomDraws: agentRandom.draws, techRandomDraws: techRandom.draws, certificate,
    },
    agentHello: { versions: agent.hello.versions, ephPubHex: toHex(agent.hello.ephPub), nonceHex: toHex(agent.hello.nonce), sessionPubHex: toHex(agent.hello.sessionPub) },
    techHello: { version: techHello.value.version, ephPubHex: toHex(techHello.value.ephPub), signatureHex: toHex(techHello.value.signature) },
    agentFinish: { signatureHex: toHex(agentDone.value.finish.signature) },
    transcriptHex: toHex(transcriptBytes({ version: keys.version, code, agentHello: agent.hello, techEphPub: techHello.value.ephPub, certificate })),
    transcriptHashHex: toHex(keys.transcriptHash),
    agentToTechKeyHex: toHex(keys.sendKey),
    techToAgentKeyHex: toHex(keys.receiveKey),
    sas: keys.sas,
    techSideMatches: toHex(techKeys.value.sendKey) === toHex(keys.receiveKey) && techKeys.value.sas === keys.sas,
  };
}
