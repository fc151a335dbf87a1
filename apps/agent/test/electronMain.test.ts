// The Electron main process's decisions, as plain functions under Node: web preferences, CSP, URL and
// permission guards, sender validation, the IPC router, the windowed prompt, window layout, launch code.
import { describe, expect, it } from 'vitest';
import { TetherError } from '@tether/protocol';
import type { CustomerControls } from '../src/common/session/customerControls';
import type { ConsentContext } from '../src/common/session/customerPrompt';
import type { IpcEventName, UiPage } from '../src/common/ipc/ipcContract';
import { createIpcHandlers } from '../src/electron-main/ipcHandlers';
import { createIpcRouter } from '../src/electron-main/ipcRouter';
import { sessionCodeFrom } from '../src/electron-main/launchCode';
import {
  UI_CONTENT_SECURITY_POLICY, UI_META_CONTENT_SECURITY_POLICY, allowNavigation, allowPermission, buildWebPreferences, captureOriginOf,
  uiAssetPath, uiPageOfUrl, uiPageUrl, uiResponseHeaders,
} from '../src/electron-main/securityPolicy';
import { pageOfSender } from '../src/electron-main/senderGuard';
import { WindowedCustomerPrompt, type UiPort } from '../src/electron-main/windowedPrompt';
import { windowLayoutFor } from '../src/electron-main/windowLayout';

describe('security policy', () => {
  it('hardens every window', () => {
    const prefs = buildWebPreferences({ preload: '/app/preload.cjs' });
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webSecurity: true, allowRunningInsecureContent: false, webviewTag: false, devTools: false, preload: '/app/preload.cjs' });
    expect(buildWebPreferences({})).not.toHaveProperty('preload');
  });

  it('has a strict CSP: self only, no inline, no eval', () => {
    for (const csp of [UI_CONTENT_SECURITY_POLICY, UI_META_CONTENT_SECURITY_POLICY]) {
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("script-src 'self'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).not.toMatch(/unsafe-inline|unsafe-eval|\*|http:|https:/);
    }
    expect(UI_CONTENT_SECURITY_POLICY).toContain("frame-ancestors 'none'");
    expect(UI_META_CONTENT_SECURITY_POLICY).not.toContain('frame-ancestors');
    expect(uiResponseHeaders('consent.html')).toMatchObject({ 'content-type': 'text/html; charset=utf-8', 'content-security-policy': UI_CONTENT_SECURITY_POLICY, 'x-content-type-options': 'nosniff' });
  });

  it('recognises exactly our page URLs', () => {
    expect(uiPageUrl('consent')).toBe('app://ui/consent.html');
    expect(uiPageOfUrl('app://ui/consent.html')).toBe('consent');
    expect(uiPageOfUrl('app://ui/consent.html?x=1#y')).toBe('consent');
    expect(uiPageOfUrl('app://ui/devtools.html')).toBeUndefined();
    expect(uiPageOfUrl('app://evil/consent.html')).toBeUndefined();
    expect(uiPageOfUrl('https://ui/consent.html')).toBeUndefined();
    expect(uiPageOfUrl('file:///consent.html')).toBeUndefined();
    expect(uiPageOfUrl('app://ui/sub/consent.html')).toBeUndefined();
    expect(uiPageOfUrl('not a url')).toBeUndefined();
  });

  it('serves only flat UI files', () => {
    expect(uiAssetPath('app://ui/consent.js')).toBe('consent.js');
    expect(uiAssetPath('app://ui/ui.css')).toBe('ui.css');
    expect(uiAssetPath('app://ui/../main.cjs')).toBeUndefined();
    expect(uiAssetPath('app://ui/%2e%2e/main.cjs')).toBeUndefined();
    expect(uiAssetPath('app://ui/..%2fmain.js')).toBeUndefined();
    expect(uiAssetPath('app://ui/preload.cjs')).toBeUndefined();
    expect(uiAssetPath('app://other/consent.js')).toBeUndefined();
  });

  it('never navigates and grants screen capture only to the capture page', () => {
    expect(allowNavigation('app://ui/consent.html', 'https://evil.example/')).toBe(false);
    expect(allowNavigation('app://ui/consent.html', 'app://ui/chat.html')).toBe(false);
    const capture = captureOriginOf('http://127.0.0.1:4321/?token=abc');
    expect(capture).toBe('http://127.0.0.1:4321');
    expect(captureOriginOf('https://127.0.0.1:4321/')).toBeUndefined();
    expect(captureOriginOf('http://example.com/')).toBeUndefined();
    expect(allowPermission({ permission: 'display-capture', requestingUrl: 'http://127.0.0.1:4321/?token=abc' }, capture)).toBe(true);
    expect(allowPermission({ permission: 'media', requestingUrl: 'http://127.0.0.1:4321/', mediaTypes: ['video'] }, capture)).toBe(true);
    expect(allowPermission({ permission: 'media', requestingUrl: 'http://127.0.0.1:4321/', mediaTypes: ['audio'] }, capture)).toBe(false);
    expect(allowPermission({ permission: 'display-capture', requestingUrl: 'http://127.0.0.1:9999/' }, capture)).toBe(false);
    expect(allowPermission({ permission: 'display-capture', requestingUrl: 'app://ui/consent.html' }, capture)).toBe(false);
    expect(allowPermission({ permission: 'notifications', requestingUrl: 'http://127.0.0.1:4321/' }, capture)).toBe(false);
    expect(allowPermission({ permission: 'display-capture', requestingUrl: 'http://127.0.0.1:4321/' }, undefined)).toBe(false);
  });
});

describe('sender guard and router', () => {
  const windows = new Map<number, UiPage>([[1, 'consent'], [2, 'indicator'], [3, 'overlay']]);
  const main = (id: number, url: string) => ({ webContentsId: id, frameUrl: url, isMainFrame: true });

  it('accepts only the main frame of our window showing its own page', () => {
    expect(pageOfSender(main(1, 'app://ui/consent.html'), windows)).toBe('consent');
    expect(pageOfSender(main(1, 'app://ui/indicator.html'), windows)).toBeUndefined();
    expect(pageOfSender({ ...main(1, 'app://ui/consent.html'), isMainFrame: false }, windows)).toBeUndefined();
    expect(pageOfSender(main(9, 'app://ui/consent.html'), windows)).toBeUndefined();
    expect(pageOfSender({ webContentsId: 1, frameUrl: undefined, isMainFrame: true }, windows)).toBeUndefined();
    expect(pageOfSender(main(1, 'https://evil.example/consent.html'), windows)).toBeUndefined();
  });

  function setup(chooseFile?: () => Promise<string | undefined>) {
    const actions: string[] = [];
    const controls: CustomerControls = {
      pause: () => actions.push('pause'), resume: () => actions.push('resume'), revoke: (p) => actions.push(`revoke ${p}`),
      stop: (r) => actions.push(`stop ${r ?? ''}`), sendChat: (t) => actions.push(`chat ${t}`), setMasks: (m) => actions.push(`masks ${m.length}`), sendFile: async (p) => String(actions.push(`send ${p}`)),
    };
    const sent: { page: UiPage; event: IpcEventName; payload: unknown }[] = [];
    const shown: string[] = [];
    const port: UiPort = { show: (p) => shown.push(`show ${p}`), hide: (p) => shown.push(`hide ${p}`), send: (page, event, payload) => sent.push({ page, event, payload }) };
    let n = 0;
    const prompt = new WindowedCustomerPrompt(port, () => `q${++n}`);
    let current: CustomerControls | undefined = controls;
    const refused: string[] = [];
    const router = createIpcRouter(windows, createIpcHandlers(prompt, () => current, chooseFile), (why) => refused.push(why));
    return { router, prompt, actions, sent, shown, refused, endSession: () => (current = undefined) };
  }

  it('routes valid requests from allowed pages to the controls', () => {
    const s = setup();
    expect(s.router.handle('tether:control.pause', main(2, 'app://ui/indicator.html'), {})).toEqual({ ok: true });
    expect(s.router.handle('tether:control.stop', main(2, 'app://ui/indicator.html'), {})).toEqual({ ok: true });
    expect(s.router.handle('tether:control.revoke', main(2, 'app://ui/indicator.html'), { permission: 'clipboard' })).toEqual({ ok: true });
    expect(s.actions).toEqual(['pause', 'stop stopped by the customer', 'revoke clipboard']);
  });

  it('sends the file the customer picks in main\'s chooser (indicator only; cancel sends nothing; refusals come back typed)', async () => {
    const picks: (string | undefined)[] = ['/home/customer/report.pdf', undefined];
    const s = setup(async () => picks.shift());
    expect(await s.router.handle('tether:file.send', main(2, 'app://ui/indicator.html'), {})).toEqual({ ok: true });
    expect(s.actions).toEqual(['send /home/customer/report.pdf']);
    expect(await s.router.handle('tether:file.send', main(2, 'app://ui/indicator.html'), {})).toEqual({ ok: true }); // cancelled
    expect(s.actions).toHaveLength(1);
    // a page cannot name a path, and only the indicator may ask
    expect(await s.router.handle('tether:file.send', main(2, 'app://ui/indicator.html'), { path: '/etc/shadow' })).toMatchObject({ ok: false, code: 'E_MALFORMED' });
    expect(await s.router.handle('tether:file.send', main(3, 'app://ui/overlay.html'), {})).toMatchObject({ ok: false, code: 'E_SCOPE_DENIED' });
    expect(s.actions).toHaveLength(1);
    // the session core refuses (no file grant): the page gets the reason
    const denied = setup(async () => '/tmp/x');
    const refusing = createIpcRouter(windows, createIpcHandlers(denied.prompt, () => ({
      pause: () => undefined, resume: () => undefined, revoke: () => undefined, stop: () => undefined, sendChat: () => undefined, setMasks: () => undefined,
      sendFile: () => Promise.reject(new TetherError('E_SCOPE_DENIED', 'File transfer is not part of what you allowed.')),
    }), async () => '/tmp/x'));
    expect(await refusing.handle('tether:file.send', main(2, 'app://ui/indicator.html'), {})).toEqual({ ok: false, code: 'E_SCOPE_DENIED', message: expect.stringContaining('File transfer is not part of what you allowed') });
    // an agent without a chooser, or without a session
    expect(await setup().router.handle('tether:file.send', main(2, 'app://ui/indicator.html'), {})).toMatchObject({ ok: false, code: 'E_SCOPE_DENIED' });
    const ended = setup(async () => '/tmp/x');
    ended.endSession();
    expect(await ended.router.handle('tether:file.send', main(2, 'app://ui/indicator.html'), {})).toMatchObject({ ok: false, code: 'E_SESSION_UNKNOWN' });
  });

  it('refuses unknown channels, strangers, pages outside their allow-list and bad payloads', () => {
    const s = setup();
    expect(s.router.handle('tether:shell.exec', main(2, 'app://ui/indicator.html'), {})).toMatchObject({ ok: false, code: 'E_UNKNOWN_TYPE' });
    expect(s.router.handle('tether:control.stop', main(9, 'app://ui/indicator.html'), {})).toMatchObject({ ok: false, code: 'E_AUTH_FAILED' });
    expect(s.router.handle('tether:control.stop', main(3, 'app://ui/overlay.html'), {})).toMatchObject({ ok: false, code: 'E_SCOPE_DENIED' });
    expect(s.router.handle('tether:control.revoke', main(2, 'app://ui/indicator.html'), { permission: 'root' })).toMatchObject({ ok: false, code: 'E_MALFORMED' });
    expect(s.actions).toEqual([]);
    expect(s.refused).toHaveLength(4);
    s.endSession();
    expect(s.router.handle('tether:control.pause', main(2, 'app://ui/indicator.html'), {})).toMatchObject({ ok: false, code: 'E_SESSION_UNKNOWN' });
  });

  const context: ConsentContext = {
    technician: { name: 'Ada', employeeNo: 'E1', department: 'D', org: 'O', serial: 's', fingerprint: 'ab'.repeat(16), notAfter: 1, sas: '123456' },
    request: { v: 1, type: 'consent.request', mode: 'region', clipboard: false, files: true },
    elevation: false, afterReconnect: false,
    windows: [{ id: 'w1', title: 'Editor', rect: { x: 0, y: 0, w: 0.5, h: 0.5 } }],
  };
  const consentSender = main(1, 'app://ui/consent.html');

  it('asks consent in the consent window and resolves with the validated answer', async () => {
    const s = setup();
    const answer = s.prompt.askConsent(context);
    expect(s.shown).toEqual(['show consent']);
    expect(s.sent).toEqual([{ page: 'consent', event: 'consent.ask', payload: { requestId: 'q1', context } }]);
    const decision = { mode: 'region', region: { x: 0, y: 0, w: 0.5, h: 0.5 }, shareOnlyRegion: true, clipboard: false, files: true, durationMs: 60_000 };
    expect(s.router.handle('tether:consent.answer', consentSender, { requestId: 'q1', decision })).toEqual({ ok: true });
    await expect(answer).resolves.toEqual(decision);
    expect(s.shown).toEqual(['show consent', 'hide consent']);
    expect(s.router.handle('tether:consent.answer', consentSender, { requestId: 'q1', decision: null })).toMatchObject({ ok: false, code: 'E_SESSION_UNKNOWN' });
  });

  it('refuses a decision that grants more than was asked, keeps the question open', async () => {
    const s = setup();
    const answer = s.prompt.askConsent(context);
    const base = { shareOnlyRegion: false, clipboard: false, files: false, durationMs: 60_000 };
    expect(s.router.handle('tether:consent.answer', consentSender, { requestId: 'q1', decision: { ...base, mode: 'full' } })).toMatchObject({ ok: false, code: 'E_SCOPE_DENIED' });
    expect(s.router.handle('tether:consent.answer', consentSender, { requestId: 'q1', decision: { ...base, mode: 'view', clipboard: true } })).toMatchObject({ ok: false, code: 'E_SCOPE_DENIED' });
    expect(s.router.handle('tether:consent.answer', consentSender, { requestId: 'q1', decision: { ...base, mode: 'window', window: { id: 'w9', title: 'Bank', rect: { x: 0, y: 0, w: 1, h: 1 } } } })).toMatchObject({ ok: false, code: 'E_SCOPE_DENIED' });
    expect(s.router.handle('tether:consent.answer', main(2, 'app://ui/indicator.html'), { requestId: 'q1', decision: null })).toMatchObject({ ok: false, code: 'E_SCOPE_DENIED' });
    expect(s.router.handle('tether:consent.answer', consentSender, { requestId: 'q1', decision: null })).toEqual({ ok: true });
    await expect(answer).resolves.toBeNull();
  });

  it('replays state to a page that (re)loads and closes open questions at the end', async () => {
    const s = setup();
    s.prompt.showTechnician(context.technician);
    s.prompt.showStatus({ phase: 'sharing', mode: 'full' });
    const file = s.prompt.askFileApproval({ offer: { v: 1, type: 'file.offer', fileId: 'f', name: 'a.txt', size: 1, sha256: '0'.repeat(64), direction: 'toCustomer' }, destination: '/tmp/a.txt' });
    const rating = s.prompt.askRating();
    s.sent.length = 0;
    s.router.handle('tether:ui.ready', main(2, 'app://ui/indicator.html'), { page: 'indicator' });
    expect(s.sent.map((e) => e.event)).toEqual(['technician', 'status']);
    s.prompt.closeAll();
    await expect(file).resolves.toBe(false);
    await expect(rating).resolves.toBeNull();
  });
});

describe('window layout', () => {
  const display = { x: 0, y: 0, width: 1920, height: 1080 };
  it('makes the overlay transparent, click-through, always on top and full-screen', () => {
    const overlay = windowLayoutFor('overlay', display);
    expect(overlay).toMatchObject({ alwaysOnTop: true, clickThrough: true, options: { transparent: true, frame: false, focusable: false, width: 1920, height: 1080 } });
  });
  it('keeps the indicator on top and not closable; dialogs are ordinary', () => {
    expect(windowLayoutFor('indicator', display)).toMatchObject({ alwaysOnTop: true, clickThrough: false, options: { closable: false } });
    expect(windowLayoutFor('rating', display)).toMatchObject({ alwaysOnTop: false, clickThrough: false });
  });
});

describe('launch code', () => {
  it('finds the session code in arguments, invite links or the file name', () => {
    expect(sessionCodeFrom(['--code', '123456789'], 'Tether.AppImage')).toBe('123456789');
    expect(sessionCodeFrom(['--code=987654321012'], 'x')).toBe('987654321012');
    expect(sessionCodeFrom(['tether://join/123456789'], 'x')).toBe('123456789');
    expect(sessionCodeFrom(['https://support.example.com/join/123456789'], 'x')).toBe('123456789');
    expect(sessionCodeFrom([], 'Tether-Support-123456789.AppImage')).toBe('123456789');
    expect(sessionCodeFrom([], 'Tether-Support-123456789 (1).exe')).toBe('123456789');
  });
  it('refuses anything that is not 9..12 digits', () => {
    expect(sessionCodeFrom(['--code', '12345'], 'Tether.AppImage')).toBeUndefined();
    expect(sessionCodeFrom(['--code', '123456789; rm -rf /'], 'x')).toBeUndefined();
    expect(sessionCodeFrom(['tether://join/123456789/../x'], 'x')).toBeUndefined();
    expect(sessionCodeFrom([], 'Tether.AppImage')).toBeUndefined();
  });
});
