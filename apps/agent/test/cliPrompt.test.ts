// The terminal prompt of the headless agent, over real streams: answers are parsed strictly, empty input
// never grants, questions show exactly what is asked, and commands typed while sharing reach the controls.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import type { ConsentRequestMessage, NormRect, RevocablePermission } from '@tether/protocol';
import type { CustomerControls } from '../src/common/session/customerControls';
import type { ConsentContext, VerifiedTechnician } from '../src/common/session/customerPrompt';
import { modesAllowedFor, parseMinutes, parseRating, parseRegion, parseScopeAnswer, parseSharingCommand, parseYesNo } from '../src/node/cli/answerParsing';
import { TerminalLines } from '../src/node/cli/terminalLines';
import { TerminalPrompt } from '../src/node/cli/terminalPrompt';

const SCREEN = { width: 1920, height: 1080 };
const TECH: VerifiedTechnician = { name: 'Ada Example', employeeNo: 'E-1001', department: 'Support', org: 'acme', serial: 's1', fingerprint: 'ab'.repeat(16), notAfter: Date.UTC(2030, 0, 1), sas: '042917' };

function terminal(options: { piped?: boolean; autoViewOnly?: boolean } = {}) {
  const input = new PassThrough();
  const output = new PassThrough();
  let text = '';
  output.setEncoding('utf8').on('data', (d: string) => (text += d));
  const lines = new TerminalLines(input, output, { keepUnclaimedLines: options.piped ?? false });
  const prompt = new TerminalPrompt(lines, SCREEN, options.autoViewOnly ?? false);
  let seen = 0;
  /** Types `answer` once the output (after the previous wait) contains `question`. */
  const answer = async (question: string, line: string) => {
    for (let i = 0; i < 200 && !text.slice(seen).includes(question); i++) await new Promise((r) => setTimeout(r, 5));
    const at = text.indexOf(question, seen);
    if (at < 0) throw new Error(`question not shown: ${question}\n${text}`);
    seen = at + question.length;
    input.write(`${line}\n`);
  };
  return { input, lines, prompt, answer, output: () => text };
}

function context(request: Partial<ConsentRequestMessage>, extra: Partial<ConsentContext> = {}): ConsentContext {
  return {
    technician: TECH, elevation: false, afterReconnect: false,
    windows: [{ id: '1', title: 'Terminal', rect: { x: 0, y: 0, w: 0.5, h: 0.5 } }, { id: '2', title: 'Printer settings', rect: { x: 0.5, y: 0.25, w: 0.25, h: 0.5 } }],
    request: { v: 1, type: 'consent.request', mode: 'full', clipboard: true, files: true, ...request },
    ...extra,
  };
}

describe('answer parsing', () => {
  it('only an explicit yes is yes', () => {
    expect(['y', 'Y', 'yes', ' YES '].map(parseYesNo)).toEqual([true, true, true, true]);
    expect(['', 'n', 'no', 'yess', 'ok', '1'].map(parseYesNo)).toEqual([false, false, false, false, false, false]);
  });
  it('scope answers never exceed the request; Enter refuses', () => {
    expect(modesAllowedFor('view', true)).toEqual(['view']);
    expect(modesAllowedFor('region', false)).toEqual(['view', 'region']);
    expect(modesAllowedFor('full', true)).toEqual(['view', 'region', 'window', 'full']);
    expect(parseScopeAnswer('', ['view'])).toEqual({ kind: 'refuse' });
    expect(parseScopeAnswer('no', ['view'])).toEqual({ kind: 'refuse' });
    expect(parseScopeAnswer('F', ['view', 'full'])).toEqual({ kind: 'mode', mode: 'full' });
    expect(parseScopeAnswer('full', ['view'])).toMatchObject({ kind: 'invalid', message: expect.stringContaining('more than the technician asked for') });
    expect(parseScopeAnswer('everything', ['view'])).toMatchObject({ kind: 'invalid' });
  });
  it('regions are whole pixels inside the screen', () => {
    expect(parseRegion('100,50, 400 300', SCREEN)).toEqual({ x: 100, y: 50, w: 400, h: 300 });
    expect(parseRegion('100,50,400', SCREEN)).toContain('four whole numbers');
    expect(parseRegion('-1,0,10,10', SCREEN)).toContain('four whole numbers');
    expect(parseRegion('0,0,0,10', SCREEN)).toContain('not be empty');
    expect(parseRegion('1800,0,200,10', SCREEN)).toContain('inside the screen (1920x1080)');
  });
  it('minutes are 1..120 with a default on Enter; ratings 1..5 or skipped', () => {
    expect(parseMinutes('', 120)).toBe(120);
    expect(parseMinutes('5', 120)).toBe(5);
    expect(parseMinutes('121', 120)).toContain('1 to 120');
    expect(parseMinutes('0', 120)).toContain('1 to 120');
    expect(parseMinutes('1.5', 120)).toContain('1 to 120');
    expect(parseRating('')).toBeNull();
    expect(parseRating('4')).toBe(4);
    expect(parseRating('6')).toContain('1 to 5');
  });
  it('sharing commands', () => {
    expect(parseSharingCommand('p')).toEqual({ kind: 'pause' });
    expect(parseSharingCommand(' R ')).toEqual({ kind: 'resume' });
    expect(parseSharingCommand('f /home/u/log file.txt')).toEqual({ kind: 'send', path: '/home/u/log file.txt' });
    expect(parseSharingCommand('c')).toEqual({ kind: 'revoke', permission: 'control' });
    expect(parseSharingCommand('c files')).toEqual({ kind: 'revoke', permission: 'files' });
    expect(parseSharingCommand('s')).toEqual({ kind: 'stop' });
    expect(parseSharingCommand('> the printer is on the left')).toEqual({ kind: 'chat', text: 'the printer is on the left' });
    expect(parseSharingCommand('yes')).toEqual({ kind: 'unknown' });
  });
});

describe('TerminalPrompt', () => {
  it('prints the verified technician and the SAS with the instruction to compare it', () => {
    const t = terminal();
    t.prompt.showTechnician(TECH);
    expect(t.output()).toMatch(/Name: +Ada Example\n {2}Employee no\.: +E-1001\n {2}Department: +Support\n {2}Organisation: +acme\n {2}Certificate: +abab[0-9a-f]* \(serial s1, valid until 2030-01-01T00:00:00\.000Z\)/);
    expect(t.output()).toContain('Security code: 042917\nAsk the technician to read out the security code');
  });

  it('Enter refuses: nothing is granted and the refusal is counted', async () => {
    const t = terminal();
    const asked = t.prompt.askConsent(context({ mode: 'full', reason: 'printer' }));
    await t.answer('(Enter = no):', '');
    expect(await asked).toBeNull();
    expect(t.output()).toContain('The technician asks for: FULL CONTROL of mouse and keyboard; clipboard: yes; file transfer: yes; for up to 120 minutes.\nReason given: printer');
    expect(t.prompt.record.consentRefusals).toBe(1);
  });

  it('a window grant: numbered list, share-only, toggles, default minutes, confirmation', async () => {
    const t = terminal();
    const asked = t.prompt.askConsent(context({ mode: 'full', durationMs: 30 * 60_000 }));
    await t.answer('[view / region / window / full / no] (Enter = no):', 'window');
    await t.answer('Number of the window the technician may control:', '3');
    await t.answer('Number of the window the technician may control:', '2');
    await t.answer('Share only that window', 'y');
    await t.answer('Allow the clipboard', 'y');
    await t.answer('Allow file transfer', '');
    await t.answer('(Enter = 30):', '');
    await t.answer('Confirm? [y/N]:', 'yes');
    expect(await asked).toEqual({ mode: 'window', window: { id: '2', title: 'Printer settings', rect: { x: 0.5, y: 0.25, w: 0.25, h: 0.5 } }, shareOnlyRegion: true, clipboard: true, files: false, durationMs: 30 * 60_000 });
    expect(t.output()).toContain('  1. Terminal\n  2. Printer settings');
    expect(t.output()).toContain('Type a number from 1 to 2.');
    expect(t.output()).toContain('You are about to allow: CONTROL LIMITED TO A WINDOW, window "Printer settings", only that window is shared, clipboard yes, files no, for 30 minutes.');
  });

  it('a region in pixels becomes a normalised rect; declining the confirmation refuses', async () => {
    const t = terminal();
    const first = t.prompt.askConsent(context({ mode: 'region', clipboard: false, files: false }));
    await t.answer('(Enter = no):', 'region');
    await t.answer('x,y,width,height (screen 1920x1080):', '480,270,960,540');
    await t.answer('Share only that region', 'n');
    await t.answer('(Enter = 120):', '10');
    await t.answer('Confirm? [y/N]:', 'y');
    const region: NormRect = { x: 0.25, y: 0.25, w: 0.5, h: 0.5 };
    expect(await first).toEqual({ mode: 'region', region, shareOnlyRegion: false, clipboard: false, files: false, durationMs: 600_000 });
    expect(t.output()).not.toContain('Allow the clipboard');
    const second = t.prompt.askConsent(context({ mode: 'view', clipboard: false, files: false }));
    await t.answer('[view / no] (Enter = no):', 'view');
    await t.answer('(Enter = 120):', '');
    await t.answer('Confirm? [y/N]:', '');
    expect(await second).toBeNull();
  });

  it('asking for more than requested is refused after three tries; elevation and reconnect say so', async () => {
    const t = terminal();
    const asked = t.prompt.askConsent(context({ mode: 'view', clipboard: false, files: false }, { elevation: true, afterReconnect: true }));
    for (let i = 0; i < 3; i++) await t.answer('(Enter = no):', 'full');
    expect(await asked).toBeNull();
    expect(t.output()).toContain('The connection was lost and restored. Nothing is shared until you allow it again.');
    expect(t.output()).toContain('asks for MORE than you allowed so far (elevation)');
    expect(t.output()).toContain('No valid answer: refusing.');
  });

  it('the end of input refuses, and the session ending cancels an open question', async () => {
    const t = terminal();
    const open = t.prompt.askConsent(context({}));
    await t.answer('(Enter = no):', 'full');
    t.prompt.showStatus({ phase: 'ended', reason: 'The technician ended the session.' });
    expect(await open).toBeNull();
    expect(t.output()).toContain('Session ended: The technician ended the session.');
    const afterEof = t.prompt.askFileApproval({ offer: { v: 1, type: 'file.offer', fileId: 'f', name: 'a.txt', size: 2048, sha256: 'cd'.repeat(32), direction: 'toCustomer' }, destination: '/tmp/x/a.txt' });
    t.input.end();
    expect(await afterEof).toBe(false);
    expect(t.output()).toContain(`a.txt (2.0 KiB, sha256 ${'cd'.repeat(32)})`);
    expect(t.output()).toContain('It would be saved as: /tmp/x/a.txt');
  });

  it('piped answers prepared in advance are used in order', async () => {
    const t = terminal({ piped: true });
    t.input.write('full\nn\nn\n5\ny\n');
    await new Promise((r) => setTimeout(r, 20));
    expect(await t.prompt.askConsent(context({}))).toEqual({ mode: 'full', shareOnlyRegion: false, clipboard: false, files: false, durationMs: 300_000 });
  });

  it('--yes-view-only answers a first request with view only and prints it plainly', async () => {
    const t = terminal({ autoViewOnly: true });
    expect(await t.prompt.askConsent(context({ mode: 'full' }))).toEqual({ mode: 'view', shareOnlyRegion: false, clipboard: false, files: false, durationMs: 7_200_000 });
    expect(t.output()).toContain('Allowed without asking (--yes-view-only): VIEW ONLY (no control), clipboard no, files no, for 120 minutes.');
  });

  it('commands typed while sharing reach the controls; the status line names the technician and the commands', async () => {
    const t = terminal();
    const calls: string[] = [];
    const controls: CustomerControls = {
      pause: () => calls.push('pause'), resume: () => calls.push('resume'), stop: () => calls.push('stop'),
      revoke: (p: RevocablePermission) => calls.push(`revoke ${p}`), sendChat: (text) => calls.push(`chat ${text}`), setMasks: () => undefined, sendFile: async (path) => String(calls.push(`send ${path}`)),
    };
    t.prompt.attachControls(controls);
    t.prompt.showTechnician(TECH);
    t.prompt.showStatus({ phase: 'sharing', mode: 'full', clipboard: true, files: false, expiresAt: Date.now() + 60_000 });
    expect(t.output()).toMatch(/SHARING your screen with Ada Example \(full control \+ clipboard, until [^)]+\) — type 'p' pause, 'r' resume, 'c' revoke control, 's' stop/);
    for (const line of ['p', 'r', 'c clipboard', '> hello', 'bogus', 's']) t.input.write(`${line}\n`);
    await new Promise((r) => setTimeout(r, 20));
    expect(calls).toEqual(['pause', 'resume', 'revoke clipboard', 'chat hello', 'stop']);
  });

  it('rating: stars and comment, or skipped with Enter', async () => {
    const t = terminal();
    const rated = t.prompt.askRating();
    await t.answer('Rate 1-5 (Enter to skip):', '9');
    await t.answer('Rate 1-5 (Enter to skip):', '5');
    await t.answer('(Enter to skip):', 'very helpful');
    expect(await rated).toEqual({ stars: 5, comment: 'very helpful' });
    const skipped = t.prompt.askRating();
    await t.answer('Rate 1-5 (Enter to skip):', '');
    expect(await skipped).toBeNull();
  });
});
