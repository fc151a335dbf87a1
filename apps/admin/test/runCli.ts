// Runs the real admin CLI as a child process (tsx), as a user would.
import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const tsx = join(repo, 'node_modules', '.bin', 'tsx');
const cli = join(repo, 'apps', 'admin', 'src', 'node', 'cli.ts');

export function runAdmin(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const result = spawnSync(tsx, [cli, ...args], { encoding: 'utf8', timeout: 20_000 });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}
