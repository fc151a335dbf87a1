import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { createAgentHandshake, createTechnicianHandshake, generateRootKeyPair, issueCertificate } from '../src/index';
import { NOW, certificate, flip, root, runHandshake, tech, type Tamper } from './handshakeFixture';

function failure(t: Tamper) {
  const result = runHandshake(t);
  return result.stage === 'done' ? 'done' : `${result.stage}:${result.error.code}`;
}

describe('handshake', () => {
  it('derives equal keys and SAS on both sides', () => {
    const result = runHandshake();
    expect(result.stage).toBe('done');
    if (result.stage !== 'done') return;
    const { agentKeys, techKeys } = result;
    expect(agentKeys.sendKey).toEqual(techKeys.receiveKey);
    expect(agentKeys.receiveKey).toEqual(techKeys.sendKey);
    expect(agentKeys.sendKey).not.toEqual(agentKeys.receiveKey);
    expect(agentKeys.sas).toMatch(/^\d{6}$/);
    expect(agentKeys.sas).toBe(techKeys.sas);
    expect(agentKeys.transcriptHash).toEqual(techKeys.transcriptHash);
    expect(agentKeys.transcriptHash.length).toBe(64);
    expect(agentKeys.version).toBe(1);
    expect(agentKeys.peerCertificate).toEqual(certificate);
    expect(techKeys.agentSessionPub).toEqual(result.agent.sessionPublicKey);
    const grant = new Uint8Array([1, 2, 3]);
    expect(nacl.sign.detached.verify(grant, result.agent.signWithSessionKey(grant), techKeys.agentSessionPub)).toBe(true);
    const second = runHandshake();
    expect(second.stage === 'done' && second.agentKeys.sendKey).not.toEqual(agentKeys.sendKey);
  });

  it('fails on tampered agentHello fields', () => {
    expect(failure({ hello: (m) => ({ ...m, ephPub: flip(m.ephPub) }) })).toBe('agent:E_HANDSHAKE_FAILED');
    expect(failure({ hello: (m) => ({ ...m, nonce: flip(m.nonce) }) })).toBe('agent:E_HANDSHAKE_FAILED');
    expect(failure({ hello: (m) => ({ ...m, sessionPub: flip(m.sessionPub) }) })).toBe('agent:E_HANDSHAKE_FAILED');
    expect(failure({ hello: (m) => ({ ...m, nonce: m.nonce.subarray(1) }) })).toBe('techHello:E_HANDSHAKE_FAILED');
  });

  it('fails on tampered techHello fields', () => {
    expect(failure({ techHello: (m) => ({ ...m, ephPub: flip(m.ephPub) }) })).toBe('agent:E_HANDSHAKE_FAILED');
    expect(failure({ techHello: (m) => ({ ...m, signature: flip(m.signature, 10) }) })).toBe('agent:E_HANDSHAKE_FAILED');
    expect(failure({ techHello: (m) => ({ ...m, certificate: { ...m.certificate, name: 'Mallory' } }) })).toBe('agent:E_CERT_BAD_SIGNATURE');
    expect(failure({ techHello: (m) => ({ ...m, certificate: { ...m.certificate, v: 9 as 1 } }) })).toBe('agent:E_HANDSHAKE_FAILED');
    expect(failure({ techHello: (m) => ({ ...m, ephPub: new Uint8Array(32) }) })).toBe('agent:E_HANDSHAKE_FAILED');
  });

  it('fails on a tampered agentFinish', () => {
    expect(failure({ finish: (m) => ({ signature: flip(m.signature) }) })).toBe('finish:E_HANDSHAKE_FAILED');
    expect(failure({ finish: () => ({ signature: new Uint8Array(3) }) })).toBe('finish:E_HANDSHAKE_FAILED');
  });

  it('fails on a wrong code, root, org, expiry and revocation', () => {
    expect(failure({ tech: { code: '987654321' } })).toBe('agent:E_HANDSHAKE_FAILED');
    expect(failure({ agent: { rootPublicKey: generateRootKeyPair().publicKey } })).toBe('agent:E_CERT_BAD_SIGNATURE');
    expect(failure({ agent: { org: 'Other' } })).toBe('agent:E_CERT_WRONG_ORG');
    expect(failure({ agent: { now: NOW + 2 * 86_400_000 } })).toBe('agent:E_CERT_EXPIRED');
    expect(failure({ agent: { now: () => NOW - 5000 } })).toBe('agent:E_CERT_NOT_YET_VALID');
    expect(failure({ agent: { revocations: ['T-1'] } })).toBe('agent:E_CERT_REVOKED');
  });

  it('negotiates versions explicitly and refuses mismatches and downgrades', () => {
    expect(failure({ agent: { versions: [1] }, tech: { versions: [2] } })).toBe('techHello:E_UNSUPPORTED_VERSION');
    expect(failure({ techHello: (m) => ({ ...m, version: 2 }) })).toBe('agent:E_UNSUPPORTED_VERSION');
    // a man in the middle narrowing the offered list changes the transcript the technician signs
    expect(failure({ agent: { versions: [1, 2] }, tech: { versions: [1, 2] }, hello: (m) => ({ ...m, versions: [1] }) })).toBe('agent:E_HANDSHAKE_FAILED');
    const both = runHandshake({ agent: { versions: [1, 2, 3] }, tech: { versions: [2, 3, 4] } });
    expect(both.stage === 'done' && both.agentKeys.version).toBe(3);
  });

  it('defeats a man in the middle replacing both ephemeral keys', () => {
    const mallory = { agentSide: nacl.box.keyPair(), techSide: nacl.box.keyPair() };
    const result = runHandshake({
      hello: (m) => ({ ...m, ephPub: mallory.techSide.publicKey }),
      techHello: (m) => ({ ...m, ephPub: mallory.agentSide.publicKey }),
    });
    expect(result.stage === 'done' ? 'done' : `${result.stage}:${result.error.code}`).toBe('agent:E_HANDSHAKE_FAILED');
  });

  it('is single-use and rejects out-of-order messages', () => {
    const agent = createAgentHandshake({ rootPublicKey: root.publicKey, org: 'Acme', now: NOW, code: '1' });
    const technician = createTechnicianHandshake({ certificate, techSecretKey: tech.secretKey, code: '1' });
    const early = technician.receiveAgentFinish({ signature: new Uint8Array(64) });
    expect(!early.ok && early.error.code).toBe('E_HANDSHAKE_FAILED');
    const other = createTechnicianHandshake({ certificate, techSecretKey: tech.secretKey, code: '1' });
    const hello = other.receiveAgentHello(agent.hello);
    expect(hello.ok).toBe(true);
    expect(other.receiveAgentHello(agent.hello).ok).toBe(false);
    if (!hello.ok) return;
    expect(agent.receiveTechHello({ ...hello.value, signature: flip(hello.value.signature) }).ok).toBe(false);
    const retry = agent.receiveTechHello(hello.value);
    expect(!retry.ok && retry.error.code).toBe('E_HANDSHAKE_FAILED');
  });

  it('throws on misuse', () => {
    const otherTech = nacl.sign.keyPair();
    expect(() => createTechnicianHandshake({ certificate, techSecretKey: otherTech.secretKey, code: '1' })).toThrow(RangeError);
    expect(() => createTechnicianHandshake({ certificate, techSecretKey: new Uint8Array(32), code: '1' })).toThrow(RangeError);
    expect(() => createAgentHandshake({ rootPublicKey: new Uint8Array(64), org: 'Acme', now: NOW, code: '1' })).toThrow(RangeError);
    expect(() => createAgentHandshake({ rootPublicKey: root.publicKey, org: 'Acme', now: NOW, code: '' })).toThrow(TypeError);
    const cert2 = issueCertificate(root.secretKey, { ...certificate, techPub: otherTech.publicKey });
    expect(() => createTechnicianHandshake({ certificate: cert2, techSecretKey: otherTech.secretKey, code: '1' })).not.toThrow();
  });
});
