// Session lifecycle on real sockets: abrupt disconnects, rejoin within the grace period (the other side
// is told), grace expiry, a silent peer found by the heartbeat (spread over its period), idle and absolute
// timeouts.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeFor } from '../../packages/protocol/src/index';
import { RelayClient } from '../../apps/relay/src/node/relayClient';
import type { RelayConfig, RunningRelay } from '../../apps/relay/src/node/index';
import { HEARTBEAT_SLICES } from '../../apps/relay/src/node/relayServer';
import { makeOrg, metricsText, pair, sample, startTestRelay, waitFor, type TestOrg } from '../../apps/relay/test/relayFixtures';

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

function nextFrame(client: RelayClient): Promise<number[]> {
  return new Promise((resolve) => (client.onFrame = (_lane, payload) => resolve([...payload])));
}

describe('relay session lifecycle', () => {
  it('lets an abruptly dropped agent rejoin within the grace period and tells the technician', async () => {
    const relay = await relayWith({ rejoinGraceMs: 5000 });
    const { tech, agent, joined } = await pair(relay.url, org);
    agent.drop();
    const left = await tech.next('peer');
    expect(left).toMatchObject({ state: 'left', graceMs: 5000 });
    const back = await RelayClient.connect(relay.url);
    back.sendControl({ v: 1, t: 'rejoin', sessionId: joined.sessionId, role: 'agent', resumeToken: joined.resumeToken });
    const rejoined = await back.next('joined');
    expect(rejoined.sessionId).toBe(joined.sessionId);
    expect(rejoined.resumeToken).not.toBe(joined.resumeToken);
    expect((await tech.next('peer')).state).toBe('rejoined');
    const got = nextFrame(back);
    tech.sendFrame(0, new Uint8Array([4, 2]));
    expect(await got).toEqual([4, 2]);
    // the old token was single-use: it no longer works
    const replay = await RelayClient.connect(relay.url);
    replay.sendControl({ v: 1, t: 'rejoin', sessionId: joined.sessionId, role: 'agent', resumeToken: joined.resumeToken });
    expect((await replay.ended()).bye.code).toBe('E_SESSION_UNKNOWN');
    expect(sample(await metricsText(relay), 'tether_relay_rejoins_total')).toBe(1);
    tech.close();
    back.close();
  });

  it('lets the technician rejoin too, and the agent hears it', async () => {
    const relay = await relayWith({ rejoinGraceMs: 5000 });
    const { tech, agent, created } = await pair(relay.url, org);
    tech.drop();
    expect((await agent.next('peer')).state).toBe('left');
    const back = await RelayClient.connect(relay.url);
    back.sendControl({ v: 1, t: 'rejoin', sessionId: created.sessionId, role: 'technician', resumeToken: created.resumeToken });
    await back.next('joined');
    expect((await agent.next('peer')).state).toBe('rejoined');
    back.close();
    agent.close();
  });

  it('lets a rejoin replace a socket the relay still thinks is alive', async () => {
    const relay = await relayWith({});
    const { tech, agent, joined } = await pair(relay.url, org);
    const fresh = await RelayClient.connect(relay.url);
    fresh.sendControl({ v: 1, t: 'rejoin', sessionId: joined.sessionId, role: 'agent', resumeToken: joined.resumeToken });
    await fresh.next('joined');
    const old = await agent.ended();
    expect(old.bye.code).toBe('E_SESSION_ENDED');
    expect(old.bye.message).toMatch(/replaced/);
    expect((await tech.next('peer')).state).toBe('rejoined');
    const got = nextFrame(fresh);
    tech.sendFrame(0, new Uint8Array([9]));
    expect(await got).toEqual([9]);
    tech.close();
    fresh.close();
  });

  it('refuses a rejoin with a wrong token or an unknown session', async () => {
    const relay = await relayWith({});
    const { tech, agent, joined } = await pair(relay.url, org);
    const wrongToken = await RelayClient.connect(relay.url);
    wrongToken.sendControl({ v: 1, t: 'rejoin', sessionId: joined.sessionId, role: 'technician', resumeToken: joined.resumeToken });
    expect((await wrongToken.ended()).bye.code).toBe('E_SESSION_UNKNOWN');
    const unknown = await RelayClient.connect(relay.url);
    unknown.sendControl({ v: 1, t: 'rejoin', sessionId: 'AAAAAAAAAAAAAAAAAAAAAAAA', role: 'agent', resumeToken: joined.resumeToken });
    expect((await unknown.ended()).bye.code).toBe('E_SESSION_UNKNOWN');
    // the live session was not disturbed
    const got = nextFrame(agent);
    tech.sendFrame(0, new Uint8Array([7]));
    expect(await got).toEqual([7]);
    tech.close();
    agent.close();
  });

  it('ends the session with E_PEER_GONE when the grace period runs out', async () => {
    const relay = await relayWith({ rejoinGraceMs: 150 });
    const { tech, agent } = await pair(relay.url, org);
    agent.close(); // a close without `leave` is treated as a drop
    expect((await tech.next('peer')).state).toBe('left');
    const { bye, close } = await tech.ended();
    expect(bye.code).toBe('E_PEER_GONE');
    expect(close.code).toBe(closeCodeFor('E_PEER_GONE'));
    await waitFor(() => relay.metrics.snapshot().sessions === 0, 2000, 'session removed');
  });

  it('finds a silent peer with the heartbeat and starts the grace period', async () => {
    const relay = await relayWith({ heartbeatMs: 250, rejoinGraceMs: 5000 });
    const { tech, agent } = await pair(relay.url, org);
    agent.socket.pause(); // stops reading: pings go unanswered, like a host that vanished without a FIN
    const left = await tech.next('peer', 5000);
    expect(left.state).toBe('left');
    expect(left.reason).toMatch(/connection lost/);
    agent.drop();
    tech.close();
  });

  it('pings every connection once a heartbeat period, spread over the period, and never cuts one that answers', async () => {
    const heartbeatMs = 800;
    const relay = await relayWith({ heartbeatMs, handshakeTimeoutMs: 10_000 });
    const clients = await Promise.all(Array.from({ length: 32 }, () => RelayClient.connect(relay.url)));
    const pings: number[][] = clients.map(() => []);
    clients.forEach((c, i) => c.socket.on('ping', () => pings[i]?.push(performance.now())));
    const started = performance.now();
    await new Promise((r) => setTimeout(r, 2.5 * heartbeatMs));
    // Each connection is pinged once a period (2 or 3 times in 2.5 periods), and all of them stay open.
    for (const times of pings) expect(times.length).toBeGreaterThanOrEqual(2);
    for (const times of pings) expect(times.length).toBeLessThanOrEqual(3);
    expect(clients.every((c) => c.socket.readyState === c.socket.OPEN)).toBe(true);
    // Spread: the first pings of the 32 connections fall across the period, not in one burst.
    const firsts = pings.map((t) => (t[0] ?? 0) - started).sort((a, b) => a - b);
    expect((firsts.at(-1) ?? 0) - (firsts[0] ?? 0)).toBeGreaterThan(heartbeatMs / 2);
    const perTick = new Map<number, number>();
    for (const t of firsts) perTick.set(Math.round(t / (heartbeatMs / HEARTBEAT_SLICES)), (perTick.get(Math.round(t / (heartbeatMs / HEARTBEAT_SLICES))) ?? 0) + 1);
    expect(Math.max(...perTick.values())).toBeLessThanOrEqual(Math.ceil(32 / HEARTBEAT_SLICES) + 2);
    for (const c of clients) c.close();
  });

  it('closes an idle session on both sides', async () => {
    const relay = await relayWith({ idleTimeoutMs: 500, sweepIntervalMs: 20 });
    const { tech, agent } = await pair(relay.url, org);
    // traffic keeps it alive...
    for (let i = 0; i < 12; i++) {
      tech.sendFrame(0, new Uint8Array([i]));
      await new Promise((r) => setTimeout(r, 60));
    }
    expect(agent.inbox.some((m) => m.t === 'bye')).toBe(false);
    // ...silence ends it
    const [a, b] = await Promise.all([tech.ended(), agent.ended()]);
    expect(a.bye.code).toBe('E_IDLE_TIMEOUT');
    expect(b.close.code).toBe(closeCodeFor('E_IDLE_TIMEOUT'));
  });

  it('ends a session at its absolute time limit even while busy', async () => {
    const relay = await relayWith({ sessionMaxMs: 300, sweepIntervalMs: 20 });
    const { tech, agent } = await pair(relay.url, org);
    const timer = setInterval(() => tech.sendFrame(0, new Uint8Array([1])), 20);
    try {
      const [a, b] = await Promise.all([tech.ended(), agent.ended()]);
      expect(a.bye.code).toBe('E_SESSION_TIMEOUT');
      expect(b.bye.code).toBe('E_SESSION_TIMEOUT');
    } finally {
      clearInterval(timer);
    }
  });

  it('tells a late agent that the technician went away', async () => {
    const relay = await relayWith({ rejoinGraceMs: 100 });
    const tech = await RelayClient.connect(relay.url);
    tech.create(org.cert, org.tech.secretKey);
    const created = await tech.next('created');
    tech.drop();
    await waitFor(() => relay.metrics.snapshot().sessions === 0, 2000, 'session ended');
    const agent = await RelayClient.connect(relay.url);
    agent.sendControl({ v: 1, t: 'join', code: created.code });
    expect((await agent.ended()).bye.code).toBe('E_SESSION_ENDED');
  });
});
