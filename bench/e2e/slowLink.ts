// A constrained link for the benchmark when the kernel has no netem (tc "qdisc kind is unknown" here):
// a TCP proxy that gives each direction a serialisation rate (bytes leave no faster than the rate) and a
// one-way delay, with a bounded bottleneck buffer (the sender is paused while it is full, so TCP
// backpressure reaches it as on a real link). Sits between the agent and the relay.
import { connect, createServer, type Server, type Socket } from 'node:net';

export interface SlowLink {
  port: number;
  close(): Promise<void>;
}

function shape(from: Socket, to: Socket, bytesPerMs: number, delayMs: number, bufferBytes: number): void {
  let lastDeparture = 0;
  let queued = 0;
  from.on('data', (data: Buffer) => {
    const now = performance.now();
    const departure = Math.max(now, lastDeparture) + data.length / bytesPerMs;
    lastDeparture = departure;
    queued += data.length;
    if (queued > bufferBytes) from.pause();
    setTimeout(() => {
      queued -= data.length;
      if (queued <= bufferBytes / 2 && from.isPaused()) from.resume();
      if (!to.destroyed) to.write(data);
    }, departure - now + delayMs);
  });
  from.on('end', () => setTimeout(() => to.end(), Math.max(0, lastDeparture - performance.now()) + delayMs));
  from.on('error', () => to.destroy());
}

/** Listens on 127.0.0.1 and forwards to target with `rateMbit` and `rttMs` (half of it each way). */
export async function startSlowLink(target: { host: string; port: number }, options: { rateMbit: number; rttMs: number; bufferBytes?: number }): Promise<SlowLink> {
  const bytesPerMs = (options.rateMbit * 1_000_000) / 8 / 1000;
  const oneWay = options.rttMs / 2;
  const buffer = options.bufferBytes ?? 64 * 1024;
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(target.port, target.host);
    client.setNoDelay(true);
    upstream.setNoDelay(true);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    }
    shape(client, upstream, bytesPerMs, oneWay, buffer);
    shape(upstream, client, bytesPerMs, oneWay, buffer);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : 0,
    close: () =>
      new Promise<void>((r) => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}
