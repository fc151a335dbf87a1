// Writes a benchmark's results as JSON under bench/results/, with machine facts, and returns the path.
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export function writeBenchResults(name: string, results: unknown): string {
  const dir = join(dirname(fileURLToPath(import.meta.url)), 'results');
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.json`);
  const machine = { node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model, memGiB: Math.round(totalmem() / 2 ** 30) };
  writeFileSync(path, JSON.stringify({ name, at: new Date().toISOString(), machine, results }, null, 2));
  return path;
}
