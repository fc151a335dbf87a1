// `pnpm bench relay [sessions=250,500,1000] [--rate 180000] [--measure-ms 15000]`
// Spawns the relay in its own process, a load generator in another, and a light probe in a third. It
// ramps up paired sessions step by step and for each step measures:
//  - control-frame latency through the relay, sender -> relay -> receiver, in two places: inside the
//    probe (20 sessions sending only control frames, so its own event loop is idle: this is the latency
//    the loaded relay adds, plus loopback) and inside the busy generator (includes its own queueing);
//  - the relay's event-loop delay (how long a frame's work can wait in the relay), p50/p99;
//  - aggregate forwarded MB/s and relay CPU (total and per session).
// "On one relay core": with --pin (the default when the machine has 2+ cores and taskset exists) the
// relay process is pinned to CPU 0 alone and the generator and probe to the other CPUs, so the relay
// gets exactly one core and does not compete with its own load; the probe runs at nice -10 so its rare
// wake-ups are not queued behind the busy generator on the shared core (it measures the relay, not its
// own scheduling; TETHER_BENCH_PROBE_CPUS=0 puts it beside the relay instead). --no-pin shares all cores.
import { fork, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { encodeKey, generateRootKeyPair, generateTechnicianKeyPair, issueCertificate } from '../packages/crypto/src/index';
import { toBase64 } from '../packages/protocol/src/index';
import { RELAY_NODE_FLAGS } from '../apps/relay/src/node/runtimeFlags';
import { writeBenchResults } from './results';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const flag = (name: string, fallback: number) => {
  const at = args.indexOf(name);
  return at >= 0 ? Number(args[at + 1]) : fallback;
};
const steps = (args.find((a) => /^\d+(,\d+)*$/.test(a)) ?? '250,500,1000').split(',').map(Number);
const rate = flag('--rate', 180_000);
const controlRate = flag('--control-rate', 10);
// 15 s: a whole heartbeat period (the relay pings every connection once in it) is inside every measurement.
const measureMs = flag('--measure-ms', 15_000);
const warmupMs = flag('--warmup-ms', 2000);

const cores = cpus().length;
const pin = !args.includes('--no-pin') && cores >= 2 && existsSync('/usr/bin/taskset');
const loadCpus = `1-${cores - 1}`;

/** Forks a bench helper; with `cpuList` it runs under taskset (and `nice`), IPC channel intact. */
function spawnChild(file: string, env: Record<string, string>, placement?: { cpuList: string; nice?: number }): ChildProcess {
  const options = { env: { ...process.env, ...env }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] as ('ignore' | 'inherit' | 'ipc')[] };
  // The relay runs with the product's flags (TETHER_BENCH_RELAY_NODE_ARGS replaces them, e.g. "" for V8 defaults).
  const override = process.env.TETHER_BENCH_RELAY_NODE_ARGS;
  // The generator and probe get the same GC settings: their own pauses would otherwise turn into bursts.
  const loadArgs = process.env.TETHER_BENCH_LOAD_NODE_ARGS?.split(' ').filter(Boolean) ?? [...RELAY_NODE_FLAGS];
  const nodeArgs = file !== 'relay-server.ts' ? loadArgs : override !== undefined ? override.split(' ').filter(Boolean) : [...RELAY_NODE_FLAGS];
  if (!placement) return fork(join(here, file), [], { ...options, execArgv: [...nodeArgs, '--import', 'tsx'] });
  const niceArgs = placement.nice ? ['/usr/bin/nice', '-n', String(placement.nice)] : [];
  return fork(join(here, file), [], { ...options, execPath: '/usr/bin/taskset', execArgv: ['-c', placement.cpuList, ...niceArgs, process.execPath, ...nodeArgs, '--import', 'tsx'] });
}

function request<T>(child: ChildProcess, message: object, replyType: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const onMessage = (reply: { type: string; message?: string }) => {
      if (reply.type === 'error') {
        child.off('message', onMessage);
        reject(new Error(reply.message));
      } else if (reply.type === replyType) {
        child.off('message', onMessage);
        resolve(reply as T);
      }
    };
    child.on('message', onMessage);
    if (Object.keys(message).length > 0) child.send(message);
  });
}

interface RelayStats { cpu: NodeJS.CpuUsage; at: number; rss: number; arrayBuffers: number; loopDelayP999ms: number; loopDelayMaxMs: number; gc: Record<string, { count: number; totalMs: number; maxMs: number }>; bytesIn: number; bytesOut: number; videoDropped: number; loopDelayP50ms: number; loopDelayP99ms: number; gauges: { sessions: number; pairedSessions: number; connections: number } }
interface LoadStats { p50: number; p99: number; max: number; samples: number; totals: Record<string, number>; cpu: NodeJS.CpuUsage }

/** Busy and total CPU time over all cores since boot (ms), from os.cpus(). */
function machineBusy(): { busy: number; total: number } {
  let busy = 0;
  let total = 0;
  for (const cpu of cpus()) {
    const t = cpu.times;
    busy += t.user + t.nice + t.sys + t.irq;
    total += t.user + t.nice + t.sys + t.irq + t.idle;
  }
  return { busy, total };
}

const root = generateRootKeyPair();
const tech = generateTechnicianKeyPair();
const org = 'bench-org';
const cert = issueCertificate(root.secretKey, {
  name: 'Bench Tech', employeeNo: 'B-1', department: 'Bench', org, techPub: tech.publicKey, notBefore: Date.now() - 60_000, notAfter: Date.now() + 86_400_000,
});

const relayProcess = spawnChild('relay-server.ts', { BENCH_ORG: org, BENCH_ROOT_PUB: encodeKey('root-pub', root.publicKey) }, pin ? { cpuList: '0' } : undefined);
const { url } = await request<{ url: string }>(relayProcess, {}, 'ready');
const load = spawnChild('relay-load.ts', {}, pin ? { cpuList: loadCpus } : undefined);
await request(load, {}, 'ready');
const probe = spawnChild('relay-load.ts', {}, pin ? { cpuList: process.env.TETHER_BENCH_PROBE_CPUS ?? loadCpus, nice: -10 } : undefined);
await request(probe, {}, 'ready');
const probeSessions = 20;
await request(probe, { type: 'add', url, cert, techSecretKey: toBase64(tech.secretKey), add: probeSessions, rate: 0, controlRate: 20 }, 'added');

const rows: Record<string, number | string>[] = [];
let total = 0;
for (const target of steps) {
  const started = Date.now();
  await request(load, { type: 'add', url, cert, techSecretKey: toBase64(tech.secretKey), add: target - total, rate, controlRate }, 'added');
  total = target;
  const rampMs = Date.now() - started;
  await new Promise((r) => setTimeout(r, warmupMs));
  await request(load, { type: 'measure-start' }, 'measuring');
  await request(probe, { type: 'measure-start' }, 'measuring');
  await request(relayProcess, { type: 'reset-loop' }, 'loop-reset');
  const before = await request<RelayStats>(relayProcess, { type: 'stats' }, 'stats');
  const machineBefore = machineBusy();
  const generatorBefore = await request<LoadStats>(load, { type: 'cpu' }, 'cpu');
  await new Promise((r) => setTimeout(r, measureMs));
  const machineAfter = machineBusy();
  const after = await request<RelayStats>(relayProcess, { type: 'stats' }, 'stats');
  const measured = await request<LoadStats>(load, { type: 'measure-stop' }, 'measured');
  const probed = await request<LoadStats>(probe, { type: 'measure-stop' }, 'measured');
  const seconds = (after.at - before.at) / 1000;
  const cpuSeconds = (after.cpu.user + after.cpu.system - before.cpu.user - before.cpu.system) / 1e6;
  const cpuPercent = (100 * cpuSeconds) / seconds;
  const offeredMBps = (measured.totals.videoBytesSent ?? 0) / seconds / 1e6;
  const row = {
    sessions: after.gauges.pairedSessions - probeSessions,
    connections: after.gauges.connections,
    targetMBps: +((target * rate) / 1e6).toFixed(1),
    offeredMBps: +offeredMBps.toFixed(1),
    forwardedMBps: +((after.bytesOut - before.bytesOut) / seconds / 1e6).toFixed(1),
    probeControlP50ms: +probed.p50.toFixed(2),
    probeControlP99ms: +probed.p99.toFixed(2),
    probeControlMaxMs: +probed.max.toFixed(1),
    probeSamples: probed.samples,
    relayLoopDelayP50ms: +after.loopDelayP50ms.toFixed(2),
    relayLoopDelayP99ms: +after.loopDelayP99ms.toFixed(2),
    relayLoopDelayP999ms: +after.loopDelayP999ms.toFixed(2),
    relayLoopDelayMaxMs: +after.loopDelayMaxMs.toFixed(1),
    relayGcPauses: Object.entries(after.gc).map(([kind, g]) => `${kind} ${g.count}x ${g.totalMs.toFixed(0)} ms (max ${g.maxMs.toFixed(1)})`).join(', '),
    generatorControlP50ms: +measured.p50.toFixed(2),
    generatorControlP99ms: +measured.p99.toFixed(2),
    generatorSamples: measured.samples,
    relayCpuPercent: +cpuPercent.toFixed(1),
    generatorCpuPercent: +((100 * (measured.cpu.user + measured.cpu.system - generatorBefore.cpu.user - generatorBefore.cpu.system)) / 1e6 / seconds).toFixed(1),
    machineBusyPercent: +((100 * (machineAfter.busy - machineBefore.busy)) / (machineAfter.total - machineBefore.total)).toFixed(1),
    loadAverage1m: +(loadavg()[0] ?? 0).toFixed(2),
    relayCpuPerSessionPct: +(cpuPercent / target).toFixed(4),
    relayRssMiB: Math.round(after.rss / 2 ** 20),
    relayArrayBuffersMiB: Math.round(after.arrayBuffers / 2 ** 20),
    videoDroppedByRelay: after.videoDropped - before.videoDropped,
    generatorSkippedFrames: measured.totals.skippedForBackpressure ?? 0,
    // Sent and received over the same window: equal but for frames in flight at its edges.
    generatorFramesSent: (measured.totals.videoSent ?? 0) + (measured.totals.controlSent ?? 0),
    generatorFramesReceived: (measured.totals.videoReceived ?? 0) + (measured.totals.controlReceived ?? 0),
    generatorMaxTickLagMs: +(measured.totals.maxTickLagMs ?? 0).toFixed(1),
    rampSeconds: +(rampMs / 1000).toFixed(1),
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}

relayProcess.send({ type: 'stop' });
load.send({ type: 'stop' });
probe.send({ type: 'stop' });

console.log(`\nrelay benchmark: ${rate / 1000} kB/s of 16-64 KiB video frames + ${controlRate} control frames/s per session, ${measureMs / 1000} s per step`);
console.table(rows.map((r) => ({
  sessions: r.sessions, 'target MB/s': r.targetMBps, 'offered MB/s': r.offeredMBps, 'forwarded MB/s': r.forwardedMBps,
  'probe ctrl p50/p99 ms': `${r.probeControlP50ms} / ${r.probeControlP99ms}`, 'relay loop delay p99 ms': r.relayLoopDelayP99ms,
  'generator ctrl p50/p99 ms': `${r.generatorControlP50ms} / ${r.generatorControlP99ms}`, 'relay CPU %': r.relayCpuPercent, 'generator CPU %': r.generatorCpuPercent, 'machine busy %': r.machineBusyPercent, 'CPU %/session': r.relayCpuPerSessionPct, 'relay RSS MiB': r.relayRssMiB,
})));
const placement = pin
  ? `relay pinned to CPU 0 alone; generator and probe (nice -10) on CPU ${loadCpus}`
  : `${cores} cores shared by relay, generator and probe`;
const note = `${placement} (1-min load average at the end: ${loadavg()[0]?.toFixed(1)}; other work on the machine counts too): the load generator (${steps.at(-1)! * 2} sockets, sending and receiving the same bytes) runs on the same machine; the probe's control latency (an idle event loop on both ends) is the best estimate of what the loaded relay adds; the generator's figure also includes its own queueing.`;
console.log(`note: ${note}`);
const relayNodeFlags = process.env.TETHER_BENCH_RELAY_NODE_ARGS ?? RELAY_NODE_FLAGS.join(' ');
const path = writeBenchResults('relay', { rate, controlRate, measureMs, warmupMs, pinned: pin, relayNodeFlags, note, rows });
console.log(`results written to ${path}`);
