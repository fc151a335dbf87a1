// CPU time of a process and all its descendants, read from /proc (utime + stime, in seconds).
import { processTree } from '../../tests/support/procTree';

/** Sum of CPU seconds of `root` and its live descendants. */
export function treeCpuSeconds(root: number): number {
  return processTree(root).reduce((total, p) => total + p.cpu, 0);
}

/** CPU of each named source over a window, as a percentage of one core. */
export async function measureCpu(sources: Record<string, () => number>, windowMs: number): Promise<Record<string, number>> {
  const read = (): Record<string, number> => Object.fromEntries(Object.entries(sources).map(([k, f]) => [k, f()]));
  const before = read();
  await new Promise((r) => setTimeout(r, windowMs));
  const after = read();
  return Object.fromEntries(Object.keys(sources).map((k) => [k, Math.round(((after[k]! - before[k]!) / (windowMs / 1000)) * 1000) / 10]));
}

/** CPU seconds of this process alone (not its children). */
export function ownCpuSeconds(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}
