// An Injector that runs in a child process bound to the given display, so one process can drive a
// display other than its own DISPLAY (nut-js binds the display process-wide). Calls are forwarded as
// JSON lines to injectorHost.ts; each resolves when the child has injected the event.
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { TetherError, isTetherErrorCode } from '@tether/protocol';
import type { Injector } from './injector';

interface Pending {
  resolve: () => void;
  reject: (e: Error) => void;
}

const HOST = fileURLToPath(new URL('./injectorHost.ts', import.meta.url));

export async function spawnInjector(options: { display: string; startTimeoutMs?: number }): Promise<Injector> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOST, options.display], {
    env: { ...process.env, DISPLAY: options.display },
    stdio: ['pipe', 'pipe', 'inherit'],
  });
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let exited = false;
  const failAll = (why: string): void => {
    for (const p of pending.values()) p.reject(new TetherError('E_INTERNAL', why));
    pending.clear();
  };
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new TetherError('E_INTERNAL', 'injector host did not start')), options.startTimeoutMs ?? 15_000);
    child.once('exit', (code) => {
      exited = true;
      clearTimeout(timer);
      reject(new TetherError('E_INTERNAL', `injector host exited (${String(code)})`));
      failAll(`injector host exited (${String(code)})`);
    });
    createInterface({ input: child.stdout }).on('line', (line) => {
      const msg = JSON.parse(line) as { ready?: boolean; id?: number; ok?: boolean; code?: string; message?: string };
      if (msg.ready) {
        clearTimeout(timer);
        resolve();
        return;
      }
      const p = msg.id === undefined ? undefined : pending.get(msg.id);
      if (!p || msg.id === undefined) return;
      pending.delete(msg.id);
      if (msg.ok) p.resolve();
      else p.reject(new TetherError(isTetherErrorCode(msg.code) ? msg.code : 'E_INTERNAL', msg.message));
    });
  });
  try {
    await ready;
  } catch (e) {
    if (!exited) child.kill('SIGKILL');
    throw e;
  }
  const call = (op: string, ...args: unknown[]): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      if (exited) return reject(new TetherError('E_SESSION_ENDED', 'the injector host has exited'));
      const id = nextId++;
      pending.set(id, { resolve, reject });
      child.stdin.write(`${JSON.stringify({ id, op, args })}\n`);
    });
  return {
    pointerMove: (x, y) => call('pointerMove', x, y),
    pointerButton: (button, down) => call('pointerButton', button, down),
    wheel: (dx, dy) => call('wheel', dx, dy),
    key: (name, down) => call('key', name, down),
    setClipboard: (text) => call('setClipboard', text),
    async close() {
      if (exited) return;
      const gone = new Promise<void>((r) => child.once('exit', () => r()));
      await call('close').catch(() => undefined);
      await Promise.race([gone, new Promise((r) => setTimeout(r, 2000))]);
      if (!exited) child.kill('SIGKILL');
    },
  };
}
