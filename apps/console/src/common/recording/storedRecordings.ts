// Recordings a crashed or reloaded page left in the recording store. After sign-in the console lists the
// technician's own ones (stores.archive.unfinished); archiving one closes it (the store cuts a torn tail),
// takes the signed-log entries the recording itself holds, and seals + uploads like a normal end.
import type { TechnicianCertificate } from '@tether/crypto';
import { TetherError } from '@tether/protocol';
import { NO_ORG_MESSAGE, type ArchiveStatusStore } from './archiveStatusStore';
import { RecordingArchiver } from './recordingArchiver';
import { runArchiver, type RecordingIdentity, type RecordingPort } from './sessionRecording';
import type { StoredRecording } from './recordingSink';

export class StoredRecordings {
  private found = new Map<string, StoredRecording>();

  constructor(private readonly port: RecordingPort, private readonly status: ArchiveStatusStore, private readonly now: () => number) {}

  /** Lists the stored recordings of this technician (errors are shown, not thrown). */
  async look(certificate: TechnicianCertificate): Promise<StoredRecording[]> {
    try {
      const mine = (await this.port.sink.list()).filter((r) => r.org === certificate.org && r.technicianSerial === certificate.serial);
      this.found = new Map(mine.map((r) => [r.sessionId, r]));
      this.status.setState({ unfinished: mine.map((r) => r.sessionId) });
      return mine;
    } catch (error) {
      this.status.setState({ message: `the recording store could not be listed: ${(error as Error).message}` });
      return [];
    }
  }

  async archive(sessionId: string, identity: RecordingIdentity): Promise<void> {
    const stored = this.found.get(sessionId);
    if (!stored) throw new TetherError('E_SESSION_UNKNOWN', `no stored recording ${sessionId}`);
    const archive = this.port.archive;
    this.status.setState({ phase: 'sealing', sessionId, percent: 0, customerToken: '', message: '' });
    if (!archive) {
      this.status.setState({ phase: 'not-archived', message: NO_ORG_MESSAGE });
      return;
    }
    const closed = await this.port.sink.close(sessionId);
    const logText = await this.port.sink.logText(sessionId);
    const archiver = new RecordingArchiver({
      sink: this.port.sink, sessionId, certificate: identity.certificate, techSecretKey: identity.secretKey, logText,
      startedAt: stored.startedAt, endedAt: Math.max(stored.startedAt, this.now()), relayHttpUrl: archive.relayHttpUrl, fetch: archive.fetch,
      closeRecording: async () => closed, now: this.now,
    });
    await runArchiver(archiver, this.status);
    if (this.status.getState().phase === 'archived') {
      this.found.delete(sessionId);
      this.status.setState((s) => ({ unfinished: s.unfinished.filter((id) => id !== sessionId) }));
    }
  }
}
