import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeKey, issueCertificate, verifyCertificate, verifyRevocationList } from '@tether/crypto';
import { toBase64 } from '@tether/protocol';
import { runAdmin } from './runCli';

let dir: string;
const org = () => join(dir, 'org');
const ada = () => join(dir, 'ada');

function expectUserError(result: ReturnType<typeof runAdmin>, fragment: string) {
  expect(result.code).toBe(2);
  expect(result.stderr).toContain(fragment);
  expect(result.stderr.trim().split('\n')).toHaveLength(1);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

function rootKeys() {
  const rootSec = decodeKey(readFileSync(join(org(), 'root.sec'), 'utf8'), 'root-sec');
  const rootPub = decodeKey(readFileSync(join(org(), 'root.pub'), 'utf8'), 'root-pub');
  if (!rootSec.ok || !rootPub.ok) throw new Error('bad key files');
  return { secretKey: rootSec.value, publicKey: rootPub.value };
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tether-admin-'));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tether-admin', () => {
  it('init-org writes keys (secrets 0600), a signed empty revocation list, and refuses to overwrite', () => {
    const result = runAdmin('init-org', '--org', 'Acme Support', '--out', org());
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(join(org(), 'root.sec')).mode & 0o777).toBe(0o600);
    expect(statSync(join(org(), 'archive.sec')).mode & 0o777).toBe(0o600);
    expect(decodeKey(readFileSync(join(org(), 'archive.sec'), 'utf8'), 'archive-sec').ok).toBe(true);
    const list = verifyRevocationList(JSON.parse(readFileSync(join(org(), 'revocations.json'), 'utf8')), { rootPublicKey: rootKeys().publicKey, org: 'Acme Support' });
    expect(list.ok && list.value.serials).toEqual([]);
    const before = readFileSync(join(org(), 'root.sec'), 'utf8');
    expectUserError(runAdmin('init-org', '--org', 'Acme Support', '--out', org()), 'refusing to overwrite');
    expect(readFileSync(join(org(), 'root.sec'), 'utf8')).toBe(before);
  });

  it('export-root prints what agents pin', () => {
    const result = runAdmin('export-root', '--root', org());
    expect(result.code).toBe(0);
    const pinned = JSON.parse(result.stdout) as { org: string; rootPublicKey: string };
    expect(pinned.org).toBe('Acme Support');
    expect(decodeKey(pinned.rootPublicKey, 'root-pub')).toEqual({ ok: true, value: rootKeys().publicKey });
  });

  it('issue writes a technician key pair and a certificate that verifies; show-cert prints it', () => {
    const result = runAdmin('issue', '--root', org(), '--name', 'Ada Lovelace', '--employee-no', 'E-1001', '--department', 'Support', '--days', '30', '--out', ada(), '--serial', 'ADA-1');
    expect(result.code, result.stderr).toBe(0);
    expect(statSync(join(ada(), 'tech.sec')).mode & 0o777).toBe(0o600);
    const cert = JSON.parse(readFileSync(join(ada(), 'certificate.json'), 'utf8')) as unknown;
    const verified = verifyCertificate(cert, { rootPublicKey: rootKeys().publicKey, org: 'Acme Support', now: Date.now() });
    expect(verified.ok).toBe(true);
    const techPub = decodeKey(readFileSync(join(ada(), 'tech.pub'), 'utf8'), 'tech-pub');
    expect(techPub.ok && verified.ok && verified.cert.techPub === toBase64(techPub.value)).toBe(true);
    const shown = runAdmin('show-cert', join(ada(), 'certificate.json'), '--root', org());
    expect(shown.code, shown.stderr).toBe(0);
    expect(shown.stdout).toContain('Ada Lovelace');
    expect(shown.stdout).toContain('E-1001');
    const pinned = JSON.parse(runAdmin('export-root', '--root', org()).stdout) as { rootPublicKey: string };
    expect(runAdmin('show-cert', join(ada(), 'certificate.json'), '--root-pub', pinned.rootPublicKey, '--org', 'Acme Support').code).toBe(0);
    expectUserError(runAdmin('show-cert', join(ada(), 'certificate.json'), '--root-pub', pinned.rootPublicKey, '--org', 'Other'), 'wrong-org');
    expectUserError(runAdmin('issue', '--root', org(), '--name', 'Ada', '--employee-no', 'E', '--department', 'S', '--days', '1', '--out', ada()), 'refusing to overwrite');
  });

  it('revoke updates the signed list and show-cert then rejects the certificate', () => {
    const result = runAdmin('revoke', '--root', org(), '--serial', 'ADA-1');
    expect(result.code, result.stderr).toBe(0);
    const list = verifyRevocationList(JSON.parse(readFileSync(join(org(), 'revocations.json'), 'utf8')), { rootPublicKey: rootKeys().publicKey, org: 'Acme Support' });
    expect(list.ok && list.value.serials).toEqual(['ADA-1']);
    expectUserError(runAdmin('show-cert', join(ada(), 'certificate.json'), '--root', org()), 'revoked');
  });

  it('rejects bad input with one line and exit code 2', () => {
    const { secretKey } = rootKeys();
    const expired = issueCertificate(secretKey, { serial: 'OLD-1', name: 'Old', employeeNo: 'E-0', department: 'S', org: 'Acme Support', techPub: new Uint8Array(32), notBefore: 1000, notAfter: 2000 });
    writeFileSync(join(dir, 'expired.json'), JSON.stringify(expired));
    expectUserError(runAdmin('show-cert', join(dir, 'expired.json'), '--root', org()), 'expired');
    writeFileSync(join(dir, 'broken.json'), '{ not json');
    expectUserError(runAdmin('show-cert', join(dir, 'broken.json'), '--root', org()), 'not valid JSON');
    expectUserError(runAdmin('show-cert', join(dir, 'missing.json'), '--root', org()), 'not found');
    expectUserError(runAdmin('show-cert', join(ada(), 'certificate.json')), 'pass --root DIR');
    expectUserError(runAdmin('issue', '--root', org(), '--name', 'X', '--employee-no', 'E', '--department', 'S', '--out', join(dir, 'x')), 'missing required flag --days');
    expectUserError(runAdmin('issue', '--root', org(), '--name', 'X', '--employee-no', 'E', '--department', 'S', '--days', 'ten', '--out', join(dir, 'x')), '--days must be a whole number');
    expectUserError(runAdmin('init-org', '--org', 'X', '--out', join(dir, 'y'), '--bogus'), 'bogus');
    expectUserError(runAdmin('frobnicate'), 'unknown command');
    expectUserError(runAdmin('export-root', '--root', join(dir, 'nowhere')), 'not found');
    // a technician key where the root secret key belongs
    const wrongKind = join(dir, 'wrong-kind');
    expect(runAdmin('init-org', '--org', 'W', '--out', wrongKind).code).toBe(0);
    writeFileSync(join(wrongKind, 'root.sec'), readFileSync(join(ada(), 'tech.sec')));
    expectUserError(runAdmin('revoke', '--root', wrongKind, '--serial', 'S-1'), 'wrong key kind: expected root-sec, got tech-sec');
  });

  it('prints help', () => {
    const result = runAdmin('--help');
    expect(result.code).toBe(0);
    for (const command of ['init-org', 'issue', 'revoke', 'export-root', 'show-cert']) expect(result.stdout).toContain(command);
    expect(runAdmin().code).toBe(2);
  });
});
