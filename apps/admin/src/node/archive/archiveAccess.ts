// How the archive commands reach a session: an ArchiveClient signed with the admin key (or carrying a
// customer token), the organisation's archive secret key from the org directory, and opening a sealed
// download into a session bundle. Every failure becomes one line a person can act on.
import { readFileSync } from 'node:fs';
import { openArchive } from '@tether/crypto';
import { TetherError } from '@tether/protocol';
import { customerArchiveKeyPair, decodeAdminKey, isCustomerToken, isSessionId, parseSessionBundle, type SessionBundle } from '@tether/recording';
import { ArchiveClient } from '@tether/recording/node';
import { requireString, type ParsedArgs } from '../args';
import { CliError } from '../cliError';
import { orgPaths, readKeyFile, readText } from '../keyFiles';
import { loadOrg } from '../orgDirectory';

export function relayUrl(args: ParsedArgs, command: string): string {
  const text = requireString(args, 'relay', command);
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new CliError(`${command}: --relay must be a URL such as https://relay.example.org, got "${text}"`);
  }
  if (url.protocol === 'ws:' || url.protocol === 'wss:') url.protocol = url.protocol === 'ws:' ? 'http:' : 'https:';
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new CliError(`${command}: --relay must be an http(s) URL, got "${text}"`);
  return url.origin;
}

export function adminClient(args: ParsedArgs, command: string): ArchiveClient {
  const file = requireString(args, 'admin-key', command);
  const key = decodeAdminKey(readText(file, 'admin key file'), 'admin-sec');
  if (!key.ok) throw new CliError(`${file}: ${key.error.detail ?? key.error.message}`);
  return new ArchiveClient(relayUrl(args, command), { kind: 'admin', secretKey: key.value });
}

export function customerClient(args: ParsedArgs, command: string, token: string): ArchiveClient {
  if (!isCustomerToken(token)) throw new CliError(`${command}: --customer-token is not a customer token (expected tct1.…)`);
  return new ArchiveClient(relayUrl(args, command), { kind: 'customer', token });
}

/** The organisation's trust anchor and archive secret key from an `init-org` directory. */
export function loadArchiveKeys(args: ParsedArgs, command: string): { rootPublicKey: Uint8Array; archiveSecretKey: Uint8Array; org: string } {
  const dir = requireString(args, 'root', command);
  const org = loadOrg(dir);
  return { rootPublicKey: org.rootPublicKey, archiveSecretKey: readKeyFile(orgPaths(dir).archiveSec, 'archive-sec'), org: org.org };
}

/** Runs one archive request; server refusals and unreachable relays become one-line user errors. */
export async function remote<T>(what: string, action: () => Promise<T>): Promise<T> {
  try {
    return await action();
  } catch (error) {
    if (error instanceof CliError) throw error;
    if (error instanceof TetherError) {
      const status = (error as TetherError & { status?: number }).status;
      const body = (error as TetherError & { body?: string }).body;
      let message = error.detail ?? error.message;
      try {
        message = (JSON.parse(body ?? '') as { message?: string }).message ?? message;
      } catch {
        // keep the error's own text
      }
      throw new CliError(`${what}: the relay answered ${status ?? '?'} ${error.code}: ${message.split('\n')[0]}`);
    }
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    throw new CliError(`${what}: cannot reach the relay (${cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error))})`);
  }
}

export function openSealed(sealed: Uint8Array, secretKey: Uint8Array, what: string): SessionBundle {
  const opened = openArchive(secretKey, sealed);
  if (!opened.ok) throw new CliError(`${what}: cannot open the sealed session (${opened.error.detail ?? opened.error.message}); wrong key or damaged download`);
  const bundle = parseSessionBundle(opened.value);
  if (!bundle.ok) throw new CliError(`${what}: ${bundle.error.detail ?? bundle.error.message}`);
  return bundle.value;
}

export function openCustomerCopy(sealed: Uint8Array, token: string, what: string): SessionBundle {
  return openSealed(sealed, customerArchiveKeyPair(token).secretKey, what);
}

export function readBundleFile(path: string): SessionBundle {
  let bytes: Uint8Array;
  try {
    bytes = new Uint8Array(readFileSync(path));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `session bundle not found: ${path}` : `cannot read ${path}: ${code ?? 'error'}`);
  }
  const bundle = parseSessionBundle(bytes);
  if (!bundle.ok) throw new CliError(`${path}: ${bundle.error.detail ?? bundle.error.message}`);
  return bundle.value;
}

export function sessionIdArgument(args: ParsedArgs, command: string): string {
  const [id, ...extra] = args.positionals;
  if (!id || extra.length > 0) throw new CliError(`${command}: expected exactly one session id`);
  if (!isSessionId(id)) throw new CliError(`${command}: "${id}" is not a session id`);
  return id;
}
