// The technician console end to end: the real console UI (React, built with Vite, served by the console
// server) in headless Debian Chromium, a real relay on loopback, and the real agent on a private Xvfb
// (capture, WebCodecs, injection into real X clients) with a scripted customer at its UI boundary.
// Screenshots of each step go to test-artifacts/console/.
import { execFile, spawnSync } from 'node:child_process';
import { createHash, webcrypto } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, parseLog, verifyLog } from '../../packages/crypto/src/index';
import { makeOrg, type TestOrg } from '../../apps/relay/test/relayFixtures';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import type { RunningAgent } from '../../apps/agent/src/node/session/agentRunner';
import { openKeyVault, type VaultCrypto } from '../../apps/console/src/common/keyVault';
import { allNear, hexToRgb, near, paintRoot, parkPointer } from '../support/decoder/captureScene';
import { openConsolePage, type ConsolePage } from '../support/consolePage';
import { FULL, ScriptedCustomer, VIEW, agentFor, startRelayForTests, until } from '../support/sessionHarness';
import { startXObserver, type ObservedEvent, type XObserver } from '../support/xObserver';
import { startXvfb, type XDisplay } from '../support/xvfb';

let x: XDisplay;
let org: TestOrg;
let relay: RunningRelay;
let ui: ConsolePage;
let observer: XObserver; // 400x300 at (200,200)
let agent: RunningAgent | undefined;
const filesFolder = `/tmp/tether-console-e2e-${process.pid}-${Date.now()}`;
const SURFACE = { width: 1920, height: 1080 };
const PASSPHRASE = 'correct horse battery staple';

beforeAll(async () => {
  x = await startXvfb();
  ({ org, relay } = await startRelayForTests(makeOrg()));
  observer = await startXObserver({ display: x.display, name: 'tether-console-observer', x: 200, y: 200, width: 400, height: 300 });
  ui = await openConsolePage(relay.url);
}, 60_000);

afterAll(async () => {
  agent?.session.stop();
  await agent?.outcome.catch(() => undefined);
  await ui?.close();
  await observer?.stop();
  await relay?.close();
  await x?.stop();
});

const testId = (id: string) => `[data-testid="${id}"]`;
/** The agent's own log lines (input refusals and failures), shown when an expected X event does not come. */
const agentLog: string[] = [];
const AGENT_DIR = fileURLToPath(new URL('../../apps/agent/', import.meta.url));

/** The X clipboard of the test display, read the way the agent writes it (nut-js / clipboardy's xsel). */
function readClipboard(): Promise<string> {
  const script = "const { clipboard } = await import('@nut-tree-fork/nut-js'); process.stdout.write(await clipboard.getContent());";
  return new Promise((resolve) => {
    execFile(process.execPath, ['--input-type=module', '-e', script], { cwd: AGENT_DIR, env: x.env, timeout: 10_000 }, (error, stdout) => resolve(error ? '' : String(stdout)));
  });
}

/** Waits for an X event after `mark`, naming the step (and what did arrive) when it does not come. */
async function xEvent(what: string, mark: number, pred: (e: ObservedEvent) => boolean): Promise<ObservedEvent> {
  try {
    // generous: the whole suite runs files in parallel on two cores, and this only waits when it fails
    return await observer.waitFor((e) => observer.events.indexOf(e) >= mark && pred(e), 15_000);
  } catch {
    const seen = observer.since(mark).map((e) => `${e.type}@${e.rootX},${e.rootY}${e.text ? `"${e.text}"` : ''}`);
    const notice = await ui.page.textContent('[data-testid="notice"]', { timeout: 100 }).catch(() => '');
    const phase = await ui.page.getAttribute('[data-testid="phase"]', 'data-phase', { timeout: 100 }).catch(() => '?');
    const focusId = spawnSync('xdotool', ['getwindowfocus'], { env: x.env, encoding: 'utf8', timeout: 5000 });
    const focus = spawnSync('xdotool', ['getwindowfocus', 'getwindowname'], { env: x.env, encoding: 'utf8', timeout: 5000 }).stdout.trim();
    throw new Error(`${what}: no such X event; after the mark the observer saw [${seen.join(' ')}]; console notice: ${notice || 'none'}; console phase: ${phase}; `
      + `X focus: ${focusId.stdout.trim() || focusId.stderr.trim() || '?'} "${focus}"; agent log (last lines): ${agentLog.slice(-8).join(' | ') || 'none'}`);
  }
}

describe('technician console', () => {
  it('signs in with a key vault, runs a full session against the real agent, and ends with a verified report', async () => {
    const { page } = ui;
    const certificateFile = { name: 'certificate.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(org.cert)) };

    // Protect the plain key in the page (WebCrypto in Chromium); the saved vault opens in Node too.
    await page.click(testId('protect-open'));
    await page.setInputFiles(testId('protect-key'), { name: 'tech.sec', mimeType: 'text/plain', buffer: Buffer.from(encodeKey('tech-sec', org.tech.secretKey)) });
    await page.fill(testId('protect-pass1'), PASSPHRASE);
    await page.fill(testId('protect-pass2'), PASSPHRASE);
    const [vaultDownload] = await Promise.all([page.waitForEvent('download'), page.click(testId('protect-submit'))]);
    const vaultText = await readFile((await vaultDownload.path()) as string, 'utf8');
    expect(JSON.parse(vaultText)).toMatchObject({ kind: 'tether-key-vault', kdf: { name: 'PBKDF2-SHA-256', iterations: expect.any(Number) } });
    expect((JSON.parse(vaultText) as { kdf: { iterations: number } }).kdf.iterations).toBeGreaterThanOrEqual(210_000);
    expect(await openKeyVault(JSON.parse(vaultText), PASSPHRASE, webcrypto as unknown as VaultCrypto)).toEqual(org.tech.secretKey);
    const vaultFile = { name: 'tech.vault.json', mimeType: 'application/json', buffer: Buffer.from(vaultText) };

    // Sign-in: a wrong passphrase is refused with a clear message, the right one shows who signed in.
    await page.setInputFiles(testId('certificate'), certificateFile);
    await page.setInputFiles(testId('key'), vaultFile);
    await page.fill(testId('passphrase'), 'not the passphrase');
    await page.click(testId('signin'));
    await page.waitForSelector(testId('signin-error'));
    expect(await page.textContent(testId('signin-error'))).toContain('wrong passphrase');
    await ui.screenshot('01-signin-wrong-passphrase');
    await page.fill(testId('passphrase'), PASSPHRASE);
    await page.click(testId('signin'));
    await page.waitForSelector(testId('identity'));
    expect(await page.textContent(testId('identity'))).toContain('Ada Example');
    await ui.screenshot('02-signed-in');

    // Create the session; the agent joins with the code shown on the page.
    await page.click(testId('create-session'));
    const code = (await (await page.waitForSelector(testId('session-code'))).getAttribute('data-code')) as string;
    expect(code).toMatch(/^\d{9,16}$/);
    expect(await page.textContent(testId('invite-link'))).toContain(`/join#${code}`);
    await ui.screenshot('03-waiting-with-code');

    paintRoot(x, '#2060c0');
    parkPointer(x);
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(VIEW, FULL);
    agent = await agentFor(org, relay, x, code, customer, { filesFolder, log: (line) => agentLog.push(line) });
    await page.waitForSelector(`${testId('phase')}[data-phase="awaiting-consent"]`, { timeout: 20_000 });
    expect(await page.getAttribute(testId('sas'), 'data-sas')).toBe(customer.technician?.sas);
    await ui.screenshot('04-secured-sas');

    // Consent: the page asks for full control; the customer first allows viewing only, and the controls
    // the grant does not allow are disabled. "Request more" (elevation) then gets full control.
    await page.click(testId('request-consent'));
    await page.waitForSelector(`${testId('grant')}[data-mode="view"]`, { timeout: 10_000 });
    expect(await page.isDisabled(testId('tool-control'))).toBe(true);
    expect(await page.isDisabled(testId('file-pick'))).toBe(true);
    await ui.screenshot('05a-view-only');
    await page.click(testId('request-consent'));
    await page.waitForSelector(`${testId('grant')}[data-mode="full"]`, { timeout: 10_000 });
    expect(await page.getAttribute(testId('elevation'), 'data-status')).toBe('granted');
    expect(customer.consentAsked.at(-1)?.elevation).toBe(true);
    expect(await page.getAttribute(testId('grant'), 'data-files')).toBe('true');
    expect(await page.isDisabled(testId('tool-control'))).toBe(false);

    // The X screen in the canvas.
    const blue = hexToRgb('#2060c0');
    const deadline = Date.now() + 20_000;
    let rgb = await ui.sampleVideo([[0.1, 0.1], [0.9, 0.9]]);
    while (!(rgb && allNear(rgb, blue)) && Date.now() < deadline) {
      await page.waitForTimeout(100);
      rgb = await ui.sampleVideo([[0.1, 0.1], [0.9, 0.9]]);
    }
    expect(rgb && allNear(rgb, blue)).toBe(true);
    await ui.screenshot('05-connected-screen');

    // Click into the xev window through the letterboxed (fit) view, then exactly at 1:1.
    await page.focus(testId('stage'));
    let mark = observer.events.length;
    const fitPoint = await ui.pagePointFor(300, 260, SURFACE);
    await page.mouse.click(fitPoint.x, fitPoint.y);
    const fitPress = await xEvent('click in the fit view', mark, (e) => e.type === 'ButtonPress');
    expect(Math.abs(fitPress.rootX - 300)).toBeLessThanOrEqual(2);
    expect(Math.abs(fitPress.rootY - 260)).toBeLessThanOrEqual(2);
    await page.click('button:has-text("1:1")');
    // At 1:1 one decoded pixel is one CSS pixel; the agent may stream scaled down, so map through the decoded size.
    const decoded = await ui.videoSize();
    const stageBox = await page.locator(testId('stage')).boundingBox();
    expect(stageBox?.width).toBe(decoded.width);
    mark = observer.events.length;
    const ratio = decoded.width / SURFACE.width;
    await page.mouse.click((stageBox?.x ?? 0) + Math.floor(350 * ratio) + 0.5, (stageBox?.y ?? 0) + Math.floor(280 * ratio) + 0.5);
    const exactPress = await xEvent('click in the 1:1 view', mark, (e) => e.type === 'ButtonPress');
    expect(Math.abs(exactPress.rootX - 350)).toBeLessThanOrEqual(Math.ceil(1 / ratio));
    expect(Math.abs(exactPress.rootY - 280)).toBeLessThanOrEqual(Math.ceil(1 / ratio));
    await page.click('button:has-text("Fit")');

    // A pointer move (no button) reaches the X client where it points. The console is served from
    // localhost, a secure context, so the move goes out on 'pointerrawupdate', not at the next frame.
    expect(await page.evaluate(() => 'onpointerrawupdate' in globalThis)).toBe(true);
    mark = observer.events.length;
    const movePoint = await ui.pagePointFor(420, 330, SURFACE);
    await page.mouse.move(movePoint.x, movePoint.y);
    await xEvent('pointer move in the fit view', mark, (e) => e.type === 'MotionNotify' && Math.abs(e.rootX - 420) <= 2 && Math.abs(e.rootY - 330) <= 2);

    // Keyboard with modifiers: 'a' and Shift+1 ('!') reach the X client.
    // There is no window manager on Xvfb, so a click does not focus a window and the agent's own Chromium
    // windows may take the X focus; the customer's terminal gets it back the way a window manager would.
    spawnSync('xdotool', ['search', '--name', '^tether-console-observer$', 'windowfocus', '--sync'], { env: x.env, timeout: 5000 });
    await page.focus(testId('stage')); // the keyboard goes to the customer while the view has focus
    mark = observer.events.length;
    await page.keyboard.press('KeyA');
    await page.keyboard.press('Shift+Digit1');
    await xEvent('key a', mark, (e) => e.type === 'KeyPress' && e.text === 'a');
    const bang = await xEvent('Shift+1', mark, (e) => e.type === 'KeyPress' && e.text === '!');
    expect(bang.keysym).toBe('exclam');
    // A key still held when the view loses focus is released at the customer (no stuck keys). X
    // autorepeat would produce releases of its own, so it is off for this check.
    spawnSync('xset', ['r', 'off'], { env: x.env, timeout: 5000 });
    mark = observer.events.length;
    await page.keyboard.down('KeyQ');
    await xEvent('q held', mark, (e) => e.type === 'KeyPress' && e.keysym === 'q');
    await page.focus(testId('chat-input'));
    await xEvent('q released on blur', mark, (e) => e.type === 'KeyRelease' && e.keysym === 'q');
    await page.keyboard.up('KeyQ');
    spawnSync('xset', ['r', 'on'], { env: x.env, timeout: 5000 });

    // Clipboard text (granted) reaches the customer's X clipboard.
    await page.fill(testId('clipboard-text'), 'tether clipboard check');
    await page.click(testId('clipboard-send'));
    let clip = '';
    for (let i = 0; i < 30 && clip !== 'tether clipboard check'; i++) {
      clip = await readClipboard();
      if (clip !== 'tether clipboard check') await page.waitForTimeout(100);
    }
    expect(clip).toBe('tether clipboard check');

    // The picture follows the screen.
    paintRoot(x, '#c08020');
    const amber = hexToRgb('#c08020');
    const until2 = Date.now() + 10_000;
    let rgb2 = await ui.sampleVideo([[0.9, 0.5]]);
    while (!(rgb2 && near(rgb2[0] as [number, number, number], amber)) && Date.now() < until2) {
      await page.waitForTimeout(100);
      rgb2 = await ui.sampleVideo([[0.9, 0.5]]);
    }
    expect(rgb2 && near(rgb2[0] as [number, number, number], amber)).toBe(true);
    expect(await page.textContent(testId('quality'))).toMatch(/\d+ ms round trip/);

    // Chat both ways.
    await page.fill(testId('chat-input'), 'Hello from the console');
    await page.click(testId('chat-send'));
    await until(() => customer.chats.includes('Hello from the console'), 5000, 'chat at the customer');
    agent.session.sendChat('Thanks, I can see the arrow');
    await page.waitForSelector(`${testId('chat-lines')} li[data-from="customer"]:has-text("Thanks, I can see the arrow")`, { timeout: 5000 });

    // Annotate with the pen: a drag on the overlay reaches the customer's overlay as a stroke.
    await page.click(testId('tool-pen'));
    const a = await ui.pagePointFor(800, 400, SURFACE);
    const b = await ui.pagePointFor(1100, 600, SURFACE);
    await page.mouse.move(a.x, a.y);
    await page.mouse.down();
    await page.mouse.move((a.x + b.x) / 2, (a.y + b.y) / 2, { steps: 5 });
    await page.mouse.move(b.x, b.y, { steps: 5 });
    await page.mouse.up();
    await until(() => customer.annotations.length > 0, 5000, 'annotation at the customer');
    const stroke = customer.annotations[0] as { tool: string; points: Array<[number, number]> };
    expect(stroke.tool).toBe('pen');
    expect(stroke.points.length).toBeGreaterThan(3);
    const [fx, fy] = stroke.points[0] as [number, number];
    expect(Math.abs((fx * 1919) / 65535 - 800)).toBeLessThanOrEqual(3);
    expect(Math.abs((fy * 1079) / 65535 - 400)).toBeLessThanOrEqual(3);
    await ui.screenshot('06-chat-and-annotation');
    // The technician's own overlay shows the stroke (drawn because the strokes changed, not every frame),
    // and Clear takes it away again.
    const middle = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2 };
    await expect.poll(() => ui.overlayAlpha(middle.x, middle.y), { timeout: 5000 }).toBeGreaterThan(200);
    expect(await ui.overlayAlpha(a.x, b.y)).toBe(0);
    await page.click(testId('annotation-clear'));
    await expect.poll(() => ui.overlayAlpha(middle.x, middle.y), { timeout: 5000 }).toBe(0);
    await page.click(testId('tool-control'));

    // A file to the customer: approved, delivered, same SHA-256 on disk.
    // One chunk (< 256 KiB): today's agent handles file messages concurrently, so several chunks race
    // its disk writes (see docs/console.md); the multi-chunk and resume paths are unit-tested.
    const content = Buffer.from(`tether console e2e ${Date.now()}\n`.repeat(6_000));
    const sha = createHash('sha256').update(content).digest('hex');
    await page.setInputFiles(testId('file-pick'), { name: 'fix-it.txt', mimeType: 'text/plain', buffer: content });
    await page.waitForSelector(`${testId('transfer')}[data-status="done"]`, { timeout: 20_000 }).catch(async (e: unknown) => {
      throw new Error(`file transfer did not finish: ${await page.textContent('.files')} (${String(e)})`);
    });
    expect(await page.getAttribute(testId('transfer'), 'data-sha256')).toBe(sha);
    expect(customer.files[0]?.offer.sha256).toBe(sha);
    const onDisk = await readFile(join(filesFolder, 'fix-it.txt'));
    expect(createHash('sha256').update(onDisk).digest('hex')).toBe(sha);
    await ui.screenshot('07-file-delivered');

    // The customer pauses (the console says so, with the reason) and resumes.
    agent.session.pause();
    await page.waitForSelector(`${testId('phase')}[data-phase="paused"]`, { timeout: 5000 });
    expect(await page.textContent(testId('phase-reason'))).toContain('The customer paused the session.');
    expect(await page.textContent(testId('paused-banner'))).toContain('input is off');
    expect(await page.isDisabled(testId('tool-control'))).toBe(true);
    await ui.screenshot('07a-paused');
    agent.session.resume();
    await page.waitForSelector(`${testId('phase')}[data-phase="connected"]`, { timeout: 5000 });

    // The customer stops; the report shows it, with the rating and a verified, counter-signed log.
    agent.session.stop('All fixed, thank you.');
    await page.waitForSelector(`${testId('phase')}[data-phase="ended"]`, { timeout: 10_000 });
    await page.waitForSelector(testId('report'), { timeout: 15_000 });
    expect(await page.textContent(testId('report-end-reason'))).toContain('All fixed, thank you.');
    expect(await page.textContent(testId('report-rating'))).toContain('★★★★★');
    expect(await page.getAttribute(testId('log-verification'), 'data-ok')).toBe('true');
    expect(await page.textContent(testId('log-verification'))).toContain('counter-signed');
    expect(await page.textContent(testId('report-files'))).toContain(sha);
    expect(await page.textContent(testId('report-scopes'))).toContain('full');
    await page.waitForSelector(`${testId('report-customer-side')}:has-text("input events")`, { timeout: 5000 });
    await page.fill(testId('report-notes'), 'Reinstalled the printer driver.');
    await ui.screenshot('08-report');

    // The downloaded signed log verifies on its own; the JSON report carries the notes.
    const [logDownload] = await Promise.all([page.waitForEvent('download'), page.click(testId('save-log'))]);
    const parsed = parseLog(await readFile((await logDownload.path()) as string, 'utf8'));
    expect(parsed.ok).toBe(true);
    const entries = parsed.ok ? parsed.value : [];
    const verified = verifyLog(entries, { techPublicKey: org.tech.publicKey, requireCounterSignedHead: false });
    expect(verified.ok).toBe(true);
    expect(entries.some((e) => (e as { kind: string }).kind === 'file.offered')).toBe(true);
    const [jsonDownload] = await Promise.all([page.waitForEvent('download'), page.click(testId('save-json'))]);
    const report = JSON.parse(await readFile((await jsonDownload.path()) as string, 'utf8')) as { notes: string; rating: { stars: number }; log: { verified: boolean }; scopes: Array<{ mode: string }> };
    expect(report.notes).toBe('Reinstalled the printer driver.');
    expect(report.rating.stars).toBe(5);
    expect(report.scopes.map((g) => g.mode)).toEqual(['view', 'full']);
    expect(report.log.verified).toBe(true);
    const outcome = await agent.outcome;
    expect(outcome.by).toBe('customer');
    agent = undefined;
  }, 120_000);
});
