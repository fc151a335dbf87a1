// One benchmark session: a relay process (on loopback, or inside a shaped network namespace), the agent
// as its own process on the benchmark's display, and the technician core in this process feeding the
// viewer page. Counts the video bytes and frames the technician receives.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { WebSocket } from 'ws';
import type { WebSocketLike } from '../../packages/channel/src/index';
import { TechnicianSession } from '../../apps/console/src/common/technicianSession';
import type { TestOrg } from '../../apps/relay/test/relayFixtures';
import type { CaptureStats } from '../../apps/agent/src/common/capture/captureTypes';
import { startSlowLink } from './slowLink';
import type { Viewer } from './viewer';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Rig {
  tech: TechnicianSession;
  relayPid: number;
  agentPid: number;
  /** Video payload bytes received so far. */
  videoBytes(): number;
  videoFrames(): number;
  /** Patches (small changes' exact pixels) the technician received; their bytes are in videoBytes. */
  videoPatches(): number;
  lastWidth(): number;
  /** Wall times (ms) at which video chunks reached the technician. */
  arrivals: number[];
  /** Wall times (ms) at which video patches reached the technician. */
  patchArrivals: number[];
  adaptations: string[];
  /** The agent capture's counters as last printed (once a second), with the wall time they were read. */
  captureStats(): (CaptureStats & { at: number }) | null;
  close(): Promise<void>;
}

function waitForLine(child: ChildProcess, pattern: RegExp, what: string, timeoutMs = 30_000): Promise<RegExpExecArray> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const rl = createInterface({ input: child.stdout! });
    rl.on('line', (line) => {
      const m = pattern.exec(line);
      if (m) {
        clearTimeout(timer);
        resolve(m);
      }
    });
    child.once('exit', (code) => reject(new Error(`${what}: process exited with ${code}`)));
  });
}

export interface RigOptions {
  org: TestOrg;
  orgName: string;
  display: string;
  viewer: Viewer;
  captureFps: number;
  /** Run the relay inside this network namespace (shaped with tc), listening on relayHost. */
  namespace?: string;
  relayHost?: string;
  /** Put this user-space link emulator between the agent and the relay. */
  agentLink?: { rateMbit: number; rttMs: number };
}

export async function startRig(options: RigOptions): Promise<Rig> {
  const host = options.relayHost ?? '127.0.0.1';
  const relayEnv = {
    ...process.env,
    TETHER_RELAY_HOST: host,
    TETHER_RELAY_PORT: '0',
    TETHER_RELAY_ORG: options.orgName,
    TETHER_RELAY_ROOT_PUBLIC_KEY: options.org.rootPublicKeyText,
  };
  const relayCmd = [process.execPath, '--import', 'tsx', 'apps/relay/src/node/main.ts'];
  const relay = options.namespace
    ? spawn('ip', ['netns', 'exec', options.namespace, ...relayCmd], { cwd: ROOT, env: relayEnv, stdio: ['ignore', 'pipe', 'inherit'] })
    : spawn(relayCmd[0]!, relayCmd.slice(1), { cwd: ROOT, env: relayEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  const relayUrl = (await waitForLine(relay, /listening on (ws:\/\/\S+)/, 'relay start'))[1] as string;
  const relayAddress = new URL(relayUrl);
  const link = options.agentLink ? await startSlowLink({ host: relayAddress.hostname, port: Number(relayAddress.port) }, options.agentLink) : undefined;
  const agentRelayUrl = link ? `ws://127.0.0.1:${link.port}${relayAddress.pathname}` : relayUrl;

  let bytes = 0;
  let frames = 0;
  let patches = 0;
  let width = 0;
  let codecString = '';
  const adaptations: string[] = [];
  const arrivals: number[] = [];
  const patchArrivals: number[] = [];
  const tech = new TechnicianSession(
    { certificate: options.org.cert, secretKey: options.org.tech.secretKey },
    relayUrl,
    (url) => new WebSocket(url, { maxPayload: 8 * 1024 * 1024 }) as unknown as WebSocketLike,
    {
      onMessage: (m) => {
        if (m.type === 'stream.config') codecString = m.codecString;
      },
      onVideo: (chunk) => {
        bytes += chunk.data.length;
        arrivals.push(performance.timeOrigin + performance.now());
        if (arrivals.length > 10_000) arrivals.splice(0, 5000);
        frames++;
        width = chunk.width;
        if (codecString) options.viewer.push(chunk, codecString);
      },
      onVideoPatch: (patch) => {
        bytes += patch.data.length;
        patches++;
        patchArrivals.push(performance.timeOrigin + performance.now());
        if (patchArrivals.length > 10_000) patchArrivals.splice(0, 5000);
        if (codecString) options.viewer.push(patch, codecString);
      },
    },
  );
  tech.ratingWaitMs = 1000;
  const created = await tech.create();
  const agent = spawn(process.execPath, ['--import', 'tsx', 'bench/e2e/agentMain.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      // The agent runs on the display it shares, as on a customer's desktop (it then injects in process).
      DISPLAY: options.display,
      TETHER_BENCH_AGENT: JSON.stringify({ relayUrl: agentRelayUrl, code: created.code, rootPublicKey: options.org.rootPublicKeyText, org: options.orgName, display: options.display, fps: options.captureFps }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // A benchmark that dies (an exception, process.exit) must not leave its relay and agent running.
  const killChildren = (): void => {
    for (const child of [agent, relay]) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  };
  process.once('exit', killChildren);
  let captureStats: (CaptureStats & { at: number }) | null = null;
  createInterface({ input: agent.stdout! }).on('line', (line) => {
    if (line.includes('stream adapted')) adaptations.push(line.replace(/^agent: /, ''));
    if (line.startsWith('agent-capture-stats ')) captureStats = JSON.parse(line.slice('agent-capture-stats '.length)) as CaptureStats & { at: number };
  });
  const deadline = Date.now() + 30_000;
  while (tech.state !== 'awaiting-consent') {
    if (Date.now() > deadline) throw new Error(`agent did not connect (technician state ${tech.state})`);
    await new Promise((r) => setTimeout(r, 20));
  }
  tech.requestConsent({ mode: 'full', clipboard: false, files: false });
  while (frames === 0) {
    if (Date.now() > deadline + 15_000) throw new Error('no video arrived');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    tech,
    relayPid: relay.pid as number,
    agentPid: agent.pid as number,
    videoBytes: () => bytes,
    videoFrames: () => frames,
    videoPatches: () => patches,
    lastWidth: () => width,
    arrivals,
    patchArrivals,
    adaptations,
    captureStats: () => captureStats,
    async close() {
      process.off('exit', killChildren);
      await tech.stop('benchmark finished').catch(() => undefined);
      const gone = (c: ChildProcess) => new Promise<void>((r) => (c.exitCode !== null ? r() : c.once('exit', () => r())));
      agent.kill('SIGTERM');
      await Promise.race([gone(agent), new Promise((r) => setTimeout(r, 8000))]);
      if (agent.exitCode === null) agent.kill('SIGKILL');
      relay.kill('SIGTERM');
      await Promise.race([gone(relay), new Promise((r) => setTimeout(r, 3000))]);
      if (relay.exitCode === null) relay.kill('SIGKILL');
      await link?.close();
    },
  };
}
