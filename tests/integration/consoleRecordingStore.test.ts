// The console server's local recording API on a real loopback server: the guards (token, Host, Origin),
// offset-checked appends, size limits, session ids that could escape the folder, a recorder process
// (the page's own ConsoleRecorder + HttpRecordingSink code) SIGKILLed mid-session leaving a readable
// file, and seal + ranged reads that open with the archive secret key and the customer token's key.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { request } from 'node:http';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, generateArchiveKeyPair, openArchive, serializeLog, SessionLogWriter, signDetached, sha512 } from '../../packages/crypto/src/index';
import { toBase64, toHex, utf8Encode } from '../../packages/protocol/src/index';
import {
  createCustomerToken, customerArchiveKeyPair, encodeEventRecord, encodeLogRecord, encodeMessageRecord, encodeRecordingStart, manifestSigningBytes,
  parseSessionBundle, type RecordingHeader, type SessionManifest,
} from '../../packages/recording/src/index';
import { readRecordingFile } from '../../packages/recording/src/node/index';
import { HttpRecordingSink, RecordingApiError } from '../../apps/console/src/common/recording/recordingHttpSink';
import { MAX_APPEND_BYTES, RECORDING_OFFSET_HEADER, RECORDING_TOKEN_HEADER } from '../../apps/console/src/common/recording/recordingApi';
import { startConsoleServer, type RunningConsoleServer } from '../../apps/console/src/node/consoleServer';
import { ORG, makeOrg, type TestOrg } from '../../apps/relay/test/relayFixtures';

const archiveKeys = generateArchiveKeyPair();
let org: TestOrg;
let dist: string;
let recordings: string;
let server: RunningConsoleServer;
let token: string;
let sink: HttpRecordingSink;
let api: string;

const header = (sessionId: string): RecordingHeader => ({ v: 1, sessionId, org: ORG, technicianSerial: org.cert.serial, codecString: 'vp8', startedAt: 1_700_000_000_000 });
const chunk = (seq: number, bytes = 1000) => ({
  v: 1 as const, type: 'video.chunk' as const, seq, timestampUs: seq * 33_000, keyframe: seq === 0, codec: 'vp8' as const, surfaceId: 0, width: 64, height: 48,
  data: new Uint8Array(bytes).fill(seq & 0xff),
});

async function raw(path: string, init: { method?: string; headers?: Record<string, string>; body?: Uint8Array | string } = {}) {
  const response = await fetch(api + path, { method: init.method ?? 'GET', headers: init.headers ?? { [RECORDING_TOKEN_HEADER]: token }, ...(init.body ? { body: init.body } : {}) });
  const text = await response.text();
  let json: { code?: string; message?: string; size?: number } = {};
  try {
    json = JSON.parse(text) as typeof json;
  } catch {
    // binary or empty answer
  }
  return { status: response.status, json };
}

/** A request with the path exactly as written (fetch would normalise "..") and the right token. */
function exactRequest(method: string, path: string, body: Uint8Array): Promise<{ status: number; json: { code?: string } }> {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port: server.port, method, path, headers: { [RECORDING_TOKEN_HEADER]: token, host: `127.0.0.1:${server.port}` } }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (part: string) => (text += part));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text || '{}') as { code?: string } }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

async function refusal(promise: Promise<unknown>): Promise<RecordingApiError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(RecordingApiError);
  return error as RecordingApiError;
}

beforeAll(async () => {
  org = makeOrg();
  dist = await mkdtemp(join(tmpdir(), 'tether-console-dist-'));
  recordings = await mkdtemp(join(tmpdir(), 'tether-console-recordings-'));
  await writeFile(join(dist, 'index.html'), '<!doctype html><title>t</title>');
  server = await startConsoleServer({
    distDir: dist, relayUrl: 'ws://127.0.0.1:9/relay', recordingDir: recordings, maxRecordingBytes: 4 << 20,
    org: { org: ORG, rootPublicKey: org.rootPublicKeyText, archivePublicKey: encodeKey('archive-pub', archiveKeys.publicKey) },
  });
  token = ((await (await fetch(new URL('config.json', server.url))).json()) as { recording: { token: string } }).recording.token;
  api = new URL('/api/recordings', server.url).toString();
  sink = new HttpRecordingSink(server.url, token, fetch as never);
});

afterAll(async () => {
  await server?.close();
  await rm(dist, { recursive: true, force: true });
  await rm(recordings, { recursive: true, force: true });
});

describe('console recording store API', () => {
  it('refuses requests without the token, with a wrong token, a foreign Host or a foreign Origin', async () => {
    await sink.create('guarded-1', encodeRecordingStart(header('guarded-1')));
    expect(await raw('', { headers: {} })).toMatchObject({ status: 401, json: { code: 'E_AUTH_FAILED' } });
    expect(await raw('', { headers: { [RECORDING_TOKEN_HEADER]: 'f'.repeat(64) } })).toMatchObject({ status: 401, json: { code: 'E_AUTH_FAILED' } });
    expect(await raw('', { headers: { [RECORDING_TOKEN_HEADER]: token, origin: 'https://evil.example' } })).toMatchObject({ status: 403, json: { code: 'E_AUTH_FAILED' } });
    expect(await raw('/guarded-1', { method: 'DELETE', headers: {} })).toMatchObject({ status: 401 });
    // A CORS preflight is never granted (no access-control-allow-* headers).
    const preflight = await fetch(`${api}/guarded-1`, { method: 'OPTIONS', headers: { origin: 'https://evil.example', 'access-control-request-method': 'DELETE', 'access-control-request-headers': RECORDING_TOKEN_HEADER } });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight.status).toBeGreaterThanOrEqual(400);
    // DNS rebinding: a request naming another host gets neither the token nor the API.
    const rebound = await new Promise<number>((resolve, reject) => {
      const req = request({ host: '127.0.0.1', port: server.port, path: '/config.json', headers: { host: `evil.example:${server.port}` } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end();
    });
    expect(rebound).toBe(403);
    expect((await sink.list()).map((r) => r.sessionId)).toContain('guarded-1');
  });

  it('appends only at the stored size, only whole frames, and answers a conflict with the size it holds', async () => {
    const start = encodeRecordingStart(header('offsets-1'));
    await sink.create('offsets-1', start);
    await sink.create('offsets-1', start); // an identical retry is fine
    const frames = encodeMessageRecord('agent', chunk(0), 1_700_000_000_100);
    const wrong = await refusal(sink.append('offsets-1', start.length + 5, frames));
    expect(wrong).toMatchObject({ status: 409, code: 'E_BAD_ARGUMENT', size: start.length });
    expect(await sink.append('offsets-1', start.length, frames)).toBe(start.length + frames.length);
    const again = await refusal(sink.append('offsets-1', start.length, frames));
    expect(again).toMatchObject({ status: 409, size: start.length + frames.length });
    const torn = await refusal(sink.append('offsets-1', start.length + frames.length, frames.subarray(0, frames.length - 3)));
    expect(torn).toMatchObject({ status: 400, code: 'E_MALFORMED' });
    expect(await raw('/offsets-1/append', { method: 'POST', headers: { [RECORDING_TOKEN_HEADER]: token, [RECORDING_OFFSET_HEADER]: 'x' }, body: frames })).toMatchObject({ status: 400 });
    const other = await refusal(sink.create('offsets-1', encodeRecordingStart({ ...header('offsets-1'), startedAt: 5 })));
    expect(other.status).toBe(409);
    expect(await refusal(sink.create('offsets-2', start))).toMatchObject({ status: 400, code: 'E_BAD_ARGUMENT' }); // header names offsets-1
    const contents = await readRecordingFile(join(recordings, 'offsets-1.ttrec'));
    expect(contents.records).toHaveLength(1);
    expect(contents.tail.intact).toBe(true);
    await sink.close('offsets-1');
    expect(await refusal(sink.append('offsets-1', start.length + frames.length, frames))).toMatchObject({ status: 409, code: 'E_SESSION_ENDED' });
  });

  it('refuses bodies and recordings over the limits', async () => {
    const start = encodeRecordingStart(header('big-1'));
    await sink.create('big-1', start);
    const tooBig = await raw('/big-1/append', { method: 'POST', headers: { [RECORDING_TOKEN_HEADER]: token, [RECORDING_OFFSET_HEADER]: String(start.length) }, body: new Uint8Array(MAX_APPEND_BYTES + 1) });
    expect(tooBig).toMatchObject({ status: 413, json: { code: 'E_OVERSIZED' } });
    let offset = start.length;
    let refused: RecordingApiError | undefined;
    for (let seq = 0; seq < 8 && !refused; seq++) {
      const frames = encodeMessageRecord('agent', chunk(seq, 1 << 20), 1_700_000_000_000 + seq);
      try {
        offset = await sink.append('big-1', offset, frames);
      } catch (e) {
        refused = e as RecordingApiError;
      }
    }
    expect(refused).toMatchObject({ status: 413, code: 'E_OVERSIZED', size: offset });
    expect(offset).toBeLessThanOrEqual(4 << 20);
    expect(await raw('/big-1/sealed/org?offset=0&length=99999999')).toMatchObject({ status: 400 });
  });

  it('refuses session ids that are not plain names, and nothing lands outside its folder', async () => {
    const before = (await readdir(join(recordings, '..'))).length;
    for (const id of ['..%2F..%2Fetc%2Fpasswd', '..', '../..', 'a.b', '%2e%2e', 'x'.repeat(129), 'a%00b', '%E0%A4%A']) {
      const answer = await exactRequest('PUT', `/api/recordings/${id}`, encodeRecordingStart(header('safe-1')));
      expect(answer.status, id).toBe(400);
      expect(answer.json.code, id).toBe('E_BAD_ARGUMENT');
    }
    expect((await readdir(join(recordings, '..'))).length).toBe(before);
    expect(await raw('/nobody-1/log')).toMatchObject({ status: 404, json: { code: 'E_SESSION_UNKNOWN' } });
    expect(await raw('/nobody-1/frobnicate', { method: 'POST' })).toMatchObject({ status: 404 });
  });

  it('keeps everything a killed recorder had shipped: the file reads to within the last second', async () => {
    const script = `
      const { ConsoleRecorder } = await import(${JSON.stringify(join(process.cwd(), 'apps/console/src/common/recording/consoleRecorder.ts'))});
      const { HttpRecordingSink } = await import(${JSON.stringify(join(process.cwd(), 'apps/console/src/common/recording/recordingHttpSink.ts'))});
      const sink = new HttpRecordingSink(${JSON.stringify(server.url)}, ${JSON.stringify(token)}, fetch);
      const recorder = await ConsoleRecorder.start(sink, ${JSON.stringify(header('killed-1'))}, { flushEveryMs: 1000 });
      let seq = 0;
      setInterval(() => {
        const at = Date.now();
        recorder.fromAgent({ v: 1, type: 'video.chunk', seq, timestampUs: seq * 33000, keyframe: seq === 0, codec: 'vp8', surfaceId: 0, width: 64, height: 48, data: new Uint8Array(3000).fill(seq & 255) });
        if (seq % 10 === 0) recorder.event('tick', { seq });
        process.stdout.write('recorded ' + seq + ' ' + at + '\\n');
        seq++;
      }, 20);`;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const recorded = new Map<number, number>();
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      for (const m of text.matchAll(/recorded (\d+) (\d+)/g)) recorded.set(Number(m[1]), Number(m[2]));
    });
    await new Promise<void>((resolve, reject) => {
      const check = setInterval(() => {
        if (recorded.size >= 150) {
          clearInterval(check);
          resolve();
        }
      }, 20);
      child.once('exit', (code) => reject(new Error(`recorder exited early (${code})`)));
    });
    const killedAt = Date.now();
    child.kill('SIGKILL');
    await new Promise((r) => child.once('exit', r));

    const contents = await readRecordingFile(join(recordings, 'killed-1.ttrec'));
    expect(contents.tail.intact).toBe(true); // the server writes whole frames only
    const seqs = contents.records.flatMap((r) => (r.kind === 'message' && r.message.type === 'video.chunk' ? [r.message.seq] : []));
    expect(seqs.length).toBeGreaterThan(0);
    expect(seqs).toEqual(seqs.map((_, i) => i)); // in order, no gaps
    const lastKept = seqs.at(-1) as number;
    const lost = [...recorded.keys()].filter((seq) => seq > lastKept);
    // What was lost was recorded in the last flush interval (1 s) plus the append in flight.
    const oldestLost = Math.min(...lost.map((seq) => recorded.get(seq) as number), killedAt);
    expect(killedAt - oldestLost).toBeLessThanOrEqual(2000);
    expect(contents.records.some((r) => r.kind === 'event' && r.name === 'tick')).toBe(true);

    // The store lists it as open; closing it hashes exactly the file.
    expect((await sink.list()).find((r) => r.sessionId === 'killed-1')).toMatchObject({ state: 'open', org: ORG, technicianSerial: org.cert.serial });
    const closed = await sink.close('killed-1');
    expect(closed.sha512).toBe(createHash('sha512').update(await readFile(join(recordings, 'killed-1.ttrec'))).digest('hex'));
  });

  it('seals the closed recording + log; ranged reads give copies that open with the archive key and the customer key', async () => {
    const id = 'sealed-1';
    const log = new SessionLogWriter(org.tech.secretKey);
    const start = encodeRecordingStart(header(id));
    await sink.create(id, start);
    const entries = [log.append('session.created', { sessionId: id }, 1_700_000_000_001), log.append('chat', { from: 'technician', text: 'hello' }, 1_700_000_000_002)];
    const frames = [
      encodeLogRecord(entries[0] as never, 1_700_000_000_001),
      encodeMessageRecord('agent', chunk(0, 200_000), 1_700_000_000_010),
      encodeMessageRecord('technician', { v: 1, type: 'chat.message', id: 'c1', from: 'technician', text: 'hello', ts: 1 }, 1_700_000_000_020),
      encodeLogRecord(entries[1] as never, 1_700_000_000_021),
      encodeEventRecord('file.chunk', { fileId: 'f', offset: 0, bytes: 10 }, 1_700_000_000_030),
    ];
    let offset = start.length;
    for (const frame of frames) offset = await sink.append(id, offset, frame);
    const logText = serializeLog(entries);
    expect(await sink.logText(id)).toBe(logText);
    const unsigned = {
      v: 1 as const, sessionId: id, org: ORG, technicianSerial: org.cert.serial, certificate: org.cert, startedAt: 1_700_000_000_000, endedAt: 1_700_000_001_000,
      recordingSha512: '', logSha512: toHex(sha512(utf8Encode(logText))),
    };
    const sign = (m: typeof unsigned): SessionManifest => ({ ...m, signature: toBase64(signDetached(manifestSigningBytes(m), org.tech.secretKey)) });
    expect(await refusal(sink.seal(id, { manifest: sign(unsigned), logText }))).toMatchObject({ status: 409 }); // not closed yet
    const closed = await sink.close(id);
    expect(closed.size).toBe(offset);
    expect(await refusal(sink.seal(id, { manifest: sign(unsigned), logText }))).toMatchObject({ status: 422 }); // does not bind the file
    const manifest = sign({ ...unsigned, recordingSha512: closed.sha512 });
    expect(await refusal(sink.seal(id, { manifest: { ...manifest, endedAt: 1_700_000_002_000 }, logText }))).toMatchObject({ status: 422, code: 'E_AUTH_FAILED' });
    const customerToken = createCustomerToken();
    const customerKeys = customerArchiveKeyPair(customerToken);
    const sealed = await sink.seal(id, { manifest, logText, customerPublicKey: toBase64(customerKeys.publicKey) });
    expect(sealed.customer).toBeDefined();

    const readAll = async (kind: 'org' | 'customer', size: number) => {
      const out = new Uint8Array(size);
      for (let at = 0; at < size; at += 65_536) out.set(await sink.readSealed(id, kind, at, Math.min(65_536, size - at)), at);
      expect(createHash('sha256').update(out).digest('hex')).toBe(kind === 'org' ? sealed.org.sha256 : sealed.customer?.sha256);
      return out;
    };
    const orgCopy = openArchive(archiveKeys.secretKey, await readAll('org', sealed.org.size));
    if (!orgCopy.ok) throw orgCopy.error;
    const bundle = parseSessionBundle(orgCopy.value);
    if (!bundle.ok) throw bundle.error;
    expect(bundle.value.manifest).toEqual(manifest);
    expect(bundle.value.logText).toBe(logText);
    expect(new Uint8Array(bundle.value.recording)).toEqual(new Uint8Array(await readFile(join(recordings, `${id}.ttrec`))));
    const customerCopy = openArchive(customerKeys.secretKey, await readAll('customer', sealed.customer?.size ?? 0));
    expect(customerCopy.ok).toBe(true);
    expect(openArchive(customerKeys.secretKey, await readAll('org', sealed.org.size)).ok).toBe(false);
    expect(await raw(`/${id}/sealed/org?offset=${sealed.org.size}&length=1`)).toMatchObject({ status: 416 });

    expect((await sink.list()).find((r) => r.sessionId === id)?.state).toBe('sealed');
    await sink.remove(id);
    expect((await readdir(recordings)).filter((name) => name.startsWith(id))).toEqual([]);
    expect(await refusal(sink.readSealed(id, 'org', 0, 1))).toMatchObject({ status: 404 });
  });
});
