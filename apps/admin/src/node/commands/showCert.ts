// `show-cert FILE (--root DIR | --root-pub KEY --org NAME)`: verifies a certificate and prints it.
import { certificateFingerprint, decodeKey, verifyCertificate } from '@tether/crypto';
import { optionalString, parseFlags } from '../args';
import { CliError } from '../cliError';
import { readJson } from '../keyFiles';
import { loadOrg } from '../orgDirectory';

export function showCert(argv: string[]): string {
  const args = parseFlags(argv, { root: { type: 'string' }, 'root-pub': { type: 'string' }, org: { type: 'string' } }, 'show-cert');
  const file = args.positionals[0];
  if (!file || args.positionals.length > 1) throw new CliError('show-cert: expected exactly one certificate file');
  const trust = resolveTrust(args.flags.root, optionalString(args, 'root-pub'), optionalString(args, 'org'));
  const result = verifyCertificate(readJson(file, 'certificate file'), { ...trust, now: Date.now() });
  if (!result.ok) throw new CliError(`${file}: certificate rejected (${result.reason}): ${result.error.detail ?? result.error.message}`);
  const c = result.cert;
  return [
    `certificate ${c.serial}: valid`,
    `  name:        ${c.name}`, `  employee no: ${c.employeeNo}`, `  department:  ${c.department}`, `  org:         ${c.org}`,
    `  valid from:  ${new Date(c.notBefore).toISOString()}`, `  valid until: ${new Date(c.notAfter).toISOString()}`,
    `  template:    ${c.template ?? '(none: not bound to a permission template)'}`,
    `  tech key:    tether:tech-pub:${c.techPub}`, `  fingerprint: ${certificateFingerprint(c)}`,
  ].join('\n');
}

function resolveTrust(root: unknown, rootPub: string | undefined, org: string | undefined) {
  if (typeof root === 'string') {
    const dir = loadOrg(root);
    return { rootPublicKey: dir.rootPublicKey, org: dir.org, revocations: dir.revocations.serials };
  }
  if (rootPub === undefined || org === undefined) throw new CliError('show-cert: pass --root DIR, or --root-pub KEY and --org NAME');
  const key = decodeKey(rootPub, 'root-pub');
  if (!key.ok) throw new CliError(`show-cert: --root-pub: ${key.error.detail ?? key.error.message}`);
  return { rootPublicKey: key.value, org };
}
