// `pnpm tether-admin <command>`: organisation identity administration (root, archive and technician keys,
// certificates, revocation), archive admin keys, the recording archive and permission templates.
// User errors print one line to stderr and exit with code 2; a failed verification exits with code 1.
import { CliError, type CommandOutput } from './cliError';
import { adminKey } from './commands/adminKey';
import { archive } from './commands/archive';
import { template } from './commands/template';
import { exportRoot } from './commands/exportRoot';
import { initOrg } from './commands/initOrg';
import { issue } from './commands/issue';
import { revoke } from './commands/revoke';
import { showCert } from './commands/showCert';

const HELP = `usage: tether-admin <command> [flags]

commands:
  init-org   --org NAME --out DIR [--force]        create root + archive key pairs and an empty revocation list
  issue      --root DIR --name NAME --employee-no NO --department DEPT --days N --out DIR [--serial S]
             [--template ID] [--force]             create a technician key pair and a certificate (bound to a
                                                   permission template with --template)
  revoke     --root DIR --serial S                 add a certificate serial to the signed revocation list
  export-root --root DIR                           print the organisation name and root public key agents pin
  show-cert  FILE (--root DIR | --root-pub KEY --org NAME)
                                                   verify a certificate and print it
  admin-key  --out DIR [--force]                   create an archive admin key pair (admin.sec 0600, admin.pub)
  archive list|search [--technician SERIAL] [--customer-ref REF] [--from DATE] [--to DATE] [--json]
             --relay URL --admin-key FILE          list / search the organisation's archived sessions
  archive fetch SESSION --relay URL --admin-key FILE (--root DIR | --sealed) --out FILE
                                                   download a session and open it with the archive key
  archive verify (SESSION --relay URL --admin-key FILE | --bundle FILE) --root DIR
                                                   check the manifest, certificate, log chain and both signatures
  archive export SESSION --relay URL (--admin-key FILE --root DIR | --customer-token TOKEN [--root-pub KEY])
             --out DIR [--force]                   playable video + verified log.json + report.html
  template create --root DIR --name NAME [--modes view,region,full] [--clipboard] [--files]
             [--max-minutes N] [--mask-title PATTERN ...] [--valid-days N (default 90)] [--id ID] [--out FILE]
                                                   a permission template signed by the organisation root
  template list --root DIR FILE...                 verify and print templates (expired ones are INVALID)
  template publish FILE --relay URL --admin-key FILE
                                                   put a template in the relay's template directory
  help, --help                                     show this text`;

const COMMANDS: Record<string, (argv: string[]) => CommandOutput | Promise<CommandOutput>> = {
  'init-org': initOrg,
  issue,
  revoke,
  'export-root': exportRoot,
  'show-cert': showCert,
  'admin-key': adminKey,
  archive,
  template,
};

export async function runCli(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { code: command ? 0 : 2, stdout: command ? HELP : '', stderr: command ? '' : HELP };
  const run = COMMANDS[command];
  if (!run) return { code: 2, stdout: '', stderr: `tether-admin: unknown command "${command}" (try --help)` };
  if (rest.includes('--help')) return { code: 0, stdout: HELP, stderr: '' };
  try {
    const output = await run(rest);
    return typeof output === 'string' ? { code: 0, stdout: output, stderr: '' } : { code: output.code, stdout: output.stdout, stderr: '' };
  } catch (error) {
    if (error instanceof CliError) return { code: 2, stdout: '', stderr: `tether-admin: ${error.message}` };
    return { code: 1, stdout: '', stderr: `tether-admin: internal error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const result = await runCli(process.argv.slice(2));
if (result.stdout) process.stdout.write(`${result.stdout}\n`);
if (result.stderr) process.stderr.write(`${result.stderr}\n`);
process.exitCode = result.code;
