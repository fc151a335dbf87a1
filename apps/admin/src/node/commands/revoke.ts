// `revoke --root DIR --serial S`: adds a serial to the organisation's signed revocation list.
import { writeFileSync } from 'node:fs';
import { issueRevocationList } from '@tether/crypto';
import { parseFlags, requireString } from '../args';
import { CliError } from '../cliError';
import { orgPaths } from '../keyFiles';
import { loadOrg, loadRootSecret } from '../orgDirectory';

export function revoke(argv: string[]): string {
  const args = parseFlags(argv, { root: { type: 'string' }, serial: { type: 'string' } }, 'revoke');
  const rootDir = requireString(args, 'root', 'revoke');
  const serial = requireString(args, 'serial', 'revoke').trim();
  if (!/^[A-Za-z0-9._-]{1,64}$/.test(serial)) throw new CliError(`revoke: "${serial}" is not a valid certificate serial`);
  const org = loadOrg(rootDir);
  if (org.revocations.serials.includes(serial)) return `serial ${serial} is already revoked`;
  const list = issueRevocationList(loadRootSecret(rootDir, org), { org: org.org, issuedAt: Date.now(), serials: [...org.revocations.serials, serial] });
  writeFileSync(orgPaths(rootDir).revocations, `${JSON.stringify(list, null, 2)}\n`);
  return `revoked ${serial}; ${list.serials.length} serial(s) on the list. Distribute ${orgPaths(rootDir).revocations} to relays and agents.`;
}
