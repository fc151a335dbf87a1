// The capture browser gives the keyboard back: a real Xvfb without a window manager, a real X client (xev)
// holding the focus, and a real capture (Debian Chromium). Chromium's capture page and its "… is sharing
// your screen" bar each take the X focus when they map; afterwards a key typed on the display must reach
// the customer's window again, and focus the customer moved elsewhere meanwhile is not taken from it.
import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startCapture, type CaptureHandle } from '../../apps/agent/src/node/capture/browserHost';
import { returnFocusFromCapture } from '../../apps/agent/src/node/windows/captureFocus';
import { focusedWindow } from '../../apps/agent/src/node/windows/xWindows';
import { parkPointer } from '../support/decoder/captureScene';
import { startXObserver, type XObserver } from '../support/xObserver';
import { startXvfb, type XDisplay } from '../support/xvfb';

let x: XDisplay;
let terminal: XObserver;
let other: XObserver;

beforeAll(async () => {
  x = await startXvfb();
  parkPointer(x);
  terminal = await startXObserver({ display: x.display, name: 'tether-focus-terminal', x: 100, y: 100, width: 300, height: 200 });
  other = await startXObserver({ display: x.display, name: 'tether-focus-other', x: 600, y: 100, width: 300, height: 200 });
}, 60_000);

afterAll(async () => {
  await terminal?.stop();
  await other?.stop();
  await x?.stop();
});

function xdotool(...args: string[]): string {
  return spawnSync('xdotool', args, { env: x.env, encoding: 'utf8', timeout: 5000 }).stdout.trim();
}
const windowId = (name: string) => Number(xdotool('search', '--name', `^${name}$`).split('\n')[0]);
const focusedName = () => xdotool('getwindowfocus', 'getwindowname');

/** Starts a real capture and waits until Chromium's sharing bar holds the focus (what the customer hits). */
async function captureThatTookFocus(): Promise<CaptureHandle> {
  const capture = await startCapture({ display: x.display, codecs: ['h264'] });
  const deadline = Date.now() + 10_000;
  while (!/is sharing your screen/.test(focusedName()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
  expect(focusedName()).toMatch(/is sharing your screen/);
  return capture;
}

describe('focus after the capture browser starts', () => {
  it('goes back to the window that had it, so keys reach the customer again', async () => {
    xdotool('windowfocus', '--sync', String(windowId('tether-focus-terminal')));
    const before = await focusedWindow(x.display);
    expect(before).toBe(windowId('tether-focus-terminal'));
    const capture = await captureThatTookFocus();
    try {
      expect(await returnFocusFromCapture(x.display, before)).toBe(true);
      expect(focusedName()).toBe('tether-focus-terminal');
      const mark = terminal.events.length;
      xdotool('key', 'k');
      await terminal.waitFor((e) => terminal.events.indexOf(e) >= mark && e.type === 'KeyPress' && e.keysym === 'k', 5000);
    } finally {
      await capture.close();
    }
  }, 60_000);

  it('goes to the root window (keys follow the pointer) when no window had it, and leaves a focus the customer chose', async () => {
    xdotool('windowfocus', '--sync', String(Number.parseInt(/Window id: (0x[0-9a-f]+)/i.exec(spawnSync('xwininfo', ['-root'], { env: x.env, encoding: 'utf8' }).stdout)?.[1] ?? '0', 16)));
    const capture = await captureThatTookFocus();
    try {
      expect(await returnFocusFromCapture(x.display, null)).toBe(true);
      // Root focus: the key goes to the window under the pointer.
      xdotool('mousemove', '--sync', '750', '200');
      const mark = other.events.length;
      xdotool('key', 'j');
      await other.waitFor((e) => other.events.indexOf(e) >= mark && e.type === 'KeyPress' && e.keysym === 'j', 5000);
      // The customer picks a window; the capture's focus return does not undo that.
      xdotool('windowfocus', '--sync', String(windowId('tether-focus-terminal')));
      expect(await returnFocusFromCapture(x.display, windowId('tether-focus-other'), 200)).toBe(false);
      expect(focusedName()).toBe('tether-focus-terminal');
    } finally {
      await capture.close();
    }
  }, 60_000);
});
