// Reads the organisation's public file (org.json from `tether-admin init-org`) for the console server:
// the page pins the root key (admin view: certificates in archived sessions) and seals recordings to the
// archive key. A file with a wrong or missing key is refused with a message naming the field.
import { readFile } from 'node:fs/promises';
import { TetherError } from '@tether/protocol';
import { readOrgKeys, type ConsoleOrgConfig } from '../common/orgKeys';

export function parseOrgConfig(text: string, source = 'org.json'): ConsoleOrgConfig {
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new TetherError('E_MALFORMED', `${source} is not JSON`);
  }
  const read = readOrgKeys(value, source);
  if (!read.ok) throw read.error;
  return read.value.text;
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
