import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { VideoChunkMessage } from '@tether/protocol';
import { SessionLogWriter, generateTechnicianKeyPair } from '@tether/crypto';
import { encodeLogRecord, encodeMessageRecord, encodeRecordingStart, readRecording, type RecordingHeader } from '../src/index';
import { RecordingFileWriter, recoverRecording } from '../src/node/index';

const header: RecordingHeader = { v: 1, sessionId: 'rec-1', org: 'acme', technicianSerial: 'serial-1', codecString: 'vp8', startedAt: 1_700_000_000_000 };
let folder: string;
beforeAll(async () => { folder = await mkdtemp(join(tmpdir(), 'tether-rec-')); });
afterAll(async () => { await rm(folder, { recursive: true, force: true }); });

const chunk = (seq: number, keyframe = seq === 0): VideoChunkMessage => ({
  v: 1, type: 'video.chunk', seq, timestampUs: 1000 + seq * 33_333, keyframe, codec: 'vp8', surfaceId: 0, width: 640, height: 480,
  data: new Uint8Array(100 + seq).fill(seq),
});

function sampleRecording(): Uint8Array {
  const log = new SessionLogWriter(generateTechnicianKeyPair().secretKey);
  const parts = [
    encodeRecordingStart(header),
    encodeMessageRecord('agent', { v: 1, type: 'stream.config', codec: 'vp8', codecString: 'vp8', width: 640, height: 480, fps: 30, bitrate: 1_000_000 }, header.startedAt),
    encodeMessageRecord('agent', chunk(0), header.startedAt + 1),
    encodeMessageRecord('technician', { v: 1, type: 'chat.message', id: 'c1', from: 'technician', text: 'hello <b>', ts: header.startedAt }, header.startedAt + 2),
    encodeLogRecord(log.append('handshake', { sas: '123456' }, header.startedAt + 3), header.startedAt + 3),
    encodeMessageRecord('agent', chunk(1), header.startedAt + 4),
  ];
  return Uint8Array.from(parts.flatMap((p) => [...p]));
}

describe('recording format', () => {
  it('round-trips every record kind, keeping video chunks byte for byte', () => {
    const read = readRecording(sampleRecording());
    expect(read.ok).toBe(true);
    if (!read.ok) return;
    expect(read.value.header).toEqual(header);
    expect(read.value.tail).toEqual({ intact: true });
    expect(read.value.records.map((r) => (r.kind === 'message' ? r.message.type : r.kind))).toEqual(['stream.config', 'video.chunk', 'chat.message', 'log', 'video.chunk']);
    const video = read.value.records[1];
    expect(video?.kind === 'message' && video.message.type === 'video.chunk' && [...video.message.data]).toEqual([...chunk(0).data]);
    expect(read.value.records[2]).toMatchObject({ direction: 'technician', atMs: header.startedAt + 2 });
  });

  it('recovers everything before a torn tail, at every cut position', () => {
    const bytes = sampleRecording();
    const full = readRecording(bytes);
    if (!full.ok) throw full.error;
    const headerEnd = encodeRecordingStart(header).length;
    for (let cut = headerEnd; cut < bytes.length; cut++) {
      const read = readRecording(bytes.subarray(0, cut));
      if (!read.ok) throw read.error;
      expect(read.value.validBytes).toBeLessThanOrEqual(cut);
      expect(read.value.records).toEqual(full.value.records.slice(0, read.value.records.length));
      if (read.value.validBytes < cut) expect(read.value.tail).toMatchObject({ intact: false, reason: 'truncated', offset: read.value.validBytes });
    }
  });

  it('reports a flipped byte as a checksum failure and keeps the records before it', () => {
    const bytes = sampleRecording().slice();
    bytes[bytes.length - 10] = (bytes[bytes.length - 10] as number) ^ 0x40;
    const read = readRecording(bytes);
    if (!read.ok) throw read.error;
    expect(read.value.records).toHaveLength(4);
    expect(read.value.tail).toMatchObject({ intact: false, reason: 'checksum' });
  });

  it('refuses files that are not recordings with a typed error', () => {
    const bad = readRecording(new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error.code).toBe('E_MALFORMED');
    const version = sampleRecording().slice();
    version[6] = 9;
    const v = readRecording(version);
    expect(!v.ok && v.error.code).toBe('E_UNSUPPORTED_VERSION');
    expect(() => encodeRecordingStart({ ...header, sessionId: '' })).toThrow(TypeError);
  });
});

describe('recording file writer', () => {
  it('writes a file the reader reads back and never overwrites an existing one', async () => {
    const path = join(folder, 'w1.ttrec');
    const writer = await RecordingFileWriter.create(path, header);
    for (let i = 0; i < 20; i++) writer.recordMessage('agent', chunk(i), header.startedAt + i);
    writer.recordEvent('file.offered', { name: 'a.txt' }, header.startedAt + 30);
    await writer.close();
    const read = await recoverRecording(path);
    expect(read.records).toHaveLength(21);
    expect(read.tail.intact).toBe(true);
    await expect(RecordingFileWriter.create(path, header)).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
  });

  it('survives SIGKILL mid-session: every flushed record is recovered, the torn tail is reported and cut', async () => {
    const path = join(folder, 'crash.ttrec');
    const script = fileURLToPath(new URL('./crashWriter.ts', import.meta.url));
    const child = spawn(process.execPath, ['--import', 'tsx', script, path], { stdio: ['ignore', 'pipe', 'inherit'] });
    let flushed = 0;
    await new Promise<void>((resolve, reject) => {
      child.on('exit', () => reject(new Error('writer exited early')));
      child.stdout.on('data', (data: Buffer) => {
        for (const m of data.toString().matchAll(/flushed (\d+)/g)) flushed = Math.max(flushed, Number(m[1]));
        if (flushed >= 200) resolve();
      });
    });
    child.removeAllListeners('exit');
    child.kill('SIGKILL');
    await new Promise((resolve) => child.once('exit', resolve));
    // simulate a write cut mid-frame as well: half a frame header at the end
    await writeFile(path, Buffer.concat([await readFile(path), Buffer.from([0, 0, 9])]));
    const recovered = await recoverRecording(path, { truncateTornTail: true });
    expect(recovered.records.length).toBeGreaterThanOrEqual(flushed);
    expect(recovered.records.every((r, i) => r.kind === 'message' && r.message.type === 'video.chunk' && r.message.seq === i)).toBe(true);
    expect(recovered.tail).toMatchObject({ intact: false, reason: 'truncated' });
    const again = await recoverRecording(path);
    expect(again.tail.intact).toBe(true);
    expect(again.records.length).toBe(recovered.records.length);
  }, 30_000);
});
