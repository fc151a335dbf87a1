// `pnpm relay` as a real process: configured by environment only, it prints its URL and serves /healthz.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { RELAY_NODE_FLAGS } from '../../apps/relay/src/node/runtimeFlags';

describe('relay CLI', () => {
  it('starts from environment config, prints the URL and stops on SIGTERM', async () => {
    // as `pnpm relay` starts it: with the relay's V8 flags, so no note about missing flags
    const child = spawn(process.execPath, [...RELAY_NODE_FLAGS, '--import', 'tsx', 'apps/relay/src/node/main.ts'], {
      env: { ...process.env, TETHER_RELAY_PORT: '0', TETHER_RELAY_ORG: 'cli-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      const line = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('\n')) resolve(out);
        });
        child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
      });
      const match = /listening on (ws:\/\/127\.0\.0\.1:(\d+)\/relay)/.exec(line);
      expect(match).not.toBeNull();
      const health = await fetch(`http://127.0.0.1:${match?.[2]}/healthz`);
      expect(((await health.json()) as { ok: boolean }).ok).toBe(true);
      expect(out).toContain('note: no rootPublicKey configured'); // the start-up notes have been printed
      expect(out).not.toContain('note: start node with');
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      expect(await exited).toBe(0);
    }
  });

  it('refuses a bad setting with a message naming it', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/relay/src/node/main.ts'], {
      env: { ...process.env, TETHER_RELAY_CODE_DIGITS: '4' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let err = '';
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    expect(code).toBe(1);
    expect(err).toMatch(/codeDigits/);
  });

  it('started without its V8 flags, says which ones to add', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/relay/src/node/main.ts'], {
      env: { ...process.env, TETHER_RELAY_PORT: '0', TETHER_RELAY_ORG: 'cli-test', NODE_OPTIONS: '' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          if (out.includes('note: no rootPublicKey')) resolve();
        });
        child.once('exit', (code) => reject(new Error(`relay exited with ${code}`)));
      });
      expect(out).toContain(`note: start node with ${RELAY_NODE_FLAGS.join(' ')}`);
    } finally {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });
});
