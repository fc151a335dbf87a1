// The end of a recorded session: seal the recording and the signed log to the organisation's archive key
// (and a customer copy to the customer token's key), upload both to the relay's archive, and hand back
// the customer token to show the customer. Safe to call again after a failure: uploads resume.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { serializeLog, signDetached, type LogEntry, type TechnicianCertificate } from '@tether/crypto';
import { toBase64 } from '@tether/protocol';
import type { ArchiveItem } from '../archiveMetadata';
import { createCustomerToken, customerArchiveKeyPair, customerTokenHash } from '../customerAccess';
import { manifestSigningBytes, type SessionManifest } from '../sessionBundle';
import { ArchiveClient } from './archiveClient';
import { sealSessionToFile } from './sessionSealing';

export interface ArchiveSessionInput {
  relayHttpUrl: string;
  certificate: TechnicianCertificate;
  techSecretKey: Uint8Array;
  archivePublicKey: Uint8Array;
  sessionId: string;
  recordingPath: string;
  logEntries: readonly LogEntry[];
  startedAt: number;
  endedAt: number;
  customerRef?: string;
  /** seal a customer copy and return a token for it (default true) */
  customerCopy?: boolean;
  /** where sealed files are staged (default: a fresh temp folder, removed after upload) */
  workFolder?: string;
}

export interface ArchivedSession {
  item: ArchiveItem;
  /** give this to the customer: it opens exactly this session's record */
  customerToken?: string;
}

export async function archiveSession(input: ArchiveSessionInput): Promise<ArchivedSession> {
  const logText = serializeLog(input.logEntries);
  const unsigned = {
    v: 1 as const, sessionId: input.sessionId, org: input.certificate.org, technicianSerial: input.certificate.serial,
    certificate: input.certificate, startedAt: input.startedAt, endedAt: input.endedAt,
    ...(input.customerRef ? { customerRef: input.customerRef } : {}),
    recordingSha512: await fileSha512(input.recordingPath),
    logSha512: createHash('sha512').update(logText).digest('hex'),
  };
  const manifest: SessionManifest = { ...unsigned, signature: toBase64(signDetached(manifestSigningBytes(unsigned), input.techSecretKey)) };
  const folder = input.workFolder ?? (await mkdtemp(join(tmpdir(), 'tether-archive-')));
  try {
    const source = { recordingPath: input.recordingPath, manifest, logText };
    const org = await sealSessionToFile(source, input.archivePublicKey, join(folder, `${input.sessionId}.org.ttar`));
    let customer: Awaited<ReturnType<typeof sealSessionToFile>> | undefined;
    let customerToken: string | undefined;
    if (input.customerCopy !== false) {
      customerToken = createCustomerToken();
      customer = await sealSessionToFile(source, customerArchiveKeyPair(customerToken).publicKey, join(folder, `${input.sessionId}.customer.ttar`));
    }
    const client = new ArchiveClient(input.relayHttpUrl, { kind: 'technician', certificate: input.certificate, secretKey: input.techSecretKey });
    const item = await client.uploadFiles(input.sessionId, {
      startedAt: input.startedAt, endedAt: input.endedAt,
      ...(input.customerRef ? { customerRef: input.customerRef } : {}),
      blobs: { org: { size: org.size, sha256: org.sha256 }, ...(customer ? { customer: { size: customer.size, sha256: customer.sha256 } } : {}) },
      ...(customerToken ? { customerTokenHash: customerTokenHash(customerToken) } : {}),
    }, { org: org.path, ...(customer ? { customer: customer.path } : {}) });
    return { item, ...(customerToken ? { customerToken } : {}) };
  } finally {
    if (!input.workFolder) await rm(folder, { recursive: true, force: true });
  }
}

async function fileSha512(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}
