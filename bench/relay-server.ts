// Benchmark helper: runs one relay node in its own process (so its CPU can be measured alone) and
// answers the parent's IPC questions: its URL, then CPU usage and counters on request.
import { PerformanceObserver, constants, monitorEventLoopDelay } from 'node:perf_hooks';
import { startRelay } from '../apps/relay/src/node/index';

// How long work waits in the relay's event loop: what scheduling adds to every forwarded frame.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

// Garbage-collection pauses (what stalls the loop besides work): count, total and longest per kind.
const GC_KINDS: Record<number, string> = { [constants.NODE_PERFORMANCE_GC_MINOR]: 'minor', [constants.NODE_PERFORMANCE_GC_MAJOR]: 'major', [constants.NODE_PERFORMANCE_GC_INCREMENTAL]: 'incremental', [constants.NODE_PERFORMANCE_GC_WEAKCB]: 'weak' };
let gc: Record<string, { count: number; totalMs: number; maxMs: number }> = {};
new PerformanceObserver((list) => {
  for (const entry of list.getEntries()) {
    const kind = GC_KINDS[((entry as unknown as { detail?: { kind?: number } }).detail)?.kind ?? -1] ?? 'other';
    const slot = (gc[kind] ??= { count: 0, totalMs: 0, maxMs: 0 });
    slot.count++;
    slot.totalMs += entry.duration;
    slot.maxMs = Math.max(slot.maxMs, entry.duration);
  }
}).observe({ entryTypes: ['gc'] });

const relay = await startRelay({
  port: 0,
  org: process.env.BENCH_ORG ?? 'bench-org',
  rootPublicKey: process.env.BENCH_ROOT_PUB ?? '',
  maxConnectionsPerIp: 100_000,
  heartbeatMs: Number(process.env.BENCH_HEARTBEAT_MS ?? 15_000),
});

process.send?.({ type: 'ready', url: relay.url });
process.on('message', (message: { type: string }) => {
  if (message.type === 'reset-loop') {
    loopDelay.reset();
    gc = {};
    process.send?.({ type: 'loop-reset' });
  } else if (message.type === 'stats') {
    const m = relay.metrics;
    process.send?.({
      type: 'stats',
      cpu: process.cpuUsage(),
      at: performance.now(),
      rss: process.memoryUsage.rss(),
      arrayBuffers: process.memoryUsage().arrayBuffers,
      bytesIn: m.bytesIn.reduce((a, b) => a + b, 0),
      bytesOut: m.bytesOut.reduce((a, b) => a + b, 0),
      videoDropped: m.videoFramesDropped,
      gauges: m.snapshot(),
      loopDelayP50ms: loopDelay.percentile(50) / 1e6,
      loopDelayP99ms: loopDelay.percentile(99) / 1e6,
      loopDelayP999ms: loopDelay.percentile(99.9) / 1e6,
      loopDelayMaxMs: loopDelay.max / 1e6,
      gc,
    });
  } else if (message.type === 'stop') {
    void relay.close().then(() => process.exit(0));
  }
});
