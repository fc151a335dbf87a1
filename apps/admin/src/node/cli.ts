// `pnpm tether-admin <command>`: organisation identity administration (root, archive and technician keys,
// certificates, revocation). User errors print one line to stderr and exit with code 2.
import { CliError } from './cliError';
import { exportRoot } from './commands/exportRoot';
import { initOrg } from './commands/initOrg';
import { issue } from './commands/issue';
import { revoke } from './commands/revoke';
import { showCert } from './commands/showCert';

const HELP = `usage: tether-admin <command> [flags]

commands:
  init-org   --org NAME --out DIR [--force]        create root + archive key pairs and an empty revocation list
  issue      --root DIR --name NAME --employee-no NO --department DEPT --days N --out DIR [--serial S] [--force]
                                                   create a technician key pair and a certificate
  revoke     --root DIR --serial S                 add a certificate serial to the signed revocation list
  export-root --root DIR                           print the organisation name and root public key agents pin
  show-cert  FILE (--root DIR | --root-pub KEY --org NAME)
                                                   verify a certificate and print it
  help, --help                                     show this text`;

const COMMANDS: Record<string, (argv: string[]) => string> = {
  'init-org': initOrg,
  issue,
  revoke,
  'export-root': exportRoot,
  'show-cert': showCert,
};

export function runCli(argv: string[]): { code: number; stdout: string; stderr: string } {
  const [command, ...rest] = argv;
  if (!command || command === 'help' || command === '--help' || command === '-h') return { code: command ? 0 : 2, stdout: command ? HELP : '', stderr: command ? '' : HELP };
  const run = COMMANDS[command];
  if (!run) return { code: 2, stdout: '', stderr: `tether-admin: unknown command "${command}" (try --help)` };
  if (rest.includes('--help')) return { code: 0, stdout: HELP, stderr: '' };
  try {
    return { code: 0, stdout: run(rest), stderr: '' };
  } catch (error) {
    if (error instanceof CliError) return { code: 2, stdout: '', stderr: `tether-admin: ${error.message}` };
    return { code: 1, stdout: '', stderr: `tether-admin: internal error: ${error instanceof Error ? error.message : String(error)}` };
  }
}

const result = runCli(process.argv.slice(2));
if (result.stdout) process.stdout.write(`${result.stdout}\n`);
if (result.stderr) process.stderr.write(`${result.stderr}\n`);
process.exitCode = result.code;
