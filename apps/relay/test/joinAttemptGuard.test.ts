import { describe, expect, it } from 'vitest';
import { JoinAttemptGuard } from '../src/node/joinAttemptGuard';
import { MemoryStore } from '../src/node/store/memoryStore';

const limits = { failureWindowMs: 60_000, freeFailures: 2, baseDelayMs: 100, maxDelayMs: 1000, lockoutFailures: 8, globalFailureBudget: 20, globalWindowMs: 60_000 };

describe('JoinAttemptGuard', () => {
  it('grows the delay exponentially after the free failures, capped', () => {
    const guard = new JoinAttemptGuard(new MemoryStore(), limits);
    expect([0, 1, 2, 3, 4, 5, 6, 7].map((n) => guard.delayFor(n))).toEqual([0, 0, 100, 200, 400, 800, 1000, 1000]);
  });

  it('locks an address out after too many failures without touching others', async () => {
    const store = new MemoryStore();
    const guard = new JoinAttemptGuard(store, limits);
    for (let i = 0; i < 8; i++) await guard.recordFailure('192.0.2.1');
    expect(await guard.admit('192.0.2.1')).toMatchObject({ ok: false, code: 'E_LOCKED_OUT' });
    expect(await guard.admit('192.0.2.2')).toEqual({ ok: true, delayMs: 0 });
    await store.close();
  });

  it('allows parallel attempts from a clean address (a shared NAT) but only one at a time after failures', async () => {
    const store = new MemoryStore();
    const guard = new JoinAttemptGuard(store, limits);
    expect((await guard.admit('a')).ok).toBe(true);
    expect((await guard.admit('a')).ok).toBe(true);
    guard.finish('a');
    guard.finish('a');
    await guard.recordFailure('a');
    await guard.recordFailure('a');
    expect((await guard.admit('a')).ok).toBe(true);
    expect(await guard.admit('a')).toMatchObject({ ok: false, code: 'E_RATE_LIMITED' });
    guard.finish('a');
    expect((await guard.admit('a')).ok).toBe(true);
    await store.close();
  });

  it('spends a global budget shared by all addresses', async () => {
    const store = new MemoryStore();
    const guard = new JoinAttemptGuard(store, limits);
    for (let i = 0; i < 20; i++) await guard.recordFailure(`198.51.100.${i}`);
    expect(await guard.admit('203.0.113.1')).toMatchObject({ ok: false, code: 'E_RATE_LIMITED' });
    await store.close();
  });
});
