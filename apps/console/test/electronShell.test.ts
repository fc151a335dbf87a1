// The console's Electron shell as it would be packaged: the build produces main.mjs (ESM, electron left
// external), preload.cjs (CommonJS, as sandboxed preloads need) and the production UI beside them, and the
// packaging config ships exactly that with installers per platform and hardened fuses.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildConsoleShell } from '../build/buildShell';

let out: string;

beforeAll(async () => {
  out = await mkdtemp(join(tmpdir(), 'tether-console-shell-'));
  await buildConsoleShell(out);
}, 120_000);

afterAll(async () => {
  await rm(out, { recursive: true, force: true });
});

describe('console Electron shell build', () => {
  it('puts main, preload and the UI side by side, with electron external and the secure window settings', async () => {
    const main = await readFile(join(out, 'main.mjs'), 'utf8');
    const preload = await readFile(join(out, 'preload.cjs'), 'utf8');
    expect(existsSync(join(out, 'ui', 'index.html'))).toBe(true);
    expect(main).toMatch(/from "electron"/);
    expect(main).toContain('./ui/');
    expect(main).toContain('./preload.cjs');
    expect(main).not.toContain('../../dist');
    for (const setting of ['contextIsolation: true', 'sandbox: true', 'nodeIntegration: false', 'webSecurity: true']) expect(main).toContain(setting);
    expect(preload).toMatch(/require\("electron"\)/);
    expect(() => execFileSync(process.execPath, ['--check', join(out, 'main.mjs')])).not.toThrow();
    expect(() => execFileSync(process.execPath, ['--check', join(out, 'preload.cjs')])).not.toThrow();
  });

  it('packages that build with installers and hardened fuses', async () => {
    const config = JSON.parse(await readFile(new URL('../electron-builder.json', import.meta.url), 'utf8')) as Record<string, Record<string, unknown>>;
    expect(config.extraMetadata?.main).toBe('dist/shell/main.mjs');
    expect(config.files).toContain('dist/shell/**/*');
    expect(config.win?.target).toEqual(['nsis']);
    expect(config.linux?.target).toEqual(expect.arrayContaining(['deb']));
    expect(config.mac?.target).toEqual(['dmg']);
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, onlyLoadAppFromAsar: true });
  });
});
