// `issue --root DIR --name N --employee-no E --department D --days N --out DIR [--serial S] [--template ID] [--force]`:
// a technician key pair and a certificate signed by the organisation root. --template binds the technician to
// one permission template: the agent then refuses consent unless the console sends exactly that template.
import { certificateFingerprint, encodeKey, generateTechnicianKeyPair, issueCertificate } from '@tether/crypto';
import { TEMPLATE_ID_PATTERN } from '@tether/protocol';
import { optionalString, parseFlags, requirePositiveInteger, requireString } from '../args';
import { CliError } from '../cliError';
import { techPaths, writeOutputFiles } from '../keyFiles';
import { loadOrg, loadRootSecret } from '../orgDirectory';

const DAY_MS = 86_400_000;

export function issue(argv: string[]): string {
  const spec = {
    root: { type: 'string' }, name: { type: 'string' }, 'employee-no': { type: 'string' }, department: { type: 'string' },
    days: { type: 'string' }, out: { type: 'string' }, serial: { type: 'string' }, template: { type: 'string' }, force: { type: 'boolean' },
  } as const;
  const args = parseFlags(argv, spec, 'issue');
  const rootDir = requireString(args, 'root', 'issue');
  const fields = {
    name: requireString(args, 'name', 'issue').trim(),
    employeeNo: requireString(args, 'employee-no', 'issue').trim(),
    department: requireString(args, 'department', 'issue').trim(),
  };
  const days = requirePositiveInteger(args, 'days', 'issue', 3650);
  const out = requireString(args, 'out', 'issue');
  const templateId = optionalString(args, 'template');
  if (templateId !== undefined && !TEMPLATE_ID_PATTERN.test(templateId)) throw new CliError(`issue: --template must be a template id (1-64 of A-Z a-z 0-9 _ -), got "${templateId}"`);
  const org = loadOrg(rootDir);
  const rootSecret = loadRootSecret(rootDir, org);
  const tech = generateTechnicianKeyPair();
  const now = Date.now();
  let certificate;
  try {
    certificate = issueCertificate(rootSecret, { ...fields, serial: optionalString(args, 'serial'), org: org.org, techPub: tech.publicKey, notBefore: now, notAfter: now + days * DAY_MS, ...(templateId !== undefined ? { template: templateId } : {}) });
  } catch (error) {
    throw new CliError(`issue: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (org.revocations.serials.includes(certificate.serial)) throw new CliError(`issue: serial ${certificate.serial} is revoked; choose another`);
  const paths = techPaths(out);
  writeOutputFiles(out, [
    { path: paths.techSec, content: `${encodeKey('tech-sec', tech.secretKey)}\n`, secret: true },
    { path: paths.techPub, content: `${encodeKey('tech-pub', tech.publicKey)}\n`, secret: false },
    { path: paths.certificate, content: `${JSON.stringify(certificate, null, 2)}\n`, secret: false },
  ], args.flags.force === true);
  return [`issued certificate ${certificate.serial} for ${certificate.name} (${certificate.employeeNo}, ${certificate.department}, ${certificate.org})`,
    `valid until ${new Date(certificate.notAfter).toISOString()}`, ...(certificate.template !== undefined ? [`must work under permission template "${certificate.template}"`] : []), `fingerprint ${certificateFingerprint(certificate)}`, `written to ${out}`].join('\n');
}
