// CPU time of a process and all its descendants, read from /proc (utime + stime, in seconds).
import { readFileSync, readdirSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

function statOf(pid: number): { ppid: number; cpu: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS };
  } catch {
    return null;
  }
}

/** Sum of CPU seconds of `root` and its live descendants. */
export function treeCpuSeconds(root: number): number {
  const children = new Map<number, number[]>();
  const cpu = new Map<number, number>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const s = statOf(pid);
    if (!s) continue;
    cpu.set(pid, s.cpu);
    const list = children.get(s.ppid) ?? [];
    list.push(pid);
    children.set(s.ppid, list);
  }
  let total = 0;
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    total += cpu.get(pid) ?? 0;
    stack.push(...(children.get(pid) ?? []));
  }
  return total;
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
