// The in-process injector hands keys, buttons and wheel steps to the X server without waiting on a timer.
// nut-js's `keyboard` and `mouse` objects sleep for `autoDelayMs` before each of these, and a setTimeout
// of 0 still waits for Node's timer phase (at least 1 ms): that sat in front of every key and click.
// Here setTimeout is frozen while each call runs: the call must finish anyway, and a real X client
// (xev) must receive the event.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createInjector, type Injector } from '../../apps/agent/src/node/input/injector';
import { startXObserver, type XObserver } from '../support/xObserver';
import { startXvfb, type XDisplay } from '../support/xvfb';

let x: XDisplay;
let xev: XObserver;
let injector: Injector;

beforeAll(async () => {
  x = await startXvfb({ width: 1280, height: 720 });
  xev = await startXObserver({ display: x.display, name: 'tether-no-timer', x: 100, y: 100, width: 400, height: 300 });
  // This test file runs in its own process (vitest forks), so it may bind nut-js to its display.
  injector = await createInjector({ display: x.display });
  await injector.pointerMove(300, 250);
}, 30_000);

afterAll(async () => {
  await injector?.close();
  await xev?.stop();
  await x?.stop();
});

/** Runs `call` with setTimeout frozen; true if it finished on microtasks and I/O callbacks alone. */
async function finishesWithoutTimers(call: () => Promise<void>): Promise<boolean> {
  vi.useFakeTimers({ toFake: ['setTimeout'] });
  let done = false;
  try {
    const running = call().then(() => (done = true));
    // setImmediate is real: it runs once the microtasks the call queued have drained.
    for (let i = 0; i < 5 && !done; i++) await new Promise((r) => setImmediate(r));
    if (done) await running;
  } finally {
    vi.useRealTimers();
  }
  return done;
}

describe('in-process injector', () => {
  it('presses and releases a key without waiting on a timer, and the X client receives both', async () => {
    const from = xev.events.length;
    expect(await finishesWithoutTimers(() => injector.key('A', true))).toBe(true);
    expect(await finishesWithoutTimers(() => injector.key('A', false))).toBe(true);
    await xev.waitFor((e) => xev.events.indexOf(e) >= from && e.type === 'KeyPress' && e.keysym === 'a');
    await xev.waitFor((e) => xev.events.indexOf(e) >= from && e.type === 'KeyRelease' && e.keysym === 'a');
  });

  it('presses and releases a button without waiting on a timer, and the X client receives both', async () => {
    const from = xev.events.length;
    expect(await finishesWithoutTimers(() => injector.pointerButton(0, true))).toBe(true);
    expect(await finishesWithoutTimers(() => injector.pointerButton(0, false))).toBe(true);
    await xev.waitFor((e) => xev.events.indexOf(e) >= from && e.type === 'ButtonPress' && e.button === 1);
    await xev.waitFor((e) => xev.events.indexOf(e) >= from && e.type === 'ButtonRelease' && e.button === 1);
  });

  it('scrolls without waiting on a timer, and the X client receives the wheel button', async () => {
    const from = xev.events.length;
    expect(await finishesWithoutTimers(() => injector.wheel(0, 1))).toBe(true);
    await xev.waitFor((e) => xev.events.indexOf(e) >= from && e.type === 'ButtonPress' && e.button === 5);
  });
});
