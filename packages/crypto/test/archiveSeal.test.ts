import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { equalBytes } from '@tether/protocol';
import { ARCHIVE_HEADER_LENGTH, ArchiveOpener, ArchiveSealer, generateArchiveKeyPair, openArchive, sealArchive } from '../src/index';

const archive = generateArchiveKeyPair();
const codeOf = (r: { ok: boolean; error?: { code: string } }) => (r.ok ? 'ok' : r.error!.code);

describe('archive sealing', () => {
  it('round-trips bytes, chunk iterables and empty input', () => {
    const data = nacl.randomBytes(200_000);
    const sealed = sealArchive(archive.publicKey, data, { chunkSize: 65536 });
    const opened = openArchive(archive.secretKey, sealed);
    expect(opened.ok && equalBytes(opened.value, data)).toBe(true);
    const parts = [new Uint8Array([1]), new Uint8Array(0), new Uint8Array([2, 3])];
    const fromIterable = openArchive(archive.secretKey, sealArchive(archive.publicKey, parts));
    expect(fromIterable.ok && [...fromIterable.value]).toEqual([1, 2, 3]);
    const empty = openArchive(archive.secretKey, sealArchive(archive.publicKey, new Uint8Array(0)));
    expect(empty.ok && empty.value.length).toBe(0);
    expect(sealArchive(archive.publicKey, data)).not.toEqual(sealed);
  });

  it('opens incrementally from arbitrary byte splits', () => {
    const sealer = new ArchiveSealer(archive.publicKey);
    const stream = [sealer.header, sealer.sealChunk(new Uint8Array([1, 2]), false), sealer.sealChunk(new Uint8Array([3]), true)];
    const joined = new Uint8Array(stream.reduce((n, s) => n + s.length, 0));
    let o = 0;
    for (const s of stream) { joined.set(s, o); o += s.length; }
    const opener = new ArchiveOpener(archive.secretKey);
    const got: number[] = [];
    for (let i = 0; i < joined.length; i += 7) {
      const r = opener.push(joined.subarray(i, i + 7));
      expect(r.ok).toBe(true);
      if (r.ok) for (const c of r.value) got.push(...c);
    }
    expect(got).toEqual([1, 2, 3]);
    expect(opener.finish().ok).toBe(true);
    expect(() => sealer.sealChunk(new Uint8Array(1), true)).toThrow(Error);
  });

  it('fails typed on the wrong key, any flipped byte, truncation, reordering and trailing data', () => {
    const sealed = sealArchive(archive.publicKey, nacl.randomBytes(300), { chunkSize: 100 });
    expect(codeOf(openArchive(generateArchiveKeyPair().secretKey, sealed))).toBe('E_DECRYPT_FAILED');
    for (let i = 0; i < sealed.length; i++) {
      const tampered = sealed.slice();
      tampered[i] = (tampered[i] as number) ^ 0x01;
      const code = codeOf(openArchive(archive.secretKey, tampered));
      expect(['E_MALFORMED', 'E_DECRYPT_FAILED', 'E_UNSUPPORTED_VERSION'], `byte ${i}: ${code}`).toContain(code);
    }
    const record = 5 + 16 + 100;
    // drop the final record: every remaining record is intact, so only the missing final flag reveals it
    expect(codeOf(openArchive(archive.secretKey, sealed.subarray(0, sealed.length - record)))).toBe('E_MALFORMED');
    expect(codeOf(openArchive(archive.secretKey, sealed.subarray(0, sealed.length - 1)))).toBe('E_MALFORMED');
    expect(codeOf(openArchive(archive.secretKey, sealed.subarray(0, 10)))).toBe('E_MALFORMED');
    const h = ARCHIVE_HEADER_LENGTH;
    const swapped = new Uint8Array(sealed);
    swapped.set(sealed.subarray(h + record, h + 2 * record), h);
    swapped.set(sealed.subarray(h, h + record), h + record);
    expect(codeOf(openArchive(archive.secretKey, swapped))).toBe('E_DECRYPT_FAILED');
    const trailing = new Uint8Array(sealed.length + 5);
    trailing.set(sealed);
    expect(codeOf(openArchive(archive.secretKey, trailing))).toBe('E_MALFORMED');
  });

  it('throws on misuse', () => {
    expect(() => new ArchiveSealer(new Uint8Array(31))).toThrow(RangeError);
    expect(() => sealArchive(archive.publicKey, new Uint8Array(1), { chunkSize: 0 })).toThrow(RangeError);
  });
});
