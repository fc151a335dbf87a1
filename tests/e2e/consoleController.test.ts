// The console's session controller in Node (no browser) against a real relay and the real agent on a
// private Xvfb: the paths the browser e2e does not take — an elevation the customer declines, the
// technician ending the session, and the report built from the verified, counter-signed log.
import { createHash, randomBytes, webcrypto } from 'node:crypto';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import type { WebSocketLike } from '../../packages/channel/src/index';
import { encodeKey } from '../../packages/crypto/src/index';
import { makeOrg, type TestOrg } from '../../apps/relay/test/relayFixtures';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import { ConsoleController, RECORDING_NOT_OPEN_MESSAGE, RECORDING_OPEN_WAIT_MS, type ConsolePorts } from '../../apps/console/src/common/consoleController';
import { HttpRecordingSink } from '../../apps/console/src/common/recording/recordingHttpSink';
import type { RecordingSink } from '../../apps/console/src/common/recording/recordingSink';
import { startConsoleServer, type RunningConsoleServer } from '../../apps/console/src/node/consoleServer';
import type { VaultCrypto } from '../../apps/console/src/common/keyVault';
import { FULL, ScriptedCustomer, VIEW, agentFor, startRelayForTests, until } from '../support/sessionHarness';
import { startXvfb, type XDisplay } from '../support/xvfb';

let x: XDisplay;
let org: TestOrg;
let relay: RunningRelay;
let ids = 0;

beforeAll(async () => {
  x = await startXvfb();
  ({ org, relay } = await startRelayForTests(makeOrg()));
}, 60_000);

afterAll(async () => {
  await relay?.close();
  await x?.stop();
});

function controller(recording?: ConsolePorts['recording']): ConsoleController {
  return new ConsoleController({
    ...(recording ? { recording } : {}),
    relayUrl: relay.url,
    openSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    webCrypto: webcrypto as unknown as VaultCrypto,
    sha256Hex: async (b) => createHash('sha256').update(b).digest('hex'),
    randomId: () => `id${++ids}`,
    now: () => Date.now(),
    ratingWaitMs: 5000,
    pingEveryMs: 200,
  });
}

describe('console controller with the real agent', () => {
  it('shows a declined elevation, measures the round trip, and ends by the technician with a verified report', async () => {
    const c = controller();
    await c.signIn(JSON.stringify(org.cert), encodeKey('tech-sec', org.tech.secretKey), '');
    await c.createSession();
    const { code } = c.stores.session.getState();
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(VIEW, null);
    const agent = await agentFor(org, relay, x, code, customer);
    await until(() => c.stores.session.getState().phase === 'awaiting-consent', 15_000, 'secured');
    expect(c.stores.session.getState().sas).toBe(customer.technician?.sas);

    c.requestConsent({ mode: 'full', clipboard: false, files: false });
    await until(() => c.stores.session.getState().grant?.mode === 'view', 10_000, 'view grant');
    c.requestConsent({ mode: 'full', clipboard: true, files: true, reason: 'to install the driver' });
    expect(c.stores.session.getState().elevation.status).toBe('pending');
    await until(() => c.stores.session.getState().elevation.status === 'denied', 10_000, 'elevation declined');
    expect(c.stores.session.getState().grant?.mode).toBe('view');
    expect(customer.consentAsked.at(-1)?.request.reason).toBe('to install the driver');
    // Within a view grant the controller sends no input at all.
    expect(c.sendInput({ v: 1, type: 'input.key', code: 'KeyA', down: true, modifiers: 0 })).toBe(false);
    await until(() => c.stores.view.getState().rttMs !== null && c.stores.view.getState().config !== null, 10_000, 'round trip and stream config');

    // Decoded frames reach the quality panel with its tick, not one store update (one viewer render) each;
    // a decoder error shows at once.
    let updates = 0;
    const unsubscribe = c.stores.view.subscribe(() => updates++);
    const shownBefore = c.stores.view.getState().framesDecoded;
    for (let i = 0; i < 100; i++) c.decoded(1);
    expect(updates).toBe(0);
    await until(() => c.stores.view.getState().framesDecoded === shownBefore + 100, 5000, 'decoded frames on the tick');
    c.decoded(0, 1);
    expect(c.stores.view.getState().decodeErrors).toBe(1);
    unsubscribe();

    c.sendChat('Thanks, I will not need more.');
    await until(() => customer.chats.includes('Thanks, I will not need more.'), 5000, 'chat');
    c.stores.log.setState({ notes: 'Looked only.', outcome: 'not-resolved' });
    await c.stop('Done looking.');
    const report = c.currentReport;
    expect(report).not.toBeNull();
    expect(report).toMatchObject({
      endReason: 'Done looking.', notes: 'Looked only.', outcome: 'not-resolved', rating: { stars: 5 },
      log: { verified: true, counterSigned: true },
    });
    expect(report?.scopes.map((s) => s.mode)).toEqual(['view']);
    expect(report?.actions.some((a) => a.kind === 'consent.denied')).toBe(true);
    expect(c.stores.session.getState().phase).toBe('ended');
    expect((await agent.outcome).by).toBe('technician');
  }, 60_000);

  it('shows a lost link as paused with its reason, and connected again after the customer consents again', async () => {
    const c = controller();
    await c.signIn(JSON.stringify(org.cert), encodeKey('tech-sec', org.tech.secretKey), '');
    await c.createSession();
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL, FULL);
    const agent = await agentFor(org, relay, x, c.stores.session.getState().code, customer);
    await until(() => c.stores.session.getState().phase === 'awaiting-consent', 15_000, 'secured');
    c.requestConsent({ mode: 'full', clipboard: false, files: false });
    await until(() => c.stores.session.getState().phase === 'connected', 10_000, 'connected');
    const phases: string[] = [];
    const unsubscribe = c.stores.session.subscribe((s) => phases.push(`${s.phase}:${s.reason}`));
    // Cut the agent's socket abruptly, as a network failure would.
    (agent.session as unknown as { opened: { link: { drop(): void } } }).opened.link.drop();
    await until(() => phases.some((p) => p.startsWith('paused:The customer lost the connection')), 10_000, 'paused for the lost link');
    expect(c.stores.session.getState().grant).toBeNull();
    expect(c.sendInput({ v: 1, type: 'input.key', code: 'KeyA', down: true, modifiers: 0 })).toBe(false);
    await until(() => c.stores.session.getState().phase === 'connected', 20_000, 'connected again after new consent');
    unsubscribe();
    expect(customer.consentAsked[1]?.afterReconnect).toBe(true);
    expect(c.stores.session.getState().scopes).toHaveLength(2);
    expect(phases.some((p) => p.startsWith('securing'))).toBe(true);
    agent.session.stop();
    await agent.outcome;
    await until(() => c.currentReport !== null, 10_000, 'report');
    expect(c.currentReport?.actions.map((a) => a.kind)).toEqual(expect.arrayContaining(['peer.left', 'peer.rejoined']));
    expect(c.currentReport?.log.verified).toBe(true);
  }, 60_000);

  it('receives a file the customer sends, with the customer-chosen file on both sides hashing the same', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tether-send-'));
    const path = join(folder, 'system report.txt');
    const content = randomBytes(300_000);
    await writeFile(path, content);
    const c = controller();
    await c.signIn(JSON.stringify(org.cert), encodeKey('tech-sec', org.tech.secretKey), '');
    await c.createSession();
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(VIEW, { ...FULL, files: true });
    const agent = await agentFor(org, relay, x, c.stores.session.getState().code, customer);
    await until(() => c.stores.session.getState().phase === 'awaiting-consent', 15_000, 'secured');
    c.requestConsent({ mode: 'view', clipboard: false, files: false });
    await until(() => c.stores.session.getState().grant?.mode === 'view', 10_000, 'view grant');
    // Without the files permission the agent refuses to send at all.
    await expect(agent.session.sendFile(path)).rejects.toMatchObject({ code: 'E_SCOPE_DENIED' });
    c.requestConsent({ mode: 'full', clipboard: false, files: true });
    await until(() => c.stores.session.getState().grant?.files === true, 10_000, 'files granted');
    const sent = agent.session.sendFile(path);
    await until(() => c.stores.files.getState().transfers.some((t) => t.direction === 'toTechnician' && t.status === 'offered'), 10_000, 'offer shown');
    const offer = c.stores.files.getState().transfers.find((t) => t.direction === 'toTechnician');
    expect(offer).toMatchObject({ name: 'system report.txt', size: content.length, sha256: createHash('sha256').update(content).digest('hex') });
    c.answerFile(offer!.fileId, true);
    expect(await sent).toBe(offer!.sha256);
    expect(Buffer.from(c.receivedFile(offer!.fileId) ?? [])).toEqual(content);
    agent.session.stop();
    await agent.outcome;
    await rm(folder, { recursive: true, force: true });
  }, 60_000);

  it('continues a file transfer after the link drops and the customer allows files again', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tether-resume-'));
    const c = controller();
    await c.signIn(JSON.stringify(org.cert), encodeKey('tech-sec', org.tech.secretKey), '');
    await c.createSession();
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push({ ...FULL, files: true }, { ...FULL, files: true });
    const agent = await agentFor(org, relay, x, c.stores.session.getState().code, customer, { filesFolder: folder });
    await until(() => c.stores.session.getState().phase === 'awaiting-consent', 15_000, 'secured');
    c.requestConsent({ mode: 'full', clipboard: false, files: true });
    await until(() => c.stores.session.getState().grant?.files === true, 10_000, 'files granted');
    const content = randomBytes(12 * 1024 * 1024);
    const fileId = await c.sendFile('big-update.bin', content);
    const transfer = () => c.stores.files.getState().transfers.find((t) => t.fileId === fileId);
    await until(() => (transfer()?.sent ?? 0) > 2 * 1024 * 1024, 20_000, 'part of the file sent');
    (agent.session as unknown as { opened: { link: { drop(): void } } }).opened.link.drop();
    await until(() => customer.consentAsked.length === 2, 20_000, 'consent asked again');
    await until(() => transfer()?.status === 'done', 30_000, 'transfer completed after the drop');
    const resumed = c.stores.log.getState().entries.filter((e) => e.kind === 'file.resume').map((e) => e.data.offset as number);
    expect(resumed.some((offset) => offset > 0)).toBe(true);
    expect(createHash('sha256').update(await readFile(join(folder, 'big-update.bin'))).digest('hex')).toBe(createHash('sha256').update(content).digest('hex'));
    agent.session.stop();
    await agent.outcome;
    await rm(folder, { recursive: true, force: true });
  }, 90_000);

  describe('a new session and its recording (the real local recording store)', () => {
    let dir: string;
    let server: RunningConsoleServer;
    let sink: HttpRecordingSink;

    beforeAll(async () => {
      dir = await mkdtemp(join(tmpdir(), 'tether-controller-recording-'));
      await writeFile(join(dir, 'index.html'), '<!doctype html>');
      server = await startConsoleServer({ distDir: dir, relayUrl: relay.url, recordingDir: join(dir, 'recordings') });
      const { recording } = (await (await fetch(new URL('config.json', server.url))).json()) as { recording: { token: string } };
      sink = new HttpRecordingSink(server.url, recording.token, fetch as never);
    });

    afterAll(async () => {
      await server?.close();
      await rm(dir, { recursive: true, force: true });
    });

    /** The real sink, with its create held until `open` is called (or for ever). */
    function heldSink(): { sink: RecordingSink; open: () => void } {
      let open!: () => void;
      const gate = new Promise<void>((resolve) => (open = resolve));
      const held = Object.assign(Object.create(sink) as RecordingSink, {
        create: async (sessionId: string, start: Uint8Array) => {
          await gate;
          return sink.create(sessionId, start);
        },
      });
      return { sink: held, open };
    }

    it('shows the code only once the recording is open, so a customer can join nothing unrecorded', async () => {
      const held = heldSink();
      const c = controller({ sink: held.sink, archive: null, flushEveryMs: 100 });
      await c.signIn(JSON.stringify(org.cert), encodeKey('tech-sec', org.tech.secretKey), '');
      let created = false;
      const creating = c.createSession().then(() => (created = true));
      await until(() => c.stores.archive.getState().phase === 'recording', 10_000, 'the recording opening');
      await new Promise((r) => setTimeout(r, 300));
      expect(created).toBe(false);
      expect(c.stores.session.getState().code).toBe('');
      held.open();
      await creating;
      const { code, sessionId } = c.stores.session.getState();
      expect(code).toMatch(/^\d{10}$/);
      expect(await readdir(server.recordingDir)).toContain(`${sessionId}.ttrec`);
      expect(c.stores.archive.getState().message).toBe('');
      await c.stop('not needed');
    }, 30_000);

    it('shows the code after RECORDING_OPEN_WAIT_MS when the recording store does not answer, and says the session is not recorded yet', async () => {
      const held = heldSink();
      const c = controller({ sink: held.sink, archive: null, flushEveryMs: 100 });
      await c.signIn(JSON.stringify(org.cert), encodeKey('tech-sec', org.tech.secretKey), '');
      const started = Date.now();
      await c.createSession();
      expect(Date.now() - started).toBeGreaterThanOrEqual(RECORDING_OPEN_WAIT_MS - 50);
      expect(c.stores.session.getState().code).toMatch(/^\d{10}$/);
      expect(c.stores.archive.getState().message).toBe(RECORDING_NOT_OPEN_MESSAGE);
      // The store answers late: the recording opens and the warning goes.
      held.open();
      await until(() => c.stores.archive.getState().message === '', 5000, 'the warning cleared');
      expect(await readdir(server.recordingDir)).toContain(`${c.stores.session.getState().sessionId}.ttrec`);
      await c.stop('not needed');
    }, 30_000);
  });

  it('refuses to create a session before sign-in and reports a relay that refuses the technician', async () => {
    const c = controller();
    await expect(c.createSession()).rejects.toMatchObject({ code: 'E_AUTH_FAILED' });
    const stranger = makeOrg(); // a certificate from another root: the relay refuses it
    await c.signIn(JSON.stringify(stranger.cert), encodeKey('tech-sec', stranger.tech.secretKey), '');
    await expect(c.createSession()).rejects.toBeTruthy();
    expect(c.stores.session.getState()).toMatchObject({ phase: 'ready' });
    expect(c.stores.session.getState().error).toMatch(/^Could not create a session: .*not signed by the expected organisation/);
  }, 30_000);
});
