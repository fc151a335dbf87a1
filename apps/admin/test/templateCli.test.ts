import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeKey } from '@tether/crypto';
import { verifyPermissionTemplate } from '@tether/recording';
import { runAdmin } from './runCli';

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'tether-template-'));
  expect(runAdmin('init-org', '--org', 'acme', '--out', join(dir, 'org')).code).toBe(0);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('tether-admin template', () => {
  it('creates a root-signed template that verifies, lists it, and flags an edited copy', () => {
    const file = join(dir, 'helpdesk.json');
    const created = runAdmin('template', 'create', '--root', join(dir, 'org'), '--name', 'Helpdesk', '--modes', 'view,region', '--files', '--max-minutes', '30', '--mask-title', 'password', '--mask-title', 'bank', '--out', file);
    expect(created.code, created.stderr).toBe(0);
    const rootPub = decodeKey(readFileSync(join(dir, 'org', 'root.pub'), 'utf8'), 'root-pub');
    if (!rootPub.ok) throw rootPub.error;
    const checked = verifyPermissionTemplate(JSON.parse(readFileSync(file, 'utf8')), { rootPublicKey: rootPub.value, org: 'acme' });
    expect(checked.ok && checked.value).toMatchObject({ id: 'helpdesk', modes: ['view', 'region'], clipboard: false, files: true, maxDurationMs: 1_800_000, maskTitles: ['password', 'bank'] });
    const edited = join(dir, 'edited.json');
    writeFileSync(edited, JSON.stringify({ ...JSON.parse(readFileSync(file, 'utf8')), clipboard: true }));
    const listed = runAdmin('template', 'list', '--root', join(dir, 'org'), file, edited);
    expect(listed.code).toBe(1);
    expect(listed.stdout).toMatch(/helpdesk {2}"Helpdesk" {2}modes view,region {2}clipboard no {2}files yes {2}max 30 min/);
    expect(listed.stdout).toMatch(/edited\.json: INVALID: .*not signed by the organisation root key/);
  });

  it('bad input: one line, exit 2', () => {
    for (const [args, fragment] of [
      [['template', 'create', '--root', join(dir, 'org'), '--name', 'X', '--modes', 'view,everything'], /"everything" is not one of/],
      [['template', 'create', '--root', join(dir, 'org'), '--name', 'X', '--max-minutes', '500'], /--max-minutes must be a whole number from 1 to 120/],
      [['template', 'create', '--root', join(dir, 'org'), '--name', 'X', '--mask-title', '('], /not a valid regular expression/],
      [['template', 'remove'], /expected create, list or publish/],
    ] as const) {
      const result = runAdmin(...args);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr).toMatch(fragment);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
