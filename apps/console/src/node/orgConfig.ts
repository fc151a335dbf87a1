// Reads the organisation's public file (org.json from `tether-admin init-org`) for the console server:
// the page pins the root key (admin view: certificates in archived sessions) and seals recordings to the
// archive key. A file with a wrong or missing key is refused with a message naming the field.
import { readFile } from 'node:fs/promises';
import { decodeKey } from '@tether/crypto';
import { TetherError } from '@tether/protocol';
import type { ConsoleOrgConfig } from './consoleServer';

export function parseOrgConfig(text: string, source = 'org.json'): ConsoleOrgConfig {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new TetherError('E_MALFORMED', `${source} is not JSON`);
  }
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof o.org !== 'string' || o.org.trim() === '') throw new TetherError('E_MALFORMED', `${source}: "org" is missing`);
  const root = decodeKey(o.rootPublicKey, 'root-pub');
  if (!root.ok) throw new TetherError('E_MALFORMED', `${source}: rootPublicKey: ${root.error.detail ?? root.error.message}`);
  const archive = decodeKey(o.archivePublicKey, 'archive-pub');
  if (!archive.ok) throw new TetherError('E_MALFORMED', `${source}: archivePublicKey: ${archive.error.detail ?? archive.error.message}`);
  return { org: o.org, rootPublicKey: (o.rootPublicKey as string).trim(), archivePublicKey: (o.archivePublicKey as string).trim() };
}

export async function loadOrgConfig(path: string): Promise<ConsoleOrgConfig> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TetherError('E_BAD_ARGUMENT', `cannot read ${path}: ${(error as Error).message}`);
  }
  return parseOrgConfig(text, path);
}
