// The recorder the technician console drives during a session. Wire it to TechnicianSession's events:
//   onMessage(m)  -> recorder.fromAgent(m)        onVideo(chunk) -> recorder.fromAgent(chunk)
//   onLog(entry)  -> recorder.log(entry)          every message the console sends -> recorder.fromTechnician(m)
// and at the end: await recorder.finish({ ... }) which closes the file, seals and uploads it.
import { join } from 'node:path';
import type { JsonValue, LogEntry, TechnicianCertificate } from '@tether/crypto';
import type { SessionMessage } from '@tether/protocol';
import { RecordingFileWriter, type RecordingWriterOptions } from './recordingFileWriter';
import { archiveSession, type ArchivedSession } from './sessionArchiver';

export interface StartRecordingOptions extends RecordingWriterOptions {
  folder: string;
  sessionId: string;
  certificate: TechnicianCertificate;
  customerRef?: string;
}

export class SessionRecorder {
  private constructor(readonly path: string, private readonly writer: RecordingFileWriter, private readonly options: StartRecordingOptions, readonly startedAt: number) {}

  static async start(options: StartRecordingOptions): Promise<SessionRecorder> {
    const startedAt = (options.now ?? Date.now)();
    const path = join(options.folder, `${options.sessionId}.ttrec`);
    const writer = await RecordingFileWriter.create(path, {
      v: 1, sessionId: options.sessionId, org: options.certificate.org, technicianSerial: options.certificate.serial, codecString: '', startedAt,
      ...(options.customerRef ? { customerRef: options.customerRef } : {}),
    }, options);
    return new SessionRecorder(path, writer, options, startedAt);
  }

  fromAgent(message: SessionMessage): void {
    this.writer.recordMessage('agent', message);
  }

  fromTechnician(message: SessionMessage): void {
    this.writer.recordMessage('technician', message);
  }

  log(entry: LogEntry): void {
    this.writer.recordLog(entry);
  }

  event(name: string, data: JsonValue): void {
    this.writer.recordEvent(name, data);
  }

  flush(): Promise<void> {
    return this.writer.flush();
  }

  /** Closes the recording, seals it with the final signed log and uploads both. */
  async finish(input: { relayHttpUrl: string; techSecretKey: Uint8Array; archivePublicKey: Uint8Array; logEntries: readonly LogEntry[]; customerCopy?: boolean }): Promise<ArchivedSession> {
    await this.writer.close();
    return archiveSession({
      ...input, certificate: this.options.certificate, sessionId: this.options.sessionId, recordingPath: this.path,
      startedAt: this.startedAt, endedAt: (this.options.now ?? Date.now)(),
      ...(this.options.customerRef ? { customerRef: this.options.customerRef } : {}),
    });
  }

  close(): Promise<void> {
    return this.writer.close();
  }
}
