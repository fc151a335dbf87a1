// Drives the real console UI for e2e tests: builds it with Vite into a temporary folder, serves it with
// the console's own server, opens it in headless Debian Chromium, and offers helpers that read the
// viewer canvas's pixels and turn a surface pixel into a click position on the page (letterbox-aware).
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { launchChromium, type ChromiumProcess } from '../../apps/agent/src/node/capture/chromiumProcess';
import { buildConsoleUi } from '../../apps/console/src/node/buildConsoleUi';
import { startConsoleServer, type ConsoleOrgConfig, type RunningConsoleServer } from '../../apps/console/src/node/consoleServer';
import { encodeKey } from '../../packages/crypto/src/index';
import type { TestOrg } from '../../apps/relay/test/relayFixtures';
import type { Rgb } from './decoderPage';

export interface ConsolePage {
  page: Page;
  url: string;
  server: RunningConsoleServer;
  /** Average RGB of a (2r+1)^2 patch at normalised points of the video canvas (its intrinsic pixels). */
  sampleVideo(points: [number, number][], radius?: number): Promise<Rgb[] | null>;
  /** Page coordinates of the centre of surface pixel (px, py) as shown in the viewer. */
  pagePointFor(px: number, py: number, surface: { width: number; height: number }): Promise<{ x: number; y: number }>;
  /** The decoded picture's size (the video canvas's intrinsic size). */
  videoSize(): Promise<{ width: number; height: number }>;
  /** The highest alpha (0-255) on the annotation overlay within `radius` pixels of page point (x, y). */
  overlayAlpha(x: number, y: number, radius?: number): Promise<number>;
  screenshot(name: string): Promise<void>;
  close(): Promise<void>;
}

/** The part of a page's canvas the pixel sampler uses (this file is type-checked without DOM types). */
interface PageCanvas {
  width: number;
  height: number;
  getBoundingClientRect(): { left: number; top: number; width: number };
  getContext(kind: '2d'): { getImageData(x: number, y: number, w: number, h: number): { data: ArrayLike<number> } } | null;
}

export const CONSOLE_ARTIFACTS = 'test-artifacts/console';

export interface ConsolePageOptions {
  /** the organisation's public keys served in /config.json (recording uploads, admin view) */
  org?: ConsoleOrgConfig;
  /** page path to open first (default "/"; "/admin" for the admin view) */
  path?: string;
  /** the console server's recording folder (default: $TETHER_CONSOLE_RECORDINGS, else a temporary folder removed at close) */
  recordingDir?: string;
}

export async function openConsolePage(relayUrl: string, artifactsDir = CONSOLE_ARTIFACTS, options: ConsolePageOptions = {}): Promise<ConsolePage> {
  const outDir = await mkdtemp(join(tmpdir(), 'tether-console-ui-'));
  await buildConsoleUi({ outDir, quiet: true });
  const ownRecordings = (options.recordingDir ?? process.env.TETHER_CONSOLE_RECORDINGS) ? undefined : await mkdtemp(join(tmpdir(), 'tether-console-recordings-'));
  const recordingDir = options.recordingDir ?? process.env.TETHER_CONSOLE_RECORDINGS ?? (ownRecordings as string);
  const removeOwn = () => (ownRecordings ? rm(ownRecordings, { recursive: true, force: true }) : Promise.resolve());
  const server = await startConsoleServer({ distDir: outDir, relayUrl, recordingDir, ...(options.org ? { org: options.org } : {}) });
  let browser: ChromiumProcess | undefined;
  try {
    browser = await launchChromium({ headless: true });
  } catch (e) {
    await server.close();
    await rm(outDir, { recursive: true, force: true });
    await removeOwn();
    throw e;
  }
  const page = browser.page;
  await page.setViewportSize({ width: 1400, height: 900 });
  await mkdir(artifactsDir, { recursive: true });
  await page.goto(new URL(options.path ?? '/', server.url).toString());
  const opened = browser;
  return {
    page,
    url: server.url,
    server,
    sampleVideo: (points, radius = 3) =>
      page.evaluate(
        ([pts, r]) => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): PageCanvas | null } }).document;
          const canvas = doc.querySelector('[data-testid="video"]');
          const ctx = canvas?.getContext('2d');
          if (!canvas || !ctx || canvas.width < 2) return null;
          return pts.map(([nx, ny]) => {
            const cx = Math.round(nx * (canvas.width - 1));
            const cy = Math.round(ny * (canvas.height - 1));
            const x0 = Math.max(0, cx - r);
            const y0 = Math.max(0, cy - r);
            const d = ctx.getImageData(x0, y0, Math.min(canvas.width - x0, 2 * r + 1), Math.min(canvas.height - y0, 2 * r + 1)).data;
            const sum = [0, 0, 0];
            for (let i = 0; i < d.length; i += 4) for (let c = 0; c < 3; c++) sum[c] = (sum[c] as number) + (d[i + c] as number);
            const n = d.length / 4;
            return sum.map((s) => Math.round(s / n)) as [number, number, number];
          });
        },
        [points, radius] as const,
      ),
    pagePointFor: async (px, py, surface) => {
      const box = await page.locator('[data-testid="stage"]').boundingBox();
      if (!box) throw new Error('the viewer stage is not visible');
      const scale = Math.min(box.width / surface.width, box.height / surface.height);
      const offX = (box.width - surface.width * scale) / 2;
      const offY = (box.height - surface.height * scale) / 2;
      return { x: box.x + offX + (px + 0.5) * scale, y: box.y + offY + (py + 0.5) * scale };
    },
    videoSize: () =>
      page.evaluate(() => {
        const doc = (globalThis as unknown as { document: { querySelector(s: string): PageCanvas | null } }).document;
        const canvas = doc.querySelector('[data-testid="video"]');
        return { width: canvas?.width ?? 0, height: canvas?.height ?? 0 };
      }),
    overlayAlpha: (x, y, radius = 3) =>
      page.evaluate(
        ([px, py, r]) => {
          const doc = (globalThis as unknown as { document: { querySelector(s: string): PageCanvas | null } }).document;
          const canvas = doc.querySelector('[data-testid="overlay"]');
          const ctx = canvas?.getContext('2d');
          if (!canvas || !ctx || canvas.width < 2) return 0;
          const box = canvas.getBoundingClientRect();
          const k = canvas.width / box.width;
          const x0 = Math.max(0, Math.round((px - box.left) * k) - r);
          const y0 = Math.max(0, Math.round((py - box.top) * k) - r);
          const d = ctx.getImageData(x0, y0, 2 * r + 1, 2 * r + 1).data;
          let most = 0;
          for (let i = 3; i < d.length; i += 4) most = Math.max(most, d[i] as number);
          return most;
        },
        [x, y, radius] as const,
      ),
    screenshot: async (name) => {
      await page.screenshot({ path: join(artifactsDir, `${name}.png`) });
    },
    close: async () => {
      await opened.close();
      await server.close();
      await rm(outDir, { recursive: true, force: true });
      await removeOwn();
    },
  };
}

/** Signs the test organisation's technician in with the plain key file, creates a session and returns its code. */
export async function signInAndCreateSession(page: Page, org: TestOrg): Promise<string> {
  const testId = (id: string) => `[data-testid="${id}"]`;
  await page.setInputFiles(testId('certificate'), { name: 'certificate.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(org.cert)) });
  await page.setInputFiles(testId('key'), { name: 'tech.sec', mimeType: 'text/plain', buffer: Buffer.from(encodeKey('tech-sec', org.tech.secretKey)) });
  await page.click(testId('signin'));
  await page.waitForSelector(testId('identity'));
  await page.click(testId('create-session'));
  return (await (await page.waitForSelector(testId('session-code'))).getAttribute('data-code')) as string;
}
