// Type-checks each layer with its own tsconfig, so common code cannot see Node or DOM types
// and renderer code cannot see Node types. A layer with no files yet (TS18003) is skipped, not failed.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';

const layers = ['tsconfig.common.json', 'tsconfig.node.json', 'tsconfig.renderer.json', 'tsconfig.electron.json'];
let failed = false;
for (const layer of layers) {
  if (!existsSync(layer)) continue;
  const result = spawnSync('pnpm', ['exec', 'tsc', '-p', layer, '--pretty', 'false'], { encoding: 'utf8' });
  const output = `${result.stdout}${result.stderr}`;
  if (result.status !== 0 && output.includes('TS18003')) {
    console.log(`typecheck ${layer}: no files yet, skipped`);
    continue;
  }
  process.stdout.write(output);
  console.log(`typecheck ${layer}: ${result.status === 0 ? 'ok' : 'FAILED'}`);
  if (result.status !== 0) failed = true;
}
process.exit(failed ? 1 : 0);
