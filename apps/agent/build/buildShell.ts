// Builds the Electron shell of the agent with esbuild: the pages (renderer/ui) into <out>/ui with one
// HTML file each (CSP meta tag, no inline script or style), the preload (CommonJS, sandbox-compatible)
// and the main process. Usage: tsx apps/agent/build/buildShell.ts [outDir]   (default apps/agent/dist/shell)
import { build, type BuildOptions } from 'esbuild';
import { copyFile, mkdir, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { UI_PAGES, type UiPage } from '../src/common/ipc/ipcContract';
import { UI_META_CONTENT_SECURITY_POLICY } from '../src/electron-main/securityPolicy';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));
export const DEFAULT_SHELL_OUT = fileURLToPath(new URL('../dist/shell/', import.meta.url));

const TITLES: Readonly<Record<UiPage, string>> = {
  consent: 'Tether: allow remote support?',
  indicator: 'Tether: your screen is shared',
  chat: 'Tether: chat',
  overlay: 'Tether annotations',
  file: 'Tether: incoming file',
  rating: 'Tether: rating',
};

export function pageHtml(page: UiPage): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${UI_META_CONTENT_SECURITY_POLICY}">
<title>${TITLES[page]}</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="ui.css">
<script src="${page}.js" defer></script>
</head><body data-page="${page}"><main id="app"></main></body></html>
`;
}

/** Builds the six pages into outDir (HTML + one script each + ui.css). */
export async function buildAgentUi(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: Object.fromEntries(UI_PAGES.map((page) => [page, join(SRC, 'renderer/ui', `${page}Page.ts`)])),
    outdir: outDir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'chrome120',
    minify: false,
    sourcemap: false,
    logLevel: 'silent',
  });
  await copyFile(join(SRC, 'renderer/ui/ui.css'), join(outDir, 'ui.css'));
  for (const page of UI_PAGES) await writeFile(join(outDir, `${page}.html`), pageHtml(page));
}

/** The whole shell: main.cjs, preload.cjs and ui/. */
export async function buildAgentShell(outDir: string): Promise<void> {
  await mkdir(outDir, { recursive: true });
  const common: BuildOptions = { bundle: true, platform: 'node', target: 'node20', format: 'cjs', external: ['electron'], logLevel: 'silent', sourcemap: false };
  await build({ ...common, entryPoints: [join(SRC, 'preload/preload.ts')], outfile: join(outDir, 'preload.cjs') });
  await build({
    ...common,
    entryPoints: [join(SRC, 'electron-main/main.ts')],
    outfile: join(outDir, 'main.cjs'),
    // Native and optional modules of the core stay outside the bundle (shipped in node_modules).
    external: ['electron', '@nut-tree-fork/*', 'playwright-core', 'esbuild', 'bufferutil', 'utf-8-validate', 'x11'],
  });
  await buildAgentUi(join(outDir, 'ui'));
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const out = resolve(process.argv[2] ?? DEFAULT_SHELL_OUT);
  buildAgentShell(out).then(
    () => console.log(`agent shell built in ${out}`),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : String(e));
      process.exit(1);
    },
  );
}
