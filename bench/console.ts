// `pnpm bench console`: the technician console's own cost, in the real console UI (React, built with
// Vite, served by the console server) in headless Debian Chromium, while the real agent streams a
// 1920x1080 Xvfb screen through a relay on loopback: a still screen, then a full-screen animation. Prints
// the console browser's CPU (its whole process tree, % of one core) and the frames it showed a second,
// and writes bench/results/console.json. The end-to-end benchmark measures the pipeline with the
// console's session and video pipe alone in a page; this one adds everything around them (the React
// viewer, its stores and its overlay).
import { readFileSync } from 'node:fs';
import { makeOrg } from '../apps/relay/test/relayFixtures';
import { openConsolePage, signInAndCreateSession } from '../tests/support/consolePage';
import { processTree } from '../tests/support/procTree';
import { FULL, ScriptedCustomer, agentFor, startRelayForTests } from '../tests/support/sessionHarness';
import { startXvfb } from '../tests/support/xvfb';
import { treeCpuSeconds } from './e2e/procStats';
import { startScene } from './e2e/scene';
import { writeBenchResults } from './results';

const WINDOW_MS = Number(process.env.TETHER_BENCH_WINDOW_MS ?? 8000);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const testId = (id: string) => `[data-testid="${id}"]`;

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8');
  } catch {
    return '';
  }
}

const x = await startXvfb();
const scene = await startScene(x.display);
const { org, relay } = await startRelayForTests(makeOrg());
const ui = await openConsolePage(relay.url, 'test-artifacts/bench-console');
const results: Record<string, unknown> = { display: `${x.width}x${x.height}`, console: 'the real console UI in headless Debian Chromium; the agent in this process, capturing the Xvfb screen' };
try {
  const { page } = ui;
  const code = await signInAndCreateSession(page, org);
  const customer = new ScriptedCustomer();
  customer.consentAnswers.push(FULL);
  const agent = await agentFor(org, relay, x, code, customer, { codecs: ['h264'], captureFps: 60 });
  try {
    await page.waitForSelector(`${testId('phase')}[data-phase="awaiting-consent"]`, { timeout: 20_000 });
    await page.click(testId('request-consent'));
    await page.waitForSelector(`${testId('grant')}[data-mode="full"]`, { timeout: 10_000 });
    // The console's browser: the headless Chromium among this process's descendants (not a child process of it).
    const browserPid = processTree(process.pid).map((p) => p.pid).find((pid) => commandLine(pid).includes('--headless') && !commandLine(pid).includes('--type='));
    if (!browserPid) throw new Error('the console browser process was not found');
    for (const mode of ['idle', 'animate'] as const) {
      await scene.setMode(mode);
      await sleep(2500);
      const frames0 = Number(await page.getAttribute(testId('quality'), 'data-frames'));
      const cpu0 = treeCpuSeconds(browserPid);
      await sleep(WINDOW_MS);
      const cpu1 = treeCpuSeconds(browserPid);
      // The quality panel counts decoded frames once a second, so the window's count is to within one tick.
      const frames1 = Number(await page.getAttribute(testId('quality'), 'data-frames'));
      results[mode === 'idle' ? 'stillScreen' : 'animation'] = {
        consoleCpuPercentOfOneCore: Math.round(((cpu1 - cpu0) / (WINDOW_MS / 1000)) * 1000) / 10,
        framesShownPerSec: Math.round(((frames1 - frames0) / (WINDOW_MS / 1000)) * 10) / 10,
      };
    }
  } finally {
    agent.session.stop('benchmark finished');
    await agent.outcome.catch(() => undefined);
  }
} finally {
  await ui.close();
  await relay.close();
  await scene.close();
  await x.stop();
}

const still = results.stillScreen as { consoleCpuPercentOfOneCore: number; framesShownPerSec: number };
const moving = results.animation as { consoleCpuPercentOfOneCore: number; framesShownPerSec: number };
console.log('\nTether console benchmark (the real console UI; agent and relay on loopback)\n');
console.log(`${'console CPU % of one core, still screen'.padEnd(48)} ${still.consoleCpuPercentOfOneCore}`);
console.log(`${'console CPU % of one core, full-screen animation'.padEnd(48)} ${moving.consoleCpuPercentOfOneCore} (frames shown ${moving.framesShownPerSec}/s)`);
console.log(`\nwrote ${writeBenchResults('console', results)}`);
process.exit(0);
