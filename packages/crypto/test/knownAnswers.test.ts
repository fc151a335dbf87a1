// Known-answer and cross-implementation tests: tweetnacl (and our constructions on top of it) against
// @noble/curves, @noble/hashes and libsodium, plus the committed handshake golden vector.
import { beforeAll, describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { ed25519, x25519 } from '@noble/curves/ed25519';
import { expand, extract } from '@noble/hashes/hkdf';
import { sha512 } from '@noble/hashes/sha512';
import { concatBytes, fromBase64, fromHex, toHex, utf8Encode } from '@tether/protocol';
import { AGENT_FINISH_PREFIX, FrameOpener, FrameSealer, LANE_BULK, TECH_SIGNATURE_PREFIX, certificateSigningBytes, issueCertificate, openArchive } from '../src/index';
import { buildHandshakeVector } from './handshakeVector';
import { loadSodium, type Sodium } from './libsodium';
import handshakeVector from './vectors/handshake-v1.json';

let sodium: Sodium;
beforeAll(async () => {
  sodium = await loadSodium();
});

describe('primitives agree with noble and libsodium', () => {
  it('ed25519 keys and signatures', () => {
    for (let i = 0; i < 20; i++) {
      const seed = nacl.randomBytes(32);
      const message = nacl.randomBytes(i * 13);
      const pair = nacl.sign.keyPair.fromSeed(seed);
      expect(toHex(pair.publicKey)).toBe(toHex(ed25519.getPublicKey(seed)));
      const signature = nacl.sign.detached(message, pair.secretKey);
      expect(toHex(signature)).toBe(toHex(ed25519.sign(message, seed)));
      expect(toHex(signature)).toBe(toHex(sodium.crypto_sign_detached(message, sodium.crypto_sign_seed_keypair(seed).privateKey)));
      expect(ed25519.verify(signature, message, pair.publicKey)).toBe(true);
    }
  });

  it('x25519', () => {
    for (let i = 0; i < 20; i++) {
      const a = nacl.randomBytes(32);
      const b = nacl.box.keyPair();
      const ours = nacl.scalarMult(a, b.publicKey);
      expect(toHex(ours)).toBe(toHex(x25519.getSharedSecret(a, b.publicKey)));
      expect(toHex(ours)).toBe(toHex(sodium.crypto_scalarmult(a, b.publicKey)));
      expect(toHex(nacl.scalarMult.base(a))).toBe(toHex(x25519.getPublicKey(a)));
    }
  });

  it('secretbox and sealed frames match libsodium crypto_secretbox_easy', () => {
    const key = nacl.randomBytes(32);
    for (const size of [0, 1, 31, 32, 63, 64, 65, 1000, 70_000]) {
      const nonce = nacl.randomBytes(24);
      const message = nacl.randomBytes(size);
      expect(toHex(nacl.secretbox(message, nonce, key))).toBe(toHex(sodium.crypto_secretbox_easy(message, nonce, key)));
    }
    const sealer = new FrameSealer(key);
    const opener = new FrameOpener(key);
    for (let counter = 0; counter < 3; counter++) {
      const message = nacl.randomBytes(100 + counter);
      const nonce = new Uint8Array(24);
      nonce[0] = LANE_BULK;
      nonce[23] = counter;
      const frame = sealer.seal(LANE_BULK, message);
      expect(toHex(frame.subarray(8))).toBe(toHex(sodium.crypto_secretbox_easy(message, nonce, key)));
      const foreign = concatBytes(new Uint8Array([0, 0, 0, 0, 0, 0, 0, counter]), sodium.crypto_secretbox_easy(message, nonce, key));
      const opened = opener.open(LANE_BULK, foreign);
      expect(opened.ok && toHex(opened.value)).toBe(toHex(message));
    }
  });

  it('opens an archive built independently with noble and libsodium', () => {
    const archive = nacl.box.keyPair();
    const eph = nacl.randomBytes(32);
    const ephPub = x25519.getPublicKey(eph);
    const key = expand(sha512, extract(sha512, x25519.getSharedSecret(eph, archive.publicKey), concatBytes(ephPub, archive.publicKey)), utf8Encode('tether archive v1'), 32);
    const record = (flag: number, counter: number, chunk: Uint8Array) => {
      const nonce = new Uint8Array(24);
      nonce[0] = flag;
      nonce[23] = counter;
      const box = sodium.crypto_secretbox_easy(chunk, nonce, key);
      const header = new Uint8Array(5);
      header[0] = flag;
      new DataView(header.buffer).setUint32(1, box.length);
      return concatBytes(header, box);
    };
    const sealed = concatBytes(utf8Encode('TTAR'), new Uint8Array([1]), ephPub, record(0, 0, utf8Encode('hello ')), record(1, 1, utf8Encode('archive')));
    const opened = openArchive(archive.secretKey, sealed);
    expect(opened.ok && new TextDecoder().decode(opened.value)).toBe('hello archive');
  });
});

describe('handshake golden vector', () => {
  it('is reproduced exactly by the implementation', () => {
    expect(buildHandshakeVector()).toEqual(handshakeVector);
    expect(handshakeVector.techSideMatches).toBe(true);
  });

  it('is confirmed by an independent computation with noble and libsodium', () => {
    const v = handshakeVector;
    const agentEph = fromHex(v.inputs.agentRandomDraws[0]!);
    const sessionSeed = fromHex(v.inputs.agentRandomDraws[2]!);
    const techEph = fromHex(v.inputs.techRandomDraws[0]!);
    expect(toHex(x25519.getPublicKey(agentEph))).toBe(v.agentHello.ephPubHex);
    expect(toHex(x25519.getPublicKey(techEph))).toBe(v.techHello.ephPubHex);
    expect(v.agentHello.nonceHex).toBe(v.inputs.agentRandomDraws[1]);
    expect(toHex(ed25519.getPublicKey(sessionSeed))).toBe(v.agentHello.sessionPubHex);

    const rootPub = ed25519.getPublicKey(fromHex(v.inputs.rootSeedHex));
    const cert = v.inputs.certificate as Parameters<typeof certificateSigningBytes>[0] & { signature: string };
    expect(ed25519.verify(fromBase64(cert.signature), certificateSigningBytes(cert), rootPub)).toBe(true);

    expect(toHex(independentTranscript())).toBe(v.transcriptHex);
    const hash = sha512(fromHex(v.transcriptHex));
    expect(toHex(hash)).toBe(v.transcriptHashHex);
    const techSeed = fromHex(v.inputs.techSeedHex);
    const techSig = sodium.crypto_sign_detached(concatBytes(TECH_SIGNATURE_PREFIX, hash), sodium.crypto_sign_seed_keypair(techSeed).privateKey);
    expect(toHex(techSig)).toBe(v.techHello.signatureHex);
    expect(toHex(ed25519.sign(concatBytes(AGENT_FINISH_PREFIX, hash), sessionSeed))).toBe(v.agentFinish.signatureHex);

    const shared = x25519.getSharedSecret(agentEph, fromHex(v.techHello.ephPubHex));
    expect(toHex(shared)).toBe(toHex(x25519.getSharedSecret(techEph, fromHex(v.agentHello.ephPubHex))));
    const prk = extract(sha512, shared, hash);
    expect(toHex(expand(sha512, prk, utf8Encode('tether v1 agent->tech'), 32))).toBe(v.agentToTechKeyHex);
    expect(toHex(expand(sha512, prk, utf8Encode('tether v1 tech->agent'), 32))).toBe(v.techToAgentKeyHex);
    const sasBytes = expand(sha512, prk, utf8Encode('tether v1 sas'), 4);
    const sas = new DataView(sasBytes.buffer, sasBytes.byteOffset, 4).getUint32(0) % 1_000_000;
    expect(String(sas).padStart(6, '0')).toBe(v.sas);
  });
});

describe('certificate with a template binding', () => {
  it('noble verifies the root signature over the hand-built bytes, template id appended after notAfter', () => {
    const rootSeed = new Uint8Array(32).fill(3);
    const rootSecret = nacl.sign.keyPair.fromSeed(rootSeed).secretKey;
    const techPub = new Uint8Array(32).fill(4);
    const cert = issueCertificate(rootSecret, {
      serial: 'kat-1', name: 'Ada', employeeNo: 'E-1', department: 'Support', org: 'Acme', techPub,
      notBefore: 1_750_000_000_000, notAfter: 1_760_000_000_000, template: 'helpdesk',
    });
    const varint = (n: number) => (n < 128 ? [n] : [(n % 128) | 128, Math.floor(n / 128)]);
    const field = (bytes: Uint8Array) => [...varint(bytes.length), ...bytes];
    const text = (s: string) => field(utf8Encode(s));
    const u64 = (n: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n)); return [...b]; };
    const base = [
      ...text('tether certificate v1'), 1, ...text('kat-1'), ...text('Ada'), ...text('E-1'), ...text('Support'), ...text('Acme'),
      ...field(techPub), ...u64(1_750_000_000_000), ...u64(1_760_000_000_000),
    ];
    const bound = new Uint8Array([...base, ...text('helpdesk')]);
    expect(toHex(certificateSigningBytes(cert))).toBe(toHex(bound));
    const rootPub = ed25519.getPublicKey(rootSeed);
    expect(ed25519.verify(fromBase64(cert.signature), bound, rootPub)).toBe(true);
    // the signature does not cover the bytes without the template (it cannot be stripped)
    expect(ed25519.verify(fromBase64(cert.signature), new Uint8Array(base), rootPub)).toBe(false);
  });
});

/** The documented transcript layout, written out by hand (varint lengths, big-endian integers). */
function independentTranscript(): Uint8Array {
  const v = handshakeVector;
  const cert = v.inputs.certificate;
  const varint = (n: number) => (n < 128 ? [n] : [(n % 128) | 128, Math.floor(n / 128)]);
  const field = (bytes: Uint8Array) => [...varint(bytes.length), ...bytes];
  const text = (s: string) => field(utf8Encode(s));
  const u64 = (n: number) => { const b = new Uint8Array(8); new DataView(b.buffer).setBigUint64(0, BigInt(n)); return [...b]; };
  const certBytes = new Uint8Array([
    ...text('tether certificate v1'), 1, ...text(cert.serial), ...text(cert.name), ...text(cert.employeeNo), ...text(cert.department),
    ...text(cert.org), ...field(fromBase64(cert.techPub)), ...u64(cert.notBefore), ...u64(cert.notAfter), ...field(fromBase64(cert.signature)),
  ]);
  return new Uint8Array([
    ...text('tether handshake v1'), 0, 1, ...text(v.inputs.code), ...field(fromHex(v.agentHello.ephPubHex)), ...field(fromHex(v.agentHello.nonceHex)),
    ...field(fromHex(v.agentHello.sessionPubHex)), 1, 0, 1, ...field(fromHex(v.techHello.ephPubHex)), ...field(certBytes),
  ]);
}
