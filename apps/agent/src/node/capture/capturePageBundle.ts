// Builds the capture page (renderer/capture/capturePage.ts) into one ES module with esbuild, in memory,
// once per process. The Electron shell will load the same entry through its own build.
import { build } from 'esbuild';
import { fileURLToPath } from 'node:url';

const ENTRY = fileURLToPath(new URL('../../renderer/capture/capturePage.ts', import.meta.url));

let cached: Promise<string> | null = null;

export function capturePageScript(): Promise<string> {
  cached ??= bundleBrowserModule(ENTRY);
  cached.catch(() => (cached = null));
  return cached;
}

/** One browser ES module of `entry` and everything it imports (also used for the test and benchmark pages). */
export async function bundleBrowserModule(entry: string): Promise<string> {
  const result = await build({ entryPoints: [entry], bundle: true, write: false, format: 'esm', platform: 'browser', target: 'chrome120', minify: false, sourcemap: false, logLevel: 'silent' });
  const file = result.outputFiles[0];
  if (!file) throw new Error(`esbuild produced no output for ${entry}`);
  return file.text;
}

/** The capture page's title (its window is recognised by it, e.g. to take the X focus back from it). */
export const CAPTURE_PAGE_TITLE = 'Tether screen sharing';

export const CAPTURE_PAGE_HTML = `<!doctype html>
<html><head><meta charset="utf-8"><title>${CAPTURE_PAGE_TITLE}</title>
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; script-src 'self'; connect-src 'self' ws://127.0.0.1:*; style-src 'unsafe-inline'">
</head><body style="font-family: sans-serif">
<p id="status">starting</p>
<script type="module" src="/capture.js"></script>
</body></html>`;
