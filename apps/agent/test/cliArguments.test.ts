// The headless agent's command line: flags, session code sources, configuration layering and checks.
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodeKey, generateRootKeyPair, generateTechnicianKeyPair } from '@tether/crypto';
import { codeFromFileName, codeFromInvite, normaliseCode, parseCliArguments, resolveSessionCode } from '../src/node/cli/cliArguments';
import { resolveAgentConfig } from '../src/node/cli/agentCliConfig';
import { screenSizeFromXdpyinfo } from '../src/node/cli/displayScreen';
import { cleanUpSessionFiles, oneTimeBinaryPath } from '../src/node/cli/sessionCleanup';
import { createNodeFilePort } from '../src/node/session/nodeFilePort';
import { exitCodeFor, sessionSummary } from '../src/node/cli/sessionSummary';
import type { PromptRecord } from '../src/node/cli/terminalPrompt';

const ROOT = encodeKey('root-pub', generateRootKeyPair().publicKey);
const NO_FILE = '/nonexistent/tether-agent-config.json';

describe('parseCliArguments', () => {
  it('reads value flags (both spellings) and switches', () => {
    const r = parseCliArguments(['--code', '123456789', '--relay=wss://r.example.org/relay', '--org', 'acme', '--yes-view-only', '--display', ':5']);
    expect(r).toEqual({ ok: true, value: { code: '123456789', relay: 'wss://r.example.org/relay', org: 'acme', display: ':5', yesViewOnly: true, selfRemove: false, requireTemplate: false, help: false } });
    expect(parseCliArguments(['--code', '123456789', '--require-template'])).toMatchObject({ ok: true, value: { requireTemplate: true } });
  });
  it('takes a bare argument as a code or an invite link', () => {
    expect(parseCliArguments(['123 456 789']).ok && parseCliArguments(['123 456 789'])).toMatchObject({ value: { code: '123 456 789' } });
    expect(parseCliArguments(['https://h.example/join#123456789'])).toMatchObject({ value: { invite: 'https://h.example/join#123456789' } });
  });
  it('refuses unknown options, missing values, repeats and extra arguments with one line', () => {
    expect(parseCliArguments(['--frobnicate'])).toMatchObject({ ok: false, error: { code: 'E_BAD_ARGUMENT', detail: 'unknown option --frobnicate (see --help)' } });
    expect(parseCliArguments(['--code'])).toMatchObject({ ok: false, error: { detail: '--code needs a value' } });
    expect(parseCliArguments(['--code', '--org', 'x'])).toMatchObject({ ok: false, error: { detail: '--code needs a value' } });
    expect(parseCliArguments(['--org', 'a', '--org', 'b'])).toMatchObject({ ok: false, error: { detail: '--org given twice' } });
    expect(parseCliArguments(['123456789', 'extra'])).toMatchObject({ ok: false, error: { detail: 'unexpected argument extra' } });
    expect(parseCliArguments(['--help=yes'])).toMatchObject({ ok: false, error: { detail: '--help takes no value' } });
  });
});

describe('session code', () => {
  it('normalises typed codes and refuses malformed ones', () => {
    expect(normaliseCode('123 456-789')).toEqual({ ok: true, value: '123456789' });
    for (const bad of ['12345678', '12345678901234567', '12345678a', '', '１２３４５６７８９']) {
      expect(normaliseCode(bad)).toMatchObject({ ok: false, error: { code: 'E_BAD_ARGUMENT' } });
    }
  });
  it('finds the code in invite links of every form the relay and desktop use', () => {
    expect(codeFromInvite('https://relay.example.org/join#123456789')).toEqual({ ok: true, value: '123456789' });
    expect(codeFromInvite('http://127.0.0.1:8080/join#1234567890')).toEqual({ ok: true, value: '1234567890' });
    expect(codeFromInvite('https://relay.example.org/join/123456789/')).toEqual({ ok: true, value: '123456789' });
    expect(codeFromInvite('tether://join/123456789')).toEqual({ ok: true, value: '123456789' });
    expect(codeFromInvite('https://relay.example.org/other#123456789')).toMatchObject({ ok: false, error: { detail: expect.stringContaining('carries no session code') } });
    expect(codeFromInvite('https://relay.example.org/join#12ab')).toMatchObject({ ok: false, error: { detail: expect.stringContaining('9 to 16 digits') } });
    expect(codeFromInvite('javascript:alert(1)')).toMatchObject({ ok: false, error: { detail: expect.stringContaining('https:// or tether://') } });
    expect(codeFromInvite('not a link')).toMatchObject({ ok: false });
  });
  it('finds the code in the one-time binary name, and nowhere else', () => {
    expect(codeFromFileName('tether-agent-123456789')).toBe('123456789');
    expect(codeFromFileName('Tether-Support-1234567890.AppImage')).toBe('1234567890');
    expect(codeFromFileName('tether-agent-123456789 (1).exe')).toBe('123456789');
    expect(codeFromFileName('node')).toBeUndefined();
    expect(codeFromFileName('main.ts')).toBeUndefined();
    expect(codeFromFileName('tether-agent-12345678')).toBeUndefined();
  });
  it('prefers flags, then file names, and says what to do when there is none', () => {
    expect(resolveSessionCode({ code: '111111111' }, ['tether-agent-222222222'])).toEqual({ ok: true, value: '111111111' });
    expect(resolveSessionCode({}, ['node', 'tether-agent-222222222'])).toEqual({ ok: true, value: '222222222' });
    expect(resolveSessionCode({ code: '111111111', invite: 'https://h/join#222222222' }, [])).toMatchObject({ ok: false, error: { detail: 'give either --code or --invite, not both' } });
    expect(resolveSessionCode({}, ['node', 'main.ts'])).toMatchObject({ ok: false, error: { detail: expect.stringContaining('no session code') } });
  });
});

describe('resolveAgentConfig', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'tether-cli-config-'));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('layers flags over environment over the config file', async () => {
    const file = join(dir, 'baked.json');
    await writeFile(file, JSON.stringify({ v: 1, rootPublicKey: ROOT, relayUrl: 'wss://file.example.org/relay', org: 'from-file' }));
    expect(await resolveAgentConfig({ config: file }, {}, NO_FILE)).toEqual({ ok: true, value: { rootPublicKey: ROOT, relayUrl: 'wss://file.example.org/relay', org: 'from-file', requireTemplate: false } });
    // A template requirement comes from the flag or the file; a flag cannot take the file's away.
    expect(await resolveAgentConfig({ config: file, requireTemplate: true }, {}, NO_FILE)).toMatchObject({ ok: true, value: { requireTemplate: true } });
    const strict = join(dir, 'strict.json');
    await writeFile(strict, JSON.stringify({ v: 1, rootPublicKey: ROOT, relayUrl: 'wss://file.example.org/relay', org: 'o', requireTemplate: true }));
    expect(await resolveAgentConfig({ config: strict, requireTemplate: false }, {}, NO_FILE)).toMatchObject({ ok: true, value: { requireTemplate: true } });
    const loose = join(dir, 'loose.json');
    await writeFile(loose, JSON.stringify({ v: 1, rootPublicKey: ROOT, relayUrl: 'wss://file.example.org/relay', org: 'o', requireTemplate: 'yes' }));
    expect(await resolveAgentConfig({ config: loose }, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: expect.stringContaining('requireTemplate must be true or false') } });
    expect(await resolveAgentConfig({}, { TETHER_AGENT_CONFIG: file, TETHER_ORG: 'from-env' }, NO_FILE)).toMatchObject({ ok: true, value: { org: 'from-env' } });
    expect(await resolveAgentConfig({ org: 'from-flag' }, { TETHER_ORG: 'from-env' }, file)).toMatchObject({ ok: true, value: { org: 'from-flag', relayUrl: 'wss://file.example.org/relay' } });
  });
  it('refuses a missing or wrong-kind key, an insecure relay and broken config files with one line', async () => {
    const techKey = encodeKey('tech-pub', generateTechnicianKeyPair().publicKey);
    const base = { relay: 'wss://r.example.org', org: 'acme' };
    expect(await resolveAgentConfig(base, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: expect.stringContaining('no organisation root key') } });
    expect(await resolveAgentConfig({ ...base, rootKey: techKey }, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: 'organisation root key: wrong key kind: expected root-pub, got tech-pub' } });
    expect(await resolveAgentConfig({ ...base, rootKey: ROOT, relay: 'ws://relay.example.org' }, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: expect.stringContaining('wss://') } });
    expect(await resolveAgentConfig({ ...base, rootKey: ROOT, relay: 'wss://u:p@r.example.org' }, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: 'relay URL must not carry credentials' } });
    expect(await resolveAgentConfig({ rootKey: ROOT, org: 'acme' }, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: expect.stringContaining('no relay URL') } });
    expect(await resolveAgentConfig({ rootKey: ROOT, relay: 'ws://127.0.0.1:9/relay' }, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: expect.stringContaining('no organisation name') } });
    const extra = join(dir, 'extra.json');
    await writeFile(extra, JSON.stringify({ v: 1, org: 'a', evil: true }));
    expect(await resolveAgentConfig({ config: extra }, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: expect.stringContaining('unknown fields: evil') } });
    const notJson = join(dir, 'bad.json');
    await writeFile(notJson, '{');
    expect(await resolveAgentConfig({ config: notJson }, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: expect.stringContaining('is not JSON') } });
    expect(await resolveAgentConfig({ config: join(dir, 'missing.json') }, {}, NO_FILE)).toMatchObject({ ok: false, error: { detail: expect.stringContaining('ENOENT') } });
  });
});

describe('display and end of session', () => {
  it('reads the screen size from xdpyinfo output', () => {
    expect(screenSizeFromXdpyinfo('screen #0:\n  dimensions:    1920x1080 pixels (508x285 millimeters)\n')).toEqual({ width: 1920, height: 1080 });
    expect(screenSizeFromXdpyinfo('no screens')).toBeUndefined();
  });
  it('keeps received files and removes partial downloads', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'tether-files-'));
    const temporary: string[] = [];
    const received: string[] = [];
    const port = createNodeFilePort(folder, (p) => temporary.push(p), (p) => received.push(p));
    const good = new TextEncoder().encode('report contents');
    const sink = await port.open('f1', 'report.txt', good.length, createHash('sha256').update(good).digest('hex'));
    await sink.write(0, good);
    await sink.finish();
    const half = await port.open('f2', 'big.bin', 100, '0'.repeat(64));
    await half.write(0, new Uint8Array(10));
    await half.abort();
    expect(received).toEqual([join(folder, 'report.txt')]);
    const { kept, report } = await cleanUpSessionFiles(temporary, received, undefined);
    expect(kept).toEqual([join(folder, 'report.txt')]);
    expect(report.failed).toEqual([]);
    expect((await readdir(folder)).sort()).toEqual(['report.txt']);
  });
  it('removes itself only as the one-time binary, never a shared node', () => {
    expect(oneTimeBinaryPath({ APPIMAGE: '/home/u/Tether.AppImage' }, false, '/usr/bin/node')).toBe('/home/u/Tether.AppImage');
    expect(oneTimeBinaryPath({}, true, '/usr/bin/node')).toBeUndefined();
    expect(oneTimeBinaryPath({}, true, '/home/u/tether-agent-123456789')).toBe('/home/u/tether-agent-123456789');
    expect(oneTimeBinaryPath({}, false, '/home/u/tether-agent-123456789')).toBeUndefined();
  });
  it('exit codes: 2 when the relay refused before verification, 1 for a failed verification or refusing everything, else 0', () => {
    const record = (over: Partial<PromptRecord> = {}): PromptRecord => ({ reachedVerification: true, failures: [], consentRefusals: 0, decisions: [], filesAccepted: [], filesDeclined: [], ...over });
    const failure = { reason: 'x', by: 'failure' as const, grants: [], refusedInputs: 0 };
    expect(exitCodeFor(failure, record({ reachedVerification: false }))).toBe(2);
    expect(exitCodeFor(failure, record())).toBe(1);
    expect(exitCodeFor({ ...failure, by: 'customer' }, record({ consentRefusals: 1 }))).toBe(1);
    expect(exitCodeFor({ ...failure, by: 'technician' }, record())).toBe(0);
    // With the failure's code, the exit code no longer depends on how far the prompt got.
    expect(exitCodeFor({ ...failure, code: 'E_CODE_EXPIRED' }, record())).toBe(2);
    expect(exitCodeFor({ ...failure, code: 'E_CERT_REVOKED' }, record({ reachedVerification: false }))).toBe(1);
    const text = sessionSummary({ outcome: { reason: 'The customer stopped the session.', by: 'customer', grants: [], refusedInputs: 1 }, record: record({ decisions: ['VIEW ONLY (no control), for 5 minutes'], rating: { stars: 3 } }), startedAt: 0, endedAt: 65_000, keptFiles: ['/d/a.txt'] });
    expect(text).toBe('Session summary: no verified technician; 1 min 5 s. You allowed: VIEW ONLY (no control), for 5 minutes. 1 input event outside what you allowed was refused. Files received and kept: /d/a.txt. Outcome: The customer stopped the session. (ended by customer). Your rating: 3/5.');
  });
});
