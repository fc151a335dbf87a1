// The rendezvous store contract, run against the in-memory store and against a real redis-server; then
// two relay nodes sharing that Redis: a code created on node A is answered by node B (redirect to A),
// rejoins find the owning node, and wrong-code counters are shared.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryStore, RedisStore, type RendezvousStore, type RunningRelay } from '../../apps/relay/src/node/index';
import { RelayClient, connectFollowingRedirects } from '../../apps/relay/src/node/relayClient';
import { createSession, makeOrg, startTestRelay, type TestOrg } from '../../apps/relay/test/relayFixtures';
import { startRedis, type RedisServer } from '../support/redis';

let redis: RedisServer;
beforeAll(async () => {
  redis = await startRedis();
});
afterAll(async () => redis?.stop());

const stores: [string, () => RendezvousStore][] = [
  ['MemoryStore', () => new MemoryStore()],
  ['RedisStore', () => new RedisStore(redis.url, `t${Math.random().toString(36).slice(2)}:`)],
];

describe.each(stores)('%s', (_name, make) => {
  it('stores a code once: peek keeps it, take hands it out once, then reports it used', async () => {
    const store = make();
    try {
      const record = { sessionId: 's1', nodeUrl: 'ws://a/relay', expiresAt: Date.now() + 1000 };
      await store.putCode('k1', record, 60_000);
      expect(await store.peekCode('k1')).toEqual(record);
      const takes = await Promise.all(Array.from({ length: 20 }, () => store.takeCode('k1')));
      expect(takes.filter((t) => typeof t === 'object')).toEqual([record]);
      expect(takes.filter((t) => t === 'used')).toHaveLength(19);
      expect(await store.takeCode('k1')).toBe('used');
      expect(await store.takeCode('missing')).toBeUndefined();
    } finally {
      await store.close();
    }
  });

  it('expires codes, sessions and counters after their TTL', async () => {
    const store = make();
    try {
      await store.putCode('k2', { sessionId: 's2', nodeUrl: 'ws://a/relay', expiresAt: 0 }, 60);
      await store.putSession({ sessionId: 's2', nodeUrl: 'ws://a/relay' }, 60);
      expect(await store.increment('c', 60)).toBe(1);
      expect(await store.increment('c', 60)).toBe(2);
      expect(await store.readCounter('c')).toBe(2);
      expect(await store.getSession('s2')).toEqual({ sessionId: 's2', nodeUrl: 'ws://a/relay' });
      await new Promise((r) => setTimeout(r, 120));
      expect(await store.peekCode('k2')).toBeUndefined();
      expect(await store.getSession('s2')).toBeUndefined();
      expect(await store.readCounter('c')).toBe(0);
      await store.putSession({ sessionId: 's3', nodeUrl: 'x' }, 60_000);
      await store.deleteSession('s3');
      expect(await store.getSession('s3')).toBeUndefined();
    } finally {
      await store.close();
    }
  });
});

describe('two relay nodes sharing one Redis', () => {
  let org: TestOrg;
  let nodeA: RunningRelay;
  let nodeB: RunningRelay;

  beforeAll(async () => {
    org = makeOrg();
    const prefix = `pair${Date.now()}:`;
    const shared = { store: redis.url, storeKeyPrefix: prefix, freeFailures: 1, lockoutFailures: 4, baseDelayMs: 5, rejoinGraceMs: 5000 };
    nodeA = await startTestRelay(org, shared);
    nodeB = await startTestRelay(org, shared);
  });
  afterAll(async () => {
    await Promise.all([nodeA?.close(), nodeB?.close()]);
  });

  it('answers a code created on node A when the agent arrives at node B', async () => {
    const { tech, created } = await createSession(nodeA.url, org);
    const { client: agent, reply, hops } = await connectFollowingRedirects(nodeB.url, { v: 1, t: 'join', code: created.code }, 'joined');
    expect(reply.t).toBe('joined');
    expect(hops).toBe(1);
    expect(nodeB.metrics.redirects).toBe(1);
    expect((await tech.next('peer')).state).toBe('joined');
    const got = new Promise<number[]>((resolve) => (tech.onFrame = (_lane, payload) => resolve([...payload])));
    agent.sendFrame(0, new Uint8Array([5, 6]));
    expect(await got).toEqual([5, 6]);

    // a rejoin that lands on node B is sent to node A as well
    agent.drop();
    await tech.next('peer');
    const joined = reply as { sessionId: string; resumeToken: string };
    const back = await connectFollowingRedirects(nodeB.url, { v: 1, t: 'rejoin', sessionId: joined.sessionId, role: 'agent', resumeToken: joined.resumeToken }, 'joined');
    expect(back.reply.t).toBe('joined');
    expect(back.hops).toBe(1);
    expect((await tech.next('peer')).state).toBe('rejoined');
    tech.close();
    back.client.close();
  });

  it('lets only one node consume a code', async () => {
    const { tech, created } = await createSession(nodeA.url, org);
    const first = await RelayClient.connect(nodeA.url);
    first.sendControl({ v: 1, t: 'join', code: created.code });
    await first.next('joined');
    const second = await RelayClient.connect(nodeB.url);
    second.sendControl({ v: 1, t: 'join', code: created.code });
    expect((await second.ended()).bye.code).toBe('E_CODE_USED');
    tech.close();
    first.close();
  });

  it('shares wrong-code counters: failures on node B lock the address out on node A', async () => {
    // the E_CODE_USED refusal above was failure 1 for this address (on node B); three more reach the lockout of 4
    for (let i = 0; i < 3; i++) {
      const guess = await RelayClient.connect(nodeB.url);
      guess.sendControl({ v: 1, t: 'join', code: `99999999${i}` });
      expect((await guess.ended()).bye.code).toBe('E_CODE_INVALID');
    }
    const onA = await RelayClient.connect(nodeA.url);
    onA.sendControl({ v: 1, t: 'join', code: '999999990' });
    expect((await onA.ended()).bye.code).toBe('E_LOCKED_OUT');
  });
});
