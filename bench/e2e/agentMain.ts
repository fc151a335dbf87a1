// The agent as its own process for the benchmark (so its CPU, with the capture browser and injector it
// starts, is measured apart from the relay and the console). The customer consents to full control at
// once; everything else is the real agent. Config arrives as JSON in TETHER_BENCH_AGENT. Prints the
// capture's counters once a second (agent-capture-stats lines).
import { runAgent } from '../../apps/agent/src/node/session/agentRunner';
import type { CustomerPrompt } from '../../apps/agent/src/common/session/customerPrompt';

const config = JSON.parse(process.env.TETHER_BENCH_AGENT ?? '{}') as {
  relayUrl: string; code: string; rootPublicKey: string; org: string; display: string; fps?: number;
};

const prompt: CustomerPrompt = {
  showTechnician: (t) => console.log(`agent: technician ${t.name}, SAS ${t.sas}`),
  showFailure: (m) => console.log(`agent: failure: ${m}`),
  askConsent: async () => ({ mode: 'full', shareOnlyRegion: false, clipboard: false, files: false, durationMs: 3_600_000 }),
  askFileApproval: async () => false,
  showStatus: (s) => console.log(`agent: ${s.phase}${s.reason ? ` (${s.reason})` : ''}`),
  showChat: () => undefined,
  showAnnotation: () => undefined,
  askRating: async () => null,
};

const running = await runAgent({
  relayUrl: config.relayUrl, code: config.code, rootPublicKey: config.rootPublicKey, org: config.org,
  display: config.display, width: 1920, height: 1080, prompt, filesFolder: `/tmp/tether-bench-files-${process.pid}`,
  // TETHER_BENCH_CODEC=vp8 (or vp9, av1) compares codecs; the product's default preference starts with H.264.
  codecs: [(process.env.TETHER_BENCH_CODEC ?? 'h264') as 'h264' | 'vp8' | 'vp9' | 'av1'], ...(config.fps ? { captureFps: config.fps } : {}),
  log: (line) => { if (line.startsWith('stream adapted')) console.log(`agent: ${line}`); },
});
process.on('SIGTERM', () => running.session.stop('benchmark finished'));
// The capture's counters, once a second, for the benchmark's per-stage figures (frames in, unchanged, encoded).
const statsTimer = setInterval(() => {
  void running.captureStats().then((s) => {
    if (s) console.log(`agent-capture-stats ${JSON.stringify({ at: performance.timeOrigin + performance.now(), ...s })}`);
  }, () => undefined);
}, 1000);
const outcome = await running.outcome;
clearInterval(statsTimer);
console.log(`agent: ended (${outcome.by})`);
process.exit(0);
