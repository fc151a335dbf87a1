// Files the technician sends to the customer: nothing reaches the disk unless the grant allows files and
// the customer approves this very file; chunks must arrive in order (a gap asks the sender to resume from
// what is on disk), and the file is kept only if its size and SHA-256 match the offer.
import { PROTOCOL_VERSION, type ConsentGrant, type FileChunkMessage, type FileDoneMessage, type FileOfferMessage, type SessionMessage } from '@tether/protocol';
import type { AgentPorts, FileSink } from './agentPorts';
import type { VerifiedTechnician } from './customerPrompt';

interface Transfer {
  offer: FileOfferMessage;
  sink?: FileSink;
  state: 'asking' | 'receiving' | 'refused';
}

export class FileReception {
  private readonly transfers = new Map<string, Transfer>();
  private readonly queues = new Map<string, Promise<void>>();
  /** Files that arrived complete and verified, for the session report. */
  readonly received: { name: string; size: number; direction: 'toCustomer' }[] = [];

  constructor(
    private readonly ports: AgentPorts,
    private readonly send: (message: SessionMessage) => void,
    private readonly technician: () => VerifiedTechnician | undefined,
  ) {}

  /**
   * Messages of one transfer are handled strictly one after another (a chunk is on disk before the next is
   * looked at), while different transfers do not wait for each other.
   */
  handle(message: FileOfferMessage | FileChunkMessage | FileDoneMessage, grant: ConsentGrant | null): Promise<void> {
    const previous = this.queues.get(message.fileId) ?? Promise.resolve();
    const next = previous.then(() => this.handleInOrder(message, grant));
    const settled = next.catch(() => undefined);
    this.queues.set(message.fileId, settled);
    void settled.then(() => {
      if (this.queues.get(message.fileId) === settled) this.queues.delete(message.fileId);
    });
    return next;
  }

  private async handleInOrder(message: FileOfferMessage | FileChunkMessage | FileDoneMessage, grant: ConsentGrant | null): Promise<void> {
    if (message.type === 'file.offer') return this.offer(message, grant);
    const transfer = this.transfers.get(message.fileId);
    if (!transfer || transfer.state !== 'receiving' || !transfer.sink) {
      return this.error(message.fileId, 'E_SCOPE_DENIED', 'This file was not approved by the customer.');
    }
    if (!grant?.files) return this.fail(transfer, 'E_SCOPE_DENIED', 'The customer withdrew file transfer.');
    if (message.type === 'file.chunk') {
      if (message.offset !== transfer.sink.received) {
        this.send({ v: PROTOCOL_VERSION, type: 'file.resume', fileId: message.fileId, offset: transfer.sink.received });
        return;
      }
      if (message.offset + message.data.length > transfer.offer.size) return this.fail(transfer, 'E_OVERSIZED', 'More data than the offered size.');
      await transfer.sink.write(message.offset, message.data);
      return;
    }
    try {
      const hash = await transfer.sink.finish();
      this.transfers.delete(message.fileId);
      this.received.push({ name: transfer.offer.name, size: transfer.offer.size, direction: 'toCustomer' });
      this.send({ v: PROTOCOL_VERSION, type: 'file.done', fileId: message.fileId, sha256: hash });
    } catch (e) {
      await this.fail(transfer, 'E_DECRYPT_FAILED', e instanceof Error ? e.message : 'The file did not match its hash.');
    }
  }

  async abortAll(): Promise<void> {
    for (const t of this.transfers.values()) await t.sink?.abort().catch(() => undefined);
    this.transfers.clear();
  }

  private async offer(offer: FileOfferMessage, grant: ConsentGrant | null): Promise<void> {
    const files = this.ports.files;
    if (offer.direction !== 'toCustomer') return this.error(offer.fileId, 'E_BAD_ARGUMENT', 'Only files sent to the customer are offered this way.');
    if (!files || !grant?.files) {
      this.send({ v: PROTOCOL_VERSION, type: 'file.answer', fileId: offer.fileId, accepted: false, reason: 'File transfer is not allowed in this session.' });
      return;
    }
    const known = this.transfers.get(offer.fileId);
    if (known) {
      const same = known.offer.name === offer.name && known.offer.size === offer.size && known.offer.sha256 === offer.sha256;
      if (!same || known.state !== 'receiving' || !known.sink) return this.error(offer.fileId, 'E_BAD_ARGUMENT', 'This file id is already in use.');
      // Offered again after the link dropped: the customer approved this very file; continue from the disk.
      this.send({ v: PROTOCOL_VERSION, type: 'file.answer', fileId: offer.fileId, accepted: true });
      this.send({ v: PROTOCOL_VERSION, type: 'file.resume', fileId: offer.fileId, offset: known.sink.received });
      return;
    }
    const transfer: Transfer = { offer, state: 'asking' };
    this.transfers.set(offer.fileId, transfer);
    const technician = this.technician();
    const approved = technician ? await this.ports.prompt.askFileApproval({ offer, destination: files.destinationFor(offer.name) }).catch(() => false) : false;
    if (!approved) {
      transfer.state = 'refused';
      this.send({ v: PROTOCOL_VERSION, type: 'file.answer', fileId: offer.fileId, accepted: false, reason: 'The customer declined this file.' });
      return;
    }
    transfer.sink = await files.open(offer.fileId, offer.name, offer.size, offer.sha256);
    transfer.state = 'receiving';
    this.send({ v: PROTOCOL_VERSION, type: 'file.answer', fileId: offer.fileId, accepted: true });
    if (transfer.sink.received > 0) this.send({ v: PROTOCOL_VERSION, type: 'file.resume', fileId: offer.fileId, offset: transfer.sink.received });
  }

  private async fail(transfer: Transfer, code: 'E_SCOPE_DENIED' | 'E_OVERSIZED' | 'E_DECRYPT_FAILED', message: string): Promise<void> {
    await transfer.sink?.abort().catch(() => undefined);
    this.transfers.delete(transfer.offer.fileId);
    this.error(transfer.offer.fileId, code, message);
  }

  private error(fileId: string, code: 'E_SCOPE_DENIED' | 'E_OVERSIZED' | 'E_DECRYPT_FAILED' | 'E_BAD_ARGUMENT', message: string): void {
    this.send({ v: PROTOCOL_VERSION, type: 'file.error', fileId, code, message });
  }
}
