// Reads the committed golden vector files.
import { readFileSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { GrantVectorFile, MessageVectorFile } from './vectorJson';

const dir = fileURLToPath(new URL('../vectors/', import.meta.url));
const GRANT_FILE = 'session-grant-canonical.json';

export function loadMessageVectorFiles(): Array<{ file: string; content: MessageVectorFile }> {
  return readdirSync(dir)
    .filter((f) => f.startsWith('session-') && f.endsWith('.json') && f !== GRANT_FILE)
    .sort()
    .map((file) => ({ file, content: JSON.parse(readFileSync(dir + file, 'utf8')) as MessageVectorFile }));
}

export function loadGrantVectors(): GrantVectorFile {
  return JSON.parse(readFileSync(dir + GRANT_FILE, 'utf8')) as GrantVectorFile;
}
