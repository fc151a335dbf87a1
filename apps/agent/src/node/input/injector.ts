// Real input injection on an X display with @nut-tree-fork/nut-js (XTest underneath).
//
// nut-js/libnut open the X display lazily, from the DISPLAY environment variable, and keep that one
// connection for the life of the process; its clipboard spawns `xsel`, which also reads DISPLAY.
// So the display is PROCESS-WIDE: createInjector sets DISPLAY before nut-js is first loaded and refuses
// a second, different display in the same process. To drive another display, run the injector in a
// child process (see childInjector.ts), which is what the tests do. An agent whose own DISPLAY is the
// shared one injects in its own process: one process hop fewer per event (see agentRunner.ts).
//
// Keys, buttons and the wheel go to nut-js's providers (libnut), not through its `keyboard` and `mouse`
// objects: those first `await sleep(autoDelayMs)`, a setTimeout that Node runs no sooner than 1 ms later
// even at 0, which added over a millisecond to every key and click. Pointer moves never slept.
import type * as NutJsModule from '@nut-tree-fork/nut-js';
import { tetherError } from '@tether/protocol';
import type { KeyName } from '../../common/input/keyMap';
import type { PointerButton } from '../../common/inputGate';
import { nutKeyFor } from './nutKeys';

/** What the gated input needs from an injector; screen pixel coordinates. */
export interface Injector {
  pointerMove(x: number, y: number): Promise<void>;
  pointerButton(button: PointerButton, down: boolean): Promise<void>;
  /** Scroll steps: positive dy scrolls down, positive dx scrolls right. */
  wheel(dx: number, dy: number): Promise<void>;
  key(name: KeyName, down: boolean): Promise<void>;
  setClipboard(text: string): Promise<void>;
  close(): Promise<void>;
}

let boundDisplay: string | null = null;

type NutJs = typeof NutJsModule;

/** Whether this process can inject into `display` itself: it is the process's own DISPLAY and no other is bound. */
export function injectsInProcess(display: string, env: Readonly<Record<string, string | undefined>> = process.env): boolean {
  return env.DISPLAY === display && (boundDisplay === null || boundDisplay === display);
}

async function loadNut(display: string): Promise<NutJs> {
  if (boundDisplay !== null && boundDisplay !== display) {
    throw tetherError('E_BAD_ARGUMENT', `this process already injects into ${boundDisplay}; use a child process for ${display}`);
  }
  if (!/^[\w.-]*:\d+(\.\d+)?$/.test(display)) throw tetherError('E_BAD_ARGUMENT', `not an X display name: ${JSON.stringify(display)}`);
  process.env.DISPLAY = display;
  boundDisplay = display;
  const nut = await import('@nut-tree-fork/nut-js');
  // No artificial delays or animated movement: the technician's own timing is what we replay.
  nut.mouse.config.autoDelayMs = 0;
  nut.mouse.config.mouseSpeed = Number.MAX_SAFE_INTEGER;
  nut.keyboard.config.autoDelayMs = 0;
  nut.providerRegistry.getKeyboard().setKeyboardDelay(0);
  nut.providerRegistry.getMouse().setMouseDelay(0);
  return nut;
}

function wholeSteps(n: number): number {
  return Math.min(100, Math.round(Math.abs(n)));
}

export async function createInjector(options: { display: string }): Promise<Injector> {
  const nut = await loadNut(options.display);
  const buttons = [nut.Button.LEFT, nut.Button.MIDDLE, nut.Button.RIGHT] as const;
  const keyboard = nut.providerRegistry.getKeyboard();
  const mouse = nut.providerRegistry.getMouse();
  let closed = false;
  const ensureOpen = (): void => {
    if (closed) throw tetherError('E_SESSION_ENDED', 'the injector is closed');
  };
  return {
    async pointerMove(x, y) {
      ensureOpen();
      await nut.mouse.setPosition(new nut.Point(Math.round(x), Math.round(y)));
    },
    async pointerButton(button, down) {
      ensureOpen();
      const b = buttons[button];
      if (b === undefined) throw tetherError('E_BAD_ARGUMENT', `pointer button ${String(button)}`);
      if (down) await mouse.pressButton(b);
      else await mouse.releaseButton(b);
    },
    async wheel(dx, dy) {
      ensureOpen();
      if (dy > 0) await mouse.scrollDown(wholeSteps(dy));
      else if (dy < 0) await mouse.scrollUp(wholeSteps(dy));
      if (dx > 0) await mouse.scrollRight(wholeSteps(dx));
      else if (dx < 0) await mouse.scrollLeft(wholeSteps(dx));
    },
    async key(name, down) {
      ensureOpen();
      const key = nutKeyFor(name);
      if (down) await keyboard.pressKey(key);
      else await keyboard.releaseKey(key);
    },
    async setClipboard(text) {
      ensureOpen();
      await nut.clipboard.setContent(text);
    },
    async close() {
      closed = true;
    },
  };
}
