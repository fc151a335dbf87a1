// A second X client listening on another client's window: its own connection to the X server (the X11
// wire protocol over the display's Unix socket, no X library), which selects pointer motion and key
// events on the window and stamps each event when it is read from the socket
// (performance.now()). The X server hands an event to every client that selected it in the same
// dispatch, so this tells when a real X client received an injected event, without the printing and
// the pipe of an observer process such as xev in between. Pointer-button events can be selected by one
// client only (xev holds them), so they are not tapped.
import { spawnSync } from 'node:child_process';
import { connect, type Socket } from 'node:net';
import { createEventLog } from './eventLog';

export interface TappedEvent {
  type: 'KeyPress' | 'KeyRelease' | 'MotionNotify';
  /** performance.now() when the event was read from the X connection. */
  receivedAt: number;
  rootX: number;
  rootY: number;
  /** The X server's time stamp (ms). */
  serverTime: number;
}

export interface XEventTap {
  events: TappedEvent[];
  waitFor(pred: (e: TappedEvent) => boolean, timeoutMs?: number): Promise<TappedEvent>;
  /** X protocol errors the server sent back (none expected). */
  errors: number[];
  close(): void;
}

const EVENT_NAMES: Record<number, TappedEvent['type']> = { 2: 'KeyPress', 3: 'KeyRelease', 6: 'MotionNotify' };
/** KeyPress | KeyRelease | PointerMotion. */
const EVENT_MASK = 0x1 | 0x2 | 0x40;
const CHANGE_WINDOW_ATTRIBUTES = 2;
const CW_EVENT_MASK = 0x800;

/**
 * The named window only. Its children must not be tapped: X delivers an event to the first window, from
 * the one under the pointer upwards, on which any client selected it, so a selection on xev's inner
 * window would take the motion over it away from xev (which selects on its outer window).
 */
export function namedWindow(display: string, name: string): number {
  const found = spawnSync('xwininfo', ['-name', name], { env: { ...process.env, DISPLAY: display }, encoding: 'utf8', timeout: 2000 });
  const id = /Window id: (0x[0-9a-f]+)/.exec(found.stdout)?.[1];
  if (found.status !== 0 || !id) throw new Error(`no window named ${name} on ${display}`);
  return Number.parseInt(id, 16);
}

function socketPath(display: string): string {
  const m = /^:(\d+)(\.\d+)?$/.exec(display);
  if (!m) throw new Error(`only local displays (":N") can be tapped, not ${JSON.stringify(display)}`);
  return `/tmp/.X11-unix/X${m[1]}`;
}

/** Connection set-up: little-endian, protocol 11.0, no authorisation (a private Xvfb). */
function setupRequest(): Buffer {
  const b = Buffer.alloc(12);
  b.write('l', 0, 'latin1');
  b.writeUInt16LE(11, 2);
  return b;
}

function selectEvents(window: number): Buffer {
  const b = Buffer.alloc(16);
  b.writeUInt8(CHANGE_WINDOW_ATTRIBUTES, 0);
  b.writeUInt16LE(4, 2); // length in 4-byte units
  b.writeUInt32LE(window, 4);
  b.writeUInt32LE(CW_EVENT_MASK, 8);
  b.writeUInt32LE(EVENT_MASK, 12);
  return b;
}

/**
 * A connection of our own to the display's X server, its set-up done: the socket, and the server's set-up
 * reply (the screens, their root windows and formats). An error while connecting rejects.
 */
export function openXConnection(display: string): Promise<{ socket: Socket; reply: Buffer }> {
  const socket: Socket = connect(socketPath(display));
  return new Promise((resolve, reject) => {
    let pending: Buffer = Buffer.alloc(0);
    socket.once('error', reject);
    const onData = (chunk: Buffer): void => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      if (pending.length < 8) return;
      const total = 8 + pending.readUInt16LE(6) * 4;
      if (pending.length < total) return;
      socket.off('data', onData);
      if (pending[0] !== 1) reject(new Error(`X server ${display} refused the connection (status ${String(pending[0])})`));
      else resolve({ socket, reply: pending.subarray(0, total) });
    };
    socket.on('data', onData);
    socket.write(setupRequest());
  });
}

/** `hooks` see each event and X error as it is read (the thread tap forwards them from there). */
export async function tapWindow(display: string, window: number, hooks: { onEvent?: (event: TappedEvent) => void; onError?: (code: number) => void } = {}): Promise<XEventTap> {
  const { socket } = await openXConnection(display);
  const errors: number[] = [];
  const log = createEventLog<TappedEvent>((ms, seen) => `X event tap on ${display}: no matching event within ${ms} ms (saw ${seen}, errors ${errors.join(',') || 'none'})`);
  const events = log.events;
  let pending: Buffer = Buffer.alloc(0);
  socket.on('data', (chunk: Buffer) => {
    const at = performance.now();
    pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
    while (pending.length >= 32) {
      const code = (pending[0] as number) & 0x7f;
      const size = code === 1 ? 32 + pending.readUInt32LE(4) * 4 : 32;
      if (pending.length < size) break;
      if (code === 0) {
        errors.push(pending[1] as number);
        hooks.onError?.(pending[1] as number);
      }
      const type = EVENT_NAMES[code];
      if (type) {
        const event: TappedEvent = { type, receivedAt: at, serverTime: pending.readUInt32LE(4), rootX: pending.readInt16LE(20), rootY: pending.readInt16LE(22) };
        events.push(event);
        hooks.onEvent?.(event);
      }
      pending = pending.subarray(size);
    }
    log.notify();
  });
  socket.write(selectEvents(window));
  return {
    events,
    errors,
    waitFor: (pred, timeoutMs = 5000) => log.waitFor(pred, timeoutMs),
    close: () => socket.destroy(),
  };
}
