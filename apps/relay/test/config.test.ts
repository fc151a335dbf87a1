import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { TetherError } from '../../../packages/protocol/src/index';
import { DEFAULT_RELAY_CONFIG, envNameFor, loadRelayConfig, resolveRelayConfig } from '../src/node/config';

function configFile(content: unknown): string {
  const dir = mkdtempSync(join(tmpdir(), 'relay-config-'));
  const path = join(dir, 'relay.json');
  writeFileSync(path, typeof content === 'string' ? content : JSON.stringify(content));
  return path;
}

function failure(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    return e instanceof TetherError ? `${e.code}: ${e.detail ?? ''}` : `untyped: ${String(e)}`;
  }
  return 'no error';
}

describe('relay config', () => {
  it('runs on 127.0.0.1 with no set-up, with codes of at least 9 digits expiring in minutes', () => {
    const config = loadRelayConfig();
    expect(config.host).toBe('127.0.0.1');
    expect(config.codeDigits).toBeGreaterThanOrEqual(9);
    expect(config.codeTtlMs).toBe(5 * 60_000);
    expect(config.store).toBe('memory');
    expect(config.trustedProxies).toEqual([]);
    expect(config).toEqual(DEFAULT_RELAY_CONFIG);
  });

  it('layers file < environment < overrides', () => {
    const file = configFile({ port: 9100, org: 'from-file', trustedProxies: ['10.0.0.1'], codeTtlMs: 120000 });
    const config = loadRelayConfig({
      argv: ['--config', file],
      env: { TETHER_RELAY_ORG: 'from-env', TETHER_RELAY_TRUSTED_PROXIES: '10.0.0.2, 10.0.0.3', TETHER_RELAY_CODE_TTL_MS: '60000' },
      overrides: { codeTtlMs: 30_000 },
    });
    expect(config.port).toBe(9100);
    expect(config.org).toBe('from-env');
    expect(config.trustedProxies).toEqual(['10.0.0.2', '10.0.0.3']);
    expect(config.codeTtlMs).toBe(30_000);
    expect(envNameFor('rejoinGraceMs')).toBe('TETHER_RELAY_REJOIN_GRACE_MS');
  });

  it('finds the file through TETHER_RELAY_CONFIG', () => {
    const file = configFile({ host: '0.0.0.0' });
    expect(loadRelayConfig({ env: { TETHER_RELAY_CONFIG: file } }).host).toBe('0.0.0.0');
  });

  it('names the key and the source of every bad value', () => {
    expect(failure(() => loadRelayConfig({ env: { TETHER_RELAY_PORT: 'eighty' } }))).toBe(
      'E_BAD_ARGUMENT: relay config "port" from $TETHER_RELAY_PORT: must be a non-negative integer',
    );
    expect(failure(() => loadRelayConfig({ argv: ['--config', configFile({ colour: 'blue' })] }))).toMatch(/"colour" from .*relay\.json: unknown key/);
    expect(failure(() => loadRelayConfig({ argv: ['--config', configFile('{oops')] }))).toMatch(/could not be read as JSON/);
    expect(failure(() => loadRelayConfig({ argv: ['--config', configFile([1])] }))).toMatch(/must hold a JSON object/);
    expect(failure(() => resolveRelayConfig({ codeDigits: 6 }))).toMatch(/"codeDigits".*9-16/);
    expect(failure(() => resolveRelayConfig({ port: 70000 }))).toMatch(/"port"/);
    expect(failure(() => resolveRelayConfig({ store: 'postgres://x' }))).toMatch(/"store"/);
    expect(failure(() => resolveRelayConfig({ bulkResumeBytes: 10, bulkPauseBytes: 5 }))).toMatch(/"bulkResumeBytes"/);
    expect(failure(() => resolveRelayConfig({ lockoutFailures: 2, freeFailures: 3 }))).toMatch(/"lockoutFailures"/);
    expect(failure(() => resolveRelayConfig({ publicUrl: 'not a url' }))).toMatch(/"publicUrl"/);
    expect(failure(() => resolveRelayConfig({ trustedProxies: 'x' as unknown as string[] }))).toBe('no error'); // a comma list string is accepted
  });
});
