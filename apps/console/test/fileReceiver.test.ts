// Files from the customer: offers are refused without permission or above the limit, accepted ones are
// assembled in order (gaps answered with file.resume) and kept only when the SHA-256 matches.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConsentGrant, FileOfferMessage, SessionMessage } from '@tether/protocol';
import { FileReceiver } from '../src/common/fileReceiver';
import { createFilesStore } from '../src/common/stores/filesStore';

const grant = (files: boolean): ConsentGrant => ({ v: 1, grantId: 'g', sessionId: 's', mode: 'full', shareOnlyRegion: false, clipboard: false, files, issuedAt: 0, expiresAt: 1 });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function setup(maxFileBytes?: number) {
  const sent: SessionMessage[] = [];
  const logged: string[] = [];
  const store = createFilesStore();
  const receiver = new FileReceiver({ send: (m) => sent.push(m), sha256Hex: async (b) => sha(b), record: (kind) => logged.push(kind) }, store, maxFileBytes);
  return { sent, logged, store, receiver };
}

const offerOf = (bytes: Uint8Array, fileId = 'f1', sha256 = sha(bytes)): FileOfferMessage => ({ v: 1, type: 'file.offer', fileId, name: 'log.txt', size: bytes.length, sha256, direction: 'toTechnician' });
const chunk = (fileId: string, bytes: Uint8Array, offset: number, length: number) => ({ v: 1, type: 'file.chunk' as const, fileId, offset, data: bytes.subarray(offset, offset + length) });

describe('file receiver', () => {
  it('receives an accepted file in order, resumes after a gap, and confirms the matching hash', async () => {
    const { sent, logged, store, receiver } = setup();
    const bytes = randomBytes(3000);
    receiver.offer(offerOf(bytes), grant(true));
    expect(store.getState().transfers[0]).toMatchObject({ status: 'offered', direction: 'toTechnician' });
    receiver.answer('f1', true);
    expect(sent.at(-1)).toMatchObject({ type: 'file.answer', accepted: true });
    await receiver.handle(chunk('f1', bytes, 0, 1000));
    await receiver.handle(chunk('f1', bytes, 2000, 1000)); // the chunk at 1000 went missing
    expect(sent.at(-1)).toEqual({ v: 1, type: 'file.resume', fileId: 'f1', offset: 1000 });
    await receiver.handle(chunk('f1', bytes, 1000, 1000));
    await receiver.handle(chunk('f1', bytes, 2000, 1000));
    await receiver.handle({ v: 1, type: 'file.done', fileId: 'f1', sha256: sha(bytes) });
    expect(sent.at(-1)).toEqual({ v: 1, type: 'file.done', fileId: 'f1', sha256: sha(bytes) });
    expect(store.getState().transfers[0]).toMatchObject({ status: 'done', sent: 3000 });
    expect(Buffer.from(receiver.fileBytes('f1') as Uint8Array).equals(bytes)).toBe(true);
    expect(logged).toEqual(['file.offered', 'file.received']);
  });

  it('refuses without permission, above the limit, or in the wrong direction', () => {
    const { sent, store, receiver } = setup(100);
    receiver.offer(offerOf(new Uint8Array(10), 'a'), grant(false));
    receiver.offer(offerOf(new Uint8Array(101), 'b'), grant(true));
    receiver.offer({ ...offerOf(new Uint8Array(1), 'c'), direction: 'toCustomer' }, grant(true));
    expect(sent.map((m) => (m.type === 'file.answer' ? `${m.fileId}:${m.accepted}:${m.reason}` : m.type))).toEqual([
      'a:false:File transfer is not part of this session’s permission.',
      'b:false:The console takes at most 100 B per file.',
      'file.error',
    ]);
    expect(store.getState().transfers.map((t) => t.status)).toEqual(['declined', 'declined']);
  });

  it('keeps nothing when the content does not match the offered hash, or when declined', async () => {
    const { sent, store, receiver } = setup();
    const bytes = randomBytes(500);
    receiver.offer(offerOf(bytes, 'f1', sha(randomBytes(500))), grant(true));
    receiver.answer('f1', true);
    await receiver.handle(chunk('f1', bytes, 0, 500));
    await receiver.handle({ v: 1, type: 'file.done', fileId: 'f1', sha256: sha(bytes) });
    expect(sent.at(-1)).toMatchObject({ type: 'file.error', code: 'E_DECRYPT_FAILED' });
    expect(receiver.fileBytes('f1')).toBeUndefined();
    receiver.offer(offerOf(bytes, 'f2'), grant(true));
    receiver.answer('f2', false);
    await receiver.handle(chunk('f2', bytes, 0, 500));
    expect(store.getState().transfers[1]).toMatchObject({ status: 'declined', sent: 0 });
    expect(sent.at(-1)).toMatchObject({ type: 'file.answer', accepted: false });
  });
});
