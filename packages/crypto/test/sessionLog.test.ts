import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { SessionLogWriter, logCounterSignaturePayload, parseLog, serializeLog, verifyLog, type LogEntry } from '../src/index';

const tech = nacl.sign.keyPair();
const agent = nacl.sign.keyPair();
const opts = { techPublicKey: tech.publicKey, agentPublicKey: agent.publicKey };

function buildLog(count = 5, counterSignHead = true): { writer: SessionLogWriter; entries: LogEntry[] } {
  const writer = new SessionLogWriter(tech.secretKey);
  writer.append('session.start', { technician: 'Ada', scope: 'view' }, 1000);
  const grant = writer.append('consent.grant', { mode: 'full', clipboard: true }, 1001);
  writer.attachCounterSignature(grant.index, nacl.sign.detached(logCounterSignaturePayload(grant.hash), agent.secretKey), agent.publicKey);
  for (let i = 2; i < count; i++) writer.append('input.refused', { n: i, nested: { b: [1, 2], a: null } }, 1000 + i);
  if (counterSignHead) {
    const head = writer.entries.at(-1)!;
    const r = writer.attachCounterSignature(head.index, nacl.sign.detached(logCounterSignaturePayload(head.hash), agent.secretKey), agent.publicKey);
    expect(r.ok).toBe(true);
  }
  return { writer, entries: writer.entries };
}

function outcome(entries: unknown, extra: Partial<Parameters<typeof verifyLog>[1]> = {}) {
  const r = verifyLog(entries, { ...opts, requireCounterSignedHead: true, ...extra });
  return r.ok ? 'ok' : `${r.index}:${r.reason}`;
}

describe('session log', () => {
  it('verifies an intact log and survives JSON lines round trip', () => {
    const { writer, entries } = buildLog();
    const result = verifyLog(entries, { ...opts, requireCounterSignedHead: true });
    expect(result).toEqual({ ok: true, head: writer.head, length: 5 });
    const parsed = parseLog(serializeLog(entries));
    expect(parsed.ok && outcome(parsed.value)).toBe('ok');
    expect(entries[0]!.prevHash).toBe('0'.repeat(128));
    expect(entries[1]!.prevHash).toBe(entries[0]!.hash);
  });

  it('names the first bad entry for edits, deletions, insertions and reordering', () => {
    const { entries } = buildLog(6);
    const edited = structuredClone(entries);
    (edited[3]!.data as { n: number }).n = 99;
    expect(outcome(edited)).toBe('3:hash-mismatch');
    const editedTs = structuredClone(entries);
    editedTs[2]!.ts += 1;
    expect(outcome(editedTs)).toBe('2:hash-mismatch');
    expect(outcome(entries.filter((_, i) => i !== 2))).toBe('2:index-mismatch');
    const inserted = [...entries.slice(0, 3), entries[1]!, ...entries.slice(3)];
    expect(outcome(inserted)).toBe('3:index-mismatch');
    const swapped = [entries[0], entries[2], entries[1], ...entries.slice(3)];
    expect(outcome(swapped)).toBe('1:index-mismatch');
    // a re-indexed deletion is caught by the chain
    const reindexed = structuredClone(entries.filter((_, i) => i !== 2)).map((e, i) => ({ ...e, index: i }));
    expect(outcome(reindexed)).toBe('2:broken-chain');
  });

  it('detects forged signatures, bad counter-signatures, and a truncated tail', () => {
    const { entries } = buildLog();
    const forger = new SessionLogWriter(nacl.sign.keyPair().secretKey);
    for (const e of entries) forger.append(e.kind, e.data, e.ts);
    expect(outcome(forger.entries, { requireCounterSignedHead: false })).toBe('0:bad-signature');
    const badCounter = structuredClone(entries);
    badCounter[1]!.counterSig = badCounter[4]!.counterSig;
    expect(outcome(badCounter)).toBe('1:bad-counter-signature');
    expect(outcome(entries.slice(0, 3))).toBe('2:missing-counter-signature');
    expect(outcome(entries.slice(0, 3), { requireCounterSignedHead: false })).toBe('ok');
    expect(outcome(entries, { agentPublicKey: undefined })).toBe('4:missing-counter-signature');
    expect(outcome([])).toBe('0:missing-counter-signature');
  });

  it('reports malformed entries and input', () => {
    const { entries } = buildLog();
    expect(outcome('nope')).toBe('0:malformed');
    for (const patch of [{ hash: 'xyz' }, { sig: 'AAAA' }, { extra: 1 }, { kind: 'BAD KIND' }, { data: [1] }, { index: -1 }]) {
      expect(outcome([entries[0], { ...entries[1], ...patch }]), JSON.stringify(patch)).toBe('1:malformed');
    }
    const parsed = parseLog('{"a":1}\n\nnot json\n');
    expect(!parsed.ok && parsed.error.detail).toContain('line 3');
  });

  it('binds to a genesis value and checks counter-signatures on attach', () => {
    const genesis = nacl.randomBytes(64);
    const writer = new SessionLogWriter(tech.secretKey, { genesis });
    const e = writer.append('session.start', {}, 5);
    expect(verifyLog(writer.entries, { ...opts, genesis }).ok).toBe(true);
    expect(outcome(writer.entries, { requireCounterSignedHead: false })).toBe('0:broken-chain');
    const wrong = writer.attachCounterSignature(e.index, nacl.sign.detached(logCounterSignaturePayload(e.hash), tech.secretKey), agent.publicKey);
    expect(!wrong.ok && wrong.error.code).toBe('E_AUTH_FAILED');
    expect(writer.attachCounterSignature(7, new Uint8Array(64), agent.publicKey).ok).toBe(false);
    expect(() => writer.append('x', { f: () => 1 } as never, 1)).toThrow(TypeError);
    expect(() => writer.append('Bad Kind', {}, 1)).toThrow(TypeError);
    expect(() => writer.append('x', {}, -1)).toThrow(RangeError);
  });
});
