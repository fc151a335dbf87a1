// Benchmark helper: runs one relay node in its own process (so its CPU can be measured alone) and
// answers the parent's IPC questions: its URL, then CPU usage and counters on request.
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { startRelay } from '../apps/relay/src/node/index';

// How long work waits in the relay's event loop: what scheduling adds to every forwarded frame.
const loopDelay = monitorEventLoopDelay({ resolution: 1 });
loopDelay.enable();

const relay = await startRelay({
  port: 0,
  org: process.env.BENCH_ORG ?? 'bench-org',
  rootPublicKey: process.env.BENCH_ROOT_PUB ?? '',
  maxConnectionsPerIp: 100_000,
  heartbeatMs: 15_000,
});

process.send?.({ type: 'ready', url: relay.url });
process.on('message', (message: { type: string }) => {
  if (message.type === 'reset-loop') {
    loopDelay.reset();
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
    });
  } else if (message.type === 'stop') {
    void relay.close().then(() => process.exit(0));
  }
});
