// Files the customer sends to the technician (from the customer's own choice, so each file is approved by
// the act of sending it): offer with size and SHA-256, wait for the technician's answer, stream chunks on
// the bulk lane (restarting from file.resume's offset when the technician asks), then file.done. The
// transfer counts only when the technician's own file.done reports the same hash.
import { MAX_FILE_CHUNK_BYTES, PROTOCOL_VERSION, TetherError, type FileAnswerMessage, type FileDoneMessage, type FileErrorMessage, type FileResumeMessage, type SessionMessage } from '@tether/protocol';
import type { FileSource } from './agentPorts';

const CHUNK_BYTES = Math.min(64 * 1024, MAX_FILE_CHUNK_BYTES);
const ANSWER_TIMEOUT_MS = 5 * 60_000;

interface Outgoing {
  source: FileSource;
  answered?: (accepted: boolean, reason?: string) => void;
  resumeFrom?: number;
  finished?: (result: { ok: true; sha256: string } | { ok: false; error: TetherError }) => void;
}

export interface FileSendingPorts {
  send(message: SessionMessage): void;
  sendBulk(message: SessionMessage): Promise<void>;
  randomId(): string;
  wait(ms: number): Promise<void>;
}

export class FileSending {
  private readonly outgoing = new Map<string, Outgoing>();
  /** Files that reached the technician with a confirmed hash, for the session report. */
  readonly sent: { name: string; size: number; direction: 'toTechnician' }[] = [];

  constructor(private readonly ports: FileSendingPorts) {}

  owns(fileId: string): boolean {
    return this.outgoing.has(fileId);
  }

  /** Resolves with the SHA-256 the technician confirmed; rejects with a TetherError on refusal or failure. */
  async send(source: FileSource): Promise<string> {
    const fileId = this.ports.randomId();
    const out: Outgoing = { source };
    this.outgoing.set(fileId, out);
    try {
      const answer = new Promise<{ accepted: boolean; reason?: string }>((resolve) => {
        out.answered = (accepted, reason) => resolve({ accepted, ...(reason ? { reason } : {}) });
        void this.ports.wait(ANSWER_TIMEOUT_MS).then(() => resolve({ accepted: false, reason: 'The technician did not answer.' }));
      });
      this.ports.send({ v: PROTOCOL_VERSION, type: 'file.offer', fileId, name: source.name, size: source.size, sha256: source.sha256, direction: 'toTechnician' });
      const { accepted, reason } = await answer;
      if (!accepted) throw new TetherError('E_SCOPE_DENIED', reason ?? 'The technician declined the file.');
      const result = new Promise<{ ok: true; sha256: string } | { ok: false; error: TetherError }>((resolve) => (out.finished = resolve));
      await this.stream(fileId, out);
      const done = await result;
      if (!done.ok) throw done.error;
      if (done.sha256 !== source.sha256) throw new TetherError('E_DECRYPT_FAILED', 'The technician received a file with a different SHA-256.');
      this.sent.push({ name: source.name, size: source.size, direction: 'toTechnician' });
      return done.sha256;
    } finally {
      this.outgoing.delete(fileId);
      await source.close().catch(() => undefined);
    }
  }

  /** The technician's answers about one of our files. */
  onMessage(message: FileAnswerMessage | FileResumeMessage | FileDoneMessage | FileErrorMessage): void {
    const out = this.outgoing.get(message.fileId);
    if (!out) return;
    if (message.type === 'file.answer') out.answered?.(message.accepted, message.reason);
    else if (message.type === 'file.resume') out.resumeFrom = message.offset;
    else if (message.type === 'file.done') out.finished?.({ ok: true, sha256: message.sha256 });
    else {
      out.answered?.(false, message.message);
      out.finished?.({ ok: false, error: new TetherError('E_BAD_ARGUMENT', message.message) });
    }
  }

  private async stream(fileId: string, out: Outgoing): Promise<void> {
    const { source } = out;
    let offset = 0;
    while (offset < source.size) {
      if (out.resumeFrom !== undefined) {
        offset = Math.min(Math.max(0, out.resumeFrom), source.size);
        out.resumeFrom = undefined;
        continue;
      }
      const data = await source.read(offset, Math.min(CHUNK_BYTES, source.size - offset));
      await this.ports.sendBulk({ v: PROTOCOL_VERSION, type: 'file.chunk', fileId, offset, data });
      offset += data.length;
    }
    await this.ports.sendBulk({ v: PROTOCOL_VERSION, type: 'file.done', fileId, sha256: source.sha256 });
  }
}
