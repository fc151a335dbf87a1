// The single entry point the session core calls for every received input event: ask the gate, then
// inject or drop and log. Events are handled strictly in arrival order (one queue), modifiers named in
// a key event's bitmask are pressed explicitly around it (never keyboard.type), and pause/revoke/grant
// changes release everything held so no key or button stays down on the customer's machine.
import type { ConsentGrant } from '../../common/input/consentGrant';
import type { InputEvent, KeyEvent } from '../../common/input/inputEvents';
import { MODIFIER_KEYS, keyNameForCode, type KeyName, type ModifierKeyName } from '../../common/input/keyMap';
import type { SurfaceGeometry } from '../../common/input/surfaceMapping';
import type { GateContext, GateDecision, InputGate, RevocablePermission } from '../../common/inputGate';
import type { Injector } from './injector';

export interface InputLogEntry {
  at: number;
  kind: 'refused' | 'failed' | 'released';
  event: string;
  code?: string;
  reason: string;
}

export interface GatedInput {
  /** Checks one event and injects it if allowed; resolves with the gate's decision. */
  handle(event: InputEvent, surface: SurfaceGeometry, context?: GateContext): Promise<GateDecision>;
  setGrant(grant: ConsentGrant | null): Promise<void>;
  pause(): Promise<void>;
  resume(): void;
  revoke(permission: RevocablePermission): Promise<void>;
  /** Releases every key and button the technician holds down (also done by pause/revoke/setGrant). */
  releaseAll(reason: string): Promise<void>;
}

/** A short description for the log: never the typed text or clipboard contents. */
export function describeEvent(event: InputEvent): string {
  switch (event.type) {
    case 'input.key':
      return `${event.type} ${event.code} ${event.down ? 'down' : 'up'}`;
    case 'input.pointerButton':
      return `${event.type} button ${event.button} ${event.down ? 'down' : 'up'}`;
    case 'clipboard.text':
      return `${event.type} (${typeof event.text === 'string' ? event.text.length : '?'} chars)`;
    default:
      return String((event as { type?: unknown }).type);
  }
}

export function createGatedInput(gate: InputGate, injector: Injector, log: (entry: InputLogEntry) => void, now: () => number = Date.now): GatedInput {
  let queue: Promise<unknown> = Promise.resolve();
  /** Tasks started or waiting that have not settled yet. */
  let unsettled = 0;
  /** Modifiers we pressed on behalf of a key's bitmask, keyed by that key's code. */
  const implicitModifiers = new Map<string, ModifierKeyName[]>();

  // One task at a time, in arrival order. With nothing pending the task starts at once, inside the
  // caller's turn: the injection call is made before the socket read that brought the event returns
  // (chained behind a settled promise, it waited for the rest of that turn, 50-60 us here).
  const serial = <T>(task: () => Promise<T>): Promise<T> => {
    const result = unsettled++ === 0 ? task() : queue.then(task, task);
    const settled = (): void => {
      unsettled--;
    };
    queue = result.then(settled, settled);
    return result;
  };

  const keyName = (code: string): KeyName | null => {
    const r = keyNameForCode(code);
    return r.ok ? r.value : null;
  };

  async function injectKey(event: KeyEvent): Promise<void> {
    const name = keyName(event.code);
    if (name === null) return; // the gate refuses unknown codes; nothing to do
    if (event.down) {
      const heldCodes = new Set(gate.held().keys);
      const extra: ModifierKeyName[] = [];
      for (const m of MODIFIER_KEYS) {
        if ((event.modifiers & m.bit) === 0 || m.codes.includes(event.code)) continue;
        if (m.codes.some((c) => heldCodes.has(c))) continue; // already held down explicitly
        extra.push(m.press);
      }
      for (const m of extra) await injector.key(m, true);
      if (extra.length > 0) implicitModifiers.set(event.code, [...(implicitModifiers.get(event.code) ?? []), ...extra]);
      await injector.key(name, true);
    } else {
      await injector.key(name, false);
      const extra = implicitModifiers.get(event.code) ?? [];
      implicitModifiers.delete(event.code);
      for (const m of [...extra].reverse()) await injector.key(m, false);
    }
  }

  async function inject(event: InputEvent, mapped: { x: number; y: number } | null): Promise<void> {
    switch (event.type) {
      case 'input.pointerMove':
        if (mapped) await injector.pointerMove(mapped.x, mapped.y);
        return;
      case 'input.pointerButton':
        if (mapped) await injector.pointerMove(mapped.x, mapped.y);
        await injector.pointerButton(event.button, event.down);
        return;
      case 'input.wheel':
        if (mapped) await injector.pointerMove(mapped.x, mapped.y);
        await injector.wheel(event.dx, event.dy);
        return;
      case 'input.key':
        await injectKey(event);
        return;
      case 'clipboard.text':
        await injector.setClipboard(event.text);
        return;
    }
  }

  async function releaseHeld(reason: string): Promise<void> {
    const held = gate.releaseAll();
    const names: KeyName[] = [];
    for (const code of held.keys) {
      const name = keyName(code);
      if (name !== null) names.push(name);
      names.push(...(implicitModifiers.get(code) ?? []));
    }
    for (const extra of implicitModifiers.values()) for (const m of extra) if (!names.includes(m)) names.push(m);
    implicitModifiers.clear();
    if (names.length === 0 && held.buttons.length === 0) return;
    for (const name of names) await injector.key(name, false).catch(() => undefined);
    for (const b of held.buttons) await injector.pointerButton(b, false).catch(() => undefined);
    log({ at: now(), kind: 'released', event: `keys [${held.keys.join(', ')}] buttons [${held.buttons.join(', ')}]`, reason });
  }

  return {
    handle(event, surface, context = {}) {
      return serial(async () => {
        const decision = gate.check(event, surface, context);
        if (!decision.allowed) {
          log({ at: now(), kind: 'refused', event: describeEvent(event), code: decision.code, reason: decision.reason });
          return decision;
        }
        try {
          await inject(event, decision.mapped);
        } catch (e) {
          log({ at: now(), kind: 'failed', event: describeEvent(event), code: 'E_INTERNAL', reason: e instanceof Error ? e.message : String(e) });
        }
        return decision;
      });
    },
    setGrant(grant) {
      return serial(async () => {
        await releaseHeld('consent grant changed');
        gate.setGrant(grant);
      });
    },
    pause() {
      return serial(async () => {
        gate.setPaused(true);
        await releaseHeld('session paused');
      });
    },
    resume() {
      gate.setPaused(false);
    },
    revoke(permission) {
      return serial(async () => {
        gate.revoke(permission);
        if (permission === 'control' || permission === 'all') await releaseHeld(`${permission} revoked`);
      });
    },
    releaseAll(reason) {
      return serial(() => releaseHeld(reason));
    },
  };
}
