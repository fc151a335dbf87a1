// The demo command's body (scripts/demo.sh runs set-up first): a whole support session on this machine,
// non-interactive. A throw-away organisation and technician (key protected in a key vault), a relay on
// loopback, a private Xvfb with an xterm to look at, the real agent with a customer who accepts everything
// and says what happens, and the real console UI in headless Chromium driven step by step. The console
// records the session; at the end it is sealed and uploaded to the relay's archive, and the demo opens it
// as the organisation's admin, verifies it and exports the playable video, log and report. Everything is
// saved under .tether/demo/<time>/ and the demo exits 0.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { createHash, webcrypto } from 'node:crypto';
import { copyFile, mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { AnnotationStrokeMessage, ChatMessage } from '@tether/protocol';
import { encodeKey, generateArchiveKeyPair, generateRootKeyPair, generateTechnicianKeyPair, issueCertificate, openArchive, parseLog, verifyLog } from '../packages/crypto/src/index';
import { encodeAdminKey, exportSession, parseSessionBundle } from '../packages/recording/src/index';
import { ArchiveClient } from '../packages/recording/src/node/index';
import { FolderBlobStore, SqliteIndex, createRelayArchive } from '../apps/relay/src/node/archive/index';
import type { ConsentContext, ConsentDecision, CustomerPrompt, IncomingFile, Rating, SessionStatus, VerifiedTechnician } from '../apps/agent/src/common/session/customerPrompt';
import { runAgent, type RunningAgent } from '../apps/agent/src/node/session/agentRunner';
import { sealKeyVault, type VaultCrypto } from '../apps/console/src/common/keyVault';
import { startRelay } from '../apps/relay/src/node/index';
import { openConsolePage, type ConsolePage } from '../tests/support/consolePage';
import { startXvfb, type XDisplay } from '../tests/support/xvfb';

const ORG = 'demo-support';
const PASSPHRASE = 'demo passphrase, not a secret';
const out = resolve('.tether/demo', new Date().toISOString().replace(/[:.]/g, '-'));
const say = (who: string, text: string): void => console.log(`${new Date().toISOString().slice(11, 19)} [${who}] ${text}`);
const sel = (id: string): string => `[data-testid="${id}"]`;

/** The customer for the demo: accepts every request and prints what the agent shows them. */
class DemoCustomer implements CustomerPrompt {
  annotations = 0;
  showTechnician(t: VerifiedTechnician): void {
    say('customer', `verified technician: ${t.name} (${t.employeeNo}, ${t.department}, ${t.org}); security code ${t.sas}`);
  }
  showFailure(message: string): void {
    say('customer', `failure: ${message}`);
  }
  async askConsent(c: ConsentContext): Promise<ConsentDecision> {
    say('customer', `asked for ${c.request.mode} control (clipboard ${c.request.clipboard}, files ${c.request.files}) — accepting`);
    return { mode: c.request.mode, shareOnlyRegion: false, clipboard: c.request.clipboard, files: c.request.files, durationMs: 30 * 60_000 };
  }
  async askFileApproval(f: IncomingFile): Promise<boolean> {
    say('customer', `file offered: ${f.offer.name} (${f.offer.size} bytes, sha256 ${f.offer.sha256.slice(0, 16)}…) — accepting into ${f.destination}`);
    return true;
  }
  showStatus(s: SessionStatus): void {
    say('customer', `status: ${s.phase}${s.reason ? ` — ${s.reason}` : ''}`);
  }
  showChat(m: ChatMessage): void {
    say('customer', `chat from the technician: ${m.text}`);
  }
  showAnnotation(stroke: AnnotationStrokeMessage | { type: 'annotation.clear' }): void {
    this.annotations++;
    say('customer', stroke.type === 'annotation.clear' ? 'annotations cleared' : `annotation: ${stroke.tool} with ${stroke.points.length} points`);
  }
  async askRating(): Promise<Rating> {
    say('customer', 'rating the session 5 stars');
    return { stars: 5, comment: 'The demo worked.' };
  }
}

async function waitFor(check: () => boolean, ms: number, what: string): Promise<void> {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error(`demo: timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function main(): Promise<void> {
  await mkdir(out, { recursive: true });
  // 1. A throw-away organisation and technician; the key goes into a passphrase-protected key vault.
  const root = generateRootKeyPair();
  const tech = generateTechnicianKeyPair();
  const now = Date.now();
  const certificate = issueCertificate(root.secretKey, { name: 'Demo Technician', employeeNo: 'D-0001', department: 'Support', org: ORG, techPub: tech.publicKey, notBefore: now - 60_000, notAfter: now + 86_400_000 });
  const archiveKeys = generateArchiveKeyPair();
  const admin = generateTechnicianKeyPair();
  const vault = await sealKeyVault(encodeKey('tech-sec', tech.secretKey), PASSPHRASE, webcrypto as unknown as VaultCrypto);
  say('demo', `organisation "${ORG}" and technician "${certificate.name}" created; key sealed in a key vault (PBKDF2 ${vault.kdf.iterations} iterations)`);

  const cleanups: Array<() => Promise<unknown> | unknown> = [];
  const cleanup = async (): Promise<void> => {
    for (const step of cleanups.reverse()) await Promise.resolve().then(step).catch(() => undefined);
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));
  try {
    // 2. Relay, display with an xterm, console UI in Chromium.
    const archiveDir = join(out, 'relay-archive');
    await mkdir(archiveDir, { recursive: true });
    const archive = createRelayArchive({
      index: new SqliteIndex(join(archiveDir, 'index.sqlite')), blobs: new FolderBlobStore(join(archiveDir, 'hot'), join(archiveDir, 'cold')),
      organisations: [{ org: ORG, rootPublicKey: root.publicKey, adminKeys: [encodeAdminKey('admin-pub', admin.publicKey)] }],
    });
    cleanups.push(() => archive.close());
    const relay = await startRelay({ port: 0, org: ORG, rootPublicKey: encodeKey('root-pub', root.publicKey) }, { archive });
    cleanups.push(() => relay.close());
    say('relay', `listening at ${relay.url}, archive at ${relay.httpUrl}/archive/v1 (ciphertext only, in ${archiveDir})`);
    const x: XDisplay = await startXvfb();
    cleanups.push(() => x.stop());
    spawnSync('xsetroot', ['-solid', '#1e3a5f'], { env: x.env, stdio: 'ignore', timeout: 5000 });
    const xterm: ChildProcess = spawn('xterm', ['-geometry', '90x24+120+120', '-fa', 'Monospace', '-fs', '14', '-title', 'customer terminal', '-e', 'cat'], { env: x.env, stdio: 'ignore' });
    cleanups.push(() => xterm.kill('SIGTERM'));
    say('demo', `virtual display ${x.display} (${x.width}x${x.height}) with an xterm`);
    const orgConfig = { org: ORG, rootPublicKey: encodeKey('root-pub', root.publicKey), archivePublicKey: encodeKey('archive-pub', archiveKeys.publicKey) };
    const ui: ConsolePage = await openConsolePage(relay.url, out, { org: orgConfig, recordingDir: join(out, 'console-recordings') });
    cleanups.push(() => ui.close());
    say('console', `served at ${ui.url} (open it in a browser while the demo runs to watch the same UI)`);
    const { page } = ui;

    // 3. Sign in and create a session.
    await page.setInputFiles(sel('certificate'), { name: 'certificate.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(certificate)) });
    await page.setInputFiles(sel('key'), { name: 'tech.vault.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(vault)) });
    await page.fill(sel('passphrase'), PASSPHRASE);
    await page.click(sel('signin'));
    await page.waitForSelector(sel('identity'));
    await page.click(sel('create-session'));
    const code = (await (await page.waitForSelector(sel('session-code'))).getAttribute('data-code')) as string;
    say('console', `session code ${code}, invite ${await page.textContent(sel('invite-link'))}`);
    await ui.screenshot('1-code');

    // 4. The customer's agent joins with that code.
    const customer = new DemoCustomer();
    const filesFolder = join(out, 'customer-files');
    const agent: RunningAgent = await runAgent({
      relayUrl: relay.url, code, rootPublicKey: encodeKey('root-pub', root.publicKey), org: ORG, display: x.display, width: x.width, height: x.height,
      prompt: customer, filesFolder, codecs: ['h264', 'vp8'], log: (line) => say('agent', line),
    });
    cleanups.push(() => agent.session.stop('The demo was interrupted.'));
    await page.waitForSelector(`${sel('phase')}[data-phase="awaiting-consent"]`, { timeout: 30_000 });
    say('console', `secured; security code on the console: ${await page.getAttribute(sel('sas'), 'data-sas')}`);
    await page.click(sel('request-consent'));
    await page.waitForSelector(`${sel('grant')}[data-mode="full"]`, { timeout: 15_000 });
    await page.waitForSelector(`${sel('quality')}:not([data-frames="0"])`, { timeout: 20_000 });
    await page.waitForTimeout(500);
    await ui.screenshot('2-connected');
    say('console', 'the customer screen is in the viewer');

    // 5. Work: type into the xterm, chat, annotate, send a file.
    const target = await ui.pagePointFor(400, 300, x);
    await page.mouse.click(target.x, target.y);
    await page.keyboard.type('hello from the technician');
    await page.keyboard.press('Enter');
    await page.fill(sel('chat-input'), 'I typed into your terminal; now I point at it.');
    await page.click(sel('chat-send'));
    agent.session.sendChat('I can see the arrow.');
    await page.click(sel('tool-arrow'));
    const from = await ui.pagePointFor(1100, 700, x);
    const to = await ui.pagePointFor(700, 400, x);
    await page.mouse.move(from.x, from.y);
    await page.mouse.down();
    await page.mouse.move(to.x, to.y, { steps: 8 });
    await page.mouse.up();
    await waitFor(() => customer.annotations > 0, 5000, 'the annotation at the customer');
    const file = Buffer.from('Tether demo: a file the technician sent you.\n'.repeat(2000));
    await page.setInputFiles(sel('file-pick'), { name: 'demo-notes.txt', mimeType: 'text/plain', buffer: file });
    await page.waitForSelector(`${sel('transfer')}[data-status="done"]`, { timeout: 20_000 });
    const onDisk = await readFile(join(filesFolder, 'demo-notes.txt'));
    say('demo', `file delivered; sha256 on the customer's disk ${createHash('sha256').update(onDisk).digest('hex') === createHash('sha256').update(file).digest('hex') ? 'matches' : 'DIFFERS'}`);
    await page.waitForTimeout(500);
    await ui.screenshot('3-working');

    // 6. The customer ends the session; the console shows and saves the report.
    agent.session.stop('The demo is over.');
    await page.waitForSelector(sel('report'), { timeout: 30_000 });
    await page.fill(sel('report-notes'), 'Demo session: typed into the terminal, chatted, annotated, sent a file.');
    await ui.screenshot('4-report');
    for (const [button, name] of [['save-json', 'report.json'], ['save-html', 'report.html'], ['save-log', 'session-log.jsonl']] as const) {
      const [download] = await Promise.all([page.waitForEvent('download'), page.click(sel(button))]);
      await copyFile((await download.path()) as string, join(out, name));
    }
    // 7. The recording was sealed and uploaded at the end; the admin opens, verifies and exports it.
    await page.waitForSelector(`${sel('archive-status')}[data-phase="archived"]`, { timeout: 60_000 });
    const customerToken = ((await page.textContent(sel('customer-token'))) ?? '').trim();
    await ui.screenshot('5-archived');
    const adminClient = new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey });
    const [item] = await adminClient.list();
    if (!item) throw new Error('demo: the session is not in the archive');
    say('admin', `archived session ${item.sessionId}: ${item.technicianName}, ${item.blobs.org?.size ?? 0} sealed bytes, kept until ${new Date(item.retainUntil).toISOString().slice(0, 10)}`);
    const opened = openArchive(archiveKeys.secretKey, await adminClient.fetchBlob(item.sessionId));
    if (!opened.ok) throw opened.error;
    const bundle = parseSessionBundle(opened.value);
    if (!bundle.ok) throw bundle.error;
    const exported = exportSession(bundle.value, { rootPublicKey: root.publicKey });
    if (!exported.ok) throw exported.error;
    const exportDir = join(out, 'archive-export');
    await mkdir(exportDir, { recursive: true });
    for (const f of exported.value.files) await writeFile(join(exportDir, f.name), f.bytes);
    const archiveVerified = exported.value.verification.ok;
    say('admin', `opened with the archive key: ${archiveVerified ? 'verified' : `NOT verified: ${exported.value.verification.summary}`}; exported ${exported.value.files.map((f) => f.name).join(', ')} (${exported.value.videos.reduce((n, v) => n + v.frames, 0)} video frames)`);

    const parsed = parseLog(await readFile(join(out, 'session-log.jsonl'), 'utf8'));
    const verified = parsed.ok ? verifyLog(parsed.value, { techPublicKey: tech.publicKey, requireCounterSignedHead: false }) : { ok: false as const };
    const report = JSON.parse(await readFile(join(out, 'report.json'), 'utf8')) as { endReason: string; scopes: Array<{ mode: string }>; files: Array<{ name: string; status: string }>; chat: unknown[]; rating: { stars: number } | null; actions: unknown[]; customerSide: { outcome: string; counts: { inputEvents: number; inputRefused: number } } | null };
    await agent.outcome;
    await writeFile(join(out, 'README.txt'), `Tether demo run ${new Date().toISOString()}\nreport.json / report.html: the technician's report\nsession-log.jsonl: the signed log\n*.png: the console at each step\narchive-export/: the archived recording as the admin exports it (video, log.json, report.html)\nrelay-archive/: what the relay stores (ciphertext + metadata)\ncustomer token (opens only this session's record): ${customerToken}\n`);
    console.log('\n=== session report ===');
    console.log(`ended:    ${report.endReason}`);
    console.log(`scopes:   ${report.scopes.map((s) => s.mode).join(' -> ')}`);
    console.log(`files:    ${report.files.map((f) => `${f.name} (${f.status})`).join(', ')}`);
    console.log(`chat:     ${report.chat.length} messages; actions: ${report.actions.length}`);
    console.log(`rating:   ${report.rating ? `${report.rating.stars}/5` : 'none'}`);
    if (report.customerSide) console.log(`customer: ${report.customerSide.outcome}, ${report.customerSide.counts.inputEvents} input events, ${report.customerSide.counts.inputRefused} refused`);
    console.log(`log:      ${verified.ok ? 'verified (hash chain and signatures intact)' : 'FAILED verification'}`);
    console.log(`archive:  ${archiveVerified ? 'recording archived, opened by the admin and verified' : 'archived recording NOT verified'}; export in ${exportDir}`);
    console.log(`saved in: ${out}`);
    if (!verified.ok || !archiveVerified) process.exitCode = 1;
  } finally {
    await cleanup();
    await rm(join(out, 'customer-files'), { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (e: unknown) => {
    console.error(`demo failed: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  },
);
