// The agent's pages, built by the real esbuild build, run in Debian Chromium (headless). The boundary is
// `window.tether`: a fake implementation of the IPC contract is injected into the page; it records every
// request (each is then checked with the contract's validators) and lets the test emit events.
import { createServer, type Server } from 'node:http';
import { mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { buildAgentUi } from '../../apps/agent/build/buildShell';
import { validateEvent, validateRequest, type IpcEventMap, type IpcEventName, type IpcRequestName, type UiPage } from '../../apps/agent/src/common/ipc/ipcContract';
import type { ConsentContext, VerifiedTechnician } from '../../apps/agent/src/common/session/customerPrompt';
import { launchChromium, type ChromiumProcess } from '../../apps/agent/src/node/capture/chromiumProcess';
import { uiResponseHeaders } from '../../apps/agent/src/electron-main/securityPolicy';

const ARTIFACTS = join(process.cwd(), 'test-artifacts/agent-ui');

let uiDir: string;
let server: Server;
let baseUrl: string;
let browser: ChromiumProcess;

interface RecordedCall { name: IpcRequestName; payload: unknown }

/** Runs inside the page before its script: the fake contract implementation. */
function installFakeTether(): void {
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  const calls: { name: string; payload: unknown }[] = [];
  const record = (name: string, payload: unknown): Promise<{ ok: true }> => {
    calls.push({ name, payload: JSON.parse(JSON.stringify(payload)) as unknown });
    return Promise.resolve({ ok: true });
  };
  const w = globalThis as unknown as Record<string, unknown>;
  w.__tetherCalls = calls;
  w.__tetherEmit = (event: string, payload: unknown) => listeners.get(event)?.forEach((l) => l(payload));
  w.tether = {
    ready: (page: string) => record('ui.ready', { page }),
    answerConsent: (requestId: string, decision: unknown) => record('consent.answer', { requestId, decision }),
    answerFile: (requestId: string, accepted: boolean) => record('file.answer', { requestId, accepted }),
    answerRating: (requestId: string, rating: unknown) => record('rating.answer', { requestId, rating }),
    pause: () => record('control.pause', {}),
    resume: () => record('control.resume', {}),
    stop: (reason?: string) => record('control.stop', reason === undefined ? {} : { reason }),
    revoke: (permission: string) => record('control.revoke', { permission }),
    sendChat: (text: string) => record('chat.send', { text }),
    setMasks: (masks: unknown) => record('masks.set', { masks }),
    sendFile: () => {
      void record('file.send', {});
      const refusal = w.__tetherFileRefusal as string | undefined;
      return Promise.resolve(refusal ? { ok: false, code: 'E_SCOPE_DENIED', message: refusal } : { ok: true });
    },
    on: (event: string, listener: (p: unknown) => void) => {
      const set = listeners.get(event) ?? new Set();
      set.add(listener);
      listeners.set(event, set);
      return () => set.delete(listener);
    },
  };
}

async function openPage(page: UiPage, size = { width: 560, height: 760 }): Promise<Page> {
  const tab = await browser.context.newPage();
  await tab.setViewportSize(size);
  const errors: string[] = [];
  tab.on('pageerror', (e) => errors.push(e.message));
  tab.on('console', (m) => {
    if (m.type() === 'error') errors.push(m.text());
  });
  await tab.addInitScript(installFakeTether);
  await tab.goto(`${baseUrl}/${page}.html`);
  await expect.poll(() => callsOf(tab, 'ui.ready')).toEqual([{ page }]);
  expect(errors).toEqual([]);
  return tab;
}

/** The recorded requests of one kind; every recorded request must satisfy the contract. */
async function callsOf(tab: Page, name: IpcRequestName): Promise<unknown[]> {
  const calls = (await tab.evaluate(() => (globalThis as unknown as { __tetherCalls: unknown[] }).__tetherCalls)) as RecordedCall[];
  for (const call of calls) {
    const valid = validateRequest(call.name, call.payload);
    if (!valid.ok) throw new Error(`page sent an invalid ${call.name}: ${valid.error.message}`);
  }
  return calls.filter((c) => c.name === name).map((c) => c.payload);
}

async function emit<K extends IpcEventName>(tab: Page, event: K, payload: IpcEventMap[K]): Promise<void> {
  const valid = validateEvent(event, payload);
  if (!valid.ok) throw new Error(`test event ${event} is invalid: ${valid.error.message}`);
  await tab.evaluate(([e, p]) => (globalThis as unknown as { __tetherEmit: (e: string, p: unknown) => void }).__tetherEmit(e, p), [event, payload] as const);
}

async function screenshot(tab: Page, name: string): Promise<void> {
  await tab.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

const technician: VerifiedTechnician = {
  name: 'Ada Lovelace', employeeNo: 'E-1042', department: 'Service Desk', org: 'Example Corp', serial: 'c-77',
  fingerprint: '3fa2b9c01d4e5f60718293a4b5c6d7e8', notAfter: Date.UTC(2030, 0, 1), sas: '482913',
};

function consentContext(overrides: Partial<ConsentContext['request']> = {}): ConsentContext {
  return {
    technician,
    request: { v: 1, type: 'consent.request', requestId: 'req-1', mode: 'full', clipboard: true, files: true, durationMs: 7_200_000, reason: 'Printer driver', ...overrides },
    elevation: false,
    afterReconnect: false,
    windows: [
      { id: '0x1a00003', title: 'Invoices - Spreadsheet', rect: { x: 0.1, y: 0.1, w: 0.5, h: 0.6 } },
      { id: '0x1c00007', title: 'Terminal', rect: { x: 0.5, y: 0.5, w: 0.4, h: 0.4 } },
    ],
  };
}

beforeAll(async () => {
  await mkdir(ARTIFACTS, { recursive: true });
  uiDir = await mkdtemp(join(tmpdir(), 'tether-agent-ui-'));
  await buildAgentUi(uiDir);
  server = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1);
    if (!/^[a-z]+\.(html|js|css)$/.test(name)) return void res.writeHead(404).end();
    readFile(join(uiDir, name)).then(
      // the same headers (CSP included) as the Electron app:// handler sends
      (body) => res.writeHead(200, uiResponseHeaders(name)).end(body),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  browser = await launchChromium({ headless: true });
});

afterAll(async () => {
  await browser?.close();
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  if (uiDir) await rm(uiDir, { recursive: true, force: true });
});

describe('consent page', () => {
  it('shows the verified technician, the certificate fingerprint and the SAS', async () => {
    const tab = await openPage('consent');
    await emit(tab, 'consent.ask', { requestId: 'q1', context: consentContext() });
    await expect.poll(() => tab.textContent('#tech-name')).toBe('Ada Lovelace');
    expect(await tab.textContent('#tech-employee')).toBe('E-1042');
    expect(await tab.textContent('#tech-department')).toBe('Service Desk');
    expect(await tab.textContent('#tech-org')).toBe('Example Corp');
    expect(await tab.textContent('#tech-fingerprint')).toBe('3FA2 B9C0 1D4E 5F60 7182 93A4 B5C6 D7E8');
    expect(await tab.textContent('#sas')).toBe('482 913');
    expect(await tab.textContent('#request-reason')).toContain('Printer driver');
    expect(await tab.inputValue('#duration-minutes')).toBe('120');
    await screenshot(tab, 'consent');
    await tab.close();
  });

  it('region + share-only + clipboard off + 30 minutes gives that decision', async () => {
    const tab = await openPage('consent');
    await emit(tab, 'consent.ask', { requestId: 'q2', context: consentContext() });
    await tab.check('#mode-region');
    await tab.fill('#region-x', '10');
    await tab.fill('#region-y', '20');
    await tab.fill('#region-w', '30');
    await tab.fill('#region-h', '40');
    await tab.check('#share-only');
    await tab.uncheck('#allow-clipboard');
    await tab.fill('#duration-minutes', '30');
    await screenshot(tab, 'consent-region');
    await tab.click('#allow');
    await expect.poll(() => callsOf(tab, 'consent.answer')).toHaveLength(1);
    const [answer] = (await callsOf(tab, 'consent.answer')) as [{ requestId: string; decision: Record<string, unknown> }];
    expect(answer.requestId).toBe('q2');
    expect(answer.decision).toEqual({ mode: 'region', region: { x: 0.1, y: 0.2, w: 0.3, h: 0.4 }, shareOnlyRegion: true, clipboard: false, files: true, durationMs: 1_800_000 });
    await expect.poll(() => tab.isHidden('#question')).toBe(true);
    await tab.close();
  });

  it('window mode sends the chosen window; full sends no region; refusing sends null', async () => {
    const tab = await openPage('consent');
    await emit(tab, 'consent.ask', { requestId: 'q3', context: consentContext() });
    await tab.check('#mode-window');
    await tab.selectOption('#window-select', '0x1c00007');
    await tab.click('#allow');
    await emit(tab, 'consent.ask', { requestId: 'q4', context: consentContext() });
    await tab.check('#mode-full');
    await tab.click('#allow');
    await emit(tab, 'consent.ask', { requestId: 'q5', context: consentContext() });
    await tab.click('#refuse');
    await expect.poll(() => callsOf(tab, 'consent.answer')).toHaveLength(3);
    const answers = (await callsOf(tab, 'consent.answer')) as { requestId: string; decision: Record<string, unknown> | null }[];
    expect(answers[0]).toEqual({ requestId: 'q3', decision: { mode: 'window', window: consentContext().windows[1], shareOnlyRegion: false, clipboard: true, files: true, durationMs: 7_200_000 } });
    expect(answers[1]).toEqual({ requestId: 'q4', decision: { mode: 'full', shareOnlyRegion: false, clipboard: true, files: true, durationMs: 7_200_000 } });
    expect(answers[2]).toEqual({ requestId: 'q5', decision: null });
    await tab.close();
  });

  it('offers nothing beyond the request, caps the time limit and refuses a bad region', async () => {
    const tab = await openPage('consent');
    await emit(tab, 'consent.ask', { requestId: 'q6', context: { ...consentContext({ mode: 'region', clipboard: false, files: false, durationMs: 600_000 }), elevation: true } });
    expect(await tab.isDisabled('#mode-full')).toBe(true);
    expect(await tab.isDisabled('#allow-clipboard')).toBe(true);
    expect(await tab.isDisabled('#allow-files')).toBe(true);
    expect(await tab.inputValue('#duration-minutes')).toBe('10');
    await tab.fill('#duration-minutes', '121');
    await tab.click('#allow');
    await expect.poll(() => tab.textContent('#form-problem')).toContain('1 to 120 minutes');
    await tab.fill('#duration-minutes', '120');
    await tab.fill('#region-x', '80');
    await tab.fill('#region-w', '30');
    await tab.click('#allow');
    await expect.poll(() => tab.textContent('#form-problem')).toContain('within the screen');
    expect(await callsOf(tab, 'consent.answer')).toEqual([]);
    await screenshot(tab, 'consent-elevation');
    await tab.close();
  });

  it('shows a verification failure', async () => {
    const tab = await openPage('consent');
    await emit(tab, 'failure', { message: "The technician's certificate has been revoked by the organisation." });
    await expect.poll(() => tab.textContent('#failure')).toContain('revoked');
    await screenshot(tab, 'consent-failure');
    await tab.close();
  });
});

describe('sharing indicator', () => {
  it('shows the scope and calls pause, resume, revoke and stop', async () => {
    const tab = await openPage('indicator', { width: 640, height: 64 });
    await emit(tab, 'status', { phase: 'sharing', mode: 'full', clipboard: true, files: false, expiresAt: Date.now() + 3_600_000 });
    await expect.poll(() => tab.textContent('#scope')).toBe('Full control + clipboard');
    expect(await tab.textContent('#time-left')).toMatch(/^(1:00:00|59:5\d)$/);
    await screenshot(tab, 'indicator');
    await tab.click('#pause');
    await emit(tab, 'status', { phase: 'paused', mode: 'full', clipboard: true, files: false });
    await expect.poll(() => tab.textContent('#pause')).toBe('Resume');
    await tab.click('#pause');
    await tab.click('#revoke-control');
    await tab.click('#stop');
    await expect.poll(() => callsOf(tab, 'control.stop')).toHaveLength(1);
    expect(await callsOf(tab, 'control.pause')).toHaveLength(1);
    expect(await callsOf(tab, 'control.resume')).toHaveLength(1);
    expect(await callsOf(tab, 'control.revoke')).toEqual([{ permission: 'control' }]);
    await tab.close();
  });
});

describe('sharing indicator: send a file', () => {
  it('offers "Send a file" only while file transfer is granted, asks main for it and shows a refusal', async () => {
    const tab = await openPage('indicator', { width: 640, height: 64 });
    await emit(tab, 'status', { phase: 'sharing', mode: 'view', clipboard: false, files: false });
    await expect.poll(() => tab.isHidden('#send-file')).toBe(true);
    await emit(tab, 'status', { phase: 'sharing', mode: 'view', clipboard: false, files: true });
    await expect.poll(() => tab.isVisible('#send-file')).toBe(true);
    await screenshot(tab, 'indicator-send-file');
    await tab.click('#send-file');
    await expect.poll(() => callsOf(tab, 'file.send')).toEqual([{}]);
    await expect.poll(() => tab.isEnabled('#send-file')).toBe(true);
    expect(await tab.isHidden('#indicator-problem')).toBe(true);
    await tab.evaluate(() => ((globalThis as unknown as Record<string, unknown>).__tetherFileRefusal = 'File transfer is not part of what you allowed.'));
    await tab.click('#send-file');
    await expect.poll(() => tab.textContent('#indicator-problem')).toBe('File transfer is not part of what you allowed.');
    expect(await callsOf(tab, 'file.send')).toHaveLength(2);
    await emit(tab, 'status', { phase: 'paused', mode: 'view', clipboard: false, files: true });
    await expect.poll(() => tab.isDisabled('#send-file')).toBe(true);
    await tab.close();
  });
});

describe('chat panel', () => {
  it('shows messages both ways', async () => {
    const tab = await openPage('chat', { width: 380, height: 520 });
    await emit(tab, 'technician', technician);
    await emit(tab, 'chat', { v: 1, type: 'chat.message', id: 'm1', from: 'technician', text: 'Hello, I can see your screen now.', ts: Date.now() });
    await tab.fill('#chat-input', 'Thanks! The printer is the one on the left.');
    await tab.click('#chat-send');
    await expect.poll(() => callsOf(tab, 'chat.send')).toEqual([{ text: 'Thanks! The printer is the one on the left.' }]);
    await expect.poll(() => tab.locator('#messages li').count()).toBe(2);
    expect(await tab.textContent('#messages li.from-technician .text')).toBe('Hello, I can see your screen now.');
    expect(await tab.textContent('#messages li.from-technician .who')).toContain('Ada Lovelace');
    expect(await tab.textContent('#messages li.from-customer .text')).toBe('Thanks! The printer is the one on the left.');
    expect(await tab.inputValue('#chat-input')).toBe('');
    await screenshot(tab, 'chat');
    await tab.close();
  });
});

describe('annotation overlay', () => {
  const pixel = (tab: Page, x: number, y: number): Promise<number[]> =>
    // runs in the page: the overlay canvas's RGBA at one device pixel
    tab.evaluate(`Array.from(document.getElementById('overlay').getContext('2d').getImageData(${x}, ${y}, 1, 1).data)`) as Promise<number[]>;

  it('draws a pen stroke where the technician drew it and clears it', async () => {
    const tab = await openPage('overlay', { width: 800, height: 600 });
    expect(await pixel(tab, 400, 300)).toEqual([0, 0, 0, 0]);
    // a horizontal red line across the middle of the surface
    await emit(tab, 'annotation', { v: 1, type: 'annotation.stroke', id: 's1', surfaceId: 0, tool: 'pen', color: '#ff0000', width: 8, points: [[8192, 32768], [57343, 32768]] });
    await expect.poll(() => pixel(tab, 400, 300)).toEqual([255, 0, 0, 255]);
    expect((await pixel(tab, 400, 100))[3]).toBe(0);
    await screenshot(tab, 'overlay');
    await emit(tab, 'annotation', { type: 'annotation.clear' });
    await expect.poll(() => pixel(tab, 400, 300)).toEqual([0, 0, 0, 0]);
    await tab.close();
  });

  it('draws a translucent highlight and a laser stroke that fades away', async () => {
    const tab = await openPage('overlay', { width: 800, height: 600 });
    await emit(tab, 'annotation', { v: 1, type: 'annotation.stroke', id: 'h1', surfaceId: 0, tool: 'highlight', color: '#00ff00', width: 10, points: [[0, 16384], [65535, 16384]] });
    await emit(tab, 'annotation', { v: 1, type: 'annotation.stroke', id: 'l1', surfaceId: 0, tool: 'laser', color: '#0000ff', width: 6, points: [[32768, 0], [32768, 65535]] });
    await expect.poll(async () => (await pixel(tab, 200, 150))[3]).toBeGreaterThan(0);
    const highlight = await pixel(tab, 200, 150);
    expect(highlight[1]).toBe(255);
    expect(highlight[3]).toBeLessThan(255);
    await expect.poll(async () => (await pixel(tab, 400, 450))[2]).toBeGreaterThan(0);
    await expect.poll(async () => (await pixel(tab, 400, 450))[3], { timeout: 5000 }).toBe(0);
    expect((await pixel(tab, 200, 150))[3]).toBeGreaterThan(0);
    await tab.close();
  });
});

describe('file approval', () => {
  it('shows the file and answers accept and decline', async () => {
    const tab = await openPage('file', { width: 460, height: 300 });
    const offer = { v: 1, type: 'file.offer', fileId: 'f1', name: 'driver-setup.exe', size: 5_347_737, sha256: 'ab'.repeat(32), direction: 'toCustomer' } as const;
    await emit(tab, 'file.ask', { requestId: 'fa1', file: { offer, destination: '/home/customer/Downloads/Tether-files/driver-setup.exe' } });
    await expect.poll(() => tab.textContent('#file-name')).toBe('driver-setup.exe');
    expect(await tab.textContent('#file-size')).toBe('5.1 MB');
    await screenshot(tab, 'file-approval');
    await tab.click('#file-accept');
    await emit(tab, 'file.ask', { requestId: 'fa2', file: { offer: { ...offer, fileId: 'f2' }, destination: '/tmp/x' } });
    await tab.click('#file-decline');
    await expect.poll(() => callsOf(tab, 'file.answer')).toEqual([{ requestId: 'fa1', accepted: true }, { requestId: 'fa2', accepted: false }]);
    await tab.close();
  });
});

describe('rating dialog', () => {
  it('returns stars and comment, or null when skipped', async () => {
    const tab = await openPage('rating', { width: 460, height: 380 });
    await emit(tab, 'rating.ask', { requestId: 'r1' });
    expect(await tab.isDisabled('#rating-send')).toBe(true);
    await tab.click('.star[data-stars="4"]');
    await tab.fill('#rating-comment', 'Quick and friendly.');
    await screenshot(tab, 'rating');
    await tab.click('#rating-send');
    await emit(tab, 'rating.ask', { requestId: 'r2' });
    await tab.click('#rating-skip');
    await expect.poll(() => callsOf(tab, 'rating.answer')).toEqual([
      { requestId: 'r1', rating: { stars: 4, comment: 'Quick and friendly.' } },
      { requestId: 'r2', rating: null },
    ]);
    await tab.close();
  });
});
