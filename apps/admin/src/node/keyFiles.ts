// Reading and writing key, certificate and organisation files. Secret keys are written with mode 0600;
// nothing existing is overwritten unless the caller passes force.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeKey, type KeyKind } from '@tether/crypto';
import { CliError } from './cliError';

export interface OutputFile {
  path: string;
  content: string;
  secret: boolean;
}

/** Writes all files or none: every target is checked for existence before the first write. */
export function writeOutputFiles(dir: string, files: OutputFile[], force: boolean): void {
  mkdirSync(dir, { recursive: true });
  if (!force) {
    for (const file of files) {
      if (existsSync(file.path)) throw new CliError(`${file.path} already exists; refusing to overwrite (use --force)`);
    }
  }
  for (const file of files) {
    writeFileSync(file.path, file.content, { mode: file.secret ? 0o600 : 0o644 });
    chmodSync(file.path, file.secret ? 0o600 : 0o644);
  }
}

export function readText(path: string, what: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new CliError(code === 'ENOENT' ? `${what} not found: ${path}` : `cannot read ${what} ${path}: ${code ?? 'error'}`);
  }
}

export function readJson(path: string, what: string): unknown {
  const text = readText(path, what);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new CliError(`${what} is not valid JSON: ${path}`);
  }
}

export function readKeyFile(path: string, kind: KeyKind): Uint8Array {
  const decoded = decodeKey(readText(path, `${kind} key file`), kind);
  if (!decoded.ok) throw new CliError(`${path}: ${decoded.error.detail ?? decoded.error.message}`);
  return decoded.value;
}

export const orgPaths = (dir: string) => ({
  orgJson: join(dir, 'org.json'),
  rootSec: join(dir, 'root.sec'),
  rootPub: join(dir, 'root.pub'),
  archiveSec: join(dir, 'archive.sec'),
  archivePub: join(dir, 'archive.pub'),
  revocations: join(dir, 'revocations.json'),
});

export const techPaths = (dir: string) => ({
  techSec: join(dir, 'tech.sec'),
  techPub: join(dir, 'tech.pub'),
  certificate: join(dir, 'certificate.json'),
});
