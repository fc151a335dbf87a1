// The input gate: every event the technician sends is checked here against the customer's consent
// grant before anything is injected. Pure (no I/O): the caller supplies the clock, the surface geometry
// and what it knows about windows. Every refusal carries a code and a reason fit for the session log.
// The gate also remembers which buttons and keys it let down, so a release is never refused for them
// and pause/revoke can release everything (no stuck keys or buttons).
import { MAX_GRANT_DURATION_MS, type TetherErrorCode } from '@tether/protocol';
import type { ConsentGrant, RevocablePermission } from './input/consentGrant';
import type { InputEvent, KeyEvent, PointerEvent } from './input/inputEvents';
import { isSupportedKeyCode } from './input/keyMap';
import {
  isNormalisedCoordinate, isValidNormRect, isValidSurface, mapNormalisedPoint, normRectEdges, pixelInside,
  pixelRectEdges, pixelRectInside, type PixelPoint, type PixelRect, type SurfaceGeometry,
} from './input/surfaceMapping';

/** A grant may never run longer than this, whatever its expiresAt says. */
export const MAX_GRANT_MS = MAX_GRANT_DURATION_MS;
export const DEFAULT_MAX_CLIPBOARD_CHARS = 1_000_000;

export type { RevocablePermission };
export type PointerButton = 0 | 1 | 2;

export interface GateContext {
  /** Screen rect of the window that receives keystrokes now (focused, or under the pointer). */
  activeWindowRect?: PixelRect;
  activeWindowId?: number;
  /** Current screen rect of the window named in a 'window' grant, as tracked by the agent. */
  grantedWindowRect?: PixelRect;
  grantedWindowId?: number;
}

export type GateDecision =
  | { allowed: true; mapped: PixelPoint | null }
  | { allowed: false; code: TetherErrorCode; reason: string };

export interface HeldInput {
  /** DOM codes of keys let down and not yet released. */
  keys: string[];
  buttons: PointerButton[];
  /** Where the pointer was last placed by an allowed event (null if never). */
  pointer: PixelPoint | null;
}

export interface InputGateOptions {
  now: () => number;
  maxClipboardChars?: number;
}

function deny(reason: string, code: TetherErrorCode = 'E_SCOPE_DENIED'): GateDecision {
  return { allowed: false, code, reason };
}

function describeRect(r: PixelRect): string {
  return `${r.width}x${r.height}+${r.x}+${r.y}`;
}

export class InputGate {
  private grant: ConsentGrant | null = null;
  private paused = false;
  private readonly revoked = new Set<RevocablePermission>();
  private readonly heldKeys = new Set<string>();
  private readonly heldButtons = new Set<PointerButton>();
  private pointer: PixelPoint | null = null;
  private readonly now: () => number;
  private readonly maxClipboardChars: number;

  constructor(options: InputGateOptions) {
    this.now = options.now;
    this.maxClipboardChars = options.maxClipboardChars ?? DEFAULT_MAX_CLIPBOARD_CHARS;
  }

  /** Installs a new grant (a fresh consent clears earlier revocations) or removes it with null. */
  setGrant(grant: ConsentGrant | null): void {
    this.grant = grant;
    this.revoked.clear();
  }

  setPaused(paused: boolean): void {
    this.paused = paused;
  }

  /** 'all' takes back control and clipboard; 'files' does not concern input. */
  revoke(permission: RevocablePermission): void {
    if (permission === 'all') {
      this.revoked.add('control');
      this.revoked.add('clipboard');
    } else {
      this.revoked.add(permission);
    }
  }

  /** Lists everything held down and forgets it; the caller injects the releases. */
  releaseAll(): HeldInput {
    const held: HeldInput = { keys: [...this.heldKeys], buttons: [...this.heldButtons], pointer: this.pointer };
    this.heldKeys.clear();
    this.heldButtons.clear();
    return held;
  }

  /** What is held right now, without forgetting it. */
  held(): HeldInput {
    return { keys: [...this.heldKeys], buttons: [...this.heldButtons], pointer: this.pointer };
  }

  check(event: InputEvent, surface: SurfaceGeometry, context: GateContext = {}): GateDecision {
    const base = this.checkSession(event);
    if (base) return base;
    switch (event.type) {
      case 'clipboard.text':
        return this.checkClipboard(event.text);
      case 'input.key':
        return this.checkKey(event, surface, context);
      case 'input.pointerMove':
      case 'input.pointerButton':
      case 'input.wheel':
        return this.checkPointer(event, surface, context);
      default:
        return deny(`unknown input event type ${JSON.stringify((event as { type?: unknown }).type)}`, 'E_UNKNOWN_TYPE');
    }
  }

  /** Refusals that apply to every event: no grant, paused, expired, view-only, control revoked. */
  private checkSession(event: InputEvent): GateDecision | null {
    const grant = this.grant;
    if (!grant) return deny('no consent grant is in force');
    if (this.paused) return deny('the customer has paused the session');
    const now = this.now();
    const expiresAt = Math.min(grant.expiresAt, grant.issuedAt + MAX_GRANT_MS);
    if (now >= expiresAt) return deny(`the consent grant expired at ${new Date(expiresAt).toISOString()}`);
    if (now < grant.issuedAt) return deny('the consent grant is not valid yet');
    if (grant.mode === 'view') return deny('the grant is view-only: no input or clipboard');
    if (event.type !== 'clipboard.text' && this.revoked.has('control')) return deny('the customer revoked control');
    return null;
  }

  private checkClipboard(text: unknown): GateDecision {
    if (!this.grant?.clipboard) return deny('the grant does not include the clipboard');
    if (this.revoked.has('clipboard')) return deny('the customer revoked clipboard access');
    if (typeof text !== 'string') return deny('clipboard text is not a string', 'E_BAD_ARGUMENT');
    if (text.length > this.maxClipboardChars) {
      return deny(`clipboard text has ${text.length} characters, limit ${this.maxClipboardChars}`, 'E_OVERSIZED');
    }
    return { allowed: true, mapped: null };
  }

  private checkPointer(event: PointerEvent, surface: SurfaceGeometry, context: GateContext): GateDecision {
    if (!isValidSurface(surface)) return deny('the surface geometry is invalid', 'E_BAD_ARGUMENT');
    if (!isNormalisedCoordinate(event.x) || !isNormalisedCoordinate(event.y)) {
      return deny(`pointer coordinates (${String(event.x)}, ${String(event.y)}) are not integers in 0..65535`, 'E_BAD_ARGUMENT');
    }
    if (event.type === 'input.pointerButton' && event.button !== 0 && event.button !== 1 && event.button !== 2) {
      return deny(`pointer button ${String(event.button)} is not 0, 1 or 2`, 'E_BAD_ARGUMENT');
    }
    if (event.type === 'input.wheel' && !(Number.isFinite(event.dx) && Number.isFinite(event.dy))) {
      return deny('wheel deltas are not finite numbers', 'E_BAD_ARGUMENT');
    }
    const mapped = mapNormalisedPoint(event.x, event.y, surface);
    const isRelease = event.type === 'input.pointerButton' && !event.down;
    const refusal = this.pointerAreaRefusal(mapped, surface, context);
    if (refusal) {
      // A release of a button we let down is always allowed, in place, so nothing stays pressed.
      if (isRelease && this.heldButtons.delete(event.button)) return { allowed: true, mapped: this.pointer ?? mapped };
      return deny(refusal);
    }
    if (event.type === 'input.pointerButton') {
      if (event.down) this.heldButtons.add(event.button);
      else this.heldButtons.delete(event.button);
    }
    this.pointer = mapped;
    return { allowed: true, mapped };
  }

  /** Null when the point is inside the area the grant allows, else the reason it is not. */
  private pointerAreaRefusal(point: PixelPoint, surface: SurfaceGeometry, context: GateContext): string | null {
    const grant = this.grant as ConsentGrant;
    if (grant.mode === 'full') return null;
    if (grant.mode === 'region') {
      if (!isValidNormRect(grant.region)) return 'the region grant has no valid region';
      if (pixelInside(point, normRectEdges(grant.region, surface))) return null;
      return `pointer at (${point.x}, ${point.y}) is outside the granted region`;
    }
    if (grant.mode === 'window') {
      const rect = context.grantedWindowRect;
      if (!rect) return 'the granted window is not currently known (closed or not found)';
      if (pixelInside(point, pixelRectEdges(rect))) return null;
      return `pointer at (${point.x}, ${point.y}) is outside the granted window ${describeRect(rect)}`;
    }
    return `scope mode ${JSON.stringify(grant.mode)} does not allow pointer input`;
  }

  private checkKey(event: KeyEvent, surface: SurfaceGeometry, context: GateContext): GateDecision {
    if (typeof event.code !== 'string' || !isSupportedKeyCode(event.code)) {
      return deny(`unsupported key code ${JSON.stringify(event.code)}`, 'E_BAD_ARGUMENT');
    }
    if (!Number.isInteger(event.modifiers) || event.modifiers < 0 || event.modifiers > 15) {
      return deny(`key modifiers ${String(event.modifiers)} are not a 4-bit mask`, 'E_BAD_ARGUMENT');
    }
    const refusal = this.keyFocusRefusal(surface, context);
    if (refusal) {
      if (!event.down && this.heldKeys.delete(event.code)) return { allowed: true, mapped: null };
      return deny(refusal);
    }
    if (event.down) this.heldKeys.add(event.code);
    else this.heldKeys.delete(event.code);
    return { allowed: true, mapped: null };
  }

  /** Null when keystrokes may go to the window that would receive them, else the reason not. */
  private keyFocusRefusal(surface: SurfaceGeometry, context: GateContext): string | null {
    const grant = this.grant as ConsentGrant;
    if (grant.mode === 'full') return null;
    if (grant.mode === 'region') {
      if (!isValidNormRect(grant.region)) return 'the region grant has no valid region';
      if (!isValidSurface(surface)) return 'the surface geometry is invalid';
      const active = context.activeWindowRect;
      if (!active) return 'keys refused: the window receiving keystrokes is unknown, so it cannot be shown to lie inside the region';
      if (pixelRectInside(active, normRectEdges(grant.region, surface))) return null;
      return `keys refused: the window receiving keystrokes (${describeRect(active)}) is not inside the granted region`;
    }
    if (grant.mode === 'window') {
      if (context.grantedWindowId === undefined) return 'keys refused: the granted window is not currently known (closed or not found)';
      if (context.activeWindowId === undefined) return 'keys refused: the window receiving keystrokes is unknown';
      if (context.activeWindowId === context.grantedWindowId) return null;
      return `keys refused: the window receiving keystrokes (id ${context.activeWindowId}) is not the granted window (id ${context.grantedWindowId})`;
    }
    return `scope mode ${JSON.stringify(grant.mode)} does not allow keys`;
  }
}

export function createInputGate(options: InputGateOptions): InputGate {
  return new InputGate(options);
}
