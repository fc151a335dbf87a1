// The one-time agent's packaging: the electron-builder config (targets, asar, fuses, the baked resource)
// and the build-time bake of organisation root key and relay URL. electron-builder itself is not run here.
import { encodeKey } from '@tether/crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { bakedConfigFromEnv, writeBakedConfig } from '../build/bake-config';
import { buildAgentShell } from '../build/buildShell';
import { BAKED_CONFIG_FILE, parseBakedConfig } from '../src/common/bakedConfig';

const CONFIG_PATH = fileURLToPath(new URL('../electron-builder.json', import.meta.url));
const rootKey = encodeKey('root-pub', new Uint8Array(32).fill(7));

describe('electron-builder config', () => {
  it('builds AppImage, portable exe and dmg, in asar, with hardened fuses and the baked config', async () => {
    const config = JSON.parse(await readFile(CONFIG_PATH, 'utf8')) as Record<string, unknown> & {
      linux: { target: string[] }; win: { target: string[] }; mac: { target: string[] };
      extraResources: { from: string; to: string }[]; electronFuses: Record<string, boolean>; extraMetadata: { main: string }; files: string[];
    };
    expect(config.linux.target).toEqual(['AppImage']);
    expect(config.win.target).toEqual(['portable']);
    expect(config.mac.target).toEqual(['dmg']);
    expect(config.asar).toBe(true);
    expect(config.extraResources).toContainEqual({ from: `dist/baked/${BAKED_CONFIG_FILE}`, to: BAKED_CONFIG_FILE });
    expect(config.extraMetadata.main).toBe('dist/shell/main.cjs');
    expect(config.files).toContain('dist/shell/**/*');
    expect(config.electronFuses).toMatchObject({ runAsNode: false, enableNodeOptionsEnvironmentVariable: false, enableNodeCliInspectArguments: false, onlyLoadAppFromAsar: true });
    expect(config.publish).toBeNull();
    const text = JSON.stringify(config);
    expect(text).not.toMatch(/nodeIntegration|contextIsolation"?:\s*false|sandbox"?:\s*false|webSecurity"?:\s*false/);
  });

  it('the shell build produces what the config packages (main, preload, pages)', async () => {
    const out = await mkdtemp(join(tmpdir(), 'tether-shell-'));
    try {
      await buildAgentShell(out);
      const main = await readFile(join(out, 'main.cjs'), 'utf8');
      expect(main).toContain('require("electron")');
      const preload = await readFile(join(out, 'preload.cjs'), 'utf8');
      expect(preload).toContain('exposeInMainWorld');
      expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/);
      const html = await readFile(join(out, 'ui', 'consent.html'), 'utf8');
      expect(html).toContain('Content-Security-Policy');
      expect(html).not.toMatch(/<script>|style=/);
    } finally {
      await rm(out, { recursive: true, force: true });
    }
  });
});

describe('bake-config', () => {
  const env = { TETHER_ORG_ROOT_KEY: rootKey, TETHER_RELAY_URL: 'wss://relay.example.org/', TETHER_ORG: 'Example Corp' };

  it('writes a config the agent accepts', async () => {
    const baked = bakedConfigFromEnv(env);
    expect(baked.ok).toBe(true);
    if (!baked.ok) return;
    const dir = await mkdtemp(join(tmpdir(), 'tether-bake-'));
    try {
      const file = await writeBakedConfig(baked.value, join(dir, 'baked', BAKED_CONFIG_FILE));
      const parsed = parseBakedConfig(JSON.parse(await readFile(file, 'utf8')));
      expect(parsed).toEqual({ ok: true, value: { v: 1, rootPublicKey: rootKey, relayUrl: 'wss://relay.example.org/', org: 'Example Corp' } });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it.each([
    ['missing key', { ...env, TETHER_ORG_ROOT_KEY: undefined }, 'TETHER_ORG_ROOT_KEY is not set'],
    ['wrong key kind', { ...env, TETHER_ORG_ROOT_KEY: encodeKey('tech-pub', new Uint8Array(32)) }, 'TETHER_ORG_ROOT_KEY'],
    ['a secret key', { ...env, TETHER_ORG_ROOT_KEY: 'tether:root-sec:' + 'A'.repeat(86) + '==' }, 'TETHER_ORG_ROOT_KEY'],
    ['short key', { ...env, TETHER_ORG_ROOT_KEY: 'tether:root-pub:AAAA' }, 'TETHER_ORG_ROOT_KEY'],
    ['plain ws to a remote relay', { ...env, TETHER_RELAY_URL: 'ws://relay.example.org' }, 'wss://'],
    ['relay URL with credentials', { ...env, TETHER_RELAY_URL: 'wss://u:p@relay.example.org' }, 'credentials'],
    ['not a URL', { ...env, TETHER_RELAY_URL: 'relay' }, 'not a URL'],
    ['missing org', { ...env, TETHER_ORG: '' }, 'TETHER_ORG is not set'],
  ])('refuses %s', (_what, input, message) => {
    const baked = bakedConfigFromEnv(input);
    expect(baked.ok).toBe(false);
    if (!baked.ok) {
      expect(baked.error.code).toBe('E_BAD_ARGUMENT');
      expect(baked.error.message).toContain(message);
    }
  });

  it('the agent refuses a tampered resource', () => {
    expect(parseBakedConfig({ v: 1, rootPublicKey: rootKey, relayUrl: 'wss://r.example/', org: 'O', extra: 1 }).ok).toBe(false);
    expect(parseBakedConfig({ v: 2, rootPublicKey: rootKey, relayUrl: 'wss://r.example/', org: 'O' }).ok).toBe(false);
    expect(parseBakedConfig({ v: 1, rootPublicKey: rootKey, relayUrl: 'http://r.example/', org: 'O' }).ok).toBe(false);
    expect(parseBakedConfig({ v: 1, rootPublicKey: rootKey, relayUrl: 'ws://127.0.0.1:8080/', org: 'O' }).ok).toBe(true);
    expect(parseBakedConfig({ v: 1, rootPublicKey: rootKey, relayUrl: 'wss://r.example/', org: 'O', requireTemplate: 'yes' }).ok).toBe(false);
    expect(parseBakedConfig({ v: 1, rootPublicKey: rootKey, relayUrl: 'wss://r.example/', org: 'O', requireTemplate: true })).toMatchObject({ ok: true, value: { requireTemplate: true } });
    expect(bakedConfigFromEnv({ ...env, TETHER_REQUIRE_TEMPLATE: '1' })).toMatchObject({ ok: true, value: { requireTemplate: true } });
    expect(bakedConfigFromEnv({ ...env, TETHER_REQUIRE_TEMPLATE: 'maybe' }).ok).toBe(false);
  });
});
