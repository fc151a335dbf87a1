// Starts a private Xvfb for a test or benchmark: a free display number from :90 upwards, chosen by
// X lock files, so parallel sessions on this machine never share a display. Only our own PID is killed.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

export interface XDisplay {
  display: string;
  env: NodeJS.ProcessEnv;
  width: number;
  height: number;
  /** The Xvfb process (for CPU accounting in benchmarks). */
  pid: number | null;
  stop(): Promise<void>;
}

function displayTaken(n: number): boolean {
  return existsSync(`/tmp/.X${n}-lock`) || existsSync(`/tmp/.X11-unix/X${n}`);
}

function answers(display: string): boolean {
  return spawnSync('xdpyinfo', ['-display', display], { stdio: 'ignore', timeout: 2000 }).status === 0;
}

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function startXvfb(options: { width?: number; height?: number; from?: number } = {}): Promise<XDisplay> {
  const width = options.width ?? 1920;
  const height = options.height ?? 1080;
  for (let n = options.from ?? 90 + Math.floor(Math.random() * 60); n < 400; n++) {
    if (displayTaken(n)) continue;
    const display = `:${n}`;
    const child: ChildProcess = spawn('Xvfb', [display, '-screen', '0', `${width}x${height}x24`, '-noreset', '-nolisten', 'tcp'], {
      stdio: 'ignore',
    });
    let exited = false;
    child.once('exit', () => (exited = true));
    try {
      await waitFor(() => exited || answers(display), 10_000, `Xvfb on ${display}`);
    } catch (e) {
      child.kill('SIGKILL');
      throw e;
    }
    if (exited) continue; // lost a race for this display number; try the next
    return {
      display,
      width,
      height,
      pid: child.pid ?? null,
      env: { ...process.env, DISPLAY: display },
      stop: async () => {
        if (child.exitCode !== null || child.signalCode !== null) return;
        const gone = new Promise<void>((r) => child.once('exit', () => r()));
        child.kill('SIGTERM');
        await Promise.race([gone, new Promise((r) => setTimeout(r, 3000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      },
    };
  }
  throw new Error('no free X display number found from :90');
}
