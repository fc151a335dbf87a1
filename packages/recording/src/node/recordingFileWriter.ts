// Appends a recording to a file. Records are buffered in memory and written + fdatasync'ed together at
// least every `flushIntervalMs` (default 1 s) and whenever `maxBufferedBytes` (default 1 MiB) is reached,
// so a crash loses at most the last interval; the reader recovers every complete frame before that.
import { open, type FileHandle } from 'node:fs/promises';
import type { JsonValue, LogEntry } from '@tether/crypto';
import { TetherError, type SessionMessage } from '@tether/protocol';
import { encodeEventRecord, encodeLogRecord, encodeMessageRecord, encodeRecordingStart } from '../recordingEncoder';
import type { Direction, RecordingHeader } from '../recordingFormat';

export interface RecordingWriterOptions {
  /** write + fdatasync at least this often (ms); at most 2000 */
  flushIntervalMs?: number;
  /** flush early when this many bytes are waiting */
  maxBufferedBytes?: number;
  now?: () => number;
}

export class RecordingFileWriter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private chain: Promise<void> = Promise.resolve();
  private readonly timer: NodeJS.Timeout;
  private closed = false;
  private failure: Error | undefined;
  /** bytes handed to the file so far */
  written = 0;

  private constructor(private readonly file: FileHandle, private readonly options: Required<RecordingWriterOptions>) {
    this.timer = setInterval(() => void this.flush().catch(() => undefined), options.flushIntervalMs);
  }

  /** Creates the file (never overwrites one) and writes the header durably. */
  static async create(path: string, header: RecordingHeader, options: RecordingWriterOptions = {}): Promise<RecordingFileWriter> {
    const flushIntervalMs = options.flushIntervalMs ?? 1000;
    if (!(flushIntervalMs > 0 && flushIntervalMs <= 2000)) throw new RangeError('flushIntervalMs must be in 1..2000');
    const start = encodeRecordingStart(header);
    let file: FileHandle;
    try {
      file = await open(path, 'wx', 0o600);
    } catch (error) {
      throw new TetherError('E_BAD_ARGUMENT', `cannot create recording ${path}: ${(error as Error).message}`);
    }
    const writer = new RecordingFileWriter(file, { flushIntervalMs, maxBufferedBytes: options.maxBufferedBytes ?? 1 << 20, now: options.now ?? Date.now });
    writer.append(start);
    await writer.flush();
    return writer;
  }

  recordMessage(direction: Direction, message: SessionMessage, atMs = this.options.now()): void {
    this.append(encodeMessageRecord(direction, message, atMs));
  }

  recordLog(entry: LogEntry, atMs = this.options.now()): void {
    this.append(encodeLogRecord(entry, atMs));
  }

  recordEvent(name: string, data: JsonValue, atMs = this.options.now()): void {
    this.append(encodeEventRecord(name, data, atMs));
  }

  private append(bytes: Uint8Array): void {
    if (this.closed) throw new TetherError('E_SESSION_ENDED', 'the recording is closed');
    if (this.failure) throw new TetherError('E_INTERNAL', `recording write failed: ${this.failure.message}`);
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    if (this.pendingBytes >= this.options.maxBufferedBytes) void this.flush().catch(() => undefined);
  }

  /** Writes everything buffered so far and fdatasyncs it. */
  flush(): Promise<void> {
    const batch = this.pending;
    this.pending = [];
    this.pendingBytes = 0;
    this.chain = this.chain.then(async () => {
      if (this.failure) throw this.failure;
      if (batch.length === 0) return;
      try {
        const bytes = Buffer.concat(batch);
        await this.file.write(bytes, 0, bytes.length, null);
        await this.file.datasync();
        this.written += bytes.length;
      } catch (error) {
        this.failure = error as Error;
        throw error;
      }
    });
    return this.chain;
  }

  async close(): Promise<void> {
    if (this.closed) return this.chain;
    clearInterval(this.timer);
    const flushed = this.flush();
    this.closed = true;
    try {
      await flushed;
    } finally {
      await this.file.close();
    }
  }
}
