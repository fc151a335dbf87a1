// The customer agent end to end on a private Xvfb: real relay, real technician session core, real agent
// (capture in Debian Chromium, WebCodecs, sealed through the relay; injection with nut-js into real X
// clients). Checks what the technician sees (decoded pixels), what reaches X clients, and that consent,
// pause, revoke, stop, link loss and the time limit behave as the customer was promised.
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyLog } from '../../packages/crypto/src/index';
import { makeOrg } from '../../apps/relay/test/relayFixtures';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import { startDecoderPage, type DecoderPage } from '../support/decoderPage';
import { allNear, hexToRgb, paintRoot, parkPointer, sleep } from '../support/decoder/captureScene';
import { FULL, ScriptedCustomer, VIEW, agentFor, startRelayForTests, technician, until } from '../support/sessionHarness';
import { startXObserver, type XObserver } from '../support/xObserver';
import { startXvfb, type XDisplay } from '../support/xvfb';
import type { TestOrg } from '../../apps/relay/test/relayFixtures';

let x: XDisplay;
let org: TestOrg;
let relay: RunningRelay;
let decoder: DecoderPage;
let observer: XObserver; // 400x300 at (200,200)

const W = 1920;
const H = 1080;
const nx = (px: number) => Math.round((px * 65535) / (W - 1));
const ny = (py: number) => Math.round((py * 65535) / (H - 1));
const clickAt = (px: number, py: number) => [
  { v: 1, type: 'input.pointerMove', surfaceId: 0, x: nx(px), y: ny(py) } as const,
  { v: 1, type: 'input.pointerButton', surfaceId: 0, x: nx(px), y: ny(py), button: 0, down: true } as const,
  { v: 1, type: 'input.pointerButton', surfaceId: 0, x: nx(px), y: ny(py), button: 0, down: false } as const,
];

beforeAll(async () => {
  x = await startXvfb();
  ({ org, relay } = await startRelayForTests(makeOrg()));
  decoder = await startDecoderPage();
  observer = await startXObserver({ display: x.display, name: 'tether-agent-observer', x: 200, y: 200, width: 400, height: 300 });
}, 60_000);

afterAll(async () => {
  await observer?.stop();
  await decoder?.close();
  await relay?.close();
  await x?.stop();
});

async function connected(customer: ScriptedCustomer, decoderPage?: DecoderPage, extra = {}, decoders?: string[]) {
  const tech = technician(org, relay, decoderPage);
  tech.session.decoders = decoders;
  const created = await tech.session.create();
  const agent = await agentFor(org, relay, x, created.code, customer, extra);
  await until(() => tech.session.state === 'awaiting-consent' && customer.technician !== undefined, 15_000, 'handshake');
  return { tech, agent, created };
}

describe('customer agent session', () => {
  it('shows the verified technician and SAS, streams the real screen, injects within a full grant, and ends with a counter-signed log', async () => {
    paintRoot(x, '#2060c0');
    parkPointer(x);
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    const { tech, agent } = await connected(customer, decoder);
    expect(customer.technician).toMatchObject({ name: 'Ada Example', employeeNo: 'E-1001', department: 'Support', org: 'acme-support' });
    expect(customer.technician?.sas).toBe(tech.sas);
    tech.session.requestConsent({ mode: 'full', clipboard: true, files: false });
    await until(() => tech.session.grant?.mode === 'full', 10_000, 'grant');
    await decoder.waitForSample([[0.1, 0.1], [0.9, 0.9]], (rgb) => allNear(rgb, hexToRgb('#2060c0')), 15_000);

    const mark = observer.events.length;
    for (const e of clickAt(300, 260)) tech.session.sendInput(e);
    const press = await observer.waitFor((e) => e.type === 'ButtonPress', 5000);
    expect(press.rootX).toBe(300);
    expect(press.rootY).toBe(260);
    tech.session.sendInput({ v: 1, type: 'input.key', code: 'Digit1', down: true, modifiers: 1 });
    tech.session.sendInput({ v: 1, type: 'input.key', code: 'Digit1', down: false, modifiers: 1 });
    const bang = await observer.waitFor((e) => e.type === 'KeyPress' && e.text === '!', 5000);
    expect(bang.keysym).toBe('exclam');
    expect(observer.since(mark).length).toBeGreaterThan(0);

    paintRoot(x, '#c08020');
    await decoder.waitForSample([[0.5, 0.9]], (rgb) => allNear(rgb, hexToRgb('#c08020')), 10_000);
    // The runner reports its capture's counters (the benchmark reads them): the frames the technician saw were encoded there.
    const counters = await agent.captureStats();
    expect(counters?.framesEncoded).toBeGreaterThanOrEqual(2);
    expect(counters?.framesIn).toBeGreaterThanOrEqual(counters?.framesEncoded ?? Infinity);

    customer.chats.length = 0;
    tech.session.send({ v: 1, type: 'chat.message', id: 'c1', from: 'technician', text: 'I can see your screen now', ts: Date.now() });
    await until(() => customer.chats.includes('I can see your screen now'), 5000, 'chat');

    agent.session.stop();
    const outcome = await agent.outcome;
    expect(outcome.by).toBe('customer');
    await tech.session.ended;
    expect(tech.session.customerRating).toEqual({ stars: 5, comment: 'quick and clear' });
    const summary = tech.messages.find((m) => m.type === 'report.summary');
    expect(summary).toMatchObject({ outcome: 'customer-stopped', scopes: ['full'], technician: { name: 'Ada Example' }, counts: { chatMessages: 1, inputRefused: 0 } });
    expect(summary?.type === 'report.summary' && summary.counts.inputEvents).toBeGreaterThanOrEqual(5);
    const verified = verifyLog(tech.session.logEntries, { techPublicKey: org.tech.publicKey, agentPublicKey: tech.session.agentPublicKey, requireCounterSignedHead: false });
    expect(verified.ok).toBe(true);
    const entries = tech.session.logEntries;
    expect(entries.some((e) => e.kind === 'consent.granted')).toBe(true);
    expect(entries.find((e) => e.kind === 'session.ended')?.counterSig).toBeTruthy();
    expect(outcome.counterSignedHead).toBe(entries.find((e) => e.kind === 'session.ended')?.hash);
  }, 90_000);

  it('a view-only grant streams but injects nothing, and every refused event is reported', async () => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(VIEW);
    const { tech, agent } = await connected(customer);
    tech.session.requestConsent({ mode: 'full', clipboard: false, files: false });
    await until(() => tech.session.grant?.mode === 'view', 10_000, 'view grant');
    await until(() => tech.video.length > 0, 15_000, 'video');
    const mark = observer.events.length;
    // Bypass the console's own check: the agent must refuse on its side.
    for (const e of clickAt(300, 260)) tech.session.send(e);
    tech.session.send({ v: 1, type: 'input.key', code: 'KeyA', down: true, modifiers: 0 });
    await until(() => tech.messages.filter((m) => m.type === 'error' && m.code === 'E_SCOPE_DENIED').length >= 4, 5000, 'refusals');
    await sleep(400);
    expect(observer.since(mark).filter((e) => e.type !== 'MotionNotify')).toEqual([]);
    agent.session.stop();
    expect((await agent.outcome).refusedInputs).toBeGreaterThanOrEqual(4);
  }, 60_000);

  it('a region grant with only the region shared: clicks outside never arrive and pixels outside are masked', async () => {
    paintRoot(x, '#20a040');
    parkPointer(x);
    const customer = new ScriptedCustomer();
    // The observer window sits at (200,200)-(600,500); the region covers its left half only.
    const region = { x: 200 / W, y: 200 / H, w: 200 / W, h: 300 / H };
    customer.consentAnswers.push({ mode: 'region', region, shareOnlyRegion: true, clipboard: false, files: false, durationMs: 3_600_000 });
    const { tech, agent } = await connected(customer, decoder);
    tech.session.requestConsent({ mode: 'region', clipboard: false, files: false });
    await until(() => tech.session.grant?.mode === 'region', 10_000, 'region grant');
    // Outside the region: the desktop is masked black; inside: the observer window (not black).
    await decoder.waitForSample([[0.9, 0.9], [0.05, 0.05]], (rgb) => allNear(rgb, [0, 0, 0], 16), 15_000);
    const mark = observer.events.length;
    for (const e of clickAt(500, 300)) tech.session.sendInput(e); // inside the window, outside the region
    await until(() => tech.messages.some((m) => m.type === 'error' && m.code === 'E_SCOPE_DENIED'), 5000, 'refusal');
    for (const e of clickAt(250, 300)) tech.session.sendInput(e); // inside the region
    const press = await observer.waitFor((e) => e.type === 'ButtonPress' && observer.events.indexOf(e) >= mark, 5000);
    expect(press.rootX).toBe(250);
    expect(observer.since(mark).filter((e) => e.type === 'ButtonPress').map((e) => e.rootX)).toEqual([250]);
    // Small changes reach the technician as patches too, cut from the masked picture: one inside the
    // region arrives (and lies within it), one outside changes nothing that is shared.
    await sleep(500); // the pointer's move to the click shows as a small patch too; let it arrive first
    const patchMark = tech.patches.length;
    const outside = await startXObserver({ display: x.display, name: 'tether-outside-region', x: 900, y: 600, width: 120, height: 90 });
    await sleep(800);
    expect(tech.patches.slice(patchMark).map((p) => `${p.x},${p.y} ${p.width}x${p.height}`)).toEqual([]);
    const inside = await startXObserver({ display: x.display, name: 'tether-inside-region', x: 250, y: 420, width: 100, height: 60 });
    await until(() => tech.patches.length > patchMark, 5000, 'a patch');
    for (const p of tech.patches.slice(patchMark)) {
      expect(p.x).toBeGreaterThanOrEqual(200);
      expect(p.y).toBeGreaterThanOrEqual(200);
      expect(p.x + p.width).toBeLessThanOrEqual(402);
      expect(p.y + p.height).toBeLessThanOrEqual(502);
    }
    await outside.stop();
    await inside.stop();
    agent.session.stop();
    await agent.outcome;
  }, 60_000);

  it('pause stops stream and input at once; resume and revoke behave as promised', async () => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    const { tech, agent } = await connected(customer);
    tech.session.requestConsent({ mode: 'full', clipboard: false, files: false });
    await until(() => tech.session.state === 'connected' && tech.video.length > 0, 15_000, 'streaming');
    agent.session.pause();
    await until(() => tech.session.state === 'paused', 5000, 'technician sees pause');
    await sleep(300);
    const framesAtPause = tech.video.length;
    const patchesAtPause = tech.patches.length;
    const mark = observer.events.length;
    for (const e of clickAt(300, 300)) tech.session.send(e);
    // A small change on screen while paused: neither video nor a patch of it may leave.
    const popup = await startXObserver({ display: x.display, name: 'tether-while-paused', x: 1200, y: 700, width: 120, height: 90 });
    await sleep(800);
    await popup.stop();
    expect(observer.since(mark).filter((e) => e.type === 'ButtonPress')).toEqual([]);
    expect(tech.video.length).toBe(framesAtPause);
    expect(tech.patches.length).toBe(patchesAtPause);
    agent.session.resume();
    await until(() => tech.session.state === 'connected' && tech.video.length > framesAtPause, 10_000, 'resumed stream');
    for (const e of clickAt(310, 310)) tech.session.sendInput(e);
    await observer.waitFor((e) => e.type === 'ButtonPress' && e.rootX === 310, 5000);
    agent.session.revoke('control');
    await until(() => tech.session.grant?.mode === 'view', 5000, 'revocation seen');
    const mark2 = observer.events.length;
    for (const e of clickAt(320, 320)) tech.session.send(e);
    await sleep(600);
    expect(observer.since(mark2).filter((e) => e.type === 'ButtonPress')).toEqual([]);
    agent.session.stop();
    await agent.outcome;
  }, 60_000);

  it('after the link drops nothing resumes until the customer consents again', async () => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    const { tech, agent } = await connected(customer);
    tech.session.requestConsent({ mode: 'full', clipboard: false, files: false });
    await until(() => tech.session.state === 'connected', 10_000, 'connected');
    // Cut the agent's socket abruptly, as a network failure would.
    (agent.session as unknown as { opened: { link: { drop(): void } } }).opened.link.drop();
    await until(() => customer.statuses.some((st) => st.phase === 'reconnecting'), 5000, 'agent notices');
    await until(() => customer.consentAsked.length === 2, 15_000, 'consent asked again');
    expect(customer.consentAsked[1]?.afterReconnect).toBe(true);
    const mark = observer.events.length;
    for (const e of clickAt(330, 330)) tech.session.send(e);
    await sleep(600);
    expect(observer.since(mark).filter((e) => e.type === 'ButtonPress')).toEqual([]);
    expect(tech.session.grant).toBeNull();
    agent.session.stop();
    await agent.outcome;
  }, 60_000);

  it('adapts to a slow technician link (frame rate, then resolution) and keeps control responsive', async () => {
    paintRoot(x, '#806040');
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    const { tech, agent } = await connected(customer);
    tech.session.requestConsent({ mode: 'full', clipboard: false, files: false });
    await until(() => tech.video.some((c) => c.width === 1920), 15_000, 'full-size video');
    // The technician's socket stops reading, as on a congested link: pongs stall at the relay.
    const raw = (tech.session as unknown as { opened: { link: { webSocket: { _socket: Socket } } } }).opened.link.webSocket._socket;
    const beforePause = tech.video.length;
    raw.pause();
    // Keep the screen changing so there is video to adapt.
    const painter = setInterval(() => {
      try {
        paintRoot(x, `#${Math.floor(Math.random() * 0xffffff).toString(16).padStart(6, '0')}`);
      } catch {
        // the display is going away at the end of the run
      }
    }, 100);
    await sleep(3500).finally(() => raw.resume());
    const sentAt = Date.now();
    tech.session.send({ v: 1, type: 'chat.message', id: 'slow-1', from: 'technician', text: 'still there?', ts: sentAt });
    await until(() => customer.chats.includes('still there?'), 10_000, 'chat through a congested link');
    // Frames encoded at the reduced size during the congestion reach the technician once the link drains.
    await until(() => tech.video.slice(beforePause).some((c) => c.width <= 960), 10_000, 'reduced resolution').finally(() => clearInterval(painter));
    const stats = tech.messages.filter((m) => m.type === 'stream.stats');
    expect(stats.length).toBeGreaterThan(0);
    expect(Math.min(...stats.map((m) => (m.type === 'stream.stats' ? m.fps : 99)))).toBeLessThan(30);
    agent.session.stop();
    await agent.outcome;
  }, 60_000);

  it('asks the customer about an elevation and keeps the current grant when they refuse', async () => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(VIEW, null);
    const { tech, agent } = await connected(customer);
    tech.session.requestConsent({ mode: 'view', clipboard: false, files: false });
    await until(() => tech.session.grant?.mode === 'view', 10_000, 'view grant');
    tech.session.requestConsent({ mode: 'full', clipboard: true, files: false, reason: 'I need to change a setting' });
    await until(() => tech.session.logEntries.some((e) => e.kind === 'consent.denied'), 10_000, 'refusal logged');
    expect(customer.consentAsked[1]).toMatchObject({ elevation: true, request: { mode: 'full', reason: 'I need to change a setting' } });
    expect(tech.session.grant?.mode).toBe('view');
    agent.session.stop();
    await agent.outcome;
  }, 60_000);

  it('masks windows matched by title rules and regions the customer draws, before encoding', async () => {
    paintRoot(x, '#3070a0');
    parkPointer(x);
    const vault = await startXObserver({ display: x.display, name: 'Secret Vault - passwords', x: 1200, y: 300, width: 400, height: 300 });
    try {
      const customer = new ScriptedCustomer();
      customer.consentAnswers.push(VIEW);
      const { tech, agent } = await connected(customer, decoder, { sensitiveTitles: ['secret vault'] });
      tech.session.requestConsent({ mode: 'view', clipboard: false, files: false });
      // Inside the vault window: black. Elsewhere on the desktop: the root colour.
      await decoder.waitForSample([[1400 / W, 450 / H]], (rgb) => allNear(rgb, [0, 0, 0], 16), 15_000);
      await decoder.waitForSample([[0.9, 0.1]], (rgb) => allNear(rgb, hexToRgb('#3070a0')), 5000);
      // A region the customer draws is masked too, on top of the title rules.
      agent.session.setMasks([{ x: 0.8, y: 0, w: 0.2, h: 0.2 }]);
      await decoder.waitForSample([[0.9, 0.1], [1400 / W, 450 / H]], (rgb) => allNear(rgb, [0, 0, 0], 16), 5000);
      await decoder.waitForSample([[0.5, 0.9]], (rgb) => allNear(rgb, hexToRgb('#3070a0')), 5000);
      agent.session.stop();
      await agent.outcome;
    } finally {
      await vault.stop();
    }
  }, 60_000);

  it('receives a multi-chunk file sent back to back, only after approval, and keeps it with a matching hash', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tether-agent-files-'));
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    const { tech, agent } = await connected(customer, undefined, { filesFolder: folder });
    tech.session.requestConsent({ mode: 'full', clipboard: false, files: true });
    await until(() => tech.session.grant?.files === true, 10_000, 'file permission');
    const data = randomBytes(1_500_000);
    const sha256 = createHash('sha256').update(data).digest('hex');
    tech.session.send({ v: 1, type: 'file.offer', fileId: 'f1', name: 'fix-it.bin', size: data.length, sha256, direction: 'toCustomer' });
    await until(() => tech.messages.some((m) => m.type === 'file.answer' && m.accepted), 10_000, 'approval');
    expect(customer.files[0]?.offer.name).toBe('fix-it.bin');
    for (let offset = 0; offset < data.length; offset += 64 * 1024) {
      await tech.session.sendBulk({ v: 1, type: 'file.chunk', fileId: 'f1', offset, data: data.subarray(offset, offset + 64 * 1024) });
    }
    await tech.session.sendBulk({ v: 1, type: 'file.done', fileId: 'f1', sha256 });
    await until(() => tech.messages.some((m) => (m.type === 'file.done' || m.type === 'file.error') && m.fileId === 'f1'), 15_000, 'file result');
    expect(tech.messages.filter((m) => m.type === 'file.error')).toEqual([]);
    expect(tech.messages.filter((m) => m.type === 'file.resume')).toEqual([]);
    expect(createHash('sha256').update(await readFile(join(folder, 'fix-it.bin'))).digest('hex')).toBe(sha256);
    agent.session.stop();
    await agent.outcome;
    expect(agent.receivedFiles).toEqual([join(folder, 'fix-it.bin')]);
    await rm(folder, { recursive: true, force: true });
  }, 60_000);

  it('encodes with the first of its codecs the console says it can decode, and refuses when there is none', async () => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(VIEW);
    const { tech, agent } = await connected(customer, undefined, {}, ['vp8']);
    tech.session.requestConsent({ mode: 'view', clipboard: false, files: false });
    await until(() => tech.video.length > 0, 15_000, 'video');
    expect(new Set(tech.video.map((c) => c.codec))).toEqual(new Set(['vp8']));
    expect(tech.codecString).toBe('vp8');
    agent.session.stop();
    await agent.outcome;

    const second = new ScriptedCustomer();
    second.consentAnswers.push(VIEW);
    const other = await connected(second, undefined, {}, ['hvc1.1.6.L93.B0']);
    other.tech.session.requestConsent({ mode: 'view', clipboard: false, files: false });
    const outcome = await other.agent.outcome;
    expect(outcome.by).toBe('failure');
    expect(outcome.reason).toMatch(/can decode none of the codecs/);
  }, 60_000);

  it('ends by itself at the time limit', async () => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push({ ...FULL, durationMs: 2500 });
    const { tech, agent } = await connected(customer);
    tech.session.requestConsent({ mode: 'full', clipboard: false, files: false });
    const outcome = await agent.outcome;
    expect(outcome.by).toBe('timeout');
    await tech.session.ended;
    expect(tech.session.logEntries.some((e) => e.kind === 'session.stopped' && e.data.by === 'timeout')).toBe(true);
  }, 60_000);

  it('refuses a technician whose certificate the pinned organisation did not issue', async () => {
    const forger = makeOrg(); // same names, different root key
    const { relay: forgedRelay } = await startRelayForTests(forger);
    try {
      const tech = technician(forger, forgedRelay);
      const created = await tech.session.create();
      const customer = new ScriptedCustomer();
      const agent = await agentFor(org, forgedRelay, x, created.code, customer);
      const outcome = await agent.outcome;
      expect(outcome.by).toBe('failure');
      expect(customer.technician).toBeUndefined();
      expect(customer.failures[0]).toMatch(/not signed by the expected organisation/);
    } finally {
      await forgedRelay.close();
    }
  }, 60_000);
});
