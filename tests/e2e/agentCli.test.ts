// The headless agent CLI end to end: the real program in a child process on a private Xvfb, a real relay
// and a real technician session core. The test types at the CLI's stdin as a customer would, after reading
// what it printed (the SAS, the requested scope), and checks what the technician receives.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ORG, makeOrg, type TestOrg } from '../../apps/relay/test/relayFixtures';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import { startRelayForTests, technician, until } from '../support/sessionHarness';
import { descendantCommands } from '../support/procTree';
import { startXObserver } from '../support/xObserver';
import { startXvfb, type XDisplay } from '../support/xvfb';

const TSX = fileURLToPath(new URL('../../node_modules/.bin/tsx', import.meta.url));
const MAIN = fileURLToPath(new URL('../../apps/agent/src/node/cli/main.ts', import.meta.url));

/** The real CLI in a child process, driven the way a person at a terminal would: wait for a line, type. */
class AgentCli {
  stdout = '';
  stderr = '';
  readonly exited: Promise<number | null>;
  private readonly child: ChildProcess;
  private consumed = 0;

  constructor(args: string[], env: NodeJS.ProcessEnv) {
    this.child = spawn(TSX, [MAIN, ...args], { env, stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout?.setEncoding('utf8').on('data', (d: string) => (this.stdout += d));
    this.child.stderr?.setEncoding('utf8').on('data', (d: string) => (this.stderr += d));
    this.exited = new Promise((resolve) => this.child.once('exit', (code) => resolve(code)));
  }

  /** Waits until the output after the last match contains `pattern`; returns the match. */
  async waitFor(pattern: RegExp, timeoutMs = 20_000): Promise<RegExpExecArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const rest = this.stdout.slice(this.consumed);
      const m = pattern.exec(rest);
      if (m) {
        this.consumed += m.index + m[0].length;
        return m;
      }
      if (Date.now() > deadline || this.child.exitCode !== null) {
        throw new Error(`no ${pattern} in the agent's output:\n${this.stdout}\n--- stderr ---\n${this.stderr}`);
      }
      await new Promise((r) => setTimeout(r, 25));
    }
  }

  /** Answers the question `pattern` once it is shown. */
  async answer(pattern: RegExp, line: string): Promise<void> {
    await this.waitFor(pattern);
    this.type(line);
  }

  type(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Ends the child if a test failed midway (by its PID only). */
  kill(): void {
    if (this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}

let x: XDisplay;
let org: TestOrg;
let relay: RunningRelay;
let dir: string;
const clis: AgentCli[] = [];

beforeAll(async () => {
  x = await startXvfb();
  ({ org, relay } = await startRelayForTests(makeOrg()));
  dir = await mkdtemp(join(tmpdir(), 'tether-agent-cli-'));
}, 60_000);

afterAll(async () => {
  for (const c of clis) c.kill();
  await relay?.close();
  await x?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function cli(args: string[], env: NodeJS.ProcessEnv = {}): AgentCli {
  const base: NodeJS.ProcessEnv = { ...process.env, DISPLAY: x.display, HOME: dir };
  delete base.APPIMAGE;
  delete base.TETHER_AGENT_CONFIG;
  const c = new AgentCli(args, { ...base, ...env });
  clis.push(c);
  return c;
}

const flags = (code: string, rootKey = org.rootPublicKeyText) => ['--code', code, '--relay', relay.url, '--root-key', rootKey, '--org', ORG, '--files', join(dir, 'received')];

const nx = (px: number, w: number) => Math.round((px * 65535) / (w - 1));

async function oneTimeBinary(name: string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, '#!/bin/sh\necho dummy one-time agent\n', { mode: 0o755 });
  return path;
}

describe('tether-agent CLI', () => {
  it('a customer compares the SAS, grants full control at the terminal, the technician gets the grant and video; s stops, the rating arrives, exit 0, summary, binary removed', async () => {
    const tech = technician(org, relay);
    tech.session.ratingWaitMs = 30_000;
    const created = await tech.session.create();
    const binary = await oneTimeBinary('Tether-Support.AppImage');
    const agent = cli(flags(created.code), { APPIMAGE: binary });

    const sas = (await agent.waitFor(/Security code: (\d{6})\n/))[1];
    await until(() => tech.sas !== undefined && tech.session.state === 'awaiting-consent', 15_000, 'technician secured');
    expect(sas).toBe(tech.sas);
    expect(agent.stdout).toMatch(/Name: +Ada Example/);
    expect(agent.stdout).toMatch(/Employee no\.: +E-1001/);
    expect(agent.stdout).toMatch(/Organisation: +acme-support/);

    tech.session.requestConsent({ mode: 'full', clipboard: true, files: true, reason: 'fix the printer' });
    await agent.waitFor(/The technician asks for: FULL CONTROL[^\n]*clipboard: yes; file transfer: yes/);
    await agent.answer(/What do you allow\? \[view \/ region \/ (window \/ )?full \/ no\] \(Enter = no\): $/, 'full');
    await agent.answer(/Allow the clipboard[^\n]*\[y\/N\]: $/, 'n');
    await agent.answer(/Allow file transfer[^\n]*\[y\/N\]: $/, 'n');
    await agent.answer(/For how many minutes\? \[1-120\] \(Enter = 120\): $/, '5');
    await agent.waitFor(/You are about to allow: FULL CONTROL[^\n]*clipboard no, files no, for 5 minutes/);
    await agent.answer(/Confirm\? \[y\/N\]: $/, 'y');

    await until(() => tech.session.grant?.mode === 'full', 15_000, 'grant');
    const grant = tech.session.grant;
    expect(grant).toMatchObject({ mode: 'full', clipboard: false, files: false });
    expect((grant?.expiresAt ?? 0) - (grant?.issuedAt ?? 0)).toBe(5 * 60_000);
    await agent.waitFor(/SHARING your screen with Ada Example \(full control[^\n]*\) — type 'p' pause, 'r' resume, 'c' revoke control, 's' stop/);
    await until(() => tech.video.length > 0, 20_000, 'video');
    expect(tech.video.some((c) => c.keyframe)).toBe(true);

    // The technician's click reaches a real X client. The CLI runs on its own display, so it injects in its
    // own process: no injector child (one process hop less per event).
    const observer = await startXObserver({ display: x.display, name: 'tether-cli-observer', x: 200, y: 200, width: 300, height: 200 });
    try {
      const [w, h] = [x.width, x.height];
      const at = { surfaceId: 0, x: nx(300, w), y: nx(260, h) } as const;
      tech.session.sendInput({ v: 1, type: 'input.pointerMove', ...at });
      tech.session.sendInput({ v: 1, type: 'input.pointerButton', ...at, button: 0, down: true });
      tech.session.sendInput({ v: 1, type: 'input.pointerButton', ...at, button: 0, down: false });
      const press = await observer.waitFor((e) => e.type === 'ButtonPress', 10_000);
      expect([press.rootX, press.rootY]).toEqual([300, 260]);
    } finally {
      await observer.stop();
    }
    const below = descendantCommands(agent.pid);
    expect(below.some((c) => c.includes('capture') || c.includes('chromium'))).toBe(true); // the walk sees the agent's children
    expect(below.filter((c) => c.includes('injectorHost'))).toEqual([]);

    tech.session.send({ v: 1, type: 'chat.message', id: 'c1', from: 'technician', text: 'I can see your screen', ts: Date.now() });
    await agent.waitFor(/\[chat\] Ada Example: I can see your screen/);

    agent.type('s');
    await agent.answer(/Rate 1-5 \(Enter to skip\): $/, '4');
    await agent.answer(/comment for the technician \(Enter to skip\): $/, 'patient and clear');
    expect(await agent.exited).toBe(0);
    await tech.session.ended;
    expect(tech.session.customerRating).toEqual({ stars: 4, comment: 'patient and clear' });
    expect(agent.stdout).toMatch(/Session summary: Ada Example \(employee E-1001, Support, acme-support\); .*You allowed: FULL CONTROL[^;]*, for 5 minutes\. .*Outcome: The customer stopped the session\. \(ended by customer\)\. Your rating: 4\/5\./);
    await until(() => !existsSync(binary), 10_000, 'one-time binary removed');
  }, 120_000);

  it('refusing on Enter grants nothing: the technician is denied and the CLI exits 1 after stopping', async () => {
    const tech = technician(org, relay);
    const created = await tech.session.create();
    const agent = cli(flags(created.code));
    await agent.waitFor(/Security code: \d{6}\n/);
    await until(() => tech.session.state === 'awaiting-consent', 15_000, 'technician secured');
    tech.session.requestConsent({ mode: 'view', clipboard: false, files: false });
    await agent.answer(/What do you allow\? \[view \/ no\] \(Enter = no\): $/, '');
    await until(() => tech.messages.some((m) => m.type === 'consent.denied'), 10_000, 'denial');
    expect(tech.session.grant).toBeNull();
    agent.type('s');
    await agent.answer(/Rate 1-5/, '');
    expect(await agent.exited).toBe(1);
    expect(agent.stdout).toMatch(/You allowed nothing: your screen was never shared\. You refused 1 request\./);
  }, 60_000);

  it('a one-time binary whose name carries a wrong code exits 2 with the relay\'s message and removes itself', async () => {
    const binary = await oneTimeBinary('tether-agent-987654321');
    const agent = cli(['--relay', relay.url, '--root-key', org.rootPublicKeyText, '--org', ORG], { APPIMAGE: binary });
    expect(await agent.exited).toBe(2);
    expect(agent.stdout).toContain('joining session 987654321');
    expect(agent.stderr).toContain('That session code is not valid. Check the digits with your technician.');
    await until(() => !existsSync(binary), 10_000, 'one-time binary removed');
  }, 60_000);

  it('a technician whose certificate does not chain to the pinned root is refused: exit 1 with the reason', async () => {
    const tech = technician(org, relay);
    const created = await tech.session.create();
    const agent = cli(flags(created.code, makeOrg().rootPublicKeyText));
    expect(await agent.exited).toBe(1);
    expect(agent.stdout).not.toMatch(/Security code/);
    expect(agent.stderr).toMatch(/not signed by the expected organisation/);
    await tech.session.stop().catch(() => undefined);
  }, 60_000);

  it('an unreachable relay exits 2 with one clear line', async () => {
    const server = createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const port = (server.address() as { port: number }).port;
    await new Promise((r) => server.close(r));
    const agent = cli(['--code', '123456789', '--relay', `ws://127.0.0.1:${port}/relay`, '--root-key', org.rootPublicKeyText, '--org', ORG]);
    expect(await agent.exited).toBe(2);
    expect(agent.stderr).toMatch(/cannot reach the relay at ws:\/\/127\.0\.0\.1:\d+\/relay/);
  }, 60_000);
});
