// Session file removal and self-removal of the one-time binary. The Linux helper runs for real: a child
// Node process schedules removal of a copied executable and exits; the file must disappear, and a file
// name built to inject commands must be treated as a name (the canary file is never created).
import { spawn } from 'node:child_process';
import { access, chmod, copyFile, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { POSIX_REMOVAL_SCRIPT, WINDOWS_PATH_VARIABLE, posixRemovalCommand, removeSessionFiles, scheduleSelfRemoval, windowsRemovalCommand } from '../src/node/selfRemoval';

const SELF_REMOVAL = fileURLToPath(new URL('../src/node/selfRemoval.ts', import.meta.url));
/** tsx's ESM loader by absolute URL: the child runs in a temp folder, outside the workspace. */
const TSX_LOADER = new URL('../../../node_modules/tsx/dist/loader.mjs', import.meta.url).href;
const dirs: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'tether-selfremoval-'));
  dirs.push(dir);
  return dir;
}

const exists = (path: string): Promise<boolean> => access(path).then(() => true, () => false);

async function waitUntil(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((r) => setTimeout(r, 50));
  }
  return check();
}

/** A child Node process that schedules the removal of `appImage` (as APPIMAGE) and exits; resolves with its pid once it has exited. */
function runOneTimeAgent(appImage: string, cwd: string): Promise<number> {
  const script = `import { scheduleSelfRemoval } from ${JSON.stringify(SELF_REMOVAL)};
const r = scheduleSelfRemoval({ platform: 'linux', execPath: process.execPath });
if (!r.scheduled) { console.error(r.reason); process.exit(2); }`;
  const child = spawn(process.execPath, ['--import', TSX_LOADER, '--input-type=module', '-e', script], { cwd, env: { ...process.env, APPIMAGE: appImage }, stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && child.pid ? resolve(child.pid) : reject(new Error(`agent exited ${code}: ${stderr}`))));
  });
}

afterEach(async () => {
  for (const dir of dirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

describe('removeSessionFiles', () => {
  it('removes files and folders the session created and reports them', async () => {
    const dir = await tempDir();
    const staging = join(dir, 'staging');
    await mkdir(join(staging, 'nested'), { recursive: true });
    await writeFile(join(staging, 'nested', 'part.bin'), 'x');
    const log = join(dir, 'session.log');
    await writeFile(log, 'log');
    const keep = join(dir, 'kept-for-customer.txt');
    await writeFile(keep, 'keep');
    const report = await removeSessionFiles([staging, log, join(dir, 'never-created')]);
    expect(report.failed).toEqual([]);
    expect(report.removed).toHaveLength(3);
    expect(await readdir(dir)).toEqual(['kept-for-customer.txt']);
  });

  it.each([['/'], ['relative/path'], [''], [process.env.HOME ?? '/root']])('refuses to remove %j', async (path) => {
    await expect(removeSessionFiles([path])).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
  });
});

describe('Linux self-removal (real helper)', () => {
  it('deletes the AppImage after the process has exited', async () => {
    const dir = await tempDir();
    const appImage = join(dir, 'Tether-Support-123456789.AppImage');
    await copyFile('/bin/true', appImage);
    await chmod(appImage, 0o755);
    const pid = await runOneTimeAgent(appImage, dir);
    expect(pid).toBeGreaterThan(0);
    expect(await waitUntil(async () => !(await exists(appImage)))).toBe(true);
  });

  it('treats a hostile file name as a name: no command runs, only that file goes', async () => {
    const dir = await tempDir();
    const canary = join(dir, 'canary');
    const hostile = `Tether Support "quoted" 'single' $(touch canary) \`touch canary\` ; touch canary & -rf.AppImage`;
    const appImage = join(dir, hostile);
    const neighbour = join(dir, 'Tether Support.AppImage');
    await copyFile('/bin/true', appImage);
    await copyFile('/bin/true', neighbour);
    await runOneTimeAgent(appImage, dir);
    expect(await waitUntil(async () => !(await exists(appImage)))).toBe(true);
    await new Promise((r) => setTimeout(r, 300));
    expect(await exists(canary)).toBe(false);
    expect(await exists(neighbour)).toBe(true);
  });

  it('does nothing when not running from an AppImage, or on macOS', () => {
    const saved = process.env.APPIMAGE;
    delete process.env.APPIMAGE;
    try {
      expect(scheduleSelfRemoval({ platform: 'linux', execPath: process.execPath })).toEqual({ scheduled: false, reason: 'not running from an AppImage' });
    } finally {
      if (saved !== undefined) process.env.APPIMAGE = saved;
    }
    expect(scheduleSelfRemoval({ platform: 'darwin', execPath: '/Applications/Tether.app/Contents/MacOS/Tether' })).toMatchObject({ scheduled: false });
  });
});

describe('helper commands', () => {
  it('POSIX: a constant script with pid and path as positional arguments', () => {
    const cmd = posixRemovalCommand(4242, '/tmp/a $(b).AppImage');
    expect(cmd).toEqual({ file: '/bin/sh', args: ['-c', POSIX_REMOVAL_SCRIPT, 'tether-self-removal', '4242', '/tmp/a $(b).AppImage'] });
    expect(POSIX_REMOVAL_SCRIPT).toBe('while kill -0 "$1" 2>/dev/null; do sleep 0.2; done; rm -f -- "$2"');
    expect(() => posixRemovalCommand(0, '/tmp/x')).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
    expect(() => posixRemovalCommand(12, 'x.AppImage')).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
  });

  it('Windows: cmd waits for the pid and deletes the exe named only through a delayed-expansion variable', () => {
    const path = 'C:\\Users\\Ann Lee\\Downloads\\Tether & Co %PATH% ^ !x! (1).exe';
    const cmd = windowsRemovalCommand(5150, path, 'C:\\Windows');
    expect(cmd.file).toBe('C:\\Windows\\System32\\cmd.exe');
    expect(cmd.windowsVerbatimArguments).toBe(true);
    expect(cmd.env).toEqual({ [WINDOWS_PATH_VARIABLE]: path });
    expect(cmd.args.slice(0, 4)).toEqual(['/d', '/v:on', '/s', '/c']);
    const line = cmd.args[4] ?? '';
    expect(line).not.toContain('Ann Lee');
    expect(line).toContain(`del /f /q "!${WINDOWS_PATH_VARIABLE}!"`);
    expect(line).toContain('tasklist /nh /fi "PID eq 5150"');
    expect(line).toContain('for /l %i in (1,1,600)');
    expect(line.startsWith('"') && line.endsWith('"')).toBe(true);
    expect(() => windowsRemovalCommand(5150, 'C:\\a"b.exe')).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
    expect(() => windowsRemovalCommand(5150, 'relative.exe')).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
    expect(() => windowsRemovalCommand(-1, 'C:\\a.exe')).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
  });
});
