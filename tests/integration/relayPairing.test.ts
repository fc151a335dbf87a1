// Pairing over real loopback sockets: session creation by a certified technician, joining with the
// one-time code, and every refusal (wrong / used / expired code, bad proof, bad certificates).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeFor } from '../../packages/protocol/src/index';
import { RelayClient } from '../../apps/relay/src/node/relayClient';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import { certFor, createSession, makeOrg, metricsText, pair, sample, startTestRelay, type TestOrg } from '../../apps/relay/test/relayFixtures';

let org: TestOrg;
let relay: RunningRelay;

beforeAll(async () => {
  org = makeOrg();
  relay = await startTestRelay(org, { revokedSerials: ['revoked-7'], freeFailures: 50, lockoutFailures: 100 });
});
afterAll(async () => relay.close());

async function joinWith(code: string): Promise<RelayClient> {
  const agent = await RelayClient.connect(relay.url);
  agent.sendControl({ v: 1, t: 'join', code });
  return agent;
}

describe('relay pairing', () => {
  it('creates a session with a one-time code and invite link, and pairs the agent', async () => {
    const { tech, agent, created, joined } = await pair(relay.url, org);
    expect(created.code).toMatch(/^\d{10}$/);
    expect(created.inviteUrl).toBe(`${relay.httpUrl}/join#${created.code}`);
    expect(created.expiresAt).toBeGreaterThan(Date.now() + 4 * 60_000);
    expect(joined.sessionId).toBe(created.sessionId);
    expect(joined.resumeToken).not.toBe(created.resumeToken);
    tech.sendFrame(0, new Uint8Array([1, 2, 3]));
    const got = await new Promise<number[]>((resolve) => (agent.onFrame = (_lane, payload) => resolve([...payload])));
    expect(got).toEqual([1, 2, 3]);
    tech.close();
    agent.close();
  });

  it('refuses a second join with the same code', async () => {
    const { tech, agent, created } = await pair(relay.url, org);
    const second = await joinWith(created.code);
    const { bye, close } = await second.ended();
    expect(bye.code).toBe('E_CODE_USED');
    expect(close.code).toBe(closeCodeFor('E_CODE_USED'));
    tech.close();
    agent.close();
  });

  it('refuses a wrong code', async () => {
    const { tech, created } = await createSession(relay.url, org);
    const wrong = created.code.endsWith('0') ? `${created.code.slice(0, -1)}1` : `${created.code.slice(0, -1)}0`;
    const agent = await joinWith(wrong);
    const { bye, close } = await agent.ended();
    expect(bye.code).toBe('E_CODE_INVALID');
    expect(close.code).toBe(4010);
    expect(bye.message).toMatch(/not valid/);
    tech.close();
  });

  it('refuses an expired code and tells the waiting technician', async () => {
    const shortLived = await startTestRelay(org, { codeTtlMs: 150, sweepIntervalMs: 20 });
    try {
      const { tech, created } = await createSession(shortLived.url, org);
      const techEnd = await tech.ended();
      expect(techEnd.bye.code).toBe('E_CODE_EXPIRED');
      expect(techEnd.close.code).toBe(closeCodeFor('E_CODE_EXPIRED'));
      const agent = await RelayClient.connect(shortLived.url);
      agent.sendControl({ v: 1, t: 'join', code: created.code });
      const { bye } = await agent.ended();
      expect(bye.code).toBe('E_CODE_EXPIRED');
    } finally {
      await shortLived.close();
    }
  });

  it('refuses a proof made over a different nonce', async () => {
    const other = await RelayClient.connect(relay.url);
    const tech = await RelayClient.connect(relay.url);
    tech.nonce = other.nonce; // sign the wrong connection's nonce
    tech.create(org.cert, org.tech.secretKey);
    const { bye, close } = await tech.ended();
    expect(bye.code).toBe('E_AUTH_FAILED');
    expect(close.code).toBe(closeCodeFor('E_AUTH_FAILED'));
    other.close();
  });

  it('refuses a certificate signed by another root, for another org, expired or revoked', async () => {
    const stranger = makeOrg();
    const cases: [object, Uint8Array, string][] = [
      [stranger.cert, stranger.tech.secretKey, 'E_CERT_BAD_SIGNATURE'],
      [certFor(org, { org: 'other-org' }), org.tech.secretKey, 'E_CERT_WRONG_ORG'],
      [certFor(org, { notBefore: Date.now() - 7200_000, notAfter: Date.now() - 3600_000 }), org.tech.secretKey, 'E_CERT_EXPIRED'],
      [certFor(org, { notBefore: Date.now() + 3600_000, notAfter: Date.now() + 7200_000 }), org.tech.secretKey, 'E_CERT_NOT_YET_VALID'],
      [certFor(org, { serial: 'revoked-7' }), org.tech.secretKey, 'E_CERT_REVOKED'],
      [{ ...org.cert, name: 'Mallory' }, org.tech.secretKey, 'E_CERT_BAD_SIGNATURE'],
      [{ ...org.cert, extra: 1 }, org.tech.secretKey, 'E_MALFORMED'],
    ];
    for (const [cert, key, expected] of cases) {
      const tech = await RelayClient.connect(relay.url);
      tech.create(cert, key);
      const { bye, close } = await tech.ended();
      expect(bye.code, expected).toBe(expected);
      expect(close.code).toBe(closeCodeFor(bye.code));
    }
  });

  it('refuses session creation when no organisation root is configured', async () => {
    const bare = await startTestRelay(org, { rootPublicKey: '' });
    try {
      const tech = await RelayClient.connect(bare.url);
      tech.create(org.cert, org.tech.secretKey);
      expect((await tech.ended()).bye.code).toBe('E_AUTH_FAILED');
    } finally {
      await bare.close();
    }
  });

  it('ends both sides with a reason when one leaves', async () => {
    const { tech, agent } = await pair(relay.url, org);
    agent.leave('problem solved');
    const [techEnd, agentEnd] = await Promise.all([tech.ended(), agent.ended()]);
    expect(techEnd.bye.code).toBe('E_SESSION_ENDED');
    expect(techEnd.bye.message).toContain('problem solved');
    expect(techEnd.close.code).toBe(closeCodeFor('E_SESSION_ENDED'));
    expect(agentEnd.bye.code).toBe('E_SESSION_ENDED');
  });

  it('counts sessions and refusals in /metrics and reports health', async () => {
    const text = await metricsText(relay);
    expect(text).toContain('# TYPE tether_relay_sessions_active gauge');
    expect(sample(text, 'tether_relay_sessions_created_total')).toBeGreaterThanOrEqual(4);
    expect(sample(text, 'tether_relay_refusals_total{code="E_CODE_USED"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tether_relay_refusals_total{code="E_CODE_INVALID"}')).toBeGreaterThanOrEqual(1);
    expect(sample(text, 'tether_relay_bytes_total{lane="control",direction="in"}')).toBeGreaterThanOrEqual(5);
    const health = (await (await fetch(`${relay.httpUrl}/healthz`)).json()) as { ok: boolean; sessions: number };
    expect(health.ok).toBe(true);
    expect(typeof health.sessions).toBe('number');
    expect((await fetch(`${relay.httpUrl}/nope`)).status).toBe(404);
  });
});
