// The console's admin view (/admin) end to end: a real relay with a SQLite + folder archive, sessions
// recorded from real encoded video (coloured frames encoded with WebCodecs in the same Chromium, VP8 and
// H.264) and uploaded with archiveSession, and the real built page in headless Debian Chromium: sign-in
// (wrong kinds and a foreign archive key refused), list and search, legal hold, open + "verified", the
// player's pixels at two positions, play to the end, a timeline click, the three downloads, a log edited
// before sealing (first bad entry), a sealed copy flipped on the relay's disk, and the customer mode
// (own session only).
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, generateArchiveKeyPair, generateTechnicianKeyPair, type LogEntry } from '../../packages/crypto/src/index';
import { type VideoChunkMessage } from '../../packages/protocol/src/index';
import { ArchiveClient, RecordingFileWriter, archiveSession } from '../../packages/recording/src/node/index';
import { encodeAdminKey } from '../../packages/recording/src/index';
import { FolderBlobStore, SqliteIndex, createRelayArchive, type RelayArchive } from '../../apps/relay/src/node/archive/index';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import { ORG, makeOrg, startTestRelay, type TestOrg } from '../../apps/relay/test/relayFixtures';
import { openConsolePage, type ConsolePage } from '../support/consolePage';
import { hexToRgb, near } from '../support/decoder/captureScene';
import type { Rgb } from '../support/decoderPage';
import { signedSessionLog } from '../support/signedLog';

const ARTIFACTS = 'test-artifacts/console-admin';
const FIRST = '#2060c0';
const SECOND = '#c08020';
const FRAMES = 30; // 10 fps, frame i at 100 + 100 i ms; FIRST for i < 15, SECOND after; keyframes at 0, 10, 20
const START = Date.now() - 20_000;

interface EncodedFrame { key: boolean; ts: number; data: number[] }

// Runs in the page (plain JS source: this file is type-checked without DOM types).
const ENCODE_SOURCE = `async ({ codec, colours, n, w, h }) => {
  const out = [];
  let failure = null;
  const encoder = new VideoEncoder({
    output: (c) => { const b = new Uint8Array(c.byteLength); c.copyTo(b); out.push({ key: c.type === 'key', ts: c.timestamp, data: Array.from(b) }); },
    error: (e) => { failure = e; },
  });
  const config = { codec, width: w, height: h, bitrate: 400000, framerate: 10, latencyMode: 'realtime' };
  if (codec.startsWith('avc1')) config.avc = { format: 'annexb' };
  encoder.configure(config);
  const canvas = new OffscreenCanvas(w, h);
  const ctx = canvas.getContext('2d');
  for (let i = 0; i < n; i++) {
    ctx.fillStyle = i < n / 2 ? colours[0] : colours[1];
    ctx.fillRect(0, 0, w, h);
    const frame = new VideoFrame(canvas, { timestamp: i * 100000 });
    encoder.encode(frame, { keyFrame: i % 10 === 0 });
    frame.close();
  }
  await encoder.flush();
  encoder.close();
  if (failure) throw failure;
  return out;
}`;

let folder: string;
let org: TestOrg;
let relay: RunningRelay;
let archive: RelayArchive;
let ui: ConsolePage;
let page: Page;
const archiveKeys = generateArchiveKeyPair();
const admin = generateTechnicianKeyPair();
const tokens: Record<string, string> = {};

const signedLog = (chatText = 'all green now'): LogEntry[] =>
  signedSessionLog(org.tech.secretKey, { start: START, chatText, at: { grant: 50, chat: 2200, end: 3100 } });

async function encodeFrames(codecString: string): Promise<EncodedFrame[]> {
  return page.evaluate(`(${ENCODE_SOURCE})(${JSON.stringify({ codec: codecString, colours: [FIRST, SECOND], n: FRAMES, w: 320, h: 240 })})`) as Promise<EncodedFrame[]>;
}

async function recordAndArchive(sessionId: string, customerRef: string, codecString: string, frames: EncodedFrame[], entries: LogEntry[]): Promise<void> {
  const codec: VideoChunkMessage['codec'] = codecString.startsWith('avc1') ? 'avc1' : 'vp8';
  const path = join(folder, `${sessionId}.ttrec`);
  const writer = await RecordingFileWriter.create(path, { v: 1, sessionId, org: ORG, technicianSerial: org.cert.serial, codecString, startedAt: START });
  writer.recordMessage('agent', { v: 1, type: 'stream.config', codec, codecString, width: 320, height: 240, fps: 10, bitrate: 400_000 }, START + 60);
  frames.forEach((f, seq) => {
    const chunk: VideoChunkMessage = { v: 1, type: 'video.chunk', seq, timestampUs: f.ts, keyframe: f.key, codec, surfaceId: 0, width: 320, height: 240, data: Uint8Array.from(f.data) };
    writer.recordMessage('agent', chunk, START + 100 + seq * 100);
  });
  writer.recordMessage('agent', { v: 1, type: 'chat.message', id: 'c1', from: 'customer', text: 'all green now', ts: START + 2200 }, START + 2200);
  for (const e of entries) writer.recordLog(e, e.ts);
  await writer.close();
  const archived = await archiveSession({
    relayHttpUrl: relay.httpUrl, certificate: org.cert, techSecretKey: org.tech.secretKey, archivePublicKey: archiveKeys.publicKey,
    sessionId, recordingPath: path, logEntries: entries, startedAt: START, endedAt: START + 3100, customerRef,
  });
  tokens[sessionId] = archived.customerToken as string;
}

/** Sets the player's range input the way a user drag does (React listens to "input"). */
async function seekTo(atMs: number): Promise<void> {
  await page.evaluate(`(() => {
    const input = document.querySelector('[data-testid="player-seek"]');
    Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value').set.call(input, '${atMs}');
    input.dispatchEvent(new Event('input', { bubbles: true }));
  })()`);
  await page.locator(`[data-testid="player"][data-state="paused"][data-position="${atMs}"]`).waitFor({ timeout: 10_000 });
}

async function sampleCentre(): Promise<Rgb> {
  return page.evaluate(`(() => {
    const canvas = document.querySelector('[data-testid="admin-video"]');
    const d = canvas.getContext('2d').getImageData(Math.floor(canvas.width / 2) - 4, Math.floor(canvas.height / 2) - 4, 9, 9).data;
    const sum = [0, 0, 0];
    for (let i = 0; i < d.length; i += 4) for (let c = 0; c < 3; c++) sum[c] += d[i + c];
    return sum.map((s) => Math.round(s / (d.length / 4)));
  })()`) as Promise<Rgb>;
}

async function expectColour(colour: string): Promise<void> {
  const rgb = await sampleCentre();
  expect(near(rgb, hexToRgb(colour), 20), `sampled ${rgb.join(',')} for ${colour}`).toBe(true);
}

async function download(testId: string): Promise<{ name: string; bytes: Buffer }> {
  const [event] = await Promise.all([page.waitForEvent('download'), page.getByTestId(testId).click()]);
  const file = await event.path();
  return { name: event.suggestedFilename(), bytes: await readFile(file) };
}

async function openRow(sessionId: string): Promise<void> {
  await page.locator(`[data-testid="archive-row"][data-session-id="${sessionId}"] [data-testid="open-session"]`).click();
  await page.locator(`[data-testid="record"][data-session-id="${sessionId}"], [data-testid="record-error"]`).first().waitFor({ timeout: 15_000 });
}

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tether-console-admin-'));
  org = makeOrg();
  archive = createRelayArchive({
    index: new SqliteIndex(join(folder, 'index.sqlite')), blobs: new FolderBlobStore(join(folder, 'hot'), join(folder, 'cold')),
    organisations: [{ org: ORG, rootPublicKey: org.root.publicKey, adminKeys: [encodeAdminKey('admin-pub', admin.publicKey)] }],
  });
  relay = await startTestRelay(org, {}, { archive });
  ui = await openConsolePage(relay.url, ARTIFACTS, {
    org: { org: ORG, rootPublicKey: org.rootPublicKeyText, archivePublicKey: encodeKey('archive-pub', archiveKeys.publicKey) }, path: '/admin',
  });
  page = ui.page;
  const vp8 = await encodeFrames('vp8');
  const h264 = await encodeFrames('avc1.42001f');
  expect(vp8.filter((f) => f.key).length).toBeGreaterThanOrEqual(3);
  expect(h264.length).toBe(FRAMES);
  await recordAndArchive('vp8-session', 'cust-vp8', 'vp8', vp8, signedLog());
  await recordAndArchive('h264-session', 'cust-h264', 'avc1.42001f', h264, signedLog());
  const edited = signedLog();
  edited[2] = { ...(edited[2] as LogEntry), data: { text: 'nothing happened' } }; // changed after signing
  await recordAndArchive('edited-log', 'cust-edit', 'vp8', vp8, edited);
  await recordAndArchive('flipped-blob', 'cust-flip', 'vp8', vp8, signedLog());
  const blob = join(folder, 'hot', ORG, 'flipped-blob.org');
  const bytes = await readFile(blob);
  const at = Math.floor(bytes.length / 2);
  bytes[at] = (bytes[at] as number) ^ 1;
  await writeFile(blob, bytes);
}, 60_000);

afterAll(async () => {
  await ui?.close();
  await relay?.close();
  await archive?.close();
  if (folder) await rm(folder, { recursive: true, force: true });
});

describe('console admin view', () => {
  it('refuses wrong keys, then signs in and lists the archive', async () => {
    const adminSec = encodeAdminKey('admin-sec', admin.secretKey);
    const archiveSec = encodeKey('archive-sec', archiveKeys.secretKey);
    await page.getByTestId('admin-key-text').fill(archiveSec);
    await page.getByTestId('archive-key-text').fill(adminSec);
    await page.getByTestId('admin-signin').click();
    await expect.poll(() => page.getByTestId('admin-signin-error').textContent()).toMatch(/wrong key kind: expected admin-sec, got archive-sec/);
    await page.getByTestId('admin-key-text').fill(adminSec);
    await page.getByTestId('archive-key-text').fill(encodeKey('archive-sec', generateArchiveKeyPair().secretKey));
    await page.getByTestId('admin-signin').click();
    await expect.poll(() => page.getByTestId('admin-signin-error').textContent()).toMatch(/does not belong to acme-support/);
    await page.getByTestId('archive-key-file').setInputFiles({ name: 'archive.sec', mimeType: 'text/plain', buffer: Buffer.from(`${archiveSec}\n`) });
    await expect.poll(() => page.getByTestId('archive-key-text').inputValue()).toBe(archiveSec);
    await page.getByTestId('admin-signin').click();
    await page.getByTestId('archive-row').first().waitFor();
    const ids = await page.getByTestId('archive-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('data-session-id')));
    expect(ids.sort()).toEqual(['edited-log', 'flipped-blob', 'h264-session', 'vp8-session']);
    const row = await page.locator('[data-testid="archive-row"][data-session-id="vp8-session"]').textContent();
    expect(row).toContain('Ada Example');
    expect(row).toContain('tech-0001');
    expect(row).toContain('cust-vp8');
    expect(row).toContain('hot');
  });

  it('searches by customer reference and toggles the legal hold', async () => {
    await page.getByTestId('search-customerRef').fill('cust-h264');
    await page.getByTestId('search').click();
    await expect.poll(() => page.getByTestId('archive-row').count()).toBe(1);
    expect(await page.getByTestId('archive-row').getAttribute('data-session-id')).toBe('h264-session');
    await page.getByTestId('search-customerRef').fill('');
    await page.getByTestId('search-technician').fill('nobody');
    await page.getByTestId('search').click();
    await expect.poll(() => page.getByTestId('archive-count').textContent()).toBe('0 sessions');
    await page.getByTestId('search-technician').fill('');
    await page.getByTestId('search-from').fill('not a date');
    await page.getByTestId('search').click();
    await expect.poll(() => page.getByTestId('archive-error').textContent()).toMatch(/from: "not a date" is not a date/);
    await page.getByTestId('search-clear').click();
    await expect.poll(() => page.getByTestId('archive-row').count()).toBe(4);
    const hold = page.locator('[data-testid="archive-row"][data-session-id="h264-session"] [data-testid="legal-hold"]');
    await hold.click(); // controlled: it shows the relay's answer, so poll instead of check()
    await expect.poll(() => hold.isChecked()).toBe(true);
    const client = new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey });
    await expect.poll(async () => (await client.get('h264-session')).legalHold).toBe(true);
  });

  it('opens a VP8 session: verified, the picture at two positions, play to the end, a timeline click', async () => {
    await openRow('vp8-session');
    expect(await page.getByTestId('verdict').getAttribute('data-ok')).toBe('true');
    expect(await page.getByTestId('verdict-headline').textContent()).toBe('verified');
    await seekTo(500);
    await expectColour(FIRST);
    await seekTo(1750); // frame 16: decoded from the keyframe at frame 10 (FIRST) through deltas to SECOND
    await expectColour(SECOND);
    await seekTo(0);
    await page.getByTestId('player-toggle').click();
    await page.locator('[data-testid="player"][data-state="ended"]').waitFor({ timeout: 15_000 });
    await expectColour(SECOND);
    await seekTo(300);
    await expectColour(FIRST);
    await page.locator('[data-testid="timeline-event"][data-kind="chat"]').click();
    await page.locator('[data-testid="player"][data-state="paused"][data-position="2200"]').waitFor();
    await expectColour(SECOND);
    await ui.screenshot('admin-vp8');
  });

  it('exports the video, log.json and report.html', async () => {
    const video = await download('export-video');
    expect(video.name).toBe('video.webm');
    expect([...video.bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
    expect(video.bytes.length).toBeGreaterThan(2000);
    const log = await download('export-log');
    expect(log.name).toBe('log.json');
    const parsed = JSON.parse(log.bytes.toString('utf8')) as { sessionId: string; verification: { ok: boolean }; entries: LogEntry[] };
    expect(parsed).toMatchObject({ sessionId: 'vp8-session', verification: { ok: true } });
    expect(parsed.entries.map((e) => e.kind)).toEqual(['handshake', 'consent.grant', 'chat', 'session.ended']);
    const report = await download('export-report');
    expect(report.name).toBe('report.html');
    expect(report.bytes.toString('utf8')).toContain('VERIFIED');
  });

  it('plays an H.264 session and exports Matroska', async () => {
    await openRow('h264-session');
    expect(await page.getByTestId('verdict-headline').textContent()).toBe('verified');
    await seekTo(800);
    await expectColour(FIRST);
    await seekTo(2600);
    await expectColour(SECOND);
    const video = await download('export-video');
    expect(video.name).toBe('video.mkv');
    expect([...video.bytes.subarray(0, 4)]).toEqual([0x1a, 0x45, 0xdf, 0xa3]);
  });

  it('shows the first bad entry of an edited log, and refuses a sealed copy changed on the relay', async () => {
    await openRow('edited-log');
    expect(await page.getByTestId('verdict').getAttribute('data-ok')).toBe('false');
    expect(await page.getByTestId('verdict-headline').textContent()).toBe('NOT VERIFIED: first bad entry #2 (hash-mismatch)');
    expect(await page.getByTestId('first-bad-entry').textContent()).toMatch(/#2 \(chat\)/);
    await ui.screenshot('admin-edited-log');
    await openRow('flipped-blob');
    expect(await page.getByTestId('record-error').textContent()).toMatch(/sealed record of flipped-blob cannot be opened: it was changed after it was sealed/);
  });

  it('customer mode opens only the session of its token', async () => {
    await page.getByTestId('admin-signout').click();
    await page.getByTestId('customer-session-id').fill('vp8-session');
    await page.getByTestId('customer-token').fill(tokens['vp8-session'] as string);
    await page.getByTestId('customer-open').click();
    await page.locator('[data-testid="record"][data-session-id="vp8-session"]').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('verdict-headline').textContent()).toBe('verified');
    expect(await page.getByTestId('archive-row').count()).toBe(0);
    await seekTo(2500);
    await expectColour(SECOND);
    const log = await download('export-log');
    expect(JSON.parse(log.bytes.toString('utf8'))).toMatchObject({ sessionId: 'vp8-session', verification: { ok: true } });
    await page.getByTestId('customer-session-id').fill('h264-session');
    await page.getByTestId('customer-open').click();
    await expect.poll(() => page.getByTestId('record-error').textContent()).toMatch(/this token does not open session h264-session: a customer token opens only the record of its own session/);
    await ui.screenshot('admin-customer');
  });

  it('the same build still serves the technician console at /', async () => {
    await page.goto(ui.url);
    await page.getByTestId('signin-form').waitFor();
    expect(await page.title()).toBe('Tether console');
    await page.goto(new URL('/admin', ui.url).toString());
    await page.getByTestId('admin-signin-form').waitFor();
    expect(await page.getByTestId('admin-org').textContent()).toBe(ORG);
  });
});
