// The README's demo command body (scripts/demo.ts) as a user runs it: a real child process running the
// whole session (relay with archive, agent on a private Xvfb, console in Chromium), exiting 0 with the
// log and the archived recording verified. Its output folder is removed afterwards.
import { spawn } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';

describe('demo', () => {
  it('runs a whole session, archives it and verifies the log and the archived recording', async () => {
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/demo.ts'], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
    const saved = /saved in: (\S+)/.exec(out)?.[1];
    if (saved) await rm(saved, { recursive: true, force: true });
    expect(code, out).toBe(0);
    expect(out).toContain('log:      verified');
    expect(out).toContain('archive:  recording archived, opened by the admin and verified');
    expect(out).toMatch(/\[admin\] opened with the archive key: verified; exported video\.(webm|mkv), log\.json, report\.html/);
  }, 120_000);
});
