// Node/V8 flags the relay runs with (`pnpm relay` passes them; bench/relay.ts uses this list).
// The relay allocates a Buffer per socket read and per reassembled frame (~2 x the forwarded bytes).
// With V8's default 16 MiB semi-spaces those short-lived objects are promoted and old-space collections
// run several times a second, stalling the event loop. Measured with `pnpm bench relay 1000` (1,000
// sessions x 180 kB/s, relay pinned to one core): default flags -> relay CPU 51 %, event-loop delay p99
// 14 ms, probe control latency p99 29 ms; --max-semi-space-size=32 -> CPU 40 %, loop p99 3.6 ms, probe p99
// 8.3 ms (64 gave the same; 128 was worse again).
export const RELAY_NODE_FLAGS: readonly string[] = ['--max-semi-space-size=32'];

/** The flags missing from this process (execArgv or NODE_OPTIONS), for a start-up note. */
export function missingRelayFlags(execArgv: readonly string[], nodeOptions = ''): string[] {
  const given = new Set([...execArgv, ...nodeOptions.split(/\s+/).filter(Boolean)]);
  return RELAY_NODE_FLAGS.filter((flag) => !given.has(flag));
}
