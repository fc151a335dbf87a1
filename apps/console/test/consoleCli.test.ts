// `pnpm console` as a user runs it: a real child process that builds the UI, serves it and prints its URL.
import { spawn, spawnSync } from 'node:child_process';
import { createInterface } from 'node:readline';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { encodeKey, generateArchiveKeyPair, generateRootKeyPair } from '../../../packages/crypto/src/index';
import { parseOrgConfig } from '../src/node/orgConfig';

const MAIN = 'apps/console/src/node/main.ts';
const ORG = {
  org: 'acme', rootPublicKey: encodeKey('root-pub', generateRootKeyPair().publicKey), archivePublicKey: encodeKey('archive-pub', generateArchiveKeyPair().publicKey),
};
const orgFile = join(mkdtempSync(join(tmpdir(), 'tether-console-org-')), 'org.json');
writeFileSync(orgFile, JSON.stringify(ORG));

describe('pnpm console', () => {
  it('serves the built UI on loopback, prints the URL and tells the page the relay', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, '--relay', 'ws://127.0.0.1:9/relay', '--port', '0', '--org', orgFile], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error('no URL printed')), 30_000);
        createInterface({ input: child.stdout }).on('line', (line) => {
          const m = /tether console: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(line);
          if (m?.[1]) {
            clearTimeout(timer);
            resolve(m[1]);
          }
        });
      });
      const page = await fetch(url);
      expect(page.status).toBe(200);
      const html = await page.text();
      expect(html).toContain('<div id="root">');
      // A production build even under the test runner's NODE_ENV=test: no development JSX, no source paths.
      const script = /src="(\/assets\/[^"]+\.js)"/.exec(html)?.[1] as string;
      const js = await (await fetch(new URL(script, url))).text();
      expect(js).not.toContain('jsxDEV');
      expect(js).not.toContain(process.cwd());
      expect(await (await fetch(new URL('config.json', url))).json()).toEqual({ relayUrl: 'ws://127.0.0.1:9/relay', org: ORG, recording: { token: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    } finally {
      child.kill('SIGTERM');
    }
  }, 40_000);

  it('refuses bad options with one line and exit code 2', () => {
    const bad = spawnSync('pnpm', ['exec', 'tsx', MAIN, '--relay', 'http://example.com'], { encoding: 'utf8' });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('--relay must be a ws:// or wss:// URL');
    const port = spawnSync('pnpm', ['exec', 'tsx', MAIN, '--port', '70000'], { encoding: 'utf8' });
    expect(port.status).toBe(2);
    expect(port.stderr).toContain('--port must be 0..65535');
    const missing = spawnSync('pnpm', ['exec', 'tsx', MAIN, '--org', '/nonexistent/org.json'], { encoding: 'utf8' });
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('cannot read /nonexistent/org.json');
  });

  it('accepts only a well-formed org.json with the root and archive public keys', () => {
    expect(parseOrgConfig(JSON.stringify(ORG))).toEqual(ORG);
    expect(() => parseOrgConfig('{')).toThrow(/not JSON/);
    expect(() => parseOrgConfig(JSON.stringify({ ...ORG, org: '' }))).toThrow(/"org" is missing/);
    expect(() => parseOrgConfig(JSON.stringify({ ...ORG, rootPublicKey: ORG.archivePublicKey }))).toThrow(/rootPublicKey/);
    expect(() => parseOrgConfig(JSON.stringify({ ...ORG, archivePublicKey: 'tether:archive-pub:AAAA' }))).toThrow(/archivePublicKey/);
  });
});
