// The gated input's scheduling: one event at a time in arrival order, and an event that finds nothing
// pending reaches the injector within the call that handed it over (the e2e test inputInjection.test.ts
// shows the same events reaching a real X client). The injector here records calls and lets the test
// decide when each one finishes.
import { describe, expect, it } from 'vitest';
import { createInputGate } from '../src/common/inputGate';
import type { ConsentGrant } from '../src/common/input/consentGrant';
import type { InputEvent } from '../src/common/input/inputEvents';
import { createGatedInput, type InputLogEntry } from '../src/node/input/gatedInput';
import type { Injector } from '../src/node/input/injector';

const T0 = 1_700_000_000_000;
const SURFACE = { width: 1000, height: 500, originX: 0, originY: 0 };
const GRANT: ConsentGrant = {
  v: 1, grantId: 'g1', sessionId: 's1', mode: 'full', shareOnlyRegion: false, clipboard: false, files: false,
  issuedAt: T0, expiresAt: T0 + 60 * 60 * 1000,
};
const move = (x: number): InputEvent => ({ v: 1, type: 'input.pointerMove', surfaceId: 1, x, y: 0 });

interface Call {
  what: string;
  finish(error?: Error): void;
}

function recordingInjector(): { injector: Injector; calls: Call[] } {
  const calls: Call[] = [];
  const record = (what: string): Promise<void> =>
    new Promise<void>((resolve, reject) => calls.push({ what, finish: (error) => (error ? reject(error) : resolve()) }));
  const injector: Injector = {
    pointerMove: (x, y) => record(`move ${x},${y}`),
    pointerButton: (b, down) => record(`button ${b} ${down}`),
    wheel: (dx, dy) => record(`wheel ${dx},${dy}`),
    key: (name, down) => record(`key ${name} ${down}`),
    setClipboard: () => record('clipboard'),
    close: async () => undefined,
  };
  return { injector, calls };
}

async function setUp() {
  const { injector, calls } = recordingInjector();
  const gate = createInputGate({ now: () => T0 + 1000 });
  const log: InputLogEntry[] = [];
  const gated = createGatedInput(gate, injector, (entry) => log.push(entry), () => T0 + 1000);
  await gated.setGrant(GRANT);
  return { gated, calls, log };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('gated input scheduling', () => {
  it('injects an event that finds nothing pending before handle() returns', async () => {
    const { gated, calls } = await setUp();
    const decision = gated.handle(move(0), SURFACE);
    expect(calls.map((c) => c.what)).toEqual(['move 0,0']);
    calls[0]?.finish();
    await expect(decision).resolves.toMatchObject({ allowed: true });
  });

  it('holds later events until the one in flight settles, then injects them in arrival order', async () => {
    const { gated, calls } = await setUp();
    const first = gated.handle(move(0), SURFACE);
    const second = gated.handle(move(65535), SURFACE);
    const third = gated.handle({ v: 1, type: 'input.key', code: 'KeyA', down: true, modifiers: 0 }, SURFACE);
    await flush();
    expect(calls.map((c) => c.what)).toEqual(['move 0,0']);
    calls[0]?.finish();
    await first;
    await flush();
    expect(calls.map((c) => c.what)).toEqual(['move 0,0', 'move 999,0']);
    calls[1]?.finish();
    await second;
    await flush();
    expect(calls.map((c) => c.what)).toEqual(['move 0,0', 'move 999,0', 'key A true']);
    calls[2]?.finish();
    await expect(third).resolves.toMatchObject({ allowed: true });
    // Everything settled: the next event starts at once again.
    void gated.handle(move(0), SURFACE);
    expect(calls).toHaveLength(4);
  });

  it('goes on after a failed injection, and logs it', async () => {
    const { gated, calls, log } = await setUp();
    const failing = gated.handle(move(0), SURFACE);
    const next = gated.handle(move(65535), SURFACE);
    calls[0]?.finish(new Error('X connection lost'));
    await expect(failing).resolves.toMatchObject({ allowed: true });
    await flush();
    expect(calls.map((c) => c.what)).toEqual(['move 0,0', 'move 999,0']);
    calls[1]?.finish();
    await next;
    expect(log).toEqual([expect.objectContaining({ kind: 'failed', event: 'input.pointerMove', reason: 'X connection lost' })]);
  });

  it('a refused event injects nothing and does not hold up the next one', async () => {
    const { gated, calls, log } = await setUp();
    await expect(gated.handle({ v: 1, type: 'clipboard.text', text: 'secret' }, SURFACE)).resolves.toMatchObject({ allowed: false });
    void gated.handle(move(0), SURFACE);
    expect(calls.map((c) => c.what)).toEqual(['move 0,0']);
    expect(log).toEqual([expect.objectContaining({ kind: 'refused', event: 'clipboard.text (6 chars)' })]);
  });
});
