// Regression: asking X for window facts must never leave a pointer grab behind. xwininfo/xprop without a
// named window (or with window id 0, the root's "parent") wait for a click with the pointer grabbed, and
// every technician click then vanishes. This happened when the input focus was on the root window.
import { execFileSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGateContext } from '../src/node/windows/gateContext';
import { activeWindow, namesWindow, runXTool } from '../src/node/windows/xWindows';
import { startXObserver, type XObserver } from '../../../tests/support/xObserver';
import { startXvfb, type XDisplay } from '../../../tests/support/xvfb';

let x: XDisplay;
let observer: XObserver;

beforeAll(async () => {
  x = await startXvfb({ width: 800, height: 600 });
  observer = await startXObserver({ display: x.display, name: 'tether-grab-observer', x: 100, y: 100, width: 300, height: 200 });
}, 30_000);

afterAll(async () => {
  await observer?.stop();
  await x?.stop();
});

const click = async (): Promise<boolean> => {
  const mark = observer.events.length;
  execFileSync('xdotool', ['mousemove', '200', '200', 'click', '1'], { env: x.env });
  await new Promise((r) => setTimeout(r, 300));
  return observer.since(mark).some((e) => e.type === 'ButtonPress');
};

describe('X window queries never grab the pointer', () => {
  it('refuses xwininfo/xprop calls that name no window', async () => {
    expect(namesWindow(['-id', '0', '-children'])).toBe(false);
    expect(namesWindow(['-children'])).toBe(false);
    expect(namesWindow(['-id', 'NaN'])).toBe(false);
    expect(namesWindow(['-id', '4194306'])).toBe(true);
    expect(namesWindow(['-root', '-children'])).toBe(true);
    expect(await runXTool(x.display, 'xwininfo', ['-id', '0', '-children'])).toEqual({ ok: false, stdout: '' });
  });

  it('with the focus on the root window, reading the gate context leaves clicks working', async () => {
    const root = /Window id: (0x[0-9a-f]+)/i.exec(execFileSync('xwininfo', ['-root'], { env: x.env, encoding: 'utf8' }))?.[1] as string;
    execFileSync('xdotool', ['windowfocus', String(parseInt(root, 16))], { env: x.env });
    expect(await click()).toBe(true);
    // Click while the queries run (the session core refreshes them every 200 ms during a limited grant).
    const queries = Promise.all([activeWindow(x.display), readGateContext(x.display)]);
    await new Promise((r) => setTimeout(r, 150));
    const during = await click();
    await queries;
    expect(during).toBe(true);
    expect(await click()).toBe(true);
  });
});
