// A real X client that records the input it receives: `xev` with a named window at a known place,
// its stdout parsed into events (button and key presses/releases, motion, with root coordinates and
// keysyms; xev runs under `stdbuf -oL` so each event is flushed at once). Used by e2e tests to prove injected input really reaches an X application.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { createEventLog } from './eventLog';

export interface ObservedEvent {
  type: 'ButtonPress' | 'ButtonRelease' | 'KeyPress' | 'KeyRelease' | 'MotionNotify';
  /** performance.now() when the event line was read. */
  receivedAt: number;
  rootX: number;
  rootY: number;
  state: number;
  button?: number;
  keysym?: string;
  /** Text the key produced (XLookupString), e.g. "!" for Shift+1. */
  text?: string;
}

export interface XObserver {
  name: string;
  rect: { x: number; y: number; width: number; height: number };
  events: ObservedEvent[];
  waitFor(pred: (e: ObservedEvent) => boolean, timeoutMs?: number): Promise<ObservedEvent>;
  /** Events received after the given index. */
  since(index: number): ObservedEvent[];
  stop(): Promise<void>;
}

const TYPES = new Set(['ButtonPress', 'ButtonRelease', 'KeyPress', 'KeyRelease', 'MotionNotify']);

function windowMapped(display: string, name: string): boolean {
  const r = spawnSync('xwininfo', ['-name', name], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8', timeout: 2000 });
  return r.status === 0 && /Map State:\s+IsViewable/.test(r.stdout);
}

export async function startXObserver(options: { display: string; name: string; x: number; y: number; width: number; height: number }): Promise<XObserver> {
  const { display, name, x, y, width, height } = options;
  const child: ChildProcess = spawn('stdbuf', ['-oL', 'xev', '-geometry', `${width}x${height}+${x}+${y}`, '-name', name, '-event', 'keyboard', '-event', 'mouse'], {
    env: { ...process.env, DISPLAY: display },
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  const log = createEventLog<ObservedEvent>((ms, seen) => `observer ${name}: no matching event within ${ms} ms (saw ${seen})`);
  const events = log.events;
  let current: ObservedEvent | null = null;
  const finish = (): void => {
    if (current) events.push(current);
    current = null;
    log.notify();
  };
  const rl = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  rl.on('line', (line) => {
    const head = /^(\w+) event, serial/.exec(line);
    if (head) {
      if (current) finish();
      current = TYPES.has(head[1] ?? '') ? { type: head[1] as ObservedEvent['type'], receivedAt: performance.now(), rootX: -1, rootY: -1, state: 0 } : null;
      return;
    }
    if (!current) return;
    const root = /root:\((-?\d+),(-?\d+)\)/.exec(line);
    if (root) {
      current.rootX = Number(root[1]);
      current.rootY = Number(root[2]);
    }
    const state = /state 0x([0-9a-f]+)/.exec(line);
    if (state) current.state = Number.parseInt(state[1] ?? '0', 16);
    const button = /button (\d+),/.exec(line);
    if (button) current.button = Number(button[1]);
    const keysym = /keysym 0x[0-9a-f]+, ([^)]+)\)/.exec(line);
    if (keysym) current.keysym = keysym[1];
    const text = /XLookupString gives \d+ bytes: (?:\([0-9a-f ]+\) )?"(.*)"/.exec(line);
    if (text && current.text === undefined) current.text = text[1];
    // xev prints the blank separator before each event, so a block ends on its own last line.
    const isKey = current.type === 'KeyPress' || current.type === 'KeyRelease';
    if (isKey ? /XFilterEvent/.test(line) : /same_screen/.test(line)) finish();
  });
  const deadline = Date.now() + 10_000;
  while (!windowMapped(display, name)) {
    if (Date.now() > deadline || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`xev observer ${name} did not map on ${display}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    name,
    rect: { x, y, width, height },
    events,
    since: (index) => events.slice(index),
    waitFor: (pred, timeoutMs = 5000) => log.waitFor(pred, timeoutMs),
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      child.kill('SIGTERM');
      await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    },
  };
}
