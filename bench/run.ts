// `pnpm bench <name> [args]`: runs bench/<name>.ts, which prints a table and writes bench/results/<name>.json.
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { dirname, join } from 'node:path';

const name = process.argv[2];
const here = dirname(fileURLToPath(import.meta.url));
if (!name || !/^[a-z0-9-]+$/.test(name) || !existsSync(join(here, `${name}.ts`))) {
  console.error(`usage: pnpm bench <name>; known: crypto, relay, e2e, console`);
  process.exit(2);
}
process.argv.splice(2, 1);
await import(pathToFileURL(join(here, `${name}.ts`)).href);
