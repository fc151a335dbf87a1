// Child process for the crash test: records a session forever; prints "flushed <records>" after each flush.
import { RecordingFileWriter } from '../src/node/recordingFileWriter';

const path = process.argv[2] as string;
const writer = await RecordingFileWriter.create(path, { v: 1, sessionId: 'crash-1', org: 'acme', technicianSerial: 's1', codecString: 'vp8', startedAt: 1 }, { flushIntervalMs: 100 });
let records = 0;
let seq = 0;
setInterval(() => {
  for (let i = 0; i < 5; i++) {
    const data = new Uint8Array(2000 + (seq % 7) * 100).fill(seq & 0xff);
    writer.recordMessage('agent', { v: 1, type: 'video.chunk', seq, timestampUs: seq * 33_000, keyframe: seq % 30 === 0, codec: 'vp8', surfaceId: 0, width: 64, height: 48, data });
    seq++;
    records++;
  }
  const count = records;
  void writer.flush().then(() => process.stdout.write(`flushed ${count}\n`));
}, 20);
