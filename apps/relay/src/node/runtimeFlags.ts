// Node/V8 flags the relay runs with (`pnpm relay` passes them; bench/relay.ts uses this list).
// The relay allocates a Buffer per socket read and per reassembled frame (~2 x the forwarded bytes).
// V8 counts that array-buffer memory as external memory and, with default flags, starts an incremental
// old-space collection each time it grows by its soft limit: at 1,000 sessions x 180 kB/s that is ~5
// major collections a second, each stalling the event loop for 10-20 ms (incremental finalisation plus
// the atomic pause). The young generation frees those buffers on its own; the old space is small.
//   --max-semi-space-size=32   fewer scavenges, so short-lived buffers are not promoted
//   --no-incremental-marking   no external-memory-driven incremental cycles; old space is still collected
//                              (atomically) when it reaches its limit, which here is rare
// `pnpm bench relay 1000` (relay pinned to one core), V8 defaults -> these flags: relay CPU 51-56 % -> 43 %,
// event-loop delay p99 15-17 ms -> 4.4 ms (p99.9 23 -> 11 ms), major GCs 5/s -> ~0.2/s, RSS 200 -> 250 MiB.
export const RELAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32', '--no-incremental-marking'];

/** The flags missing from this process (execArgv or NODE_OPTIONS), for a start-up note. */
export function missingRelayFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/).filter(Boolean)]);
  return RELAY_NODE_FLAGS.filter((flag) => !given.has(flag));
}
