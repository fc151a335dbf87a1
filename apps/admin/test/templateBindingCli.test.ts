// tether-admin for template binding and serving, run as a child process: `template create --valid-days`,
// `issue --template` (+ show-cert), and `template publish` against a real relay with a template directory.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeKey, verifyCertificate } from '@tether/crypto';
import { decodeAdminKey, encodeAdminKey } from '@tether/recording';
import { startRelay, type RunningRelay } from '../../relay/src/node/index';
import { createTemplateDirectory, type TemplateDirectory } from '../../relay/src/node/templates/index';
import { runAdmin, runAdminAsync } from './runCli';

const DAY = 86_400_000;
let dir: string;
let relay: RunningRelay;
let directory: TemplateDirectory;
const orgDir = () => join(dir, 'org');

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'tether-template-bind-'));
  expect(runAdmin('init-org', '--org', 'acme', '--out', orgDir()).code).toBe(0);
  expect(runAdmin('admin-key', '--out', join(dir, 'admin')).code).toBe(0);
  const rootPub = decodeKey(readFileSync(join(orgDir(), 'root.pub'), 'utf8'), 'root-pub');
  const adminSec = decodeAdminKey(readFileSync(join(dir, 'admin', 'admin.sec'), 'utf8'), 'admin-sec');
  if (!rootPub.ok || !adminSec.ok) throw new Error('key files');
  directory = createTemplateDirectory({
    dir: join(dir, 'served'),
    organisations: [{ org: 'acme', rootPublicKey: rootPub.value, adminKeys: [encodeAdminKey('admin-pub', adminSec.value.subarray(32))] }],
  });
  relay = await startRelay({ port: 0, host: '127.0.0.1' }, { templates: directory });
});
afterAll(async () => {
  await relay?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('tether-admin template binding', () => {
  it('template create signs an expiry: 90 days by default, --valid-days N otherwise', () => {
    const byDefault = join(dir, 'default.json');
    const short = join(dir, 'short.json');
    expect(runAdmin('template', 'create', '--root', orgDir(), '--name', 'Helpdesk', '--out', byDefault).code).toBe(0);
    const created = runAdmin('template', 'create', '--root', orgDir(), '--name', 'Short', '--valid-days', '7', '--out', short);
    expect(created.code, created.stderr).toBe(0);
    expect(created.stdout).toMatch(/valid until \d{4}-/);
    const a = JSON.parse(readFileSync(byDefault, 'utf8')) as { issuedAt: number; notAfter: number };
    const b = JSON.parse(readFileSync(short, 'utf8')) as { issuedAt: number; notAfter: number };
    expect(a.notAfter - a.issuedAt).toBe(90 * DAY);
    expect(b.notAfter - b.issuedAt).toBe(7 * DAY);
    expect(runAdmin('template', 'list', '--root', orgDir(), short).stdout).toMatch(/until \d{4}-\d\d-\d\d/);
    const bad = runAdmin('template', 'create', '--root', orgDir(), '--name', 'X', '--valid-days', '0');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--valid-days must be a whole number from 1 to 3650/);
  });

  it('issue --template binds the certificate (signed), show-cert prints it; a bad id exits 2', () => {
    const out = join(dir, 'tech-bound');
    const issued = runAdmin('issue', '--root', orgDir(), '--name', 'Ada', '--employee-no', 'E-1', '--department', 'Support', '--days', '30', '--template', 'helpdesk', '--out', out);
    expect(issued.code, issued.stderr).toBe(0);
    expect(issued.stdout).toMatch(/must work under permission template "helpdesk"/);
    const cert = JSON.parse(readFileSync(join(out, 'certificate.json'), 'utf8')) as { template?: string };
    expect(cert.template).toBe('helpdesk');
    const rootPub = decodeKey(readFileSync(join(orgDir(), 'root.pub'), 'utf8'), 'root-pub');
    if (!rootPub.ok) throw rootPub.error;
    expect(verifyCertificate(cert, { rootPublicKey: rootPub.value, org: 'acme', now: Date.now() }).ok).toBe(true);
    expect(runAdmin('show-cert', join(out, 'certificate.json'), '--root', orgDir()).stdout).toMatch(/template: {4}helpdesk/);
    writeFileSync(join(dir, 'edited-cert.json'), JSON.stringify({ ...cert, template: 'field-full' }));
    expect(runAdmin('show-cert', join(dir, 'edited-cert.json'), '--root', orgDir()).code).toBe(2);
    const bad = runAdmin('issue', '--root', orgDir(), '--name', 'Ada', '--employee-no', 'E-1', '--department', 'Support', '--days', '30', '--template', 'help desk', '--out', join(dir, 'x'));
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/--template must be a template id/);
  });

  it('template publish: exit 0 when the relay stores it, 2 with one line when refused or unreachable', async () => {
    const file = join(dir, 'publish.json');
    expect(runAdmin('template', 'create', '--root', orgDir(), '--name', 'Helpdesk', '--id', 'helpdesk', '--out', file).code).toBe(0);
    const adminKey = join(dir, 'admin', 'admin.sec');
    const ok = await runAdminAsync('template', 'publish', file, '--relay', relay.httpUrl, '--admin-key', adminKey);
    expect(ok.code, ok.stderr).toBe(0);
    expect(ok.stdout).toMatch(/published template "Helpdesk" \(helpdesk\) of acme/);
    expect(await directory.store.get('acme', 'helpdesk')).toEqual(JSON.parse(readFileSync(file, 'utf8')));

    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), files: true }));
    const forged = await runAdminAsync('template', 'publish', edited, '--relay', relay.httpUrl, '--admin-key', adminKey);
    expect(forged.code).toBe(2);
    expect(forged.stderr).toMatch(/template publish: the relay answered 401 E_AUTH_FAILED: template "helpdesk" is not signed/);
    expect(forged.stderr.trim().split('\n')).toHaveLength(1);

    const stranger = join(dir, 'stranger');
    expect(runAdmin('admin-key', '--out', stranger).code).toBe(0);
    const unknown = await runAdminAsync('template', 'publish', file, '--relay', relay.httpUrl, '--admin-key', join(stranger, 'admin.sec'));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/401 E_AUTH_FAILED: unknown admin key/);

    const unreachable = await runAdminAsync('template', 'publish', file, '--relay', 'http://127.0.0.1:9', '--admin-key', adminKey);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toMatch(/cannot reach the relay/);
    for (const args of [['template', 'publish', file, '--admin-key', adminKey], ['template', 'publish', '--relay', relay.httpUrl, '--admin-key', adminKey], ['template', 'publish', join(dir, 'missing.json'), '--relay', relay.httpUrl, '--admin-key', adminKey]]) {
      const result = await runAdminAsync(...args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  }, 60_000);
});
