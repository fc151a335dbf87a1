// `archive list|search|fetch|verify|export`: the organisation's recording archive from the admin's side.
// Requests are signed with the admin key; sessions are opened locally with the archive secret key (the
// relay only ever holds ciphertext); a customer export opens the customer's own copy with their token.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeKey } from '@tether/crypto';
import { exportSession, serializeSessionBundle, verifySession, type ArchiveItem, type SessionBundle } from '@tether/recording';
import type { ArchiveQuery } from '@tether/recording/node';
import { optionalString, parseFlags, requireString, type ParsedArgs } from '../args';
import { CliError, type CommandOutput } from '../cliError';
import { adminClient, customerClient, loadArchiveKeys, openCustomerCopy, openSealed, readBundleFile, remote, sessionIdArgument } from '../archive/archiveAccess';

const CONNECTION = { relay: { type: 'string' }, 'admin-key': { type: 'string' } } as const;

function parseDate(text: string | undefined, flag: string, endOfDay: boolean): number | undefined {
  if (text === undefined) return undefined;
  if (/^\d{1,16}$/.test(text)) return Number(text);
  const dayOnly = /^\d{4}-\d{2}-\d{2}$/.test(text);
  const ms = Date.parse(dayOnly ? `${text}T00:00:00Z` : text);
  if (!Number.isFinite(ms)) throw new CliError(`archive: --${flag} must be a date (2024-05-31, an ISO time or epoch ms), got "${text}"`);
  return dayOnly && endOfDay ? ms + 86_400_000 - 1 : ms;
}

function itemLine(item: ArchiveItem): string {
  const size = item.blobs.org?.size ?? 0;
  return [item.sessionId, new Date(item.startedAt).toISOString(), `${item.technicianName} (${item.technicianSerial})`,
    item.customerRef ?? '-', `${size} bytes`, item.storage, item.legalHold ? 'hold' : '', item.complete ? '' : 'incomplete'].filter((s) => s !== '').join('  ');
}

async function list(argv: string[], requireFilter: boolean): Promise<string> {
  const command = requireFilter ? 'archive search' : 'archive list';
  const args = parseFlags(argv, { ...CONNECTION, technician: { type: 'string' }, 'customer-ref': { type: 'string' }, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } }, command);
  if (args.positionals.length > 0) throw new CliError(`${command}: unexpected argument "${args.positionals[0]}"`);
  const query: ArchiveQuery = {
    technician: optionalString(args, 'technician'), customerRef: optionalString(args, 'customer-ref'),
    from: parseDate(optionalString(args, 'from'), 'from', false), to: parseDate(optionalString(args, 'to'), 'to', true),
  };
  if (query.from !== undefined && query.to !== undefined && query.from > query.to) throw new CliError(`${command}: --from is after --to`);
  if (requireFilter && Object.values(query).every((v) => v === undefined)) throw new CliError(`${command}: give at least one of --technician, --customer-ref, --from, --to`);
  const client = adminClient(args, command);
  const items = await remote(command, () => client.list(query));
  if (args.flags.json === true) return JSON.stringify(items, null, 2);
  return items.length === 0 ? 'no sessions match' : items.map(itemLine).join('\n');
}

async function fetchCommand(argv: string[]): Promise<string> {
  const args = parseFlags(argv, { ...CONNECTION, root: { type: 'string' }, sealed: { type: 'boolean' }, out: { type: 'string' }, force: { type: 'boolean' } }, 'archive fetch');
  const id = sessionIdArgument(args, 'archive fetch');
  const out = requireString(args, 'out', 'archive fetch');
  if (existsSync(out) && args.flags.force !== true) throw new CliError(`${out} already exists; refusing to overwrite (use --force)`);
  const keys = args.flags.sealed === true ? undefined : loadArchiveKeys(args, 'archive fetch');
  const client = adminClient(args, 'archive fetch');
  const sealed = await remote('archive fetch', () => client.fetchBlob(id));
  if (!keys) {
    writeFileSync(out, sealed, { mode: 0o600 });
    return `sealed session ${id} (${sealed.length} bytes) written to ${out}`;
  }
  const bundle = openSealed(sealed, keys.archiveSecretKey, 'archive fetch');
  writeFileSync(out, serializeSessionBundle(bundle), { mode: 0o600 });
  return `session ${id} opened (${bundle.recording.length} recording bytes, ${bundle.logText.split('\n').filter(Boolean).length} log entries) and written to ${out} (mode 0600)`;
}

async function loadForAdmin(args: ParsedArgs, command: string): Promise<{ bundle: SessionBundle; rootPublicKey: Uint8Array }> {
  const keys = loadArchiveKeys(args, command);
  const file = optionalString(args, 'bundle');
  if (file !== undefined) {
    if (args.positionals.length > 0) throw new CliError(`${command}: give either a session id or --bundle FILE, not both`);
    return { bundle: readBundleFile(file), rootPublicKey: keys.rootPublicKey };
  }
  const id = sessionIdArgument(args, command);
  const client = adminClient(args, command);
  const sealed = await remote(command, () => client.fetchBlob(id));
  return { bundle: openSealed(sealed, keys.archiveSecretKey, command), rootPublicKey: keys.rootPublicKey };
}

async function verify(argv: string[]): Promise<CommandOutput> {
  const args = parseFlags(argv, { ...CONNECTION, root: { type: 'string' }, bundle: { type: 'string' }, json: { type: 'boolean' } }, 'archive verify');
  const { bundle, rootPublicKey } = await loadForAdmin(args, 'archive verify');
  const v = verifySession(bundle, { rootPublicKey });
  const stdout = args.flags.json === true
    ? JSON.stringify({ ok: v.ok, summary: v.summary, log: v.log, certificate: v.certificate, manifest: v.manifest }, null, 2)
    : [`session ${bundle.manifest.sessionId}: ${v.ok ? 'VERIFIED' : 'NOT VERIFIED'}`, `  manifest:    ${v.manifest.detail}`,
      `  certificate: ${v.certificate.detail}`, `  log:         ${v.summary}`,
      ...(v.log.ok ? [] : [`  first bad entry: ${v.log.index} (${v.log.reason})`])].join('\n');
  return { code: v.ok ? 0 : 1, stdout };
}

async function exportCommand(argv: string[]): Promise<CommandOutput> {
  const args = parseFlags(argv, { ...CONNECTION, root: { type: 'string' }, 'root-pub': { type: 'string' }, 'customer-token': { type: 'string' }, bundle: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } }, 'archive export');
  const out = requireString(args, 'out', 'archive export');
  const token = optionalString(args, 'customer-token');
  let source: { bundle: SessionBundle; rootPublicKey?: Uint8Array };
  if (token !== undefined) {
    if (args.flags['admin-key'] !== undefined || args.flags.bundle !== undefined) throw new CliError('archive export: --customer-token cannot be combined with --admin-key or --bundle');
    const id = sessionIdArgument(args, 'archive export');
    const client = customerClient(args, 'archive export', token);
    const sealed = await remote('archive export', () => client.fetchBlob(id));
    const bundle = openCustomerCopy(sealed, token, 'archive export');
    if (bundle.manifest.sessionId !== id) throw new CliError(`archive export: the customer copy is for session ${bundle.manifest.sessionId}, not ${id}`);
    source = { bundle, ...rootPublicKeyFlag(args) };
  } else {
    source = await loadForAdmin(args, 'archive export');
  }
  const exported = exportSession(source.bundle, source.rootPublicKey ? { rootPublicKey: source.rootPublicKey } : {});
  if (!exported.ok) throw new CliError(`archive export: ${exported.error.detail ?? exported.error.message}`);
  mkdirSync(out, { recursive: true, mode: 0o700 });
  const targets = exported.value.files.map((f) => ({ ...f, path: join(out, f.name) }));
  if (args.flags.force !== true) for (const t of targets) if (existsSync(t.path)) throw new CliError(`${t.path} already exists; refusing to overwrite (use --force)`);
  for (const t of targets) writeFileSync(t.path, t.bytes, { mode: 0o600 });
  const v = exported.value.verification;
  const videos = exported.value.videos.map((m) => `${m.name}: ${m.frames} frames, ${(m.durationMs / 1000).toFixed(1)} s, ${m.codec} ${m.width}x${m.height}`);
  return {
    code: v.ok ? 0 : 1,
    stdout: [`session ${source.bundle.manifest.sessionId} exported to ${out}`, ...(videos.length ? videos : ['no video in this recording']),
      'log.json, report.html', `${v.ok ? 'VERIFIED' : 'NOT VERIFIED'}: ${v.summary}; ${v.certificate.detail}`].join('\n'),
  };
}

function rootPublicKeyFlag(args: ParsedArgs): { rootPublicKey?: Uint8Array } {
  const text = optionalString(args, 'root-pub');
  if (text === undefined) return {};
  const key = decodeKey(text, 'root-pub');
  if (!key.ok) throw new CliError(`archive export: --root-pub: ${key.error.detail ?? key.error.message}`);
  return { rootPublicKey: key.value };
}

export async function archive(argv: string[]): Promise<CommandOutput> {
  const [sub, ...rest] = argv;
  switch (sub) {
    case 'list': return list(rest, false);
    case 'search': return list(rest, true);
    case 'fetch': return fetchCommand(rest);
    case 'verify': return verify(rest);
    case 'export': return exportCommand(rest);
    default: throw new CliError(`archive: expected list, search, fetch, verify or export${sub ? `, got "${sub}"` : ''}`);
  }
}
