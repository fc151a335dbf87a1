import { webcrypto } from 'node:crypto';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, generateRootKeyPair, generateTechnicianKeyPair, issueCertificate } from '@tether/crypto';
import { MIN_VAULT_ITERATIONS, sealKeyVault, type VaultCrypto } from '../src/common/keyVault';
import { signIn } from '../src/common/technicianIdentity';
import { startConsoleServer, type RunningConsoleServer } from '../src/node/consoleServer';

const wc = webcrypto as unknown as VaultCrypto;
const root = generateRootKeyPair();
const tech = generateTechnicianKeyPair();
const now = Date.now();
const cert = (notAfter = now + 3_600_000) => JSON.stringify(issueCertificate(root.secretKey, { name: 'Ada', employeeNo: 'E1', department: 'D', org: 'acme', techPub: tech.publicKey, notBefore: now - 1000, notAfter }));

describe('sign-in', () => {
  it('accepts a certificate with its own key (vault or plain) and shows who signed in', async () => {
    const vault = JSON.stringify(await sealKeyVault(encodeKey('tech-sec', tech.secretKey), 'passphrase!', wc, MIN_VAULT_ITERATIONS));
    const { who } = await signIn(cert(), vault, 'passphrase!', wc, now);
    expect(who).toMatchObject({ name: 'Ada', employeeNo: 'E1', org: 'acme' });
    expect((await signIn(cert(), encodeKey('tech-sec', tech.secretKey), '', wc, now)).who.name).toBe('Ada');
    await expect(signIn(cert(), vault, '', wc, now)).rejects.toMatchObject({ code: 'E_AUTH_FAILED', message: expect.stringContaining('passphrase') });
  });

  it('refuses a key of someone else, an expired certificate and files that are not what they claim', async () => {
    const other = encodeKey('tech-sec', generateTechnicianKeyPair().secretKey);
    await expect(signIn(cert(), other, '', wc, now)).rejects.toMatchObject({ code: 'E_AUTH_FAILED', message: expect.stringContaining('does not belong') });
    await expect(signIn(cert(now + 10), encodeKey('tech-sec', tech.secretKey), '', wc, now + 20)).rejects.toMatchObject({ code: 'E_CERT_EXPIRED' });
    await expect(signIn('{"v":1}', encodeKey('tech-sec', tech.secretKey), '', wc, now)).rejects.toMatchObject({ code: 'E_MALFORMED' });
    await expect(signIn('not json', encodeKey('tech-sec', tech.secretKey), '', wc, now)).rejects.toMatchObject({ code: 'E_MALFORMED' });
    await expect(signIn(cert(), encodeKey('root-pub', root.publicKey), '', wc, now)).rejects.toMatchObject({ code: 'E_MALFORMED' });
  });
});

describe('console server', () => {
  let dir: string;
  let server: RunningConsoleServer;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tether-console-dist-'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>t</title>');
    await writeFile(join(dir, 'app.js'), 'console.log(1)');
    server = await startConsoleServer({ distDir: dir, relayUrl: 'ws://127.0.0.1:9999/relay' });
  });
  afterAll(async () => {
    await server?.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves the UI on loopback with a strict CSP and tells the page its relay', async () => {
    expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/$/);
    const page = await fetch(server.url);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain('connect-src \'self\' ws://127.0.0.1:9999 http://127.0.0.1:9999;');
    expect(csp).not.toContain('unsafe');
    expect(await (await fetch(new URL('config.json', server.url))).json()).toEqual({ relayUrl: 'ws://127.0.0.1:9999/relay', recording: { token: expect.stringMatching(/^[0-9a-f]{64}$/) } });
    expect((await fetch(new URL('app.js', server.url))).headers.get('content-type')).toContain('javascript');
    expect((await fetch(new URL('join', server.url))).status).toBe(200);
  });

  it('does not serve files outside its folder or unknown paths', async () => {
    expect((await fetch(new URL('/%2e%2e/%2e%2e/etc/passwd', server.url))).status).toBe(404);
    expect((await fetch(new URL('/nope.js', server.url))).status).toBe(404);
    expect((await fetch(server.url, { method: 'POST' })).status).toBe(405);
    expect((await fetch(new URL('/%E0%A4%A', server.url))).status).toBe(400);
    expect(await (await fetch(`${server.url}/config.json`)).json()).toMatchObject({ relayUrl: 'ws://127.0.0.1:9999/relay' }); // "//config.json
  });
});
