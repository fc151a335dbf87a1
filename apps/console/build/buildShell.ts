// Builds the console's Electron shell: the React UI (Vite production build) into <out>/ui, the preload as
// CommonJS (sandbox-compatible) and the main process as ESM, beside each other as main.mjs expects.
// Usage: tsx apps/console/build/buildShell.ts [outDir]   (default apps/console/dist/shell)
import { build, type BuildOptions } from 'esbuild';
import { mkdir } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildConsoleUi } from '../src/node/buildConsoleUi';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
export const DEFAULT_CONSOLE_SHELL_OUT = fileURLToPath(new URL('../dist/shell/', import.meta.url));

export async function buildConsoleShell(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', external: ['electron'], logLevel: 'silent', sourcemap: false };
  await build({ ...common, format: 'cjs', entryPoints: [join(SRC, 'preload/preload.ts')], outfile: join(outDir, 'preload.cjs') });
  await build({ ...common, format: 'esm', entryPoints: [join(SRC, 'electron-main/main.ts')], outfile: join(outDir, 'main.mjs') });
  await buildConsoleUi({ outDir: join(outDir, 'ui'), quiet: true });
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? DEFAULT_CONSOLE_SHELL_OUT);
  buildConsoleShell(out).then(
    () => console.log(`console shell built in ${out}`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
