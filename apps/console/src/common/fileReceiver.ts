// Files from the customer to the technician: the agent offers (file.offer, direction 'toTechnician'), the
// technician accepts or declines in the files panel, chunks arrive in order on the bulk lane (a gap is
// answered with file.resume from what we hold), and file.done is checked against the offered SHA-256
// before the file can be saved. Our file.done (with the hash we computed) confirms it to the agent.
import {
  MAX_FILE_CHUNK_BYTES,
  PROTOCOL_VERSION,
  type ConsentGrant,
  type FileChunkMessage,
  type FileDoneMessage,
  type FileErrorMessage,
  type FileOfferMessage,
  type SessionMessage,
} from '@tether/protocol';
import { DEFAULT_MAX_FILE_BYTES, formatBytes } from './fileSender';
import { updateTransfer, type FilesStore } from './stores/filesStore';

export interface FileReceiverPorts {
  send(message: SessionMessage): void;
  sha256Hex(bytes: Uint8Array): Promise<string>;
  record(kind: string, data: Record<string, unknown>): void;
}

interface Incoming {
  offer: FileOfferMessage;
  buffer: Uint8Array | null;
  received: number;
  state: 'asking' | 'receiving' | 'complete' | 'closed';
}

export class FileReceiver {
  private readonly incoming = new Map<string, Incoming>();
  private readonly files = new Map<string, Uint8Array>();

  constructor(private readonly ports: FileReceiverPorts, private readonly store: FilesStore, private readonly maxFileBytes = DEFAULT_MAX_FILE_BYTES) {}

  /** An offer from the customer: refused at once when files are not granted or it is too large, else shown for a decision. */
  offer(offer: FileOfferMessage, grant: ConsentGrant | null): void {
    if (offer.direction !== 'toTechnician' || this.incoming.has(offer.fileId)) {
      this.ports.send({ v: PROTOCOL_VERSION, type: 'file.error', fileId: offer.fileId, code: 'E_BAD_ARGUMENT', message: 'This file offer cannot be taken (wrong direction or a repeated id).' });
      return;
    }
    const refuse = !grant?.files ? 'File transfer is not part of this session’s permission.' : offer.size > this.maxFileBytes ? `The console takes at most ${formatBytes(this.maxFileBytes)} per file.` : '';
    this.ports.record('file.offered', { fileId: offer.fileId, name: offer.name, size: offer.size, sha256: offer.sha256, direction: 'toTechnician' });
    this.store.setState((s) => ({
      transfers: [...s.transfers, { fileId: offer.fileId, name: offer.name, size: offer.size, sha256: offer.sha256, direction: 'toTechnician', status: refuse ? 'declined' : 'offered', sent: 0, resumes: 0, message: refuse || 'The customer offers this file. Accept it?' }],
    }));
    if (refuse) {
      this.ports.send({ v: PROTOCOL_VERSION, type: 'file.answer', fileId: offer.fileId, accepted: false, reason: refuse });
      return;
    }
    this.incoming.set(offer.fileId, { offer, buffer: null, received: 0, state: 'asking' });
  }

  /** The technician's decision on an offer. */
  answer(fileId: string, accepted: boolean): void {
    const inc = this.incoming.get(fileId);
    if (!inc || inc.state !== 'asking') return;
    if (!accepted) {
      inc.state = 'closed';
      this.patch(fileId, { status: 'declined', message: 'You declined the file.' });
      this.ports.send({ v: PROTOCOL_VERSION, type: 'file.answer', fileId, accepted: false, reason: 'The technician declined the file.' });
      return;
    }
    inc.buffer = new Uint8Array(inc.offer.size);
    inc.state = 'receiving';
    this.patch(fileId, { status: 'sending', message: 'Receiving…' });
    this.ports.send({ v: PROTOCOL_VERSION, type: 'file.answer', fileId, accepted: true });
  }

  async handle(message: FileChunkMessage | FileDoneMessage | FileErrorMessage): Promise<void> {
    const inc = this.incoming.get(message.fileId);
    if (!inc) return;
    if (message.type === 'file.error') {
      inc.state = 'closed';
      this.patch(inc.offer.fileId, { status: 'failed', message: `${message.code}: ${message.message}` });
      return;
    }
    if (inc.state !== 'receiving' || !inc.buffer) return;
    if (message.type === 'file.chunk') {
      if (message.offset !== inc.received) {
        this.ports.send({ v: PROTOCOL_VERSION, type: 'file.resume', fileId: inc.offer.fileId, offset: inc.received });
        return;
      }
      if (message.data.length > MAX_FILE_CHUNK_BYTES || inc.received + message.data.length > inc.offer.size) return this.fail(inc, 'E_OVERSIZED', 'More data than the offered size.');
      inc.buffer.set(message.data, inc.received);
      inc.received += message.data.length;
      this.patch(inc.offer.fileId, { sent: inc.received });
      return;
    }
    inc.state = 'complete';
    const hash = inc.received === inc.offer.size ? await this.ports.sha256Hex(inc.buffer) : '';
    if (hash !== inc.offer.sha256 || message.sha256 !== inc.offer.sha256) {
      return this.fail(inc, 'E_DECRYPT_FAILED', `The received file does not match its SHA-256 (${inc.received} of ${inc.offer.size} bytes).`);
    }
    this.files.set(inc.offer.fileId, inc.buffer);
    this.ports.record('file.received', { fileId: inc.offer.fileId, sha256: hash, size: inc.received });
    this.ports.send({ v: PROTOCOL_VERSION, type: 'file.done', fileId: inc.offer.fileId, sha256: hash });
    this.patch(inc.offer.fileId, { status: 'done', message: 'Received; the SHA-256 matches the customer’s.' });
  }

  /** The bytes of a received, verified file (for saving), or undefined. */
  fileBytes(fileId: string): Uint8Array | undefined {
    return this.files.get(fileId);
  }

  abortAll(reason: string): void {
    for (const inc of this.incoming.values()) {
      if (inc.state === 'asking' || inc.state === 'receiving') this.patch(inc.offer.fileId, { status: 'failed', message: reason });
      inc.state = 'closed';
      inc.buffer = null;
    }
  }

  private fail(inc: Incoming, code: 'E_OVERSIZED' | 'E_DECRYPT_FAILED', message: string): void {
    inc.state = 'closed';
    inc.buffer = null;
    this.patch(inc.offer.fileId, { status: 'failed', message });
    this.ports.send({ v: PROTOCOL_VERSION, type: 'file.error', fileId: inc.offer.fileId, code, message });
  }

  private patch(fileId: string, patch: Parameters<typeof updateTransfer>[2]): void {
    this.store.setState((s) => updateTransfer(s, fileId, patch));
  }
}
