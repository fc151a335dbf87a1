// End to end: technician input events -> input gate -> real nut-js injection (in a child process bound
// to a private Xvfb) -> real X clients (xev) that record what they receive.
import { execFile, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ConsentGrant } from '../../apps/agent/src/common/input/consentGrant';
import type { InputEvent } from '../../apps/agent/src/common/input/inputEvents';
import { createInputGate, type InputGate } from '../../apps/agent/src/common/inputGate';
import { spawnInjector } from '../../apps/agent/src/node/input/childInjector';
import { createGatedInput, type GatedInput, type InputLogEntry } from '../../apps/agent/src/node/input/gatedInput';
import type { Injector } from '../../apps/agent/src/node/input/injector';
import { readGateContext } from '../../apps/agent/src/node/windows/gateContext';
import { createWindowTracker, type WindowTracker } from '../../apps/agent/src/node/windows/windowTracker';
import { startXObserver, type XObserver } from '../support/xObserver';
import { startXvfb, type XDisplay } from '../support/xvfb';

const W = 1920;
const H = 1080;
const SURFACE = { width: W, height: H, originX: 0, originY: 0 };
const SETTLE_MS = 400;
const AGENT_DIR = fileURLToPath(new URL('../../apps/agent/', import.meta.url));

let x: XDisplay;
let injector: Injector;
let a: XObserver; // 400x300 at (100,100)
let b: XObserver; // 400x300 at (900,500)
let gate: InputGate;
let gated: GatedInput;
let logEntries: InputLogEntry[];
let clock: { t: number };
let tracker: WindowTracker | undefined;

const nx = (px: number): number => Math.round((px * 65535) / (W - 1));
const ny = (py: number): number => Math.round((py * 65535) / (H - 1));
const click = (px: number, py: number, down: boolean, button: 0 | 1 | 2 = 0): InputEvent => ({ v: 1, type: 'input.pointerButton', surfaceId: 1, x: nx(px), y: ny(py), button, down });
const moveTo = (px: number, py: number): InputEvent => ({ v: 1, type: 'input.pointerMove', surfaceId: 1, x: nx(px), y: ny(py) });
const key = (code: string, down: boolean, modifiers = 0): InputEvent => ({ v: 1, type: 'input.key', code, down, modifiers });

function grant(fields: Partial<ConsentGrant>): ConsentGrant {
  return { v: 1, grantId: 'g', sessionId: 's', mode: 'full', shareOnlyRegion: false, clipboard: false, files: false, issuedAt: clock.t - 1000, expiresAt: clock.t + 3_600_000, ...fields };
}

async function send(...events: InputEvent[]): Promise<void> {
  for (const e of events) await gated.handle(e, SURFACE, await readGateContext(x.display, tracker));
}

async function clickAt(px: number, py: number, button: 0 | 1 | 2 = 0): Promise<void> {
  await send(click(px, py, true, button), click(px, py, false, button));
}

/** Places the pointer by hand (not through the gate) so that keys, if injected, would reach that window. */
function parkPointer(px: number, py: number): void {
  spawnSync('xdotool', ['mousemove', String(px), String(py)], { env: x.env, timeout: 3000 });
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, SETTLE_MS));

function readClipboard(): Promise<string> {
  const script = "const { clipboard } = await import('@nut-tree-fork/nut-js'); process.stdout.write(await clipboard.getContent());";
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: AGENT_DIR, env: x.env, timeout: 10_000 }, (error, stdout) => (error ? reject(error) : resolve(String(stdout))));
  });
}

beforeAll(async () => {
  x = await startXvfb({ width: W, height: H });
  [a, b, injector] = await Promise.all([
    startXObserver({ display: x.display, name: 'tether-observer-a', x: 100, y: 100, width: 400, height: 300 }),
    startXObserver({ display: x.display, name: 'tether-observer-b', x: 900, y: 500, width: 400, height: 300 }),
    spawnInjector({ display: x.display }),
  ]);
});

afterAll(async () => {
  tracker?.stop();
  await injector?.close();
  await Promise.all([a?.stop(), b?.stop()]);
  await x?.stop();
});

beforeEach(async () => {
  await settle(); // let late events of the previous test arrive before it starts counting
  clock = { t: Date.now() };
  gate = createInputGate({ now: () => clock.t });
  logEntries = [];
  gated = createGatedInput(gate, injector, (entry) => logEntries.push(entry));
  tracker?.stop();
  tracker = undefined;
});

describe('full control', () => {
  it('clicks arrive at the mapped coordinates with the right buttons', async () => {
    await gated.setGrant(grant({ mode: 'full' }));
    const from = a.events.length;
    await clickAt(300, 250);
    await clickAt(301, 251, 2);

    await a.waitFor((e) => a.events.indexOf(e) >= from && e.type === 'ButtonPress' && e.button === 1);
    const right = await a.waitFor((e) => a.events.indexOf(e) >= from && e.type === 'ButtonRelease' && e.button === 3);
    const left = a.since(from).find((e) => e.type === 'ButtonPress' && e.button === 1);
    expect([left?.rootX, left?.rootY]).toEqual([300, 250]);
    expect([right.rootX, right.rootY]).toEqual([301, 251]);
    expect(logEntries).toEqual([]);
  });

  it('Shift+1 types "!", an implicit Shift from the bitmask does too, Ctrl+C carries ControlMask', async () => {
    await gated.setGrant(grant({ mode: 'full' }));
    await send(moveTo(200, 200));
    const from = a.events.length;
    await send(key('ShiftLeft', true, 1), key('Digit1', true, 1), key('Digit1', false, 1), key('ShiftLeft', false, 0));
    await send(key('Digit1', true, 1), key('Digit1', false, 1)); // modifiers only in the bitmask
    await send(key('KeyC', true, 2), key('KeyC', false, 2));
    await send(key('Enter', true), key('Enter', false));
    await a.waitFor((e) => a.events.indexOf(e) >= from && e.type === 'KeyPress' && e.keysym === 'Return');
    const presses = a.since(from).filter((e) => e.type === 'KeyPress');
    expect(presses.map((e) => e.keysym)).toEqual(['Shift_L', 'exclam', 'Shift_L', 'exclam', 'Control_L', 'c', 'Return']);
    expect(presses.filter((e) => e.keysym === 'exclam').map((e) => e.text)).toEqual(['!', '!']);
    expect((presses.find((e) => e.keysym === 'c')?.state ?? 0) & 0x4).toBe(0x4);
    // Every press was released: nothing held afterwards.
    const releases = a.since(from).filter((e) => e.type === 'KeyRelease').map((e) => e.keysym);
    expect(releases.filter((k) => k === 'Shift_L' || k === 'Control_L')).toHaveLength(3);
    expect(gate.held().keys).toEqual([]);
  });

  it('wheel scrolls arrive as X buttons 4/5', async () => {
    await gated.setGrant(grant({ mode: 'full' }));
    const from = a.events.length;
    await send({ v: 1, type: 'input.wheel', surfaceId: 1, x: nx(250), y: ny(250), dx: 0, dy: 2 });
    const downs = () => a.since(from).filter((e) => e.type === 'ButtonPress' && e.button === 5);
    // xev reports asynchronously: wait for the second notch, then make sure no third one follows
    await a.waitFor((e) => a.events.indexOf(e) >= from && e.type === 'ButtonPress' && e.button === 5 && downs().length >= 2);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(downs()).toHaveLength(2);
  });
});

describe('refusals inject nothing', () => {
  async function expectNothingArrives(reason: RegExp): Promise<void> {
    parkPointer(300, 250);
    await settle();
    const from = a.events.length;
    await clickAt(300, 250);
    await send(key('KeyQ', true), key('KeyQ', false));
    await settle();
    expect(a.since(from)).toEqual([]);
    expect(logEntries.filter((l) => l.kind === 'refused').length).toBeGreaterThanOrEqual(4);
    for (const entry of logEntries) expect(entry.reason).toMatch(reason);
    // Control: the same events do arrive once a full grant is in force, so the setup could see them.
    gated.resume();
    await gated.setGrant(grant({ mode: 'full' }));
    await send(key('KeyQ', true), key('KeyQ', false));
    await a.waitFor((e) => a.events.indexOf(e) >= from && e.type === 'KeyPress' && e.keysym === 'q');
  }

  it('view grant', async () => {
    await gated.setGrant(grant({ mode: 'view' }));
    await expectNothingArrives(/view-only/);
  });

  it('paused', async () => {
    await gated.setGrant(grant({ mode: 'full' }));
    await gated.pause();
    await expectNothingArrives(/paused/);
  });

  it('expired', async () => {
    await gated.setGrant(grant({ mode: 'full', expiresAt: clock.t + 10 }));
    clock.t += 11;
    await expectNothingArrives(/expired/);
  });

  it('control revoked', async () => {
    await gated.setGrant(grant({ mode: 'full' }));
    await gated.revoke('control');
    await expectNothingArrives(/revoked control/);
  });

  it('pause releases a held key and button (no stuck input)', async () => {
    await gated.setGrant(grant({ mode: 'full' }));
    const from = a.events.length;
    await send(click(250, 250, true), key('ShiftLeft', true, 1));
    await gated.pause();
    await a.waitFor((e) => a.events.indexOf(e) >= from && e.type === 'KeyRelease' && e.keysym === 'Shift_L');
    await a.waitFor((e) => a.events.indexOf(e) >= from && e.type === 'ButtonRelease' && e.button === 1);
    expect(logEntries.some((l) => l.kind === 'released' && /paused/.test(l.reason))).toBe(true);
  });
});

describe('limited control', () => {
  it('region grant: a click inside arrives, a click outside never does', async () => {
    await gated.setGrant(grant({ mode: 'region', region: { x: 50 / W, y: 50 / H, w: 600 / W, h: 500 / H } }));
    const fromA = a.events.length;
    const fromB = b.events.length;
    await clickAt(1000, 600); // inside observer B, outside the region
    await clickAt(300, 250); // inside observer A and the region
    await a.waitFor((e) => a.events.indexOf(e) >= fromA && e.type === 'ButtonPress' && e.rootX === 300 && e.rootY === 250);
    await settle();
    expect(b.since(fromB).filter((e) => e.type !== 'MotionNotify')).toEqual([]);
    expect(logEntries.filter((l) => l.kind === 'refused').map((l) => l.reason)).toEqual([
      expect.stringMatching(/outside the granted region/), expect.stringMatching(/outside the granted region/),
    ]);
  });

  it('region grant: keys only while the window under the pointer lies inside the region', async () => {
    await gated.setGrant(grant({ mode: 'region', region: { x: 50 / W, y: 50 / H, w: 600 / W, h: 500 / H } }));
    parkPointer(1000, 600); // keystrokes would go to B, which is outside the region
    await settle();
    const fromB = b.events.length;
    await send(key('KeyZ', true), key('KeyZ', false));
    await send(moveTo(300, 250)); // now A, inside the region, receives keys
    const fromA = a.events.length;
    await send(key('KeyZ', true), key('KeyZ', false));
    await a.waitFor((e) => a.events.indexOf(e) >= fromA && e.type === 'KeyPress' && e.keysym === 'z');
    expect(b.since(fromB).filter((e) => e.type === 'KeyPress')).toEqual([]);
    expect(logEntries[0]?.reason).toMatch(/not inside the granted region/);
  });

  it('window grant: clicks and keys reach the granted window only', async () => {
    tracker = createWindowTracker({ display: x.display, title: 'tether-observer-b', intervalMs: 0 });
    await gated.setGrant(grant({ mode: 'window', window: { title: 'tether-observer-b', rect: { x: 900 / W, y: 500 / H, w: 400 / W, h: 300 / H } } }));
    const fromA = a.events.length;
    const fromB = b.events.length;
    await clickAt(300, 250); // A: refused
    await clickAt(1100, 650); // B: allowed
    await send(key('KeyW', true), key('KeyW', false)); // pointer over B: allowed
    await b.waitFor((e) => b.events.indexOf(e) >= fromB && e.type === 'KeyPress' && e.keysym === 'w');
    expect(b.since(fromB).find((e) => e.type === 'ButtonPress')).toMatchObject({ rootX: 1100, rootY: 650, button: 1 });
    parkPointer(300, 250); // keystrokes would now go to A
    await settle();
    await send(key('KeyW', true), key('KeyW', false));
    await settle();
    expect(a.since(fromA).filter((e) => e.type !== 'MotionNotify')).toEqual([]);
    expect(logEntries.map((l) => l.reason)).toEqual([
      expect.stringMatching(/outside the granted window/), expect.stringMatching(/outside the granted window/),
      expect.stringMatching(/not the granted window/), expect.stringMatching(/not the granted window/),
    ]);
  });
});

describe('clipboard', () => {
  it('is set only when the grant includes the clipboard', async () => {
    await gated.setGrant(grant({ mode: 'full', clipboard: false }));
    await send({ v: 1, type: 'clipboard.text', text: 'must not appear' });
    expect(logEntries[0]).toMatchObject({ kind: 'refused', code: 'E_SCOPE_DENIED' });
    expect(await readClipboard().catch(() => '')).not.toBe('must not appear');
    await gated.setGrant(grant({ mode: 'full', clipboard: true }));
    await send({ v: 1, type: 'clipboard.text', text: 'hello from the technician: ✓ «ok»' });
    expect(await readClipboard()).toBe('hello from the technician: ✓ «ok»');
  });
});
