// `template create|list|publish`: permission templates signed by the organisation root key. The agent
// verifies a template against the root key it pins and never grants more than it allows; a template expires
// after --valid-days (default 90) so an old, looser version cannot be used forever. `publish` puts a
// template in the relay's directory, where technicians' consoles fetch it (see docs/archive.md).
import { existsSync, writeFileSync } from 'node:fs';
import { SCOPE_MODES, type ScopeMode } from '@tether/protocol';
import { DEFAULT_TEMPLATE_VALID_DAYS, TemplateDirectoryClient, decodeAdminKey, signPermissionTemplate, verifyPermissionTemplate } from '@tether/recording';
import { relayUrl, remote } from '../archive/archiveAccess';
import { optionalString, parseFlags, requireString } from '../args';
import { CliError, type CommandOutput } from '../cliError';
import { readJson, readText } from '../keyFiles';
import { loadOrg, loadRootSecret } from '../orgDirectory';

const TWO_HOURS_MIN = 120;
const DAY_MS = 86_400_000;
const MAX_VALID_DAYS = 3650;

function create(argv: string[]): string {
  const spec = {
    root: { type: 'string' }, name: { type: 'string' }, id: { type: 'string' }, modes: { type: 'string' }, clipboard: { type: 'boolean' },
    files: { type: 'boolean' }, 'max-minutes': { type: 'string' }, 'mask-title': { type: 'string', multiple: true }, out: { type: 'string' }, force: { type: 'boolean' },
    'valid-days': { type: 'string' },
  } as const;
  const args = parseFlags(argv, spec, 'template create');
  if (args.positionals.length > 0) throw new CliError(`template create: unexpected argument "${args.positionals[0]}"`);
  const rootDir = requireString(args, 'root', 'template create');
  const name = requireString(args, 'name', 'template create').trim();
  const id = optionalString(args, 'id') ?? name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 64);
  const modes = (optionalString(args, 'modes') ?? 'view').split(',').map((m) => m.trim()).filter(Boolean);
  for (const m of modes) if (!SCOPE_MODES.includes(m as ScopeMode)) throw new CliError(`template create: --modes: "${m}" is not one of ${SCOPE_MODES.join(', ')}`);
  if (!modes.includes('view')) modes.unshift('view');
  const minutesText = optionalString(args, 'max-minutes') ?? String(TWO_HOURS_MIN);
  const minutes = Number(minutesText);
  if (!/^\d+$/.test(minutesText) || minutes < 1 || minutes > TWO_HOURS_MIN) throw new CliError(`template create: --max-minutes must be a whole number from 1 to ${TWO_HOURS_MIN}, got "${minutesText}"`);
  const maskTitles = (args.flags['mask-title'] as string[] | undefined) ?? [];
  const daysText = optionalString(args, 'valid-days') ?? String(DEFAULT_TEMPLATE_VALID_DAYS);
  const days = Number(daysText);
  if (!/^\d+$/.test(daysText) || days < 1 || days > MAX_VALID_DAYS) throw new CliError(`template create: --valid-days must be a whole number from 1 to ${MAX_VALID_DAYS}, got "${daysText}"`);
  const issuedAt = Date.now();
  const org = loadOrg(rootDir);
  const rootSecret = loadRootSecret(rootDir, org);
  let template;
  try {
    template = signPermissionTemplate(rootSecret, {
      id, name, org: org.org, modes: [...new Set(modes)] as ScopeMode[], clipboard: args.flags.clipboard === true, files: args.flags.files === true,
      maxDurationMs: minutes * 60_000, maskTitles, issuedAt, notAfter: issuedAt + days * DAY_MS,
    });
  } catch (error) {
    throw new CliError(`template create: ${error instanceof Error ? error.message : String(error)}`);
  }
  const text = `${JSON.stringify(template, null, 2)}\n`;
  const out = optionalString(args, 'out');
  if (out === undefined) return text.trimEnd();
  if (existsSync(out) && args.flags.force !== true) throw new CliError(`${out} already exists; refusing to overwrite (use --force)`);
  writeFileSync(out, text, { mode: 0o644 });
  return `template "${template.name}" (${template.id}) signed by the ${template.org} root key, valid until ${new Date(issuedAt + days * DAY_MS).toISOString()}, written to ${out}`;
}

function list(argv: string[]): CommandOutput {
  const args = parseFlags(argv, { root: { type: 'string' }, json: { type: 'boolean' } }, 'template list');
  const org = loadOrg(requireString(args, 'root', 'template list'));
  if (args.positionals.length === 0) throw new CliError('template list: give one or more template files');
  const lines: string[] = [];
  const valid: unknown[] = [];
  let bad = 0;
  for (const file of args.positionals) {
    const checked = verifyPermissionTemplate(readJson(file, 'template file'), { rootPublicKey: org.rootPublicKey, org: org.org, now: Date.now() });
    if (!checked.ok) {
      bad++;
      lines.push(`${file}: INVALID: ${checked.error.detail ?? checked.error.message}`);
      continue;
    }
    const t = checked.value;
    valid.push(t);
    lines.push(`${t.id}  "${t.name}"  modes ${t.modes.join(',')}  clipboard ${t.clipboard ? 'yes' : 'no'}  files ${t.files ? 'yes' : 'no'}  max ${t.maxDurationMs / 60_000} min  masks ${t.maskTitles.length ? t.maskTitles.join(' | ') : '-'}  until ${t.notAfter !== undefined ? new Date(t.notAfter).toISOString().slice(0, 10) : 'no expiry'}`);
  }
  return { code: bad > 0 ? 1 : 0, stdout: args.flags.json === true ? JSON.stringify(valid, null, 2) : lines.join('\n') };
}

async function publish(argv: string[]): Promise<string> {
  const args = parseFlags(argv, { relay: { type: 'string' }, 'admin-key': { type: 'string' } }, 'template publish');
  if (args.positionals.length !== 1) throw new CliError('template publish: give exactly one template file');
  const file = args.positionals[0] as string;
  const relay = relayUrl(args, 'template publish');
  const keyFile = requireString(args, 'admin-key', 'template publish');
  const key = decodeAdminKey(readText(keyFile, 'admin key file'), 'admin-sec');
  if (!key.ok) throw new CliError(`${keyFile}: ${key.error.detail ?? key.error.message}`);
  const value = readJson(file, 'template file');
  if (typeof value !== 'object' || value === null || typeof (value as { id?: unknown }).id !== 'string') throw new CliError(`${file}: not a permission template (no id)`);
  const client = new TemplateDirectoryClient(relay, { kind: 'admin', secretKey: key.value }, (url, init) => fetch(url, init));
  const stored = await remote('template publish', () => client.publish(value as Parameters<TemplateDirectoryClient['publish']>[0]));
  return `published template "${stored.name}" (${stored.id}) of ${stored.org} to ${relay}/templates/v1/${stored.id}`;
}

export function template(argv: string[]): CommandOutput | Promise<CommandOutput> {
  const [sub, ...rest] = argv;
  if (sub === 'create') return create(rest);
  if (sub === 'list') return list(rest);
  if (sub === 'publish') return publish(rest);
  throw new CliError(`template: expected create, list or publish${sub ? `, got "${sub}"` : ''}`);
}
