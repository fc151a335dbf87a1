// The process tree as /proc shows it now: parents, CPU seconds, and the descendants of a process. Used by
// tests (which processes an agent started) and the benchmark (CPU per process tree).
import { readFileSync, readdirSync } from 'node:fs';

const TICKS = 100; // USER_HZ on Linux

export interface ProcEntry {
  pid: number;
  ppid: number;
  /** utime + stime, in seconds. */
  cpu: number;
}

function entryOf(pid: number): ProcEntry | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ');
    return { pid, ppid: Number(fields[1]), cpu: (Number(fields[11]) + Number(fields[12])) / TICKS };
  } catch {
    return null; // gone meanwhile
  }
}

/** `root` (when alive) and every live process below it. */
export function processTree(root: number): ProcEntry[] {
  const children = new Map<number, ProcEntry[]>();
  const byPid = new Map<number, ProcEntry>();
  for (const name of readdirSync('/proc')) {
    const pid = Number(name);
    if (!Number.isInteger(pid)) continue;
    const entry = entryOf(pid);
    if (!entry) continue;
    byPid.set(pid, entry);
    const list = children.get(entry.ppid) ?? [];
    list.push(entry);
    children.set(entry.ppid, list);
  }
  const out: ProcEntry[] = [];
  const stack = [root];
  const seen = new Set<number>();
  while (stack.length) {
    const pid = stack.pop() as number;
    if (seen.has(pid)) continue;
    seen.add(pid);
    const entry = byPid.get(pid);
    if (entry) out.push(entry);
    stack.push(...(children.get(pid) ?? []).map((c) => c.pid));
  }
  return out;
}

/** Command lines of every live process below `root` (not root itself). */
export function descendantCommands(root: number): string[] {
  const out: string[] = [];
  for (const { pid } of processTree(root)) {
    if (pid === root) continue;
    try {
      out.push(readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' '));
    } catch {
      // gone meanwhile
    }
  }
  return out;
}
