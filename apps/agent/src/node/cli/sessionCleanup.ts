// After the session: remove what the agent wrote (partial downloads, an empty files folder it made) but
// keep the files the customer accepted; then, for the one-time binary, schedule removal of the binary.
import { readdir, rmdir } from 'node:fs/promises';
import { basename } from 'node:path';
import { removeSessionFiles, scheduleSelfRemoval, type RemovalReport, type SelfRemovalResult } from '../selfRemoval';
import { codeFromFileName } from './cliArguments';

/** Received files (renamed into place after their hash matched) are kept; partial `.name.id.part` files are not. */
export function splitCreatedPaths(paths: readonly string[]): { keep: string[]; remove: string[] } {
  const partial = (p: string) => /^\..+\.part$/.test(basename(p));
  return { keep: paths.filter((p) => !partial(p)), remove: paths.filter(partial) };
}

export async function cleanUpSessionFiles(createdPaths: readonly string[], madeFolder: string | undefined): Promise<{ kept: string[]; report: RemovalReport }> {
  const { keep, remove } = splitCreatedPaths(createdPaths);
  const report = await removeSessionFiles(remove);
  if (madeFolder) {
    const left = await readdir(madeFolder).catch(() => undefined);
    if (left && left.length === 0) await rmdir(madeFolder).then(() => report.removed.push(madeFolder), () => undefined);
  }
  return { kept: keep, report };
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
