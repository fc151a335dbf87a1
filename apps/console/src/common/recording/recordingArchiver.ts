// The end of a recorded session, driven from the page: the technician signs the manifest here (the
// secret key never leaves the page), the recording store seals the recording + log to the organisation's
// archive key and to a customer key, and the page uploads the sealed copies to the relay's archive with
// the technician's credentials, reading them by range from the store; only after the archive confirmed
// the upload is the local copy deleted. Each step is kept once done, so `run()` again after a failure
// resumes where it stopped (the upload itself resumes at the byte the archive holds).
import { serializeLog, sha512, signDetached, type LogEntry, type TechnicianCertificate } from '@tether/crypto';
import { toBase64, toHex, utf8Encode } from '@tether/protocol';
import {
  ArchiveHttpClient, createCustomerToken, customerArchiveKeyPair, customerTokenHash, manifestSigningBytes,
  type ArchiveItem, type ArchiveUploadRequest, type FetchLike, type SessionManifest,
} from '@tether/recording';
import type { ClosedRecording, RecordingSink, SealedBlobs } from './recordingSink';

export interface RecordingArchiverInput {
  sink: RecordingSink;
  sessionId: string;
  certificate: TechnicianCertificate;
  techSecretKey: Uint8Array;
  /** the session's signed log, final (after session.ended and the rating) */
  logText: string;
  startedAt: number;
  endedAt: number;
  customerRef?: string;
  relayHttpUrl: string;
  fetch: FetchLike;
  /** seal a customer copy and hand out a token for it (default true) */
  customerCopy?: boolean;
  /** how `close` is reached: the live recorder's finish (ships the rest first) or the sink directly */
  closeRecording?: () => Promise<ClosedRecording>;
  random?: (n: number) => Uint8Array;
  now?: () => number;
}

export type ArchiverStep = 'closing' | 'sealing' | 'uploading' | 'removing' | 'done';

export interface ArchiveOutcome {
  item: ArchiveItem;
  customerToken?: string;
}

export class RecordingArchiver {
  private closed: ClosedRecording | undefined;
  private sealed: { blobs: SealedBlobs; request: ArchiveUploadRequest; customerToken?: string } | undefined;
  private uploaded: ArchiveItem | undefined;
  private removed = false;
  private readonly client: ArchiveHttpClient;

  constructor(private readonly input: RecordingArchiverInput) {
    this.client = new ArchiveHttpClient(input.relayHttpUrl, { kind: 'technician', certificate: input.certificate, secretKey: input.techSecretKey }, input.fetch, input.now);
  }

  /** Runs (or resumes) close -> sign -> seal -> upload -> delete local copy. */
  async run(onStep: (step: ArchiverStep, percent: number) => void = () => undefined): Promise<ArchiveOutcome> {
    const { sink, sessionId } = this.input;
    if (!this.closed) {
      onStep('closing', 0);
      this.closed = await (this.input.closeRecording ?? (() => sink.close(sessionId)))();
    }
    if (!this.sealed) {
      onStep('sealing', 0);
      this.sealed = await this.seal(this.closed);
    }
    const sealed = this.sealed;
    if (!this.uploaded) {
      onStep('uploading', 0);
      this.uploaded = await this.client.upload(sessionId, sealed.request, (kind, offset, length) => sink.readSealed(sessionId, kind, offset, length), (sent, total) => {
        onStep('uploading', total > 0 ? Math.floor((sent * 100) / total) : 100);
      });
    }
    if (!this.uploaded.complete) throw new Error('the archive does not report the upload as complete');
    if (!this.removed) {
      onStep('removing', 100);
      await sink.remove(sessionId);
      this.removed = true;
    }
    onStep('done', 100);
    return { item: this.uploaded, ...(sealed.customerToken ? { customerToken: sealed.customerToken } : {}) };
  }

  private async seal(closed: ClosedRecording): Promise<{ blobs: SealedBlobs; request: ArchiveUploadRequest; customerToken?: string }> {
    const { certificate, sessionId, startedAt, endedAt, customerRef, logText } = this.input;
    const unsigned: Omit<SessionManifest, 'signature'> = {
      v: 1, sessionId, org: certificate.org, technicianSerial: certificate.serial, certificate, startedAt, endedAt,
      ...(customerRef ? { customerRef } : {}),
      recordingSha512: closed.sha512,
      logSha512: toHex(sha512(utf8Encode(logText))),
    };
    const manifest: SessionManifest = { ...unsigned, signature: toBase64(signDetached(manifestSigningBytes(unsigned), this.input.techSecretKey)) };
    const customerToken = this.input.customerCopy === false ? undefined : createCustomerToken(this.input.random);
    const blobs = await this.input.sink.seal(sessionId, {
      manifest, logText,
      ...(customerToken ? { customerPublicKey: toBase64(customerArchiveKeyPair(customerToken).publicKey) } : {}),
    });
    if (customerToken && !blobs.customer) throw new Error('the recording store did not seal the customer copy');
    const request: ArchiveUploadRequest = {
      startedAt, endedAt, ...(customerRef ? { customerRef } : {}),
      blobs: { org: blobs.org, ...(customerToken && blobs.customer ? { customer: blobs.customer } : {}) },
      ...(customerToken ? { customerTokenHash: customerTokenHash(customerToken) } : {}),
    };
    return { blobs, request, ...(customerToken ? { customerToken } : {}) };
  }
}

/** The log text the archive binds: the session's entries as JSON lines. */
export function logTextOf(entries: readonly LogEntry[]): string {
  return serializeLog(entries);
}
