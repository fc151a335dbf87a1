import { describe, expect, it } from 'vitest';
import { certificateFingerprint, certificatePublicKey, certificateSigningBytes, generateRootKeyPair, generateTechnicianKeyPair, issueCertificate, verifyCertificate, type TechnicianCertificate } from '../src/index';

const root = generateRootKeyPair();
const tech = generateTechnicianKeyPair();
const NOW = 1_750_000_000_000;
const DAY = 86_400_000;

function issue(overrides: Partial<Parameters<typeof issueCertificate>[1]> = {}): TechnicianCertificate {
  return issueCertificate(root.secretKey, {
    name: 'Ada Lovelace', employeeNo: 'E-1001', department: 'Support', org: 'Acme',
    techPub: tech.publicKey, notBefore: NOW - DAY, notAfter: NOW + 30 * DAY, ...overrides,
  });
}
const opts = { rootPublicKey: root.publicKey, org: 'Acme', now: NOW };

function reasonOf(input: unknown, extra: Partial<typeof opts> & { revocations?: string[] } = {}) {
  const result = verifyCertificate(input, { ...opts, ...extra });
  return result.ok ? 'ok' : `${result.reason}/${result.error.code}`;
}

describe('technician certificates', () => {
  it('issues and verifies; JSON round trip keeps it valid', () => {
    const cert = issue();
    const result = verifyCertificate(JSON.parse(JSON.stringify(cert)), opts);
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.cert).toEqual(cert);
    expect(cert.serial).toMatch(/^[0-9a-f]{32}$/);
    expect([...certificatePublicKey(cert)]).toEqual([...tech.publicKey]);
  });

  it('signature does not depend on JSON key order', () => {
    const cert = issue({ serial: 'S-1' });
    const reordered = Object.fromEntries(Object.entries(cert).reverse());
    expect(reasonOf(reordered)).toBe('ok');
  });

  it('detects any edited field as a bad signature', () => {
    const cert = issue();
    const edits: Partial<TechnicianCertificate>[] = [
      { name: 'Mallory' }, { employeeNo: 'E-1002' }, { department: 'Sales' }, { serial: 'other' },
      { notAfter: cert.notAfter + 1 }, { notBefore: cert.notBefore - 1 }, { techPub: btoa(String.fromCharCode(...new Uint8Array(32).fill(9))) },
    ];
    for (const edit of edits) expect(reasonOf({ ...cert, ...edit }), JSON.stringify(edit)).toBe('bad-signature/E_CERT_BAD_SIGNATURE');
    const other = generateRootKeyPair();
    expect(reasonOf(cert, { rootPublicKey: other.publicKey })).toBe('bad-signature/E_CERT_BAD_SIGNATURE');
  });

  it('checks org, validity window and revocation', () => {
    const cert = issue({ serial: 'S-42' });
    expect(reasonOf(cert, { org: 'Evil Corp' })).toBe('wrong-org/E_CERT_WRONG_ORG');
    expect(reasonOf(cert, { now: cert.notAfter })).toBe('expired/E_CERT_EXPIRED');
    expect(reasonOf(cert, { now: cert.notAfter - 1 })).toBe('ok');
    expect(reasonOf(cert, { now: cert.notBefore - 1 })).toBe('not-yet-valid/E_CERT_NOT_YET_VALID');
    expect(reasonOf(cert, { revocations: ['S-1', 'S-42'] })).toBe('revoked/E_CERT_REVOKED');
    expect(reasonOf(cert, { revocations: ['S-1'] })).toBe('ok');
    const otherOrg = issue({ org: 'Other' });
    expect(reasonOf(otherOrg)).toBe('wrong-org/E_CERT_WRONG_ORG');
  });

  it('rejects malformed input strictly', () => {
    const cert = issue();
    const bad: unknown[] = [
      null, 'cert', [], 42, {}, { ...cert, v: 2 }, { ...cert, extra: 1 }, { ...cert, name: '' }, { ...cert, name: 'x'.repeat(201) },
      { ...cert, notAfter: '2030' }, { ...cert, notBefore: 1.5 }, { ...cert, notAfter: cert.notBefore },
      { ...cert, techPub: 'AAAA' }, { ...cert, signature: cert.signature.slice(4) }, { ...cert, signature: '!!!!' },
      { ...cert, serial: 'has space' }, { ...cert, serial: undefined },
    ];
    for (const input of bad) expect(reasonOf(input), JSON.stringify(input)).toBe('malformed/E_MALFORMED');
    const { signature: _s, ...missing } = cert;
    expect(reasonOf(missing)).toBe('malformed/E_MALFORMED');
  });

  it('binds an optional template id: with and without it the certificate verifies, and the signature covers it', () => {
    const plain = issue({ serial: 'S-plain' });
    const bound = issue({ serial: 'S-plain', template: 'helpdesk' });
    expect('template' in plain).toBe(false);
    expect(reasonOf(JSON.parse(JSON.stringify(plain)))).toBe('ok');
    const verified = verifyCertificate(JSON.parse(JSON.stringify(bound)), opts);
    expect(verified.ok && verified.cert.template).toBe('helpdesk');
    // the same fields without a template sign exactly the bytes of a certificate from before the field existed
    const { template: _t, ...withoutTemplate } = bound;
    expect([...certificateSigningBytes(withoutTemplate)]).toEqual([...certificateSigningBytes(plain)]);
    // tampering: change, strip or add the template id
    expect(reasonOf({ ...bound, template: 'field-full' })).toBe('bad-signature/E_CERT_BAD_SIGNATURE');
    expect(reasonOf(withoutTemplate)).toBe('bad-signature/E_CERT_BAD_SIGNATURE');
    expect(reasonOf({ ...plain, template: 'helpdesk' })).toBe('bad-signature/E_CERT_BAD_SIGNATURE');
    // shape
    expect(reasonOf({ ...bound, template: '' })).toBe('malformed/E_MALFORMED');
    expect(reasonOf({ ...bound, template: 'has space' })).toBe('malformed/E_MALFORMED');
    expect(() => issue({ template: 'x'.repeat(65) })).toThrow(RangeError);
    expect(certificateFingerprint(bound)).not.toBe(certificateFingerprint(plain));
  });

  it('throws on misuse', () => {
    expect(() => verifyCertificate(issue(), { ...opts, rootPublicKey: new Uint8Array(31) })).toThrow(RangeError);
    expect(() => verifyCertificate(issue(), { ...opts, rootPublicKey: 'key' as unknown as Uint8Array })).toThrow(TypeError);
    expect(() => issueCertificate(root.publicKey, { ...issue(), techPub: tech.publicKey })).toThrow(RangeError);
    expect(() => issue({ notAfter: NOW - 2 * DAY })).toThrow(RangeError);
  });

  it('has a stable fingerprint and domain-separated signing bytes', () => {
    const cert = issue({ serial: 'S-7' });
    expect(certificateFingerprint(cert)).toMatch(/^[0-9a-f]{32}$/);
    expect(certificateFingerprint(cert)).toBe(certificateFingerprint(JSON.parse(JSON.stringify(cert))));
    expect(certificateFingerprint(cert)).not.toBe(certificateFingerprint(issue({ serial: 'S-8' })));
    const bytes = certificateSigningBytes(cert);
    expect(new TextDecoder().decode(bytes.subarray(1, 22))).toBe('tether certificate v1');
  });
});
