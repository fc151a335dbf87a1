// The console server's local recording store: one folder, per session `<id>.ttrec` (the recording file
// format of @tether/recording, appended to only in whole CRC-checked frames, each append written and
// fdatasync'ed before it is acknowledged), `<id>.closed.json` once closed (size + SHA-512), and the
// sealed copies `<id>.org.ttar` / `<id>.customer.ttar` until the page has uploaded them and asks for
// deletion. Session ids are checked against a strict pattern before they become file names.
import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { serializeLog, verifyDetached, type LogEntry } from '@tether/crypto';
import { TetherError, fromBase64, type TetherErrorCode } from '@tether/protocol';
import { iterateRecords, manifestSigningBytes, readRecording, type BlobKind, type SessionManifest } from '@tether/recording';
import { readRecordingFile, recoverRecording, sealSessionToFile } from '@tether/recording/node';
import { MAX_SEALED_RANGE, isRecordingId } from '../common/recording/recordingApi';
import type { ClosedRecording, SealRequest, SealedBlobs, StoredRecording } from '../common/recording/recordingSink';

export interface RecordingStoreOptions {
  dir: string;
  /** the organisation's X25519 archive public key; without it recordings are kept but cannot be sealed */
  archivePublicKey?: Uint8Array;
  /** largest recording file (default 16 GiB) */
  maxRecordingBytes?: number;
}

/** A refusal with the HTTP status it maps to (and the stored size for offset conflicts). */
export class RecordingStoreError extends TetherError {
  constructor(code: TetherErrorCode, detail: string, readonly status: number, readonly size?: number) {
    super(code, detail);
  }
}

const notFound = (id: string) => new RecordingStoreError('E_SESSION_UNKNOWN', `no recording ${id}`, 404);

export class RecordingStore {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly maxRecordingBytes: number;

  private constructor(readonly dir: string, private readonly archivePublicKey: Uint8Array | undefined, options: RecordingStoreOptions) {
    this.maxRecordingBytes = options.maxRecordingBytes ?? 16 * 2 ** 30;
  }

  static async open(options: RecordingStoreOptions): Promise<RecordingStore> {
    await mkdir(options.dir, { recursive: true, mode: 0o700 });
    return new RecordingStore(options.dir, options.archivePublicKey, options);
  }

  private path(id: string, suffix: string): string {
    if (!isRecordingId(id)) throw new RecordingStoreError('E_BAD_ARGUMENT', 'a session id is 1..128 characters of [A-Za-z0-9_-]', 400);
    return join(this.dir, `${id}${suffix}`);
  }

  /** Runs one operation per session id at a time (appends are offset-checked against the file). */
  private serial<T>(id: string, task: () => Promise<T>): Promise<T> {
    const previous = this.locks.get(id) ?? Promise.resolve();
    const next = previous.then(task, task);
    const settled = next.catch(() => undefined);
    this.locks.set(id, settled);
    void settled.then(() => {
      if (this.locks.get(id) === settled) this.locks.delete(id);
    });
    return next;
  }

  private async sizeOf(path: string): Promise<number | undefined> {
    return stat(path).then((s) => s.size, () => undefined);
  }

  private async closedInfo(id: string): Promise<ClosedRecording | undefined> {
    const text = await readFile(this.path(id, '.closed.json'), 'utf8').catch(() => undefined);
    return text === undefined ? undefined : (JSON.parse(text) as ClosedRecording);
  }

  create(id: string, start: Uint8Array): Promise<{ size: number }> {
    const path = this.path(id, '.ttrec');
    return this.serial(id, async () => {
      const parsed = readRecording(start);
      if (!parsed.ok) throw new RecordingStoreError('E_MALFORMED', `not a recording start: ${parsed.error.detail ?? parsed.error.message}`, 400);
      if (parsed.value.header.sessionId !== id) throw new RecordingStoreError('E_BAD_ARGUMENT', 'the header names another session', 400);
      if (!parsed.value.tail.intact || parsed.value.records.length > 0) throw new RecordingStoreError('E_MALFORMED', 'the start must be exactly the preamble and the header', 400);
      const existing = await readFile(path).catch(() => undefined);
      if (existing) {
        if (existing.subarray(0, start.length).equals(start)) return { size: existing.length };
        throw new RecordingStoreError('E_BAD_ARGUMENT', `recording ${id} exists with another header`, 409, existing.length);
      }
      const file = await open(path, 'wx', 0o600);
      try {
        await file.write(start, 0, start.length, 0);
        await file.datasync();
      } finally {
        await file.close();
      }
      return { size: start.length };
    });
  }

  append(id: string, offset: number, bytes: Uint8Array): Promise<{ size: number }> {
    const path = this.path(id, '.ttrec');
    return this.serial(id, async () => {
      if (await this.closedInfo(id)) throw new RecordingStoreError('E_SESSION_ENDED', `recording ${id} is closed`, 409, await this.sizeOf(path));
      const file = await open(path, 'r+').catch(() => {
        throw notFound(id);
      });
      try {
        const { size } = await file.stat();
        if (offset !== size) throw new RecordingStoreError('E_BAD_ARGUMENT', `append at ${offset}, but the recording holds ${size} bytes`, 409, size);
        if (size + bytes.length > this.maxRecordingBytes) throw new RecordingStoreError('E_OVERSIZED', `a recording may hold at most ${this.maxRecordingBytes} bytes`, 413, size);
        checkWholeFrames(bytes);
        await file.write(bytes, 0, bytes.length, size);
        await file.datasync();
        return { size: size + bytes.length };
      } finally {
        await file.close();
      }
    });
  }

  /** No more appends: cuts a torn tail (a crash mid-write), hashes the file, remembers both. */
  close(id: string): Promise<ClosedRecording> {
    const path = this.path(id, '.ttrec');
    return this.serial(id, async () => {
      const known = await this.closedInfo(id);
      if (known) return known;
      if ((await this.sizeOf(path)) === undefined) throw notFound(id);
      await recoverRecording(path, { truncateTornTail: true });
      const hash = createHash('sha512');
      hash.update(await readFile(path));
      const closed: ClosedRecording = { size: (await stat(path)).size, sha512: hash.digest('hex') };
      await writeDurably(this.path(id, '.closed.json'), JSON.stringify(closed));
      return closed;
    });
  }

  /** Seals the closed recording and the log to the archive key (and the customer key). Repeatable. */
  seal(id: string, request: SealRequest): Promise<SealedBlobs> {
    const path = this.path(id, '.ttrec');
    return this.serial(id, async () => {
      if (!this.archivePublicKey) throw new RecordingStoreError('E_BAD_ARGUMENT', 'this console has no organisation configuration (no archive key)', 409);
      const closed = await this.closedInfo(id);
      if (!closed) throw new RecordingStoreError('E_BAD_ARGUMENT', `recording ${id} is not closed yet`, 409);
      const manifest = checkManifest(request.manifest, id, closed);
      if (typeof request.logText !== 'string') throw new RecordingStoreError('E_MALFORMED', 'logText must be text', 400);
      let customerKey: Uint8Array | undefined;
      if (request.customerPublicKey !== undefined) {
        customerKey = typeof request.customerPublicKey === 'string' ? fromBase64(request.customerPublicKey) : undefined;
        if (!customerKey || customerKey.length !== 32) throw new RecordingStoreError('E_MALFORMED', 'customerPublicKey must be 32 bytes in base64', 400);
      }
      const source = { recordingPath: path, manifest, logText: request.logText };
      const org = await sealFresh(source, this.archivePublicKey, this.path(id, '.org.ttar'));
      await rm(this.path(id, '.customer.ttar'), { force: true });
      const customer = customerKey ? await sealFresh(source, customerKey, this.path(id, '.customer.ttar')) : undefined;
      return { org, ...(customer ? { customer } : {}) };
    });
  }

  async readSealed(id: string, kind: BlobKind, offset: number, length: number): Promise<Uint8Array> {
    if (kind !== 'org' && kind !== 'customer') throw new RecordingStoreError('E_BAD_ARGUMENT', 'kind is org or customer', 400);
    if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 1 || length > MAX_SEALED_RANGE) {
      throw new RecordingStoreError('E_BAD_ARGUMENT', `offset >= 0 and length 1..${MAX_SEALED_RANGE} are required`, 400);
    }
    const file = await open(this.path(id, `.${kind}.ttar`), 'r').catch(() => {
      throw new RecordingStoreError('E_SESSION_UNKNOWN', `no sealed ${kind} copy of ${id}`, 404);
    });
    try {
      const { size } = await file.stat();
      if (offset + length > size) throw new RecordingStoreError('E_BAD_ARGUMENT', `range ends at ${offset + length}, the sealed copy has ${size} bytes`, 416);
      const out = new Uint8Array(length);
      const { bytesRead } = await file.read(out, 0, length, offset);
      if (bytesRead !== length) throw new RecordingStoreError('E_INTERNAL', 'short read', 500);
      return out;
    } finally {
      await file.close();
    }
  }

  /** The signed-log entries recorded in the file, as log text (serializeLog). */
  async logText(id: string): Promise<string> {
    const path = this.path(id, '.ttrec');
    if ((await this.sizeOf(path)) === undefined) throw notFound(id);
    const contents = await readRecordingFile(path);
    const entries: LogEntry[] = [];
    for (const record of contents.records) if (record.kind === 'log') entries.push(record.entry);
    return serializeLog(entries);
  }

  remove(id: string): Promise<void> {
    const files = ['.ttrec', '.closed.json', '.org.ttar', '.customer.ttar'].map((suffix) => this.path(id, suffix));
    return this.serial(id, async () => {
      if ((await this.sizeOf(files[0] as string)) === undefined) throw notFound(id);
      for (const file of files) await rm(file, { force: true });
    });
  }

  async list(): Promise<StoredRecording[]> {
    const out: StoredRecording[] = [];
    for (const name of (await readdir(this.dir)).sort()) {
      const id = name.endsWith('.ttrec') ? name.slice(0, -'.ttrec'.length) : '';
      if (!isRecordingId(id)) continue;
      const head = await readHead(join(this.dir, name));
      if (!head) continue;
      const sealed = (await this.sizeOf(this.path(id, '.org.ttar'))) !== undefined;
      const closed = await this.closedInfo(id);
      out.push({
        sessionId: id, state: sealed ? 'sealed' : closed ? 'closed' : 'open', size: head.size,
        org: head.header.org, technicianSerial: head.header.technicianSerial, startedAt: head.header.startedAt,
      });
    }
    return out;
  }
}

function checkWholeFrames(bytes: Uint8Array): void {
  let problem: string | undefined;
  let valid = 0;
  for (const _ of iterateRecords(bytes, 0, (tail, validBytes) => {
    valid = validBytes;
    if (!tail.intact) problem = `${tail.reason} at byte ${tail.offset}: ${tail.detail}`;
  })) {
    // each record decoded: whole frame with a matching CRC
  }
  if (problem || valid !== bytes.length) throw new RecordingStoreError('E_MALFORMED', `appended bytes must be whole recording frames (${problem ?? 'trailing bytes'})`, 400);
}

function checkManifest(value: unknown, id: string, closed: ClosedRecording): SessionManifest {
  const m = value as SessionManifest;
  if (typeof m !== 'object' || m === null || m.v !== 1 || typeof m.signature !== 'string' || typeof m.certificate !== 'object' || m.certificate === null) {
    throw new RecordingStoreError('E_MALFORMED', 'manifest is not a session manifest', 400);
  }
  if (m.sessionId !== id) throw new RecordingStoreError('E_BAD_ARGUMENT', 'the manifest names another session', 400);
  if (m.recordingSha512 !== closed.sha512) throw new RecordingStoreError('E_DECRYPT_FAILED', 'the manifest does not bind this recording (SHA-512 differs)', 422);
  let signed = false;
  try {
    signed = verifyDetached(manifestSigningBytes(m), fromBase64(m.signature), fromBase64(m.certificate.techPub));
  } catch {
    signed = false;
  }
  if (!signed) throw new RecordingStoreError('E_AUTH_FAILED', "the manifest is not signed by its certificate's technician key", 422);
  return m;
}

async function sealFresh(source: Parameters<typeof sealSessionToFile>[0], key: Uint8Array, path: string): Promise<{ size: number; sha256: string }> {
  const temporary = `${path}.partial`;
  await rm(temporary, { force: true });
  const sealed = await sealSessionToFile(source, key, temporary);
  await rename(temporary, path);
  return { size: sealed.size, sha256: sealed.sha256 };
}

async function writeDurably(path: string, text: string): Promise<void> {
  const temporary = `${path}.partial`;
  await writeFile(temporary, text, { mode: 0o600 });
  const file = await open(temporary, 'r+');
  try {
    await file.datasync();
  } finally {
    await file.close();
  }
  await rename(temporary, path);
}

async function readHead(path: string): Promise<{ size: number; header: { org: string; technicianSerial: string; startedAt: number } } | undefined> {
  const file = await open(path, 'r').catch(() => undefined);
  if (!file) return undefined;
  try {
    const { size } = await file.stat();
    const buffer = new Uint8Array(Math.min(size, 4096));
    await file.read(buffer, 0, buffer.length, 0);
    const parsed = readRecording(buffer);
    return parsed.ok ? { size, header: parsed.value.header } : undefined;
  } finally {
    await file.close();
  }
}
