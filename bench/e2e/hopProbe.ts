// For scale beside the input latency: what one hand-over between two processes costs on this machine
// at the same moment. A child process stamps each byte it reads from a loopback TCP socket (the same wall
// clock as ours) and the difference to our send stamp is one hop: a write, the kernel waking the reader,
// and the reader's event loop. Sent at the input measurement's own pace, so each byte finds the reader
// asleep, as each input event finds the relay, the agent and the X server asleep.
import { spawn } from 'node:child_process';
import { createServer, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';

const CHILD = `
const s = require('node:net').connect(Number(process.argv[1]), '127.0.0.1');
s.setNoDelay(true);
s.on('data', () => s.write(String(performance.timeOrigin + performance.now()) + '\\n'));
`;

/** One-way hop times (ms) of `samples` one-byte messages sent `gapMs` apart. */
export async function measureHops(samples: number, gapMs: number): Promise<number[]> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  const connected = new Promise<Socket>((resolve) => server.once('connection', resolve));
  const child = spawn(process.execPath, ['-e', CHILD, String(port)], { stdio: 'ignore' });
  try {
    const socket = await connected;
    socket.setNoDelay(true);
    let text = '';
    const stamps: number[] = [];
    let wake: (() => void) | null = null;
    socket.on('data', (d) => {
      text += d.toString();
      let nl: number;
      while ((nl = text.indexOf('\n')) >= 0) {
        stamps.push(Number(text.slice(0, nl)));
        text = text.slice(nl + 1);
        wake?.();
      }
    });
    const out: number[] = [];
    for (let i = 0; i < samples; i++) {
      const sent = performance.timeOrigin + performance.now();
      const got = new Promise<void>((resolve) => (wake = resolve));
      socket.write('x');
      await Promise.race([got, new Promise((r) => setTimeout(r, 1000))]);
      const stamp = stamps.shift();
      if (stamp !== undefined) out.push(stamp - sent);
      await new Promise((r) => setTimeout(r, gapMs));
    }
    socket.destroy();
    return out;
  } finally {
    child.kill();
    server.close();
  }
}
