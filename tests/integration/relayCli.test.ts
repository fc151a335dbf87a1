// `pnpm relay` as a real process: configured by environment only, it prints its URL and serves /healthz.
import { spawn } from 'node:child_process';
import { describe, expect, it } from 'vitest';

describe('relay CLI', () => {
  it('starts from environment config, prints the URL and stops on SIGTERM', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/relay/src/node/main.ts'], {
      env: { ...process.env, TETHER_RELAY_PORT: '0', TETHER_RELAY_ORG: 'cli-test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    try {
      const line = await new Promise<string>((resolve, reject) => {
        let out = '';
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
});
