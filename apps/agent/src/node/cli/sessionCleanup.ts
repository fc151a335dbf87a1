// After the session: remove what the agent wrote (partial downloads, an empty files folder it made) but
// keep the files the customer accepted; then, for the one-time binary, schedule removal of the binary.
import { readdir, rmdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { removeSessionFiles, scheduleSelfRemoval, type RemovalReport, type SelfRemovalResult } from '../selfRemoval';
import { codeFromFileName } from './cliArguments';

/** Removes the session's temporary files (and the files folder if the CLI made it and it is empty); received files stay. */
export async function cleanUpSessionFiles(temporary: readonly string[], received: readonly string[], madeFolder: string | undefined): Promise<{ kept: string[]; report: RemovalReport }> {
  const report = await removeSessionFiles([...temporary]);
  if (madeFolder) {
    const left = await readdir(madeFolder).catch(() => undefined);
    if (left && left.length === 0) await rmdir(madeFolder).then(() => report.removed.push(madeFolder), () => undefined);
  }
  return { kept: [...received], report };
}

/**
 * The one-time binary is the AppImage ($APPIMAGE), or with --self-remove an executable whose own name
 * carries a session code (never a shared `node` or `tsx`).
 */
export function oneTimeBinaryPath(env: Readonly<Record<string, string | undefined>>, selfRemove: boolean, execPath: string): string | undefined {
  if (env.APPIMAGE) return env.APPIMAGE;
  if (selfRemove && codeFromFileName(basename(execPath))) return execPath;
  return undefined;
}

export function removeOneTimeBinary(path: string): SelfRemovalResult {
  return scheduleSelfRemoval({ platform: process.platform, execPath: process.execPath, appImagePath: path, portableExePath: path });
}
