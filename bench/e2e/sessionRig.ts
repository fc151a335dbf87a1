// One benchmark session: a relay process (on loopback, or inside a shaped network namespace), the agent
// as its own process on the benchmark's display, and the technician session in the viewer page (as in the
// console). Counts the video bytes and frames the technician receives.
import { spawn, type ChildProcess } from 'node:child_process';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { PageSession } from '../../tests/support/videoPipePage';
import type { TestOrg } from '../../apps/relay/test/relayFixtures';
import type { CaptureStats } from '../../apps/agent/src/common/capture/captureTypes';
import { startSlowLink } from './slowLink';
import type { Viewer } from './viewer';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface Rig {
  /** The technician session (in the viewer page). */
  tech: PageSession;
  relayPid: number;
  agentPid: number;
  /** Video payload bytes, chunks and patches (small changes' exact pixels; their bytes are in bytes) received so far. */
  counters(): Promise<{ bytes: number; frames: number; patches: number; width: number; height: number }>;
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

  const adaptations: string[] = [];
  const tech = options.viewer.session;
  const code = await tech.start({ relayUrl, certificate: options.org.cert, secretKey: options.org.tech.secretKey, ratingWaitMs: 1000 });
  const agent = spawn(process.execPath, ['--import', 'tsx', 'bench/e2e/agentMain.ts'], {
    cwd: ROOT,
    env: {
      ...process.env,
      // The agent runs on the display it shares, as on a customer's desktop (it then injects in process).
      DISPLAY: options.display,
      TETHER_BENCH_AGENT: JSON.stringify({ relayUrl: agentRelayUrl, code, rootPublicKey: options.org.rootPublicKeyText, org: options.orgName, display: options.display, fps: options.captureFps }),
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
  while ((await tech.state()) !== 'awaiting-consent') {
    if (Date.now() > deadline) throw new Error(`agent did not connect (technician state ${await tech.state()})`);
    await new Promise((r) => setTimeout(r, 20));
  }
  await tech.requestConsent({ mode: 'full', clipboard: false, files: false });
  while ((await tech.counters()).frames === 0) {
    if (Date.now() > deadline + 15_000) throw new Error('no video arrived');
    await new Promise((r) => setTimeout(r, 20));
  }
  return {
    tech,
    relayPid: relay.pid as number,
    agentPid: agent.pid as number,
    counters: () => tech.counters(),
    adaptations,
    captureStats: () => captureStats,
    async close() {
      process.off('exit', killChildren);
      await tech.stop('benchmark finished');
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
