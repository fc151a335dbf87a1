// The console's recording of one session, from the controller's point of view: start it when the session
// exists, feed it, and at the end close, seal, upload and clean up, keeping the archive status store up
// to date (recording, sealing, uploading n %, archived + customer token, failed + retry, or not archived
// for want of an organisation configuration). It never throws into the session: a recording problem is
// shown, not hidden, and the session goes on.
import type { LogEntry, TechnicianCertificate } from '@tether/crypto';
import type { SessionMessage } from '@tether/protocol';
import type { FetchLike, RecordingHeader } from '@tether/recording';
import { NO_ORG_MESSAGE, type ArchiveStatusStore } from './archiveStatusStore';
import { ConsoleRecorder } from './consoleRecorder';
import { RecordingArchiver, logTextOf } from './recordingArchiver';
import type { RecordingSink } from './recordingSink';

export interface RecordingPort {
  sink: RecordingSink;
  /** where the sealed recording goes; null when this console has no organisation configuration */
  archive: { relayHttpUrl: string; fetch: FetchLike } | null;
  flushEveryMs?: number;
}

export interface RecordingIdentity {
  certificate: TechnicianCertificate;
  secretKey: Uint8Array;
}

function reason(error: unknown): string {
  const e = error as { detail?: string; message?: string };
  return e?.detail ?? e?.message ?? String(error);
}

export class SessionRecording {
  private recorder: ConsoleRecorder | undefined;
  private archiver: RecordingArchiver | undefined;
  private running: Promise<void> | undefined;

  constructor(private readonly port: RecordingPort, private readonly status: ArchiveStatusStore, private readonly now: () => number) {}

  /** Creates the recording; the log entries written so far go in first. */
  async begin(header: RecordingHeader, logSoFar: readonly LogEntry[]): Promise<void> {
    this.status.setState({ phase: 'recording', sessionId: header.sessionId, percent: 0, customerToken: '', message: '' });
    try {
      this.recorder = await ConsoleRecorder.start(this.port.sink, header, {
        ...(this.port.flushEveryMs ? { flushEveryMs: this.port.flushEveryMs } : {}),
        now: this.now,
        onTrouble: (error) => this.status.setState({ message: `the recording could not be stored just now (retrying): ${reason(error)}` }),
      });
      for (const entry of logSoFar) this.recorder.log(entry);
    } catch (error) {
      this.status.setState({ phase: 'failed', message: `this session is NOT being recorded: ${reason(error)}` });
    }
  }

  fromAgent(message: SessionMessage): void {
    this.recorder?.fromAgent(message);
  }

  fromTechnician(message: SessionMessage): void {
    this.recorder?.fromTechnician(message);
  }

  log(entry: LogEntry): void {
    this.recorder?.log(entry);
  }

  /** Closes the recording and archives it (or says why it is not archived). */
  end(input: { identity: RecordingIdentity; logEntries: readonly LogEntry[]; startedAt: number; endedAt: number }): Promise<void> {
    const recorder = this.recorder;
    if (!recorder) return Promise.resolve();
    if (!this.port.archive) {
      this.running = recorder.finish().then(
        () => void this.status.setState({ phase: 'not-archived', message: NO_ORG_MESSAGE }),
        (error: unknown) => void this.status.setState({ phase: 'failed', message: `the recording could not be closed: ${reason(error)}` }),
      );
      return this.running;
    }
    this.archiver = new RecordingArchiver({
      sink: this.port.sink, sessionId: recorder.sessionId, certificate: input.identity.certificate, techSecretKey: input.identity.secretKey,
      logText: logTextOf(input.logEntries), startedAt: input.startedAt, endedAt: Math.max(input.startedAt, input.endedAt),
      relayHttpUrl: this.port.archive.relayHttpUrl, fetch: this.port.archive.fetch, closeRecording: () => recorder.finish(), now: this.now,
    });
    return this.retry();
  }

  /** Runs (or resumes after a failure) the archiving; the status store shows how it goes. */
  retry(): Promise<void> {
    const archiver = this.archiver;
    if (!archiver) return Promise.resolve();
    this.running = runArchiver(archiver, this.status);
    return this.running;
  }

  /** Resolves when the current end / retry is over (for tests and orderly shutdown). */
  settled(): Promise<void> {
    return this.running ?? Promise.resolve();
  }
}

export async function runArchiver(archiver: RecordingArchiver, status: ArchiveStatusStore): Promise<void> {
  status.setState({ message: '' });
  try {
    const outcome = await archiver.run((step, percent) => {
      if (step === 'closing' || step === 'sealing') status.setState({ phase: 'sealing', percent: 0 });
      else if (step === 'uploading') status.setState({ phase: 'uploading', percent });
    });
    status.setState({ phase: 'archived', percent: 100, customerToken: outcome.customerToken ?? '', message: '' });
  } catch (error) {
    status.setState({ phase: 'failed', message: `the recording was not archived: ${reason(error)}` });
  }
}
