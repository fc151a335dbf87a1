// Records one live session in the console: every message from the agent (video chunks exactly as
// received), every message the console sends, every signed-log entry and local events, encoded with the
// recording format's encoder and shipped to a RecordingSink in batches at least every `flushEveryMs`
// (default 1 s), so a crash of the page loses about the last second. One append is in flight at a time;
// a failed append is retried from the same offset on the next tick (the sink's offset check makes a
// retry after a lost answer safe).
import { startTimer, stopTimer, type TimerHandle } from '@tether/channel';
import type { JsonValue, LogEntry } from '@tether/crypto';
import { concatBytes, type SessionMessage } from '@tether/protocol';
import { encodeEventRecord, encodeLogRecord, encodeMessageRecord, encodeRecordingStart, type Direction, type RecordingHeader } from '@tether/recording';
import { RecordingApiError } from './recordingHttpSink';
import type { ClosedRecording, RecordingSink } from './recordingSink';

export interface ConsoleRecorderOptions {
  /** ship buffered records at least this often (ms, 100..2000; default 1000) */
  flushEveryMs?: number;
  /** bytes per append request (default 4 MiB; a single larger frame goes alone) */
  maxBatchBytes?: number;
  now?: () => number;
  /** hears every failed append (the recorder keeps the bytes and retries) */
  onTrouble?: (error: Error) => void;
}

export class ConsoleRecorder {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  private offset = 0;
  private timer: TimerHandle | undefined;
  private shipping: Promise<void> = Promise.resolve();
  private closed = false;
  private readonly flushEveryMs: number;
  private readonly maxBatchBytes: number;
  private readonly now: () => number;
  /** records that could not be encoded (e.g. larger than the format allows), counted, not silent */
  dropped = 0;
  lastError: Error | undefined;

  private constructor(readonly sessionId: string, private readonly sink: RecordingSink, private readonly options: ConsoleRecorderOptions) {
    this.flushEveryMs = options.flushEveryMs ?? 1000;
    if (!(this.flushEveryMs >= 100 && this.flushEveryMs <= 2000)) throw new RangeError('flushEveryMs must be in 100..2000');
    this.maxBatchBytes = options.maxBatchBytes ?? 4 << 20;
    this.now = options.now ?? (() => Date.now());
  }

  /** Creates the recording at the sink (header written durably) and starts the flush timer. */
  static async start(sink: RecordingSink, header: RecordingHeader, options: ConsoleRecorderOptions = {}): Promise<ConsoleRecorder> {
    const recorder = new ConsoleRecorder(header.sessionId, sink, options);
    const start = encodeRecordingStart(header);
    await sink.create(header.sessionId, start);
    recorder.offset = start.length;
    recorder.schedule();
    return recorder;
  }

  /** Bytes the sink has confirmed. */
  get stored(): number {
    return this.offset;
  }

  fromAgent(message: SessionMessage): void {
    this.add(() => encodeMessageRecord('agent', message, this.now()));
  }

  fromTechnician(message: SessionMessage): void {
    this.add(() => encodeMessageRecord('technician', message, this.now()));
  }

  message(direction: Direction, message: SessionMessage): void {
    this.add(() => encodeMessageRecord(direction, message, this.now()));
  }

  log(entry: LogEntry): void {
    this.add(() => encodeLogRecord(entry, this.now()));
  }

  event(name: string, data: JsonValue): void {
    this.add(() => encodeEventRecord(name, data, this.now()));
  }

  private add(encode: () => Uint8Array): void {
    if (this.closed) return;
    let bytes: Uint8Array;
    try {
      bytes = encode();
    } catch (error) {
      this.dropped++;
      this.lastError = error as Error;
      return;
    }
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  private schedule(): void {
    this.timer = startTimer(() => {
      void this.flush().finally(() => {
        if (!this.closed) this.schedule();
      });
    }, this.flushEveryMs);
  }

  /** Ships everything buffered so far; resolves when the sink confirmed it (or the attempt failed). */
  flush(): Promise<void> {
    this.shipping = this.shipping.then(() => this.shipPending());
    return this.shipping;
  }

  private async shipPending(): Promise<void> {
    while (this.pending.length > 0) {
      const count = this.batchLength();
      const batch = this.pending.slice(0, count);
      const bytes = batch.length === 1 ? (batch[0] as Uint8Array) : concatBytes(...batch);
      try {
        this.offset = await this.sink.append(this.sessionId, this.offset, bytes);
      } catch (error) {
        // The answer of an earlier attempt may have been lost: the sink then already holds this batch.
        if (error instanceof RecordingApiError && error.status === 409 && error.size === this.offset + bytes.length) {
          this.offset = error.size;
        } else {
          this.lastError = error as Error;
          this.options.onTrouble?.(error as Error);
          return;
        }
      }
      this.pending.splice(0, count);
      this.pendingBytes -= bytes.length;
      this.lastError = undefined;
    }
  }

  private batchLength(): number {
    let bytes = 0;
    let count = 0;
    for (const frame of this.pending) {
      if (count > 0 && bytes + frame.length > this.maxBatchBytes) break;
      bytes += frame.length;
      count++;
    }
    return count;
  }

  /** Bytes recorded but not yet confirmed by the sink. */
  get unshipped(): number {
    return this.pendingBytes;
  }

  /**
   * Stops recording, ships the rest and closes the recording at the sink. Throws (keeping the records)
   * when the sink cannot take them; calling it again retries.
   */
  async finish(): Promise<ClosedRecording> {
    stopTimer(this.timer);
    this.closed = true;
    await this.flush();
    if (this.pending.length > 0) throw this.lastError ?? new Error('the recording could not be stored');
    return this.sink.close(this.sessionId);
  }
}
