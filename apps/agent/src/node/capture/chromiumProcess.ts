// Launches Debian Chromium (headful, on a given X display) through playwright-core with a fresh
// temporary profile, and tears it down reliably: graceful close first, then SIGKILL of our own browser
// PID (read from the profile's SingletonLock), then the profile directory is removed.
import { mkdtemp, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

export const CHROMIUM_PATH = '/usr/bin/chromium';

export const CHROMIUM_BASE_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--no-default-browser-check',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--disable-background-timer-throttling',
  '--disable-renderer-backgrounding',
  '--disable-backgrounding-occluded-windows',
];

export interface ChromiumLaunchOptions {
  /** X display, e.g. ":93" (needed when headful). */
  display?: string;
  /** Extra command-line switches. */
  args?: string[];
  /** Headful is required for screen capture on Xvfb; headless suits decode-only pages. */
  headless?: boolean;
  executablePath?: string;
}

export interface ChromiumProcess {
  context: BrowserContext;
  page: Page;
  pid: number | null;
  profileDir: string;
  close(): Promise<void>;
}

async function browserPid(profileDir: string): Promise<number | null> {
  try {
    const target = await readlink(join(profileDir, 'SingletonLock'));
    const pid = Number(target.slice(target.lastIndexOf('-') + 1));
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitGone(pid: number, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (alive(pid)) {
    if (Date.now() > deadline) return false;
    await new Promise((r) => setTimeout(r, 50));
  }
  return true;
}

export async function launchChromium(options: ChromiumLaunchOptions): Promise<ChromiumProcess> {
  const profileDir = await mkdtemp(join(tmpdir(), 'tether-chromium-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: options.executablePath ?? CHROMIUM_PATH,
      headless: options.headless ?? false,
      args: [...CHROMIUM_BASE_ARGS, ...(options.args ?? [])],
      env: options.display ? { ...process.env, DISPLAY: options.display } : { ...process.env },
      viewport: null,
    });
  } catch (e) {
    await rm(profileDir, { recursive: true, force: true });
    throw e;
  }
  const pid = await browserPid(profileDir);
  let closing: Promise<void> | null = null;
  const close = (): Promise<void> =>
    (closing ??= (async () => {
      await Promise.race([context.close().catch(() => undefined), new Promise((r) => setTimeout(r, 5000))]);
      if (pid !== null && !(await waitGone(pid, 2000))) {
        process.kill(pid, 'SIGKILL');
        await waitGone(pid, 2000);
      }
      await rm(profileDir, { recursive: true, force: true, maxRetries: 3, retryDelay: 100 });
    })());
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    return { context, page, pid, profileDir, close };
  } catch (e) {
    await close();
    throw e;
  }
}
