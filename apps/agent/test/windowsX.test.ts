import { spawnSync } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readGateContext } from '../src/node/windows/gateContext';
import { createWindowTracker, pickGrantedWindow } from '../src/node/windows/windowTracker';
import { activeWindow, listWindows, parseRootChildren, windowAt, windowsMatchingTitles } from '../src/node/windows/xWindows';
import { startXObserver, type XObserver } from '../../../tests/support/xObserver';
import { startXvfb, type XDisplay } from '../../../tests/support/xvfb';

describe('parseRootChildren', () => {
  it('reads ids, titles (with quotes and colons) and absolute geometry; skips other lines', () => {
    const text = [
      'xwininfo: Window id: 0x50d (the root window) (has no name)',
      '     3 children:',
      '     0x200001 "other: "win"": ("xev" "XEv")  200x100+600+400  +600+400',
      '     0x400001 (has no name): ()  1x1+-1+-1  +-1+-1',
      '     0x600001 "Bank – Login": ()  800x600+10+20  +12+22',
    ].join('\n');
    expect(parseRootChildren(text)).toEqual([
      { id: 0x200001, title: 'other: "win"', rect: { x: 600, y: 400, width: 200, height: 100 } },
      { id: 0x400001, title: '', rect: { x: -1, y: -1, width: 1, height: 1 } },
      { id: 0x600001, title: 'Bank – Login', rect: { x: 12, y: 22, width: 800, height: 600 } },
    ]);
  });

  it('windowAt picks the top-most window containing the point (list is bottom to top)', () => {
    const windows = [
      { id: 1, title: 'bottom', rect: { x: 0, y: 0, width: 100, height: 100 } },
      { id: 2, title: 'top', rect: { x: 50, y: 50, width: 100, height: 100 } },
    ];
    expect(windowAt(windows, 60, 60)?.id).toBe(2);
    expect(windowAt(windows, 10, 10)?.id).toBe(1);
    expect(windowAt(windows, 149, 149)?.id).toBe(2);
    expect(windowAt(windows, 150, 150)).toBeNull();
  });

  it('pickGrantedWindow uses the grant-time rect to choose between same-titled windows', () => {
    const windows = [
      { id: 1, title: 'Editor', rect: { x: 0, y: 0, width: 100, height: 100 } },
      { id: 2, title: 'Editor', rect: { x: 500, y: 500, width: 100, height: 100 } },
    ];
    expect(pickGrantedWindow(windows, 'Editor', { x: 490, y: 510, width: 100, height: 100 })?.id).toBe(2);
    expect(pickGrantedWindow(windows, 'Editor')).toBeNull(); // ambiguous without a rect
    expect(pickGrantedWindow(windows, 'Other')).toBeNull();
  });
});

describe('X windows on a real display', () => {
  let x: XDisplay;
  let a: XObserver;
  let b: XObserver;
  const xdotool = (...args: string[]): void => {
    spawnSync('xdotool', args, { env: x.env, timeout: 3000 });
  };

  beforeAll(async () => {
    x = await startXvfb({ width: 1280, height: 720 });
    [a, b] = await Promise.all([
      startXObserver({ display: x.display, name: 'win-alpha', x: 10, y: 20, width: 300, height: 200 }),
      startXObserver({ display: x.display, name: 'Bank – secure login', x: 600, y: 300, width: 250, height: 150 }),
    ]);
  });

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await x?.stop();
  });

  it('lists visible top-level windows with titles and geometry', async () => {
    const windows = await listWindows(x.display);
    expect(windows.map((w) => w.title).sort()).toEqual(['Bank – secure login', 'win-alpha']);
    expect(windows.find((w) => w.title === 'win-alpha')?.rect).toEqual({ x: 10, y: 20, width: 300, height: 200 });
  });

  it('returns rects of windows whose titles match privacy rules', async () => {
    const masked = await windowsMatchingTitles(x.display, [/bank/i, /password/i]);
    expect(masked.map((w) => [w.title, w.rect])).toEqual([['Bank – secure login', { x: 600, y: 300, width: 250, height: 150 }]]);
    expect(await windowsMatchingTitles(x.display, [/nothing-matches/])).toEqual([]);
  });

  it('without a window manager the active window is the one under the pointer, or the focused one', async () => {
    xdotool('mousemove', '700', '350');
    expect((await activeWindow(x.display))?.title).toBe('Bank – secure login');
    xdotool('mousemove', '50', '50');
    expect((await activeWindow(x.display))?.title).toBe('win-alpha');
    xdotool('mousemove', '1200', '700');
    expect(await activeWindow(x.display)).toBeNull();
    const alpha = (await listWindows(x.display)).find((w) => w.title === 'win-alpha');
    xdotool('windowfocus', String(alpha?.id));
    expect((await activeWindow(x.display))?.title).toBe('win-alpha');
    const ctx = await readGateContext(x.display);
    expect(ctx.activeWindowId).toBe(alpha?.id);
  });

  it('tracks the granted window as it moves and reports it gone when it closes', async () => {
    const extra = await startXObserver({ display: x.display, name: 'tracked-win', x: 100, y: 400, width: 200, height: 100 });
    const tracker = createWindowTracker({ display: x.display, title: 'tracked-win', intervalMs: 0 });
    try {
      expect((await tracker.refresh())?.rect).toEqual({ x: 100, y: 400, width: 200, height: 100 });
      const id = tracker.current()?.id;
      xdotool('windowmove', String(id), '333', '222');
      expect((await tracker.refresh())?.rect).toEqual({ x: 333, y: 222, width: 200, height: 100 });
      await extra.stop();
      expect(await tracker.refresh()).toBeNull();
      // A new window with the same title is not the granted one.
      const again = await startXObserver({ display: x.display, name: 'tracked-win', x: 100, y: 400, width: 200, height: 100 });
      expect(await tracker.refresh()).toBeNull();
      await again.stop();
    } finally {
      tracker.stop();
      await extra.stop();
    }
  });
});
