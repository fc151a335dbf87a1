import { describe, expect, it } from 'vitest';
import { generateRootKeyPair, issueRevocationList, verifyRevocationList } from '../src/index';

const root = generateRootKeyPair();
const opts = { rootPublicKey: root.publicKey, org: 'Acme' };

describe('revocation lists', () => {
  it('issues sorted unique serials and verifies after a JSON round trip', () => {
    const list = issueRevocationList(root.secretKey, { org: 'Acme', issuedAt: 1000, serials: ['b', 'a', 'b'] });
    expect(list.serials).toEqual(['a', 'b']);
    const result = verifyRevocationList(JSON.parse(JSON.stringify(list)), opts);
    expect(result.ok && result.value).toEqual(list);
    expect(verifyRevocationList(issueRevocationList(root.secretKey, { org: 'Acme', issuedAt: 0, serials: [] }), opts).ok).toBe(true);
  });

  it('fails typed on tampering, wrong root, wrong org and bad shape', () => {
    const list = issueRevocationList(root.secretKey, { org: 'Acme', issuedAt: 1000, serials: ['a', 'b'] });
    const code = (input: unknown, o = opts) => { const r = verifyRevocationList(input, o); return r.ok ? 'ok' : r.error.code; };
    expect(code({ ...list, serials: ['a'] })).toBe('E_CERT_BAD_SIGNATURE');
    expect(code({ ...list, issuedAt: 999 })).toBe('E_CERT_BAD_SIGNATURE');
    expect(code(list, { ...opts, rootPublicKey: generateRootKeyPair().publicKey })).toBe('E_CERT_BAD_SIGNATURE');
    expect(code(list, { ...opts, org: 'Other' })).toBe('E_CERT_WRONG_ORG');
    for (const bad of [null, [], { ...list, serials: ['b', 'a'] }, { ...list, serials: [1] }, { ...list, x: 1 }, { ...list, signature: 'AAAA' }, { ...list, v: 2 }]) {
      expect(code(bad), JSON.stringify(bad)).toBe('E_MALFORMED');
    }
  });

  it('throws on misuse', () => {
    expect(() => issueRevocationList(root.publicKey, { org: 'Acme', issuedAt: 0, serials: [] })).toThrow(RangeError);
    expect(() => issueRevocationList(root.secretKey, { org: 'Acme', issuedAt: 0, serials: ['bad serial'] })).toThrow(RangeError);
  });
});
