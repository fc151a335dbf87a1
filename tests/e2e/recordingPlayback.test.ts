// A real session recorded, archived, exported and played back: real relay (with the archive) on loopback,
// the technician session core feeding a SessionRecorder, the real agent capturing a private Xvfb painted
// with xsetroot. At the end the recording is sealed and uploaded, fetched and opened as the admin,
// exported (muxVideo, no re-encode) and played in Debian Chromium from http://127.0.0.1: the presented
// frame count is compared with the chunks the technician received, and sampled pixels with the colours.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateArchiveKeyPair, generateTechnicianKeyPair, openArchive } from '../../packages/crypto/src/index';
import type { WebSocketLike } from '../../packages/channel/src/index';
import type { VideoChunkMessage } from '../../packages/protocol/src/index';
import { encodeAdminKey, exportSession, parseSessionBundle } from '../../packages/recording/src/index';
import { ArchiveClient, SessionRecorder } from '../../packages/recording/src/node/index';
import { TechnicianSession } from '../../apps/console/src/common/technicianSession';
import { launchChromium, type ChromiumProcess } from '../../apps/agent/src/node/capture/chromiumProcess';
import { FolderBlobStore, SqliteIndex, createRelayArchive, type RelayArchive } from '../../apps/relay/src/node/archive/index';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import { ORG, makeOrg, startTestRelay, type TestOrg } from '../../apps/relay/test/relayFixtures';
import { hexToRgb, near, paintRoot, parkPointer, sleep } from '../support/decoder/captureScene';
import { FULL, ScriptedCustomer, agentFor, until } from '../support/sessionHarness';
import { startXvfb, type XDisplay } from '../support/xvfb';

const FIRST = '#2060c0';
const SECOND = '#c08020';
const SAMPLES: [number, number][] = [[0.1, 0.1], [0.5, 0.5], [0.8, 0.2]];

let x: XDisplay;
let org: TestOrg;
let relay: RunningRelay;
let archive: RelayArchive;
let folder: string;
let browser: ChromiumProcess;
let files: Server;
let filesUrl: string;
const archiveKeys = generateArchiveKeyPair();
const admin = generateTechnicianKeyPair();

beforeAll(async () => {
  folder = await mkdtemp(join(tmpdir(), 'tether-playback-'));
  x = await startXvfb();
  org = makeOrg();
  archive = createRelayArchive({
    index: new SqliteIndex(join(folder, 'index.sqlite')), blobs: new FolderBlobStore(join(folder, 'hot'), join(folder, 'cold')),
    organisations: [{ org: ORG, rootPublicKey: org.root.publicKey, adminKeys: [encodeAdminKey('admin-pub', admin.publicKey)] }],
  });
  relay = await startTestRelay(org, { rejoinGraceMs: 20_000 }, { archive });
  files = createServer((req, res) => {
    const name = new URL(req.url ?? '/', 'http://127.0.0.1').pathname.slice(1);
    if (name === '') {
      res.writeHead(200, { 'content-type': 'text/html' }).end('<!doctype html><title>playback</title><body></body>');
      return;
    }
    if (!/^[a-z0-9-]+\/video(-\d+)?\.(webm|mkv)$/.test(name)) {
      res.writeHead(404).end();
      return;
    }
    readFile(join(folder, name)).then(
      (bytes) => res.writeHead(200, { 'content-type': name.endsWith('.mkv') ? 'video/x-matroska' : 'video/webm', 'content-length': bytes.length }).end(bytes),
      () => res.writeHead(404).end(),
    );
  });
  await new Promise<void>((resolve) => files.listen(0, '127.0.0.1', () => resolve()));
  filesUrl = `http://127.0.0.1:${(files.address() as AddressInfo).port}`;
  browser = await launchChromium({ headless: true, args: ['--autoplay-policy=no-user-gesture-required'] });
  await browser.page.goto(`${filesUrl}/`);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  files?.closeAllConnections();
  await new Promise<void>((resolve) => (files ? files.close(() => resolve()) : resolve()));
  await relay?.close();
  await archive?.close();
  await x?.stop();
  await rm(folder, { recursive: true, force: true });
});

/** Runs a recorded session on the Xvfb (FIRST colour, then SECOND), archives it and returns the export. */
async function recordedSession(codec: 'h264' | 'vp8', sessionId: string) {
  paintRoot(x, FIRST);
  parkPointer(x);
  const recorder = await SessionRecorder.start({ folder, sessionId, certificate: org.cert });
  const received: VideoChunkMessage[] = [];
  const tech = new TechnicianSession({ certificate: org.cert, secretKey: org.tech.secretKey }, relay.url, (url) => new WebSocket(url) as unknown as WebSocketLike, {
    onVideo: (chunk) => {
      received.push(chunk);
      recorder.fromAgent(chunk);
    },
    onMessage: (m) => recorder.fromAgent(m),
    onLog: (entry) => recorder.log(entry),
  });
  tech.ratingWaitMs = 2000;
  const created = await tech.create();
  const customer = new ScriptedCustomer();
  customer.consentAnswers.push(FULL);
  const agent = await agentFor(org, relay, x, created.code, customer, { codecs: [codec] });
  await until(() => tech.state === 'awaiting-consent', 15_000, 'handshake');
  tech.requestConsent({ mode: 'view', clipboard: false, files: false });
  await until(() => received.length > 0, 15_000, 'first video');
  await sleep(1000);
  const beforeSecond = received.length;
  paintRoot(x, SECOND);
  await until(() => received.length >= beforeSecond + 2, 15_000, 'video after the second colour');
  await sleep(1000);
  const chat = { v: 1, type: 'chat.message', id: 'c1', from: 'technician', text: 'all done', ts: Date.now() } as const;
  tech.send(chat);
  recorder.fromTechnician(chat);
  agent.session.stop();
  await agent.outcome;
  await tech.ended;
  const archived = await recorder.finish({ relayHttpUrl: relay.httpUrl, techSecretKey: org.tech.secretKey, archivePublicKey: archiveKeys.publicKey, logEntries: tech.logEntries });
  expect(archived.item.complete).toBe(true);

  const sealed = await new ArchiveClient(relay.httpUrl, { kind: 'admin', secretKey: admin.secretKey }).fetchBlob(sessionId);
  const opened = openArchive(archiveKeys.secretKey, sealed);
  if (!opened.ok) throw opened.error;
  const bundle = parseSessionBundle(opened.value);
  if (!bundle.ok) throw bundle.error;
  const exported = exportSession(bundle.value, { rootPublicKey: org.root.publicKey });
  if (!exported.ok) throw exported.error;
  for (const file of exported.value.files) await writeFile(join(folder, sessionId, file.name), file.bytes).catch(async () => {
    await (await import('node:fs/promises')).mkdir(join(folder, sessionId), { recursive: true });
    await writeFile(join(folder, sessionId, file.name), file.bytes);
  });
  return { received, exported: exported.value };
}

interface Playback {
  /** every presented frame: its media time and the sampled pixels */
  frames: { mediaTime: number; rgb: [number, number, number][] }[];
  duration: number;
  width: number;
  height: number;
  canPlay: string;
  error?: string;
}

/**
 * Page script (plain JS: the tests are type-checked without DOM types): plays the file to the end counting
 * presented frames (requestVideoFrameCallback, distinct media times), then seeks and samples pixels.
 */
const PLAYER = `async ({ url, mimeType, points }) => {
  const video = document.createElement('video');
  video.muted = true;
  document.body.replaceChildren(video);
  const canPlay = video.canPlayType(mimeType);
  video.src = url;
  const failed = await new Promise((resolve) => {
    video.onloadeddata = () => resolve(undefined);
    video.onerror = () => resolve('media error ' + (video.error && video.error.code) + ': ' + (video.error && video.error.message));
    setTimeout(() => resolve('not loaded after 10 s (readyState ' + video.readyState + ', networkState ' + video.networkState + ')'), 10000);
  });
  if (failed) return { frames: [], duration: 0, width: 0, height: 0, canPlay, error: failed };
  const canvas = document.createElement('canvas');
  canvas.width = video.videoWidth;
  canvas.height = video.videoHeight;
  const ctx = canvas.getContext('2d', { willReadFrequently: true });
  const sample = (mediaTime) => {
    ctx.drawImage(video, 0, 0);
    return { mediaTime, rgb: points.map(([px, py]) => {
      const d = ctx.getImageData(Math.floor(px * (canvas.width - 1)), Math.floor(py * (canvas.height - 1)), 1, 1).data;
      return [d[0], d[1], d[2]];
    }) };
  };
  const frames = [sample(video.currentTime)];
  let ended = false;
  await new Promise((resolve) => {
    const onFrame = (now, meta) => {
      if (ended) return;
      if (meta.mediaTime > frames[frames.length - 1].mediaTime) frames.push(sample(meta.mediaTime));
      video.requestVideoFrameCallback(onFrame);
    };
    video.requestVideoFrameCallback(onFrame);
    video.onended = () => { ended = true; resolve(); };
    setTimeout(resolve, 30000);
    video.play();
  });
  return { frames, duration: video.duration, width: video.videoWidth, height: video.videoHeight, canPlay };
}`;

function play(url: string, mimeType: string): Promise<Playback> {
  return browser.page.evaluate(`(${PLAYER})(${JSON.stringify({ url, mimeType, points: SAMPLES })})`) as Promise<Playback>;
}

describe('recorded session playback in Chromium', () => {
  for (const codec of ['vp8', 'h264'] as const) {
    it(`${codec}: the exported video plays with the recorded frames and the painted colours`, async () => {
      const sessionId = `playback-${codec}`;
      const { received, exported } = await recordedSession(codec, sessionId);
      expect(exported.verification.ok, exported.verification.summary).toBe(true);
      expect(exported.videos.length).toBeGreaterThanOrEqual(1);
      const totalFrames = exported.videos.reduce((n, v) => n + v.frames, 0);
      expect(totalFrames).toBe(received.length - received.findIndex((c) => c.keyframe));
      const video = exported.videos[0]!;
      const last = exported.videos.at(-1)!;
      const first = await play(`${filesUrl}/${sessionId}/${video.name}`, video.mimeType);
      expect(first.error, `canPlayType(${video.mimeType}) = "${first.canPlay}"`).toBeUndefined();
      expect(first.width).toBe(video.width);
      expect(Math.abs(first.duration * 1000 - video.durationMs)).toBeLessThan(250);
      // each recorded frame is presented once at normal speed (the compositor may skip one now and then)
      expect(first.frames.length).toBeLessThanOrEqual(video.frames);
      expect(first.frames.length).toBeGreaterThanOrEqual(Math.max(2, Math.floor(video.frames * 0.8)));
      for (const rgb of first.frames[0]!.rgb) expect(near(rgb, hexToRgb(FIRST), 24), `first frame ${rgb} vs ${FIRST}`).toBe(true);
      const final = last === video ? first : await play(`${filesUrl}/${sessionId}/${last.name}`, last.mimeType);
      for (const rgb of final.frames.at(-1)!.rgb) expect(near(rgb, hexToRgb(SECOND), 24), `last frame ${rgb} vs ${SECOND}`).toBe(true);
      console.log(`[playback ${codec}] ${exported.videos.map((v) => `${v.name} ${v.frames} frames ${v.durationMs} ms ${v.width}x${v.height}`).join('; ')}; presented ${first.frames.length}; canPlayType("${video.mimeType}") = "${first.canPlay}"`);
    }, 90_000);
  }
});
