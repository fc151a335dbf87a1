// Brute-force protection on session codes: growing delays, lockout per address, the global budget, one
// attempt at a time per address, and X-Forwarded-For honoured only from a configured proxy.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { RelayClient } from '../../apps/relay/src/node/relayClient';
import type { RelayConfig, RunningRelay } from '../../apps/relay/src/node/index';
import { createSession, makeOrg, metricsText, sample, startTestRelay, type TestOrg } from '../../apps/relay/test/relayFixtures';

let org: TestOrg;
const running: RunningRelay[] = [];

beforeAll(() => {
  org = makeOrg();
});
afterEach(async () => {
  await Promise.all(running.splice(0).map((r) => r.close()));
});

async function relayWith(overrides: Partial<RelayConfig>): Promise<RunningRelay> {
  const relay = await startTestRelay(org, overrides);
  running.push(relay);
  return relay;
}

async function attempt(relay: RunningRelay, code: string, forwardedFor?: string): Promise<{ code: string | undefined; ms: number }> {
  const started = Date.now();
  const agent = await RelayClient.connect(relay.url, forwardedFor ? { headers: { 'x-forwarded-for': forwardedFor } } : {});
  agent.sendControl({ v: 1, t: 'join', code });
  const reply = await agent.nextOf(['joined', 'bye']);
  const ms = Date.now() - started;
  agent.close();
  return { code: reply.t === 'bye' ? reply.code : 'joined', ms };
}

const limits = { freeFailures: 2, baseDelayMs: 40, maxDelayMs: 1000, lockoutFailures: 6 };

describe('relay brute-force protection', () => {
  it('delays growing attempts, then locks the address out, even for the right code', async () => {
    const relay = await relayWith(limits);
    const { tech, created } = await createSession(relay.url, org);
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await attempt(relay, '000000001'));
    expect(results.slice(0, 6).map((r) => r.code)).toEqual(Array(6).fill('E_CODE_INVALID'));
    expect(results.slice(6).map((r) => r.code)).toEqual(['E_LOCKED_OUT', 'E_LOCKED_OUT']);
    // failures 2..5 wait 40, 80, 160, 320 ms before being answered
    expect(results[5]?.ms ?? 0).toBeGreaterThanOrEqual(300);
    expect(results[3]?.ms ?? 0).toBeGreaterThanOrEqual(70);
    expect((await attempt(relay, created.code)).code).toBe('E_LOCKED_OUT');
    const text = await metricsText(relay);
    expect(sample(text, 'tether_relay_refusals_total{code="E_LOCKED_OUT"}')).toBe(3);
    expect(sample(text, 'tether_relay_refusals_total{code="E_CODE_INVALID"}')).toBe(6);
    tech.close();
  });

  it('ignores a spoofed X-Forwarded-For when no proxy is trusted', async () => {
    const relay = await relayWith(limits);
    const codes = [];
    for (let i = 0; i < 8; i++) codes.push((await attempt(relay, '000000002', `203.0.113.${i + 1}`)).code);
    expect(codes.slice(6)).toEqual(['E_LOCKED_OUT', 'E_LOCKED_OUT']);
  });

  it('uses the rightmost untrusted X-Forwarded-For hop behind a named proxy', async () => {
    const relay = await relayWith({ ...limits, trustedProxies: ['127.0.0.1'] });
    const { tech, created } = await createSession(relay.url, org);
    for (let i = 0; i < 6; i++) expect((await attempt(relay, '000000003', '198.51.100.9, 203.0.113.50')).code).toBe('E_CODE_INVALID');
    expect((await attempt(relay, '000000003', '203.0.113.50')).code).toBe('E_LOCKED_OUT');
    // the client-written left part of the header does not change who is locked out
    expect((await attempt(relay, '000000003', '10.9.9.9, 203.0.113.50')).code).toBe('E_LOCKED_OUT');
    // another address behind the same proxy is unaffected and can join
    expect((await attempt(relay, created.code, '203.0.113.51')).code).toBe('joined');
    tech.close();
  });

  it('refuses everyone once the global failure budget is spent', async () => {
    const relay = await relayWith({ ...limits, trustedProxies: ['127.0.0.1'], globalFailureBudget: 5, globalWindowMs: 60_000 });
    const { tech, created } = await createSession(relay.url, org);
    for (let i = 0; i < 5; i++) expect((await attempt(relay, '000000004', `192.0.2.${i + 1}`)).code).toBe('E_CODE_INVALID');
    expect((await attempt(relay, created.code, '192.0.2.200')).code).toBe('E_RATE_LIMITED');
    tech.close();
  });

  it('evaluates one attempt at a time per address', async () => {
    const relay = await relayWith({ ...limits, freeFailures: 0, baseDelayMs: 300 });
    const [a, b] = await Promise.all([attempt(relay, '000000005'), attempt(relay, '000000006')]);
    expect([a.code, b.code].sort()).toEqual(['E_CODE_INVALID', 'E_RATE_LIMITED']);
  });

  it('limits open connections per address', async () => {
    const relay = await relayWith({ maxConnectionsPerIp: 3 });
    const open = await Promise.all([0, 1, 2].map(() => RelayClient.connect(relay.url)));
    await expect(RelayClient.connect(relay.url)).rejects.toThrow(/429/);
    for (const client of open) client.close();
  });
});
