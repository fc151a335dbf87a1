// The controller's recording of a session against the real local recording store (console server on
// loopback): without an organisation configuration the recording is closed and kept and the status says
// so (never silently dropped); with an unreachable archive the status is "failed" with the reason and the
// recording stays until a retry succeeds.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, generateArchiveKeyPair, SessionLogWriter } from '@tether/crypto';
import { PROTOCOL_VERSION } from '@tether/protocol';
import { readRecordingFile } from '@tether/recording/node';
import { createArchiveStatusStore, NO_ORG_MESSAGE } from '../src/common/recording/archiveStatusStore';
import { HttpRecordingSink } from '../src/common/recording/recordingHttpSink';
import { SessionRecording } from '../src/common/recording/sessionRecording';
import { startConsoleServer, type RunningConsoleServer } from '../src/node/consoleServer';
import { ORG, makeOrg, type TestOrg } from '../../relay/test/relayFixtures';

let dir: string;
let server: RunningConsoleServer;
let sink: HttpRecordingSink;
let org: TestOrg;

beforeAll(async () => {
  org = makeOrg();
  dir = await mkdtemp(join(tmpdir(), 'tether-console-recsession-'));
  await writeFile(join(dir, 'index.html'), '<!doctype html>');
  server = await startConsoleServer({
    distDir: dir, relayUrl: 'ws://127.0.0.1:9/relay', recordingDir: join(dir, 'recordings'),
    org: { org: ORG, rootPublicKey: org.rootPublicKeyText, archivePublicKey: encodeKey('archive-pub', generateArchiveKeyPair().publicKey) },
  });
  const { recording } = (await (await fetch(new URL('config.json', server.url))).json()) as { recording: { token: string } };
  sink = new HttpRecordingSink(server.url, recording.token, fetch as never);
});

afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

async function recordedSession(sessionId: string, archive: ConstructorParameters<typeof SessionRecording>[0]['archive']) {
  const status = createArchiveStatusStore();
  const recording = new SessionRecording({ sink, archive, flushEveryMs: 100 }, status, Date.now);
  const log = new SessionLogWriter(org.tech.secretKey);
  const first = log.append('session.created', { sessionId }, Date.now());
  await recording.begin({ v: 1, sessionId, org: ORG, technicianSerial: org.cert.serial, codecString: '', startedAt: Date.now() }, [first]);
  expect(status.getState().phase).toBe('recording');
  recording.fromTechnician({ v: PROTOCOL_VERSION, type: 'chat.message', id: 'c1', from: 'technician', text: 'hello', ts: 1 });
  recording.fromAgent({ v: PROTOCOL_VERSION, type: 'chat.message', id: 'c2', from: 'customer', text: 'hi', ts: 2 });
  const last = log.append('session.ended', { reason: 'done' }, Date.now());
  recording.log(last);
  await recording.end({ identity: { certificate: org.cert, secretKey: org.tech.secretKey }, logEntries: log.entries, startedAt: Date.now() - 1000, endedAt: Date.now() });
  return { status, recording };
}

describe('session recording in the console', () => {
  it('without an organisation configuration: closed, kept on disk, and the status says it is not archived', async () => {
    const { status } = await recordedSession('no-org-1', null);
    expect(status.getState()).toMatchObject({ phase: 'not-archived', message: NO_ORG_MESSAGE });
    const contents = await readRecordingFile(join(server.recordingDir, 'no-org-1.ttrec'));
    expect(contents.records.map((r) => r.kind)).toEqual(['log', 'message', 'message', 'log']);
    expect((await sink.list()).find((r) => r.sessionId === 'no-org-1')?.state).toBe('closed');
  });

  it('with the archive unreachable: failed with the reason, the local copy stays, a retry fails the same way', async () => {
    const { status, recording } = await recordedSession('unreachable-1', { relayHttpUrl: 'http://127.0.0.1:9', fetch: fetch as never });
    expect(status.getState().phase).toBe('failed');
    expect(status.getState().message).toMatch(/not archived: .*fetch failed|ECONNREFUSED/);
    expect((await sink.list()).find((r) => r.sessionId === 'unreachable-1')?.state).toBe('sealed');
    await recording.retry();
    expect(status.getState().phase).toBe('failed');
    expect((await sink.list()).some((r) => r.sessionId === 'unreachable-1')).toBe(true);
  });
});
