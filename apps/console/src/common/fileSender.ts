// Files from the technician to the customer: check the grant and the limits, hash (SHA-256), offer,
// and once the customer approved, send the bytes in order on the bulk lane (flow-controlled). A
// file.resume from the agent restarts the pump at the offset it has on disk; the agent's file.done
// carries the hash of what it wrote, which must equal ours.
import {
  FILE_NAME_PATTERN,
  MAX_FILE_CHUNK_BYTES,
  MAX_FILE_NAME_CHARS,
  MAX_FILE_SIZE_BYTES,
  PROTOCOL_VERSION,
  TetherError,
  type ConsentGrant,
  type FileAnswerMessage,
  type FileDoneMessage,
  type FileErrorMessage,
  type FileResumeMessage,
  type SessionMessage,
} from '@tether/protocol';
import { startTimer } from '@tether/channel';
import { updateTransfer, type FilesStore } from './stores/filesStore';

export interface FileSenderPorts {
  send(message: SessionMessage): void;
  sendBulk(message: SessionMessage): Promise<void>;
  sha256Hex(bytes: Uint8Array): Promise<string>;
  randomId(): string;
  record(kind: string, data: Record<string, unknown>): void;
}

export interface FileSenderOptions {
  chunkBytes?: number;
  /**
   * Pause after each chunk (ms), doubled (up to MAX_CHUNK_PAUSE_MS) after every resume: a resume means the
   * receiver fell behind. Today's agent handles messages concurrently, so a chunk that arrives while the
   * previous one is still being written looks like a gap to it; pacing avoids that. 0 disables pacing.
   */
  chunkPauseMs?: number;
  /** The console holds the file in memory; files above this are refused before hashing. */
  maxFileBytes?: number;
}

export const DEFAULT_CHUNK_BYTES = 256 * 1024;
export const DEFAULT_MAX_FILE_BYTES = 512 * 1024 * 1024;
export const DEFAULT_CHUNK_PAUSE_MS = 10;
export const MAX_CHUNK_PAUSE_MS = 250;

interface Outgoing {
  fileId: string;
  bytes: Uint8Array;
  sha256: string;
  generation: number;
  /** The offset of the latest file.resume: where the next restart begins. */
  resumedAt: number;
  pauseMs: number;
  /** A restart is scheduled (resumes that arrive meanwhile only move its offset). */
  restarting: boolean;
  /** The link dropped mid-transfer: waiting for a new grant with files to offer it again. */
  suspended: boolean;
  /** Offered again after a drop: the agent answers with the offset it holds (file.resume), not from 0. */
  awaitingResume: boolean;
  name: string;
}

export class FileSender {
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly chunkBytes: number;
  private readonly maxFileBytes: number;
  private readonly chunkPauseMs: number;

  constructor(private readonly ports: FileSenderPorts, private readonly store: FilesStore, options: FileSenderOptions = {}) {
    this.chunkBytes = Math.min(options.chunkBytes ?? DEFAULT_CHUNK_BYTES, MAX_FILE_CHUNK_BYTES);
    this.maxFileBytes = Math.min(options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, MAX_FILE_SIZE_BYTES);
    this.chunkPauseMs = options.chunkPauseMs ?? DEFAULT_CHUNK_PAUSE_MS;
  }

  /** Checks that a file may be offered; throws a TetherError with a message for the technician. */
  check(name: string, size: number, grant: ConsentGrant | null): void {
    if (!grant) throw new TetherError('E_SCOPE_DENIED', 'there is no active grant: wait for the customer’s consent');
    if (!grant.files) throw new TetherError('E_SCOPE_DENIED', 'the customer has not allowed file transfer; request it first');
    if (!name || name.length > MAX_FILE_NAME_CHARS || !FILE_NAME_PATTERN.test(name)) {
      throw new TetherError('E_BAD_ARGUMENT', `the file name "${name.slice(0, 40)}" cannot be sent (at most ${MAX_FILE_NAME_CHARS} characters, no / \\ < > : " | ? *)`);
    }
    if (size > this.maxFileBytes) {
      throw new TetherError('E_OVERSIZED', `the file is ${formatBytes(size)}; the console sends at most ${formatBytes(this.maxFileBytes)} per file`);
    }
  }

  /** Hashes and offers a file; resolves with its id. Refusals land in the store's error and are rethrown. */
  async offer(name: string, bytes: Uint8Array, grant: ConsentGrant | null): Promise<string> {
    try {
      this.check(name, bytes.length, grant);
    } catch (e) {
      this.store.setState({ error: e instanceof Error ? e.message : String(e) });
      throw e;
    }
    const fileId = this.ports.randomId();
    this.store.setState((s) => ({
      error: '',
      transfers: [...s.transfers, { fileId, name, size: bytes.length, sha256: '', direction: 'toCustomer', status: 'hashing', sent: 0, resumes: 0, message: 'Computing SHA-256…' }],
    }));
    const sha256 = await this.ports.sha256Hex(bytes);
    this.outgoing.set(fileId, { fileId, bytes, sha256, generation: 0, resumedAt: -1, pauseMs: this.chunkPauseMs, restarting: false, suspended: false, awaitingResume: false, name });
    this.store.setState((s) => updateTransfer(s, fileId, { sha256, status: 'offered', message: 'Waiting for the customer to accept…' }));
    this.ports.record('file.offered', { fileId, name, size: bytes.length, sha256, direction: 'toCustomer' });
    this.ports.send({ v: PROTOCOL_VERSION, type: 'file.offer', fileId, name, size: bytes.length, sha256, direction: 'toCustomer' });
    return fileId;
  }

  handle(message: FileAnswerMessage | FileResumeMessage | FileDoneMessage | FileErrorMessage): void {
    const out = this.outgoing.get(message.fileId);
    if (!out) return;
    switch (message.type) {
      case 'file.answer':
        if (!message.accepted) {
          this.outgoing.delete(out.fileId);
          this.patch(out.fileId, { status: 'declined', message: message.reason ?? 'The customer declined the file.' });
          return;
        }
        if (!out.awaitingResume) void this.pump(out, 0);
        return;
      case 'file.resume':
        if (out.awaitingResume) {
          out.awaitingResume = false;
          this.ports.record('file.resume', { fileId: out.fileId, offset: message.offset });
          void this.pump(out, message.offset);
          return;
        }
        // Chunks already in flight when the receiver saw a gap each produce a resume: they are coalesced
        // into one restart at the latest offset (see restart()).
        out.resumedAt = message.offset;
        this.ports.record('file.resume', { fileId: out.fileId, offset: message.offset });
        this.restart(out);
        return;
      case 'file.done': {
        this.outgoing.delete(out.fileId);
        const same = message.sha256 === out.sha256;
        this.patch(out.fileId, same ? { status: 'done', sent: out.bytes.length, message: 'Delivered; the customer’s copy has the same SHA-256.' } : { status: 'failed', message: `The customer’s copy has a different SHA-256 (${message.sha256}).` });
        return;
      }
      case 'file.error':
        this.outgoing.delete(out.fileId);
        out.generation++;
        this.patch(out.fileId, { status: 'failed', message: `${message.code}: ${message.message}` });
        return;
    }
  }

  /** The session ended or the link dropped: transfers still running are marked as failed. */
  abortAll(reason: string): void {
    for (const out of this.outgoing.values()) {
      out.generation++;
      this.patch(out.fileId, { status: 'failed', message: reason });
    }
    this.outgoing.clear();
  }

  /**
   * The link to the customer dropped: running transfers stop but are kept. The agent keeps what it
   * received on disk; once the customer allows files again, resumeSuspended() continues them.
   */
  suspendAll(reason: string): void {
    for (const out of this.outgoing.values()) {
      out.generation++;
      out.suspended = true;
      this.patch(out.fileId, { status: 'offered', message: `${reason} The transfer continues when the customer allows files again.` });
    }
  }

  /** A new grant after a drop: offer each suspended file again under its id; the agent answers where to continue. */
  resumeSuspended(grant: ConsentGrant | null): void {
    if (!grant?.files) return;
    for (const out of this.outgoing.values()) {
      if (!out.suspended) continue;
      out.suspended = false;
      out.awaitingResume = true;
      this.patch(out.fileId, { message: 'Offering again to continue where it stopped…' });
      this.ports.send({ v: PROTOCOL_VERSION, type: 'file.offer', fileId: out.fileId, name: out.name, size: out.bytes.length, sha256: out.sha256, direction: 'toCustomer' });
    }
  }

  /** Stops the running pump, slows down, and restarts at the latest offset the receiver asked for. */
  private restart(out: Outgoing): void {
    out.generation++;
    if (out.restarting) return;
    this.store.setState((s) => updateTransfer(s, out.fileId, { resumes: (s.transfers.find((t) => t.fileId === out.fileId)?.resumes ?? 0) + 1 }));
    if (this.chunkPauseMs > 0) out.pauseMs = Math.min(MAX_CHUNK_PAUSE_MS, out.pauseMs * 2);
    out.restarting = true;
    const go = (): void => {
      out.restarting = false;
      if (this.outgoing.get(out.fileId) === out) void this.pump(out, out.resumedAt);
    };
    if (out.pauseMs > 0) startTimer(go, out.pauseMs * 2);
    else go();
  }

  private async pump(out: Outgoing, from: number): Promise<void> {
    const generation = ++out.generation;
    if (from < 0 || from > out.bytes.length) {
      this.patch(out.fileId, { status: 'failed', message: `The customer asked to resume at an impossible offset (${from}).` });
      return;
    }
    this.patch(out.fileId, { status: 'sending', sent: from, message: from > 0 ? `Resuming at ${formatBytes(from)}…` : 'Sending…' });
    try {
      for (let offset = from; offset < out.bytes.length; offset += this.chunkBytes) {
        if (out.generation !== generation) return;
        const data = out.bytes.subarray(offset, Math.min(out.bytes.length, offset + this.chunkBytes));
        await this.ports.sendBulk({ v: PROTOCOL_VERSION, type: 'file.chunk', fileId: out.fileId, offset, data });
        this.patch(out.fileId, { sent: offset + data.length });
        if (out.pauseMs > 0) await pause(out.pauseMs);
      }
      if (out.pauseMs > 0) await pause(Math.max(50, out.pauseMs * 3)); // let the last write land before file.done
      if (out.generation !== generation) return;
      // Before sending: the customer's answer may arrive before sendBulk resolves.
      this.patch(out.fileId, { status: 'verifying', message: 'Sent; waiting for the customer’s hash check…' });
      await this.ports.sendBulk({ v: PROTOCOL_VERSION, type: 'file.done', fileId: out.fileId, sha256: out.sha256 });
    } catch (e) {
      if (out.generation !== generation) return;
      this.patch(out.fileId, { status: 'failed', message: e instanceof Error ? e.message : String(e) });
    }
  }

  private patch(fileId: string, patch: Parameters<typeof updateTransfer>[2]): void {
    this.store.setState((s) => updateTransfer(s, fileId, patch));
  }
}

function pause(ms: number): Promise<void> {
  return new Promise((resolve) => startTimer(resolve, ms));
}

export function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  if (n >= 1024) return `${(n / 1024).toFixed(1)} KiB`;
  return `${n} B`;
}
