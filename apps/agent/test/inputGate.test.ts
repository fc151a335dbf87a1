import { describe, expect, it } from 'vitest';
import { InputGate, MAX_GRANT_MS, createInputGate, type GateDecision } from '../src/common/inputGate';
import type { ConsentGrant } from '../src/common/input/consentGrant';
import type { InputEvent, KeyEvent, PointerButtonEvent } from '../src/common/input/inputEvents';

const T0 = 1_700_000_000_000;
const SURFACE = { width: 1000, height: 500, originX: 0, originY: 0 };

function grant(fields: Partial<ConsentGrant> = {}): ConsentGrant {
  return {
    v: 1, grantId: 'g1', sessionId: 's1', mode: 'full', shareOnlyRegion: false, clipboard: false, files: false,
    issuedAt: T0, expiresAt: T0 + 60 * 60 * 1000, ...fields,
  };
}

function gateWith(g: ConsentGrant | null, clock = { t: T0 + 1000 }): InputGate {
  const gate = createInputGate({ now: () => clock.t });
  gate.setGrant(g);
  return gate;
}

const move = (x: number, y: number): InputEvent => ({ v: 1, type: 'input.pointerMove', surfaceId: 1, x, y });
const button = (x: number, y: number, down: boolean, b: 0 | 1 | 2 = 0): PointerButtonEvent => ({ v: 1, type: 'input.pointerButton', surfaceId: 1, x, y, button: b, down });
const wheel = (x: number, y: number): InputEvent => ({ v: 1, type: 'input.wheel', surfaceId: 1, x, y, dx: 0, dy: 3 });
const key = (code: string, down = true, modifiers = 0): KeyEvent => ({ v: 1, type: 'input.key', code, down, modifiers });
const clip = (text: string): InputEvent => ({ v: 1, type: 'clipboard.text', text });

/** Normalised coordinate whose mapped pixel on a surface of `size` pixels is `pixel`. */
const norm = (pixel: number, size: number): number => Math.round((pixel * 65535) / (size - 1));

function expectDenied(d: GateDecision, code = 'E_SCOPE_DENIED', reason?: RegExp): void {
  expect(d.allowed).toBe(false);
  if (d.allowed) return;
  expect(d.code).toBe(code);
  expect(d.reason.length).toBeGreaterThan(5);
  if (reason) expect(d.reason).toMatch(reason);
}

function expectMapped(d: GateDecision, x: number, y: number): void {
  expect(d).toEqual({ allowed: true, mapped: { x, y } });
}

describe('InputGate: session-wide rules', () => {
  it('denies everything without a grant', () => {
    const gate = gateWith(null);
    for (const e of [move(0, 0), button(1, 1, true), wheel(5, 5), key('KeyA'), clip('x')]) expectDenied(gate.check(e, SURFACE), 'E_SCOPE_DENIED', /no consent grant/);
  });

  it('denies everything while paused and allows again after resume', () => {
    const gate = gateWith(grant({ clipboard: true }));
    gate.setPaused(true);
    for (const e of [move(0, 0), key('KeyA'), clip('x')]) expectDenied(gate.check(e, SURFACE), 'E_SCOPE_DENIED', /paused/);
    gate.setPaused(false);
    expect(gate.check(move(0, 0), SURFACE).allowed).toBe(true);
  });

  it('denies at and after expiresAt, allows one millisecond before', () => {
    const clock = { t: T0 + 1000 };
    const gate = gateWith(grant({ expiresAt: T0 + 5000 }), clock);
    clock.t = T0 + 4999;
    expect(gate.check(key('KeyA'), SURFACE).allowed).toBe(true);
    clock.t = T0 + 5000;
    expectDenied(gate.check(key('KeyB'), SURFACE), 'E_SCOPE_DENIED', /expired/);
  });

  it('caps a grant at 2 hours whatever expiresAt says', () => {
    const clock = { t: T0 + MAX_GRANT_MS - 1 };
    const gate = gateWith(grant({ expiresAt: T0 + 10 * MAX_GRANT_MS }), clock);
    expect(gate.check(move(1, 1), SURFACE).allowed).toBe(true);
    clock.t = T0 + MAX_GRANT_MS;
    expectDenied(gate.check(move(1, 1), SURFACE), 'E_SCOPE_DENIED', /expired/);
  });

  it('denies a grant that is not valid yet', () => {
    const gate = gateWith(grant(), { t: T0 - 1 });
    expectDenied(gate.check(move(1, 1), SURFACE), 'E_SCOPE_DENIED', /not valid yet/);
  });

  it('view mode denies pointer, keys and clipboard even with the clipboard toggle', () => {
    const gate = gateWith(grant({ mode: 'view', clipboard: true }));
    for (const e of [move(10, 10), button(10, 10, true), wheel(10, 10), key('KeyA'), clip('hi')]) expectDenied(gate.check(e, SURFACE), 'E_SCOPE_DENIED', /view-only/);
  });

  it('revoking control denies input but not clipboard; a new grant clears revocations', () => {
    const gate = gateWith(grant({ clipboard: true }));
    gate.revoke('control');
    expectDenied(gate.check(move(1, 1), SURFACE), 'E_SCOPE_DENIED', /revoked control/);
    expectDenied(gate.check(key('KeyA'), SURFACE), 'E_SCOPE_DENIED', /revoked control/);
    expect(gate.check(clip('x'), SURFACE).allowed).toBe(true);
    gate.setGrant(grant({ clipboard: true }));
    expect(gate.check(move(1, 1), SURFACE).allowed).toBe(true);
  });

  it('revoke("all") takes back control and clipboard; revoke("files") leaves input alone', () => {
    const gate = gateWith(grant({ clipboard: true }));
    gate.revoke('files');
    expect(gate.check(key('KeyA'), SURFACE).allowed).toBe(true);
    gate.revoke('all');
    expectDenied(gate.check(key('KeyB'), SURFACE), 'E_SCOPE_DENIED', /revoked control/);
    expectDenied(gate.check(clip('x'), SURFACE), 'E_SCOPE_DENIED', /revoked clipboard/);
  });

  it('rejects unknown event types with E_UNKNOWN_TYPE', () => {
    const gate = gateWith(grant());
    expectDenied(gate.check({ v: 1, type: 'input.teleport' } as unknown as InputEvent, SURFACE), 'E_UNKNOWN_TYPE');
  });
});

describe('InputGate: clipboard', () => {
  it('needs grant.clipboard', () => {
    expectDenied(gateWith(grant({ clipboard: false })).check(clip('x'), SURFACE), 'E_SCOPE_DENIED', /clipboard/);
    expect(gateWith(grant({ clipboard: true })).check(clip('x'), SURFACE)).toEqual({ allowed: true, mapped: null });
  });

  it('is denied after revoke("clipboard") while input still works', () => {
    const gate = gateWith(grant({ clipboard: true }));
    gate.revoke('clipboard');
    expectDenied(gate.check(clip('x'), SURFACE), 'E_SCOPE_DENIED', /revoked clipboard/);
    expect(gate.check(key('KeyA'), SURFACE).allowed).toBe(true);
  });

  it('refuses oversized text and non-strings', () => {
    const gate = new InputGate({ now: () => T0 + 1, maxClipboardChars: 4 });
    gate.setGrant(grant({ clipboard: true }));
    expect(gate.check(clip('abcd'), SURFACE).allowed).toBe(true);
    expectDenied(gate.check(clip('abcde'), SURFACE), 'E_OVERSIZED');
    expectDenied(gate.check({ v: 1, type: 'clipboard.text', text: 5 } as unknown as InputEvent, SURFACE), 'E_BAD_ARGUMENT');
  });
});

describe('InputGate: coordinate mapping', () => {
  const gate = gateWith(grant());

  it('maps 0 to the first pixel and 65535 to the last', () => {
    expectMapped(gate.check(move(0, 0), SURFACE), 0, 0);
    expectMapped(gate.check(move(65535, 65535), SURFACE), 999, 499);
  });

  it('rounds to the nearest pixel: round(n * (size-1) / 65535)', () => {
    // 32767.5 would be exactly the middle; 32767 -> 499.49 -> 499, 32768 -> 499.51 -> 500 (width 1000)
    expectMapped(gate.check(move(32767, 0), SURFACE), 499, 0);
    expectMapped(gate.check(move(32768, 0), SURFACE), 500, 0);
    expectMapped(gate.check(move(norm(123, 1000), norm(321, 500)), SURFACE), 123, 321);
  });

  it('adds the surface origin (multi-monitor / offset surfaces)', () => {
    expectMapped(gate.check(move(65535, 0), { width: 800, height: 600, originX: 1920, originY: 100 }), 2719, 100);
  });

  it('a 1-pixel surface maps everything to its only pixel', () => {
    expectMapped(gate.check(move(65535, 40000), { width: 1, height: 1, originX: 5, originY: 6 }), 5, 6);
  });

  it('rejects coordinates outside 0..65535 or non-integers with E_BAD_ARGUMENT', () => {
    for (const [x, y] of [[-1, 0], [0, 65536], [1.5, 2], [Number.NaN, 0]] as Array<[number, number]>) {
      expectDenied(gate.check(move(x, y), SURFACE), 'E_BAD_ARGUMENT');
    }
  });

  it('rejects an invalid surface, bad buttons and non-finite wheel deltas', () => {
    expectDenied(gate.check(move(0, 0), { width: 0, height: 10, originX: 0, originY: 0 }), 'E_BAD_ARGUMENT', /surface/);
    expectDenied(gate.check({ ...button(0, 0, true), button: 3 as 0 }, SURFACE), 'E_BAD_ARGUMENT', /button/);
    expectDenied(gate.check({ v: 1, type: 'input.wheel', surfaceId: 1, x: 0, y: 0, dx: Infinity, dy: 0 }, SURFACE), 'E_BAD_ARGUMENT', /wheel/);
  });
});

describe('InputGate: region mode', () => {
  // Region: x 0.25..0.75 of 1000 px = pixels 250..749; y 0.2..0.6 of 500 px = pixels 100..299.
  const region = { x: 0.25, y: 0.2, w: 0.5, h: 0.4 };
  const regionGrant = grant({ mode: 'region', region });

  it('allows pointer events inside and denies them outside, for move, button and wheel', () => {
    const gate = gateWith(regionGrant);
    expectMapped(gate.check(move(norm(500, 1000), norm(200, 500)), SURFACE), 500, 200);
    expect(gate.check(button(norm(500, 1000), norm(200, 500), true), SURFACE).allowed).toBe(true);
    expect(gate.check(wheel(norm(500, 1000), norm(200, 500)), SURFACE).allowed).toBe(true);
    for (const e of [move(0, 0), button(0, 0, true, 2), wheel(65535, 65535)]) expectDenied(gate.check(e, SURFACE), 'E_SCOPE_DENIED', /outside the granted region/);
  });

  it('edges: first pixel inside, last pixel inside, neighbours outside', () => {
    const gate = gateWith(regionGrant);
    const at = (px: number, py: number): boolean => gate.check(move(norm(px, 1000), norm(py, 500)), SURFACE).allowed;
    expect(at(250, 100)).toBe(true);
    expect(at(749, 299)).toBe(true);
    expect(at(249, 200)).toBe(false);
    expect(at(750, 200)).toBe(false);
    expect(at(500, 99)).toBe(false);
    expect(at(500, 300)).toBe(false);
  });

  it('a full-surface region allows every pixel including the last', () => {
    const gate = gateWith(grant({ mode: 'region', region: { x: 0, y: 0, w: 1, h: 1 } }));
    expect(gate.check(move(65535, 65535), SURFACE).allowed).toBe(true);
    expect(gate.check(move(0, 0), SURFACE).allowed).toBe(true);
  });

  it('adjacent regions never both claim a pixel (fractional edge at 333.33 px)', () => {
    const left = gateWith(grant({ mode: 'region', region: { x: 0, y: 0, w: 1 / 3, h: 1 } }));
    const right = gateWith(grant({ mode: 'region', region: { x: 1 / 3, y: 0, w: 2 / 3, h: 1 } }));
    for (let px = 330; px <= 336; px++) {
      const e = move(norm(px, 1000), 0);
      expect(left.check(e, SURFACE).allowed !== right.check(e, SURFACE).allowed).toBe(true);
    }
  });

  it('denies all input when the region is missing or invalid', () => {
    for (const bad of [undefined, { x: 0.5, y: 0, w: 0.6, h: 1 }, { x: 0, y: 0, w: 0, h: 1 }, { x: Number.NaN, y: 0, w: 1, h: 1 }]) {
      const gate = gateWith(grant({ mode: 'region', region: bad }));
      expectDenied(gate.check(move(32768, 32768), SURFACE), 'E_SCOPE_DENIED', /no valid region/);
      expectDenied(gate.check(key('KeyA'), SURFACE, { activeWindowRect: { x: 400, y: 150, width: 10, height: 10 } }), 'E_SCOPE_DENIED', /no valid region/);
    }
  });

  it('keys only while the active window lies entirely inside the region', () => {
    const gate = gateWith(regionGrant);
    expect(gate.check(key('KeyA'), SURFACE, { activeWindowRect: { x: 250, y: 100, width: 500, height: 200 } }).allowed).toBe(true);
    expectDenied(gate.check(key('KeyB'), SURFACE, { activeWindowRect: { x: 250, y: 100, width: 501, height: 200 } }), 'E_SCOPE_DENIED', /not inside the granted region/);
    expectDenied(gate.check(key('KeyB'), SURFACE, { activeWindowRect: { x: 249, y: 100, width: 10, height: 10 } }), 'E_SCOPE_DENIED', /not inside/);
    expectDenied(gate.check(key('KeyB'), SURFACE, { activeWindowRect: { x: 300, y: 150, width: 0, height: 10 } }), 'E_SCOPE_DENIED', /not inside/);
  });

  it('denies keys with a clear reason when the active window is unknown', () => {
    expectDenied(gateWith(regionGrant).check(key('KeyA'), SURFACE, {}), 'E_SCOPE_DENIED', /window receiving keystrokes is unknown/);
  });

  it('respects the surface origin for region edges', () => {
    const gate = gateWith(regionGrant);
    const shifted = { ...SURFACE, originX: 100, originY: 50 };
    expectMapped(gate.check(move(norm(250, 1000), norm(100, 500)), shifted), 350, 150);
    expect(gate.check(key('KeyA'), shifted, { activeWindowRect: { x: 350, y: 150, width: 500, height: 200 } }).allowed).toBe(true);
    expect(gate.check(key('KeyA'), shifted, { activeWindowRect: { x: 250, y: 100, width: 500, height: 200 } }).allowed).toBe(false);
  });
});

describe('InputGate: window mode', () => {
  const windowGrant = grant({ mode: 'window', window: { title: 'Editor', rect: { x: 0.1, y: 0.1, w: 0.2, h: 0.2 } } });
  const granted = { grantedWindowId: 42, grantedWindowRect: { x: 100, y: 50, width: 200, height: 100 } };

  it('allows pointer only inside the tracked window rect (edges exact)', () => {
    const gate = gateWith(windowGrant);
    const at = (px: number, py: number): boolean => gate.check(move(norm(px, 1000), norm(py, 500)), SURFACE, granted).allowed;
    expect(at(100, 50)).toBe(true);
    expect(at(299, 149)).toBe(true);
    expect(at(99, 60)).toBe(false);
    expect(at(300, 60)).toBe(false);
    expect(at(150, 150)).toBe(false);
  });

  it('follows the window when it moves (uses the current rect, not the grant-time rect)', () => {
    const gate = gateWith(windowGrant);
    const moved = { ...granted, grantedWindowRect: { x: 600, y: 300, width: 100, height: 100 } };
    expect(gate.check(move(norm(650, 1000), norm(350, 500)), SURFACE, moved).allowed).toBe(true);
    expectDenied(gate.check(move(norm(150, 1000), norm(60, 500)), SURFACE, moved), 'E_SCOPE_DENIED', /outside the granted window/);
  });

  it('denies pointer and keys when the granted window is not known (closed)', () => {
    const gate = gateWith(windowGrant);
    expectDenied(gate.check(move(norm(150, 1000), norm(60, 500)), SURFACE, {}), 'E_SCOPE_DENIED', /not currently known/);
    expectDenied(gate.check(key('KeyA'), SURFACE, { activeWindowId: 42 }), 'E_SCOPE_DENIED', /not currently known/);
  });

  it('allows keys only when the active window is the granted window', () => {
    const gate = gateWith(windowGrant);
    expect(gate.check(key('KeyA'), SURFACE, { ...granted, activeWindowId: 42 }).allowed).toBe(true);
    expectDenied(gate.check(key('KeyB'), SURFACE, { ...granted, activeWindowId: 7 }), 'E_SCOPE_DENIED', /not the granted window/);
    expectDenied(gate.check(key('KeyB'), SURFACE, granted), 'E_SCOPE_DENIED', /unknown/);
  });
});

describe('InputGate: keys', () => {
  it('full mode allows every supported key with modifiers', () => {
    const gate = gateWith(grant());
    expect(gate.check(key('Digit1', true, 1), SURFACE).allowed).toBe(true);
    expect(gate.check(key('KeyC', true, 2 | 4 | 8), SURFACE).allowed).toBe(true);
  });

  it('refuses unknown codes and bad modifier masks with E_BAD_ARGUMENT, not a crash', () => {
    const gate = gateWith(grant());
    expectDenied(gate.check(key('LaunchMail'), SURFACE), 'E_BAD_ARGUMENT', /LaunchMail/);
    expectDenied(gate.check(key(42 as unknown as string), SURFACE), 'E_BAD_ARGUMENT');
    expectDenied(gate.check(key('KeyA', true, 16), SURFACE), 'E_BAD_ARGUMENT', /modifiers/);
    expectDenied(gate.check(key('KeyA', true, -1), SURFACE), 'E_BAD_ARGUMENT', /modifiers/);
  });
});

describe('InputGate: held buttons and keys (no stuck input)', () => {
  const region = { x: 0.25, y: 0.2, w: 0.5, h: 0.4 };

  it('a release of a button pressed inside is allowed outside, at the last allowed pointer position', () => {
    const gate = gateWith(grant({ mode: 'region', region }));
    expect(gate.check(button(norm(500, 1000), norm(200, 500), true, 2), SURFACE).allowed).toBe(true);
    expectDenied(gate.check(move(0, 0), SURFACE)); // dragging out is not allowed...
    expectMapped(gate.check(button(0, 0, false, 2), SURFACE), 500, 200); // ...but the release is, in place
    expectDenied(gate.check(button(0, 0, false, 2), SURFACE), 'E_SCOPE_DENIED', /outside/); // only once
  });

  it('a release of a button that was never let down is judged like any other event', () => {
    const gate = gateWith(grant({ mode: 'region', region }));
    expectDenied(gate.check(button(0, 0, false, 0), SURFACE), 'E_SCOPE_DENIED', /outside/);
    expect(gate.check(button(norm(500, 1000), norm(200, 500), false, 0), SURFACE).allowed).toBe(true);
  });

  it('a key pressed while allowed is released even after focus moved out of scope', () => {
    const gate = gateWith(grant({ mode: 'window', window: { title: 'x', rect: region } }));
    const ctx = { grantedWindowId: 1, grantedWindowRect: { x: 0, y: 0, width: 10, height: 10 } };
    expect(gate.check(key('ShiftLeft', true), SURFACE, { ...ctx, activeWindowId: 1 }).allowed).toBe(true);
    expect(gate.check(key('ShiftLeft', false), SURFACE, { ...ctx, activeWindowId: 2 }).allowed).toBe(true);
    expectDenied(gate.check(key('ShiftLeft', false), SURFACE, { ...ctx, activeWindowId: 2 }));
  });

  it('releaseAll lists held keys and buttons once and forgets them', () => {
    const gate = gateWith(grant());
    gate.check(button(65535, 0, true, 0), SURFACE);
    gate.check(button(65535, 0, true, 1), SURFACE);
    gate.check(button(65535, 0, false, 1), SURFACE);
    gate.check(key('ControlLeft', true), SURFACE);
    gate.check(key('KeyC', true, 2), SURFACE);
    gate.check(key('KeyC', false, 2), SURFACE);
    expect(gate.held()).toEqual({ keys: ['ControlLeft'], buttons: [0], pointer: { x: 999, y: 0 } });
    expect(gate.releaseAll()).toEqual({ keys: ['ControlLeft'], buttons: [0], pointer: { x: 999, y: 0 } });
    expect(gate.releaseAll()).toEqual({ keys: [], buttons: [], pointer: { x: 999, y: 0 } });
  });

  it('after pause + releaseAll, late releases are refused (nothing is held any more)', () => {
    const gate = gateWith(grant());
    gate.check(key('KeyA', true), SURFACE);
    gate.setPaused(true);
    expect(gate.releaseAll().keys).toEqual(['KeyA']);
    expectDenied(gate.check(key('KeyA', false), SURFACE), 'E_SCOPE_DENIED', /paused/);
  });

  it('denied presses are never recorded as held', () => {
    const gate = gateWith(grant({ mode: 'view' }));
    gate.check(key('KeyA', true), SURFACE);
    gate.check(button(0, 0, true), SURFACE);
    expect(gate.releaseAll()).toEqual({ keys: [], buttons: [], pointer: null });
  });
});
