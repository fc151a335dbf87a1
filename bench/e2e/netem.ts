// A constrained link made by the benchmark itself: a network namespace holding the relay, joined to the
// host by a veth pair shaped with tc (netem delay + rate limit on both ends). Needs root and iproute2.
import { execFileSync } from 'node:child_process';

export interface ShapedLink {
  namespace: string;
  /** Address of the relay side, reachable from the host. */
  relayAddress: string;
  close(): void;
}

const ip = (...args: string[]): void => {
  execFileSync('ip', args, { stdio: 'pipe' });
};
const tc = (...args: string[]): void => {
  execFileSync('tc', args, { stdio: 'pipe' });
};

export function makeShapedLink(options: { rateMbit: number; delayMs: number }): ShapedLink {
  const id = (process.pid % 200) + 20;
  const ns = `tbench${process.pid}`;
  const host = `tbh${id}`;
  const peer = `tbp${id}`;
  const [hostIp, relayIp] = [`10.213.${id}.1`, `10.213.${id}.2`];
  ip('netns', 'add', ns);
  try {
    ip('link', 'add', host, 'type', 'veth', 'peer', 'name', peer);
    ip('link', 'set', peer, 'netns', ns);
    ip('addr', 'add', `${hostIp}/24`, 'dev', host);
    ip('link', 'set', host, 'up');
    ip('netns', 'exec', ns, 'ip', 'addr', 'add', `${relayIp}/24`, 'dev', peer);
    ip('netns', 'exec', ns, 'ip', 'link', 'set', peer, 'up');
    ip('netns', 'exec', ns, 'ip', 'link', 'set', 'lo', 'up');
    // Half the delay each way (round trip = delayMs), and the rate limit in both directions.
    const shape = ['delay', `${options.delayMs / 2}ms`, 'rate', `${options.rateMbit}mbit`, 'limit', '1000'];
    tc('qdisc', 'add', 'dev', host, 'root', 'netem', ...shape);
    ip('netns', 'exec', ns, 'tc', 'qdisc', 'add', 'dev', peer, 'root', 'netem', ...shape);
  } catch (e) {
    try { ip('link', 'del', host); } catch { /* already gone */ }
    ip('netns', 'del', ns);
    throw e;
  }
  return {
    namespace: ns,
    relayAddress: relayIp,
    close() {
      try { ip('link', 'del', host); } catch { /* removed with the namespace */ }
      try { ip('netns', 'del', ns); } catch { /* already gone */ }
    },
  };
}
