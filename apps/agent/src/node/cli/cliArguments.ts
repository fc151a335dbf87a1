// Command line of the headless agent: flags, and where the session code comes from (typed with --code,
// carried by an invite link, or by the one-time binary's file name). Bad input is a typed E_BAD_ARGUMENT
// failure with a one-line message; nothing here touches the network or the disk.
import { err, ok, type Result } from '@tether/protocol';

export interface CliArguments {
  code?: string;
  invite?: string;
  relay?: string;
  rootKey?: string;
  org?: string;
  config?: string;
  display?: string;
  files?: string;
  yesViewOnly: boolean;
  selfRemove: boolean;
  requireTemplate: boolean;
  help: boolean;
}

const VALUE_FLAGS = { '--code': 'code', '--invite': 'invite', '--relay': 'relay', '--root-key': 'rootKey', '--org': 'org', '--config': 'config', '--display': 'display', '--files': 'files' } as const;
const SWITCHES = { '--yes-view-only': 'yesViewOnly', '--self-remove': 'selfRemove', '--require-template': 'requireTemplate', '--help': 'help', '-h': 'help' } as const;

export const USAGE = `Usage: tether-agent --code 123456789 [--relay wss://...] [--root-key tether:root-pub:...] [--org NAME]
                    [--config FILE] [--display :N] [--files DIR] [--yes-view-only] [--self-remove] [--require-template]
       tether-agent --invite https://relay.example.org/join#123456789
The session code may also be carried by the program's file name (tether-agent-123456789).
Relay, root key and organisation come from the flags, else TETHER_RELAY_URL / TETHER_ORG_ROOT_KEY / TETHER_ORG,
else the config file (--config, TETHER_AGENT_CONFIG, or the one baked in at build time).`;

export function parseCliArguments(argv: readonly string[]): Result<CliArguments> {
  const out: CliArguments = { yesViewOnly: false, selfRemove: false, requireTemplate: false, help: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    const [flag, inline] = arg.startsWith('--') && arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    if (flag in SWITCHES) {
      if (inline !== undefined) return err('E_BAD_ARGUMENT', `${flag} takes no value`);
      out[SWITCHES[flag as keyof typeof SWITCHES]] = true;
    } else if (flag in VALUE_FLAGS) {
      const value = inline ?? argv[++i];
      if (value === undefined || value === '' || (inline === undefined && value.startsWith('--'))) return err('E_BAD_ARGUMENT', `${flag} needs a value`);
      const key = VALUE_FLAGS[flag as keyof typeof VALUE_FLAGS];
      if (out[key] !== undefined) return err('E_BAD_ARGUMENT', `${flag} given twice`);
      out[key] = value;
    } else if (arg.startsWith('-')) {
      return err('E_BAD_ARGUMENT', `unknown option ${arg} (see --help)`);
    } else if (out.invite === undefined && out.code === undefined) {
      // A bare argument: an invite link (a desktop opens the agent with the link) or a typed code.
      if (/^\s*[\d\s-]+$/.test(arg)) out.code = arg;
      else out.invite = arg;
    } else {
      return err('E_BAD_ARGUMENT', `unexpected argument ${arg.slice(0, 80)}`);
    }
  }
  return ok(out);
}

const CODE = /^[0-9]{9,16}$/;

/** A typed code: spaces and dashes people add while reading digits aloud are ignored. */
export function normaliseCode(typed: string): Result<string> {
  const digits = typed.replace(/[\s-]/g, '');
  if (!CODE.test(digits)) return err('E_BAD_ARGUMENT', `session code must be 9 to 16 digits (got "${typed.slice(0, 40)}")`);
  return ok(digits);
}

/** The code inside an invite link: `https://host/join#<code>`, `https://host/join/<code>` or `tether://join/<code>`. */
export function codeFromInvite(link: string): Result<string> {
  let url: URL;
  try {
    url = new URL(link.trim());
  } catch {
    return err('E_BAD_ARGUMENT', `invite link is not a URL: ${link.slice(0, 80)}`);
  }
  if (!['https:', 'http:', 'tether:'].includes(url.protocol)) return err('E_BAD_ARGUMENT', `invite link must be https:// or tether:// (got ${url.protocol})`);
  const path = url.protocol === 'tether:' ? `/${url.host}${url.pathname}` : url.pathname;
  const fromHash = /^\/join\/?$/.test(path) ? url.hash.replace(/^#/, '') : undefined;
  const fromPath = /^\/join\/([^/]+)\/?$/.exec(path)?.[1];
  const candidate = fromHash || fromPath;
  if (!candidate) return err('E_BAD_ARGUMENT', 'invite link carries no session code (expected .../join#<digits>)');
  return normaliseCode(decodeURIComponent(candidate));
}

/** `tether-agent-123456789`, `Tether-Support-123456789.AppImage`, `tether-agent-123456789 (1).exe`. */
export function codeFromFileName(name: string): string | undefined {
  const m = /(?:^|[-_ ])([0-9]{9,16})(?:\s*\(\d+\))?(?:\.(?:AppImage|exe|app|dmg|bin|run))?$/i.exec(name);
  return m?.[1];
}

/** Flags first (--code, then --invite), then the program's file names. */
export function resolveSessionCode(args: Pick<CliArguments, 'code' | 'invite'>, fileNames: readonly string[]): Result<string> {
  if (args.code !== undefined && args.invite !== undefined) return err('E_BAD_ARGUMENT', 'give either --code or --invite, not both');
  if (args.code !== undefined) return normaliseCode(args.code);
  if (args.invite !== undefined) return codeFromInvite(args.invite);
  for (const name of fileNames) {
    const code = codeFromFileName(name);
    if (code) return ok(code);
  }
  return err('E_BAD_ARGUMENT', 'no session code: use --code 123456789, --invite <link>, or start the program your technician sent you');
}
