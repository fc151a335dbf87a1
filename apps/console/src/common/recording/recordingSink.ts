// The port through which the console's recorder stores a session recording and, at the end, has it
// sealed. In the browser it is the console server's local recording API (recordingHttpSink.ts); anything
// that keeps the same promises (appends durable and offset-checked, sealed bytes readable by range) fits.
import type { BlobDescriptor, BlobKind, SessionManifest } from '@tether/recording';

/** What `close` answers: the final recording size and its hex SHA-512 (bound into the signed manifest). */
export interface ClosedRecording {
  size: number;
  sha512: string;
}

export interface SealRequest {
  /** signed by the technician in the page; its recordingSha512 must match the closed file */
  manifest: SessionManifest;
  /** serializeLog(entries) of the signed session log */
  logText: string;
  /** base64 X25519 public key of the customer copy (customerArchiveKeyPair(token).publicKey); omit for none */
  customerPublicKey?: string;
}

export interface SealedBlobs {
  org: BlobDescriptor;
  customer?: BlobDescriptor;
}

export type RecordingState = 'open' | 'closed' | 'sealed';

/** A recording the store still holds (not yet uploaded and removed), e.g. after a page crash. */
export interface StoredRecording {
  sessionId: string;
  state: RecordingState;
  size: number;
  org: string;
  technicianSerial: string;
  startedAt: number;
}

export interface RecordingSink {
  /** Creates the recording with its first bytes (preamble + header frame); an identical retry is accepted. */
  create(sessionId: string, start: Uint8Array): Promise<void>;
  /** Appends whole frames at `offset` (must equal the stored size) durably; resolves with the new size. */
  append(sessionId: string, offset: number, bytes: Uint8Array): Promise<number>;
  /** No more appends; cuts a torn tail if any and answers size + SHA-512. Repeatable. */
  close(sessionId: string): Promise<ClosedRecording>;
  /** Seals the closed recording + log to the organisation's archive key (and the customer key). */
  seal(sessionId: string, request: SealRequest): Promise<SealedBlobs>;
  /** Exactly `length` bytes of a sealed copy from `offset`. */
  readSealed(sessionId: string, kind: BlobKind, offset: number, length: number): Promise<Uint8Array>;
  /** The signed-log entries the recording holds (used to finish a recording left by a crashed page). */
  logText(sessionId: string): Promise<string>;
  /** Deletes the recording and its sealed copies (after the upload is confirmed). */
  remove(sessionId: string): Promise<void>;
  list(): Promise<StoredRecording[]>;
}
