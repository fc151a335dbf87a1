// The file sender against a receiver that follows the agent's rules (in-order chunks from offset 0,
// file.resume on a gap, file.done with the hash of what it assembled); hashes are real SHA-256.
import { createHash, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ConsentGrant, FileChunkMessage, SessionMessage } from '@tether/protocol';
import { FileSender } from '../src/common/fileSender';
import { createFilesStore } from '../src/common/stores/filesStore';

const grant = (files: boolean): ConsentGrant => ({ v: 1, grantId: 'g', sessionId: 's', mode: 'full', shareOnlyRegion: false, clipboard: false, files, issuedAt: 0, expiresAt: 1 });
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function harness(options: { dropChunkAt?: number; answer?: boolean } = {}) {
  const store = createFilesStore();
  const control: SessionMessage[] = [];
  const received: Uint8Array[] = [];
  let have = 0;
  let dropped = false;
  let id = 0;
  const reply = (m: SessionMessage) => queueMicrotask(() => sender.handle(m as never));
  const sender: FileSender = new FileSender({
    send: (m) => {
      control.push(m);
      if (m.type === 'file.offer') reply({ v: 1, type: 'file.answer', fileId: m.fileId, accepted: options.answer ?? true, ...(options.answer === false ? { reason: 'no thanks' } : {}) });
    },
    sendBulk: async (m) => {
      if (m.type === 'file.chunk') {
        const c = m as FileChunkMessage;
        if (c.offset === options.dropChunkAt && !dropped) {
          dropped = true; // lost on the way: the next chunk shows the gap
          return;
        }
        if (c.offset !== have) return reply({ v: 1, type: 'file.resume', fileId: c.fileId, offset: have });
        received.push(c.data.slice());
        have += c.data.length;
      } else if (m.type === 'file.done') {
        const all = new Uint8Array(have);
        let o = 0;
        for (const r of received) {
          all.set(r, o);
          o += r.length;
        }
        reply({ v: 1, type: 'file.done', fileId: m.fileId, sha256: sha(all) });
      }
    },
    sha256Hex: async (b) => sha(b),
    randomId: () => `f${++id}`,
    record: (kind, data) => control.push({ kind, data } as never),
  }, store, { chunkBytes: 1000, chunkPauseMs: 0 });
  return { sender, store, control, received: () => Buffer.concat(received) };
}

const settle = async (store: ReturnType<typeof createFilesStore>, status: string) => {
  for (let i = 0; i < 200 && store.getState().transfers[0]?.status !== status; i++) await new Promise((r) => setTimeout(r, 5));
};

describe('file sender', () => {
  it('offers with the SHA-256, sends every chunk in order and ends with the matching hash', async () => {
    const h = harness();
    const bytes = randomBytes(4500);
    await h.sender.offer('report.pdf', bytes, grant(true));
    await settle(h.store, 'done');
    const row = h.store.getState().transfers[0];
    expect(row).toMatchObject({ status: 'done', sha256: sha(bytes), sent: 4500, resumes: 0 });
    expect(h.received().equals(bytes)).toBe(true);
    expect(h.control[0]).toMatchObject({ kind: 'file.offered', data: { sha256: sha(bytes), size: 4500 } });
  });

  it('resumes from the offset the receiver has after a lost chunk, once per gap', async () => {
    const h = harness({ dropChunkAt: 2000 });
    const bytes = randomBytes(6500);
    await h.sender.offer('big.bin', bytes, grant(true));
    await settle(h.store, 'done');
    expect(h.store.getState().transfers[0]).toMatchObject({ status: 'done', resumes: 1 });
    expect(h.received().equals(bytes)).toBe(true);
  });

  it('converges with a receiver that writes slowly and handles chunks concurrently (today’s agent)', async () => {
    // Like the agent: a chunk is checked against what is on disk *before* the previous write finished.
    const store = createFilesStore();
    const parts: Buffer[] = [];
    let onDisk = 0;
    let done = '';
    const sender: FileSender = new FileSender({
      send: (m) => {
        if (m.type === 'file.offer') setTimeout(() => sender.handle({ v: 1, type: 'file.answer', fileId: m.fileId, accepted: true }), 1);
      },
      sendBulk: async (m) => {
        setTimeout(() => {
          if (m.type === 'file.chunk') {
            if (m.offset !== onDisk) return sender.handle({ v: 1, type: 'file.resume', fileId: m.fileId, offset: onDisk });
            const data = Buffer.from(m.data);
            setTimeout(() => {
              parts.push(data);
              onDisk += data.length;
            }, 25); // a slow disk
          } else if (m.type === 'file.done') {
            done = sha(Buffer.concat(parts));
            sender.handle({ v: 1, type: 'file.done', fileId: m.fileId, sha256: done });
          }
        }, 1);
      },
      sha256Hex: async (b) => sha(b),
      randomId: () => 'slow',
      record: () => undefined,
    }, store, { chunkBytes: 1000, chunkPauseMs: 5 });
    const bytes = randomBytes(8000);
    await sender.offer('slow.bin', bytes, grant(true));
    for (let i = 0; i < 400 && !['done', 'failed'].includes(store.getState().transfers[0]?.status ?? ''); i++) await new Promise((r) => setTimeout(r, 10));
    expect(store.getState().transfers[0]).toMatchObject({ status: 'done' });
    expect(store.getState().transfers[0]?.resumes).toBeGreaterThan(0);
    expect(done).toBe(sha(bytes));
  });

  it('shows a refusal, a declined file and a hash mismatch clearly', async () => {
    const h = harness();
    await expect(h.sender.offer('a.txt', new Uint8Array(1), null)).rejects.toMatchObject({ code: 'E_SCOPE_DENIED' });
    await expect(h.sender.offer('a.txt', new Uint8Array(1), grant(false))).rejects.toMatchObject({ code: 'E_SCOPE_DENIED' });
    expect(h.store.getState().error).toContain('not allowed file transfer');
    await expect(h.sender.offer('../etc/passwd', new Uint8Array(1), grant(true))).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    const small = new FileSender({ send: () => undefined, sendBulk: async () => undefined, sha256Hex: async () => '', randomId: () => 'x', record: () => undefined }, createFilesStore(), { maxFileBytes: 10 });
    await expect(small.offer('a.txt', new Uint8Array(11), grant(true))).rejects.toMatchObject({ code: 'E_OVERSIZED', message: expect.stringContaining('at most 10 B') });

    const declined = harness({ answer: false });
    await declined.sender.offer('a.txt', new Uint8Array(5), grant(true));
    await settle(declined.store, 'declined');
    expect(declined.store.getState().transfers[0]).toMatchObject({ status: 'declined', message: 'no thanks' });

    const wrong = harness();
    const id = await wrong.sender.offer('a.txt', new Uint8Array(5), grant(true));
    wrong.sender.handle({ v: 1, type: 'file.done', fileId: id, sha256: 'f'.repeat(64) });
    expect(wrong.store.getState().transfers[0]?.status).toBe('failed');
  });
});
