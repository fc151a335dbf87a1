// Every console session is recorded and archived: the real console UI in headless Debian Chromium (served
// by the console server with the organisation's config and its local recording store), a real relay with
// the archive on loopback, and the real agent on a private Xvfb with a scripted customer. During the
// session the recording grows on disk; when the technician ends it, the page signs the manifest, the
// console server seals, the page uploads, and the report shows "archived" with the customer's token. The
// admin then fetches and opens the session with the archive secret key and verifies it; the customer
// token opens that session's customer copy and nothing else.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, generateArchiveKeyPair, generateTechnicianKeyPair, issueCertificate, openArchive } from '../../packages/crypto/src/index';
import {
  TemplateDirectoryClient, customerArchiveKeyPair, encodeAdminKey, parseSessionBundle, readRecording, signPermissionTemplate, verifySession, type FetchLike,
} from '../../packages/recording/src/index';
import { createTemplateDirectory, type TemplateDirectory } from '../../apps/relay/src/node/templates/index';
import { ArchiveClient, SessionRecorder, readRecordingFile } from '../../packages/recording/src/node/index';
import { FolderBlobStore, SqliteIndex, createRelayArchive, type RelayArchive } from '../../apps/relay/src/node/archive/index';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import type { RunningAgent } from '../../apps/agent/src/node/session/agentRunner';
import { ORG, makeOrg, startTestRelay, type TestOrg } from '../../apps/relay/test/relayFixtures';
import { paintRoot, parkPointer } from '../support/decoder/captureScene';
import { openConsolePage, signInAndCreateSession, type ConsolePage } from '../support/consolePage';
import { FULL, ScriptedCustomer, agentFor, until } from '../support/sessionHarness';
import { startXvfb, type XDisplay } from '../support/xvfb';

const testId = (id: string) => `[data-testid="${id}"]`;
const CHAT = 'recorded: please restart the print spooler';

let x: XDisplay;
let org: TestOrg;
let relay: RunningRelay;
let archive: RelayArchive;
let templates: TemplateDirectory;
let folder: string;
let recordings: string;
let ui: ConsolePage;
let agent: RunningAgent | undefined;
const archiveKeys = generateArchiveKeyPair();
const admin = generateTechnicianKeyPair();
const previousRecordingsEnv = process.env.TETHER_CONSOLE_RECORDINGS;

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tether-console-recording-'));
  recordings = join(folder, 'console-recordings');
  x = await startXvfb();
  org = makeOrg();
  archive = createRelayArchive({
    index: new SqliteIndex(join(folder, 'index.sqlite')), blobs: new FolderBlobStore(join(folder, 'hot'), join(folder, 'cold')),
    organisations: [{ org: ORG, rootPublicKey: org.root.publicKey, adminKeys: [encodeAdminKey('admin-pub', admin.publicKey)] }],
  });
  // The technician's certificate names a permission template the relay's directory serves: the browser
  // console must fetch it and send it (the recording then holds the policy.template message).
  const { name, employeeNo, department, serial, notBefore, notAfter } = org.cert;
  org = { ...org, cert: issueCertificate(org.root.secretKey, { name, employeeNo, department, serial, notBefore, notAfter, org: ORG, techPub: org.tech.publicKey, template: 'recorded-desk' }) };
  templates = createTemplateDirectory({ dir: join(folder, 'templates'), organisations: [{ org: ORG, rootPublicKey: org.root.publicKey, adminKeys: [encodeAdminKey('admin-pub', admin.publicKey)] }] });
  relay = await startTestRelay(org, { rejoinGraceMs: 20_000 }, { archive, templates });
  await new TemplateDirectoryClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey }, fetch as unknown as FetchLike).publish(signPermissionTemplate(org.root.secretKey, {
    id: 'recorded-desk', name: 'Recorded desk', org: ORG, modes: ['view', 'region', 'window', 'full'], clipboard: false, files: true,
    maxDurationMs: 3_600_000, maskTitles: [], issuedAt: Date.now(), notAfter: Date.now() + 86_400_000,
  }));
  process.env.TETHER_CONSOLE_RECORDINGS = recordings; // the console server's recording store for this test
  ui = await openConsolePage(relay.url, 'test-artifacts/console-recording', {
    org: { org: ORG, rootPublicKey: org.rootPublicKeyText, archivePublicKey: encodeKey('archive-pub', archiveKeys.publicKey) },
  });
}, 60_000);

afterAll(async () => {
  if (previousRecordingsEnv === undefined) delete process.env.TETHER_CONSOLE_RECORDINGS;
  else process.env.TETHER_CONSOLE_RECORDINGS = previousRecordingsEnv;
  agent?.session.stop();
  await agent?.outcome.catch(() => undefined);
  await ui?.close();
  await relay?.close();
  await archive?.close();
  await x?.stop();
  await rm(folder, { recursive: true, force: true });
});

describe('console recording', () => {
  it('records the live session, archives it at the end and shows the customer token', async () => {
    expect(ui.server.recordingDir).toBe(recordings);
    const { page } = ui;
    const code = await signInAndCreateSession(page, org);
    // The recording exists as soon as the session does.
    const files = (await readdir(recordings)).filter((name) => name.endsWith('.ttrec'));
    expect(files).toHaveLength(1);
    const sessionId = (files[0] as string).slice(0, -'.ttrec'.length);

    paintRoot(x, '#3070b0');
    parkPointer(x);
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    agent = await agentFor(org, relay, x, code, customer);
    await page.waitForSelector(`${testId('phase')}[data-phase="awaiting-consent"]`, { timeout: 20_000 });
    // The console shows the organisation's template and offers nothing beyond it (no clipboard here).
    expect(await page.getAttribute(testId('template'), 'data-template')).toBe('recorded-desk');
    expect(await page.textContent(testId('template'))).toContain('clipboard not allowed');
    expect(await page.isDisabled(testId('request-clipboard'))).toBe(true);
    expect(await page.isChecked(testId('request-clipboard'))).toBe(false);
    expect(await page.inputValue(testId('request-mode'))).toBe('full');
    await page.click(testId('request-consent'));
    await page.waitForSelector(`${testId('grant')}[data-mode="full"][data-clipboard="false"]`, { timeout: 10_000 });
    await until(() => customer.statuses.length > 0, 10_000, 'customer status');
    let picture = await ui.sampleVideo([[0.5, 0.5]]);
    const deadline = Date.now() + 20_000;
    while (!picture && Date.now() < deadline) {
      await page.waitForTimeout(100);
      picture = await ui.sampleVideo([[0.5, 0.5]]);
    }
    expect(picture).not.toBeNull();
    await page.fill(testId('chat-input'), CHAT);
    await page.click(testId('chat-send'));
    await until(() => customer.chats.includes(CHAT), 10_000, 'chat at the customer');

    // During the session the file on disk already holds video chunks (shipped at least every second).
    let live = await readRecordingFile(join(recordings, `${sessionId}.ttrec`));
    const liveDeadline = Date.now() + 10_000;
    while (!live.records.some((r) => r.kind === 'message' && r.message.type === 'video.chunk') && Date.now() < liveDeadline) {
      await page.waitForTimeout(200);
      live = await readRecordingFile(join(recordings, `${sessionId}.ttrec`));
    }
    expect(live.header).toMatchObject({ sessionId, org: ORG, technicianSerial: org.cert.serial });
    expect(live.records.some((r) => r.kind === 'message' && r.message.type === 'video.chunk')).toBe(true);
    await ui.screenshot('01-recording-live');

    // The technician ends the session; the report shows the archive status, then "archived" + token.
    await page.click(testId('end-session'));
    await page.waitForSelector(`${testId('archive-status')}[data-phase="archived"]`, { timeout: 40_000 }).catch(async (e: unknown) => {
      const status = await page.textContent(testId('archive-status')).catch(() => 'no archive status shown');
      throw new Error(`not archived: ${status} (${(e as Error).message})`);
    });
    await ui.screenshot('02-archived');
    expect(await page.textContent(testId('archive-status'))).toContain('archived');
    const customerToken = ((await page.textContent(testId('customer-token'))) ?? '').trim();
    expect(customerToken).toMatch(/^tct1\.[A-Za-z0-9_-]{43}$/);
    // The local copies are gone once the archive confirmed the upload.
    expect((await readdir(recordings)).filter((name) => name.startsWith(sessionId))).toEqual([]);

    // The admin fetches, opens with the archive secret key and verifies the whole session.
    const adminClient = new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey });
    expect((await adminClient.get(sessionId)).complete).toBe(true);
    const opened = openArchive(archiveKeys.secretKey, await adminClient.fetchBlob(sessionId));
    if (!opened.ok) throw opened.error;
    const bundle = parseSessionBundle(opened.value);
    if (!bundle.ok) throw bundle.error;
    const verification = verifySession(bundle.value, { rootPublicKey: org.root.publicKey });
    expect(verification.ok, verification.summary).toBe(true);
    const recording = readRecording(bundle.value.recording);
    if (!recording.ok) throw recording.error;
    expect(recording.value.tail.intact).toBe(true);
    const records = recording.value.records;
    const chunks = records.filter((r) => r.kind === 'message' && r.direction === 'agent' && r.message.type === 'video.chunk');
    expect(chunks.length).toBeGreaterThan(0);
    expect(records.some((r) => r.kind === 'message' && r.direction === 'technician' && r.message.type === 'chat.message' && r.message.text === CHAT)).toBe(true);
    expect(records.some((r) => r.kind === 'message' && r.direction === 'technician' && r.message.type === 'consent.request')).toBe(true);
    expect(records.some((r) => r.kind === 'message' && r.direction === 'agent' && r.message.type === 'consent.grant')).toBe(true);
    // the session core's own messages are recorded too: pong answers, the codec offer, the final head request
    const sentByCore = new Set(records.flatMap((r) => (r.kind === 'message' && r.direction === 'technician' ? [r.message.type] : [])));
    for (const type of ['stream.codecs', 'policy.template', 'log.headSignRequest', 'session.stop']) expect(sentByCore, type).toContain(type);
    const templateSent = records.find((r) => r.kind === 'message' && r.message.type === 'policy.template');
    expect(templateSent?.kind === 'message' && templateSent.message.type === 'policy.template' && templateSent.message.template.id).toBe('recorded-desk');
    expect(records.filter((r) => r.kind === 'message' && r.direction === 'technician' && r.message.type === 'session.stop')).toHaveLength(1);
    expect(records.some((r) => r.kind === 'log' && r.entry.kind === 'session.ended')).toBe(true);

    // The customer token opens this session's customer copy, and no other session.
    const other = await SessionRecorder.start({ folder, sessionId: 'other-session-1', certificate: org.cert });
    const otherArchived = await other.finish({ relayHttpUrl: relay.httpUrl, techSecretKey: org.tech.secretKey, archivePublicKey: archiveKeys.publicKey, logEntries: [] });
    expect(otherArchived.item.complete).toBe(true);
    const customerClient = new ArchiveClient(relay.httpUrl, { kind: 'customer', token: customerToken });
    const customerCopy = openArchive(customerArchiveKeyPair(customerToken).secretKey, await customerClient.fetchBlob(sessionId));
    if (!customerCopy.ok) throw customerCopy.error;
    const customerBundle = parseSessionBundle(customerCopy.value);
    expect(customerBundle.ok && customerBundle.value.manifest.sessionId).toBe(sessionId);
    const refused = await customerClient.fetchBlob('other-session-1').then(() => undefined, (e: unknown) => e as { status?: number });
    expect(refused?.status).toBe(404);
  }, 60_000);
});
