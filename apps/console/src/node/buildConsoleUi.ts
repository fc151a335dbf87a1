// Builds the console UI (React + Vite) into apps/console/dist. Used by `pnpm console`, the demo and
// the e2e tests; the configuration lives here so it is type-checked with the rest of the Node layer.
// Two pages share one build: index.html (the technician console) and admin.html (the archive admin
// view, served at /admin).
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { build } from 'vite';

export const CONSOLE_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const CONSOLE_DIST = fileURLToPath(new URL('../../dist/', import.meta.url));

export async function buildConsoleUi(options: { outDir?: string; quiet?: boolean } = {}): Promise<string> {
  const outDir = options.outDir ?? CONSOLE_DIST;
  // Always a production build (production React, no jsxDEV with source paths), also when the caller runs
  // under a test runner that set NODE_ENV=test: Vite and the React plugin read it from the environment.
  const previous = process.env.NODE_ENV;
  process.env.NODE_ENV = 'production';
  try {
    await build({
      root: CONSOLE_ROOT,
      configFile: false,
      mode: 'production',
      logLevel: options.quiet ? 'error' : 'warn',
      plugins: [react()],
      build: {
        outDir, emptyOutDir: true, target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 2048,
        rollupOptions: { input: { main: join(CONSOLE_ROOT, 'index.html'), admin: join(CONSOLE_ROOT, 'admin.html') } },
      },
    });
  } finally {
    if (previous === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = previous;
  }
  return outDir;
}
