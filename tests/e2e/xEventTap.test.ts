// The benchmark's X event tap (tests/support/xEventTap.ts) against a real Xvfb: it receives the same
// pointer motion and key events as the xev window it listens on (outer window and xev's inner one), with
// the right root coordinates, and no earlier than xev's own printed line would suggest it could.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tapWindow, namedWindow, type XEventTap } from '../support/xEventTap';
import { tapWindowInThread } from '../support/xEventTapThread';
import { startXObserver, type XObserver } from '../support/xObserver';
import { startXvfb, type XDisplay } from '../support/xvfb';

let x: XDisplay;
let xev: XObserver;
let tap: XEventTap;

const xdotool = (...args: string[]): void => {
  const r = spawnSync('xdotool', args, { env: x.env, encoding: 'utf8', timeout: 5000 });
  if (r.status !== 0) throw new Error(`xdotool ${args.join(' ')}: ${r.stderr}`);
};

beforeAll(async () => {
  x = await startXvfb({ width: 1280, height: 720 });
  xev = await startXObserver({ display: x.display, name: 'tether-tap-target', x: 200, y: 100, width: 400, height: 300 });
  tap = await tapWindow(x.display, namedWindow(x.display, 'tether-tap-target'));
}, 30_000);

afterAll(async () => {
  tap?.close();
  await xev?.stop();
  await x?.stop();
});

describe('X event tap', () => {
  it('receives the pointer motion xev receives, over the window and over the inner window of xev, which still gets it too', async () => {
    for (const [px, py] of [[450, 300], [230, 130]] as const) {
      xdotool('mousemove', String(px), String(py));
      const seen = await tap.waitFor((e) => e.type === 'MotionNotify' && e.rootX === px && e.rootY === py);
      const printed = await xev.waitFor((e) => e.type === 'MotionNotify' && e.rootX === px && e.rootY === py);
      expect(seen.serverTime).toBeGreaterThan(0);
      // Both stamps are performance.now() of this process; xev's comes from its printed line, later.
      expect(printed.receivedAt).toBeGreaterThanOrEqual(seen.receivedAt);
    }
    expect(tap.errors).toEqual([]);
  });

  it('receives key presses and releases sent to the window', async () => {
    xdotool('mousemove', '450', '300');
    const mark = tap.events.length;
    xdotool('key', 'a');
    await tap.waitFor((e) => tap.events.indexOf(e) >= mark && e.type === 'KeyPress');
    await tap.waitFor((e) => tap.events.indexOf(e) >= mark && e.type === 'KeyRelease');
    expect(tap.errors).toEqual([]);
  });

  it('sees nothing outside the window', async () => {
    const mark = tap.events.length;
    xdotool('mousemove', '1000', '600');
    await expect(tap.waitFor((e) => tap.events.indexOf(e) >= mark && e.rootX === 1000, 500)).rejects.toThrow(/no matching event/);
  });

  it('refuses a display it cannot reach with a clear error', async () => {
    await expect(tapWindow('host:0', 1)).rejects.toThrow(/only local displays/);
    expect(() => namedWindow(x.display, 'no-such-window-name')).toThrow(/no window named/);
  });

  it('on its own thread, receives the same events as the tap in this thread, stamped on this thread\'s clock', async () => {
    const threaded = await tapWindowInThread(x.display, namedWindow(x.display, 'tether-tap-target'));
    try {
      const [mark, threadMark] = [tap.events.length, threaded.events.length];
      const before = performance.now();
      xdotool('mousemove', '470', '310');
      const here = await tap.waitFor((e) => tap.events.indexOf(e) >= mark && e.type === 'MotionNotify' && e.rootX === 470 && e.rootY === 310);
      const there = await threaded.waitFor((e) => threaded.events.indexOf(e) >= threadMark && e.type === 'MotionNotify' && e.rootX === 470 && e.rootY === 310);
      // One X event: the server's own time stamp is the same; the thread's stamp is on this clock, after the command.
      expect(there.serverTime).toBe(here.serverTime);
      expect(there.receivedAt).toBeGreaterThan(before);
      expect(there.receivedAt).toBeLessThan(performance.now());
      const keyMark = threaded.events.length;
      xdotool('key', 'b');
      await threaded.waitFor((e) => threaded.events.indexOf(e) >= keyMark && e.type === 'KeyRelease');
      expect(threaded.errors).toEqual([]);
    } finally {
      threaded.close();
    }
  });

  it('on its own thread, refuses a display it cannot reach with the same clear error', async () => {
    await expect(tapWindowInThread('host:0', 1)).rejects.toThrow(/only local displays/);
  });
});
