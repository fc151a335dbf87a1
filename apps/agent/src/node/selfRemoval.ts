// End of a one-time session: remove what the agent wrote, then (for the one-time binary) the binary
// itself once this process has exited. Paths never become part of a shell command's text: on Linux they
// are positional arguments of `sh -c`, on Windows an environment variable read with delayed expansion.
import { spawn, type ChildProcess } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, parse, resolve } from 'node:path';
import { TetherError } from '@tether/protocol';

export interface RemovalReport {
  removed: string[];
  failed: { path: string; reason: string }[];
}

function refuseDangerous(path: string): void {
  if (typeof path !== 'string' || path.length === 0 || path.includes('\0')) throw new TetherError('E_BAD_ARGUMENT', 'a path to remove must be a non-empty string');
  if (!isAbsolute(path)) throw new TetherError('E_BAD_ARGUMENT', `refusing to remove a relative path: ${path}`);
  const full = resolve(path);
  if (parse(full).root === full) throw new TetherError('E_BAD_ARGUMENT', `refusing to remove a filesystem root: ${path}`);
  if (full === resolve(homedir())) throw new TetherError('E_BAD_ARGUMENT', `refusing to remove the home folder: ${path}`);
}

/** Deletes files and folders the agent created (temp folders, staging of received files, logs not kept). */
export async function removeSessionFiles(paths: readonly string[]): Promise<RemovalReport> {
  for (const path of paths) refuseDangerous(path);
  const report: RemovalReport = { removed: [], failed: [] };
  for (const path of paths) {
    try {
      await rm(path, { recursive: true, force: true, maxRetries: 3 });
      report.removed.push(path);
    } catch (e) {
      report.failed.push({ path, reason: e instanceof Error ? e.message : String(e) });
    }
  }
  return report;
}

export interface SelfRemovalCommand {
  file: string;
  args: string[];
  env?: Record<string, string>;
  windowsVerbatimArguments?: boolean;
}

/** Waits for the PID ($1) to exit, then removes the file ($2). The script text is constant. */
export const POSIX_REMOVAL_SCRIPT = 'while kill -0 "$1" 2>/dev/null; do sleep 0.2; done; rm -f -- "$2"';

export function posixRemovalCommand(pid: number, path: string): SelfRemovalCommand {
  checkPid(pid);
  refuseDangerous(path);
  return { file: '/bin/sh', args: ['-c', POSIX_REMOVAL_SCRIPT, 'tether-self-removal', String(pid), path] };
}

export const WINDOWS_PATH_VARIABLE = 'TETHER_SELF_REMOVE_PATH';

/**
 * cmd.exe helper: up to 10 minutes, once a second, if the PID is gone, delete the file and stop once it
 * no longer exists (the portable launcher may hold it a moment longer). The path is only referenced as
 * !TETHER_SELF_REMOVE_PATH! (delayed expansion happens after cmd has parsed & | < > ^ %), never as text.
 */
export function windowsRemovalCommand(pid: number, path: string, systemRoot = 'C:\\Windows'): SelfRemovalCommand {
  checkPid(pid);
  if (!/^[A-Za-z]:\\|^\\\\/.test(path)) throw new TetherError('E_BAD_ARGUMENT', `refusing to remove a non-absolute Windows path: ${path}`);
  if (/["\0\r\n]/.test(path)) throw new TetherError('E_BAD_ARGUMENT', 'a Windows path cannot contain quotes or line breaks');
  const p = `!${WINDOWS_PATH_VARIABLE}!`;
  const body =
    `for /l %i in (1,1,600) do @(` +
    `(tasklist /nh /fi "PID eq ${pid}" 2>nul | find " ${pid} " >nul) || (del /f /q "${p}" 2>nul & if not exist "${p}" exit 0)` +
    `) & ping -n 2 127.0.0.1 >nul`;
  return {
    file: `${systemRoot}\\System32\\cmd.exe`,
    args: ['/d', '/v:on', '/s', '/c', `"${body}"`],
    env: { [WINDOWS_PATH_VARIABLE]: path },
    windowsVerbatimArguments: true,
  };
}

function checkPid(pid: number): void {
  if (!Number.isSafeInteger(pid) || pid <= 0) throw new TetherError('E_BAD_ARGUMENT', `not a process id: ${String(pid)}`);
}

export interface SelfRemovalOptions {
  platform: NodeJS.Platform;
  /** The running executable (process.execPath). */
  execPath: string;
  /** Linux: the AppImage file (the runtime sets APPIMAGE). */
  appImagePath?: string | undefined;
  /** Windows: the portable exe the customer started (electron-builder sets PORTABLE_EXECUTABLE_FILE). */
  portableExePath?: string | undefined;
  /** The process whose exit the helper waits for; defaults to this one. */
  pid?: number;
}

export type SelfRemovalResult = { scheduled: true; path: string; helperPid: number | undefined } | { scheduled: false; reason: string };

/**
 * Starts a detached helper that deletes the one-time binary after this process exits. Nothing is removed
 * when the agent does not run as a one-time binary (no APPIMAGE / portable path), e.g. during development.
 * macOS is not automated here (see docs/agent-ui.md).
 */
export function scheduleSelfRemoval(options: SelfRemovalOptions): SelfRemovalResult {
  const pid = options.pid ?? process.pid;
  const env = process.env;
  let command: SelfRemovalCommand;
  let path: string;
  if (options.platform === 'linux') {
    path = options.appImagePath ?? env.APPIMAGE ?? '';
    if (!path) return { scheduled: false, reason: 'not running from an AppImage' };
    command = posixRemovalCommand(pid, path);
  } else if (options.platform === 'win32') {
    path = options.portableExePath ?? env.PORTABLE_EXECUTABLE_FILE ?? '';
    if (!path) return { scheduled: false, reason: 'not running as the portable exe' };
    command = windowsRemovalCommand(pid, path, env.SystemRoot ?? 'C:\\Windows');
  } else {
    return { scheduled: false, reason: `self-removal is not automated on ${options.platform}` };
  }
  const child: ChildProcess = spawn(command.file, command.args, {
    detached: true,
    stdio: 'ignore',
    windowsHide: true,
    env: { ...env, ...command.env },
    ...(command.windowsVerbatimArguments ? { windowsVerbatimArguments: true } : {}),
  });
  child.on('error', () => undefined);
  child.unref();
  return { scheduled: true, path, helperPid: child.pid };
}
