// `pnpm bench e2e`: the whole pipeline on this machine (Xvfb 1920x1080, relay, agent, technician viewer in
// Chromium, all on loopback, then again through a shaped link). Prints a table and writes JSON.
// Clock: every timestamp is wall time in ms (performance.timeOrigin + performance.now()) of this machine,
// the same clock in this process and in the Chromium pages.
import { execFile, execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { performance } from 'node:perf_hooks';
import { ORG, makeOrg } from '../apps/relay/test/relayFixtures';
import { namedWindow } from '../tests/support/xEventTap';
import { tapWindowInThread } from '../tests/support/xEventTapThread';
import { startXObserver } from '../tests/support/xObserver';
import { startXvfb } from '../tests/support/xvfb';
import { measureHops } from './e2e/hopProbe';
import { makeShapedLink } from './e2e/netem';
import { measureCpu, ownCpuSeconds, treeCpuSeconds } from './e2e/procStats';
import { startScene } from './e2e/scene';
import { startRig, type Rig } from './e2e/sessionRig';
import { startViewer, type Viewer } from './e2e/viewer';
import { writeBenchResults } from './results';

const execFileAsync = promisify(execFile);
const now = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const W = 1920;
const H = 1080;
const SAMPLES = Number(process.env.TETHER_BENCH_SAMPLES ?? 40);

function stats(values: number[]): { n: number; median: number; p95: number; min: number; max: number } {
  const s = [...values].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * (s.length - 1)))] ?? Number.NaN;
  const r = (n: number) => Math.round(n * 100) / 100;
  return { n: s.length, median: r(at(0.5)), p95: r(at(0.95)), min: r(s[0] ?? Number.NaN), max: r(s.at(-1) ?? Number.NaN) };
}

/** A fixed single-thread workload (SHA-256 of 64 MiB), median of three, in ms. */
function machineSpeedMs(): number {
  const data = Buffer.alloc(64 * 1024 * 1024, 7);
  const runs = [0, 1, 2].map(() => {
    const t0 = performance.now();
    createHash('sha256').update(data).digest();
    return performance.now() - t0;
  });
  return Math.round(stats(runs).median);
}

async function glassToGlass(display: string, env: NodeJS.ProcessEnv, viewer: Viewer, rig: Rig, samples: number): Promise<{ ms: number[]; by: Record<string, number> }> {
  // A white X window (xev) jumps onto the marker area; xdotool returns once X has it, and the X server
  // paints the window's white background at once, so that is when the pixels changed. Moving it away
  // again is not timed: the pixels beneath change only when the scene application repaints its exposed
  // area (tens of ms later on this machine), which is that application's latency, not the pipeline's.
  const marker = await startXObserver({ display, name: 'tether-bench-marker', x: 4000, y: 4000, width: 300, height: 300 });
  const id = execFileSync('xdotool', ['search', '--name', 'tether-bench-marker'], { env, encoding: 'utf8' }).trim().split('\n')[0] as string;
  const out: number[] = [];
  const by: Record<string, number> = {};
  const move = async (on: boolean): Promise<{ drawn: number; hit: { at: number; by: string } }> => {
    await viewer.watch(on ? [255, 255, 255] : [32, 32, 32]);
    execFileSync('xdotool', ['windowmove', id, on ? '0' : '4000', on ? '0' : '4000'], { env });
    const drawn = now();
    const deadline = Date.now() + 3000;
    let hit = { at: 0, by: '' };
    // The page stamps the hit itself; polling only has to notice it (and not crowd the viewer's thread).
    while (!(hit = await viewer.hit()).at && Date.now() < deadline) await sleep(10);
    return { drawn, hit };
  };
  try {
    for (let i = 0; i < samples; i++) {
      const { drawn, hit } = await move(true);
      if (hit.at) {
        out.push(hit.at - drawn);
        by[hit.by] = (by[hit.by] ?? 0) + 1;
      }
      if (process.env.TETHER_BENCH_TRACE) {
        const { chunk: arrived, patch: patched, keyframe } = await rig.tech.arrivalsSince(drawn);
        console.log(`g2g sample ${i}: patch arrived +${patched ? (patched - drawn).toFixed(1) : '-'} ms, chunk arrived +${arrived ? (arrived - drawn).toFixed(1) : '-'} ms, drawn +${hit.at ? (hit.at - drawn).toFixed(1) : '-'} ms by ${hit.by || '-'}; last keyframe ${keyframe ? `${(keyframe - drawn).toFixed(0)} ms` : '-'}`);
      }
      await sleep(100);
      await move(false);
      await sleep(100);
    }
  } finally {
    await marker.stop();
  }
  return { ms: out, by };
}

/**
 * Input: sent from the console page until a real X client received it. Two receivers of the same event:
 * the xev window (its printed line, read here: xev's formatting and the pipe add to it) and an X
 * connection of ours listening on that window, on a thread of its own (stamped when the event is read
 * from the X socket: when an X client receives it; this thread's DevTools traffic cannot delay it). The
 * tap is the measure; the xev line is kept beside it.
 */
async function inputLatency(display: string, rig: Rig, samples: number): Promise<{ tap: number[]; xevLine: number[] }> {
  const target = await startXObserver({ display, name: 'tether-bench-input', x: 600, y: 500, width: 400, height: 300 });
  const tap = await tapWindowInThread(display, namedWindow(display, 'tether-bench-input'));
  const out = { tap: [] as number[], xevLine: [] as number[] };
  try {
    for (let i = 0; i < samples; i++) {
      const px = 650 + (i % 2) * 200;
      const py = 550 + (i % 3) * 50;
      const mark = target.events.length;
      const tapMark = tap.events.length;
      // Sent from the console page (its wall clock); receipt is stamped here (the same clock).
      const sent = await rig.tech.sendInput({ v: 1, type: 'input.pointerMove', surfaceId: 0, x: Math.round((px * 65535) / (W - 1)), y: Math.round((py * 65535) / (H - 1)) });
      const movedHere = (ev: { type: string; rootX: number; rootY: number }): boolean => ev.type === 'MotionNotify' && ev.rootX === px && ev.rootY === py;
      const [t, e] = await Promise.all([
        tap.waitFor((ev) => tap.events.indexOf(ev) >= tapMark && movedHere(ev), 3000).catch(() => null),
        target.waitFor((ev) => target.events.indexOf(ev) >= mark && movedHere(ev), 3000).catch(() => null),
      ]);
      if (t) out.tap.push(performance.timeOrigin + t.receivedAt - sent);
      if (e) out.xevLine.push(performance.timeOrigin + e.receivedAt - sent);
      await sleep(50);
    }
  } finally {
    tap.close();
    await target.stop();
  }
  return out;
}

/**
 * Keys: a key press and its release sent from the console page until the X client holding the focus
 * (an xev window) receives each, stamped by the tap as above.
 */
async function keyLatency(display: string, rig: Rig, samples: number): Promise<number[]> {
  const target = await startXObserver({ display, name: 'tether-bench-keys', x: 600, y: 500, width: 400, height: 300 });
  const tap = await tapWindowInThread(display, namedWindow(display, 'tether-bench-keys'));
  const out: number[] = [];
  try {
    // Keys go to the focused window; with no window manager here, Chromium's windows take the focus.
    execFileSync('xdotool', ['search', '--name', 'tether-bench-keys', 'windowfocus', '--sync'], { env: { ...process.env, DISPLAY: display } });
    for (let i = 0; i < samples; i++) {
      const down = i % 2 === 0;
      const mark = tap.events.length;
      const sent = await rig.tech.sendInput({ v: 1, type: 'input.key', code: 'KeyA', down, modifiers: 0 });
      const kind = down ? 'KeyPress' : 'KeyRelease';
      const t = await tap.waitFor((ev) => tap.events.indexOf(ev) >= mark && ev.type === kind, 3000).catch(() => null);
      if (t) out.push(performance.timeOrigin + t.receivedAt - sent);
      await sleep(50);
    }
  } finally {
    tap.close();
    await target.stop();
  }
  return out;
}

/**
 * Input from a real pointer event: the mouse moved over the viewer page's canvas (DevTools input, through
 * Chromium's input pipeline to the page), handled by the console's own control listener (pointerMoves.ts),
 * until the X client receives the move. Timed from the event's own stamp, when the browser took the
 * input: the page's dispatch of the event is inside (held to the next animation frame for 'pointermove'
 * while the page draws; not for 'pointerrawupdate'). `dispatchMs` is that stamp to the listener.
 */
async function domInputLatency(display: string, viewer: Viewer, samples: number): Promise<{ ms: number[]; dispatchMs: number[]; event: string[] }> {
  const target = await startXObserver({ display, name: 'tether-bench-dom', x: 100, y: 100, width: 400, height: 300 });
  const tap = await tapWindowInThread(display, namedWindow(display, 'tether-bench-dom'));
  await viewer.control.listen();
  const out = { ms: [] as number[], dispatchMs: [] as number[], event: [] as string[] };
  try {
    for (let i = 0; i < samples; i++) {
      const px = 150 + (i % 2) * 250;
      const py = 150 + (i % 3) * 80;
      const at = await viewer.control.pagePointFor(px, py, { width: W, height: H });
      if (!at) throw new Error(`screen pixel (${px}, ${py}) is outside the viewer page`);
      await viewer.control.moves();
      const mark = tap.events.length;
      await viewer.control.move(at.x, at.y);
      // The picture may be scaled (1280x720 in motion): the move lands within a screen pixel or two.
      const near = (ev: { rootX: number; rootY: number }): boolean => Math.abs(ev.rootX - px) <= 2 && Math.abs(ev.rootY - py) <= 2;
      const t = await tap.waitFor((ev) => tap.events.indexOf(ev) >= mark && ev.type === 'MotionNotify' && near(ev), 3000).catch(() => null);
      const move = (await viewer.control.moves())[0];
      if (t && move) {
        out.ms.push(performance.timeOrigin + t.receivedAt - move.at);
        out.dispatchMs.push(move.handled - move.at);
        if (!out.event.includes(move.type)) out.event.push(move.type);
      }
      await sleep(50);
    }
  } finally {
    tap.close();
    await target.stop();
  }
  return out;
}

/** What the agent's capture page did per second between two counter readings: where frames were lost. */
function captureRates(a: ReturnType<Rig['captureStats']>, b: ReturnType<Rig['captureStats']>): Record<string, number | boolean> | null {
  if (!a || !b || b.at <= a.at) return null;
  const secs = (b.at - a.at) / 1000;
  const per = (k: 'framesIn' | 'framesOverFpsCap' | 'framesUnchanged' | 'framesDroppedBackpressure' | 'framesEncoded') => Math.round(((b[k] - a[k]) / secs) * 10) / 10;
  return { framesIn: per('framesIn'), overFpsCap: per('framesOverFpsCap'), unchanged: per('framesUnchanged'), droppedBackpressure: per('framesDroppedBackpressure'), encoded: per('framesEncoded'), motion: b.motion, width: b.width, height: b.height };
}

async function rate(rig: Rig, viewer: Viewer, ms: number): Promise<{ bytesPerSec: number; deliveredFps: number; receivedFps: number; patchesPerSec: number; viewerDecodeErrors: number; viewerKeyframeRequests: number; capturePerSec: Record<string, number | boolean> | null }> {
  const [a, t0, c0, v0] = [await rig.counters(), now(), rig.captureStats(), await viewer.state()];
  await sleep(ms);
  const drawn = await viewer.framesSince(t0);
  const [b, v1] = [await rig.counters(), await viewer.state()];
  const secs = (now() - t0) / 1000;
  return {
    bytesPerSec: Math.round((b.bytes - a.bytes) / secs),
    deliveredFps: Math.round((drawn / secs) * 10) / 10,
    receivedFps: Math.round(((b.frames - a.frames) / secs) * 10) / 10,
    patchesPerSec: Math.round(((b.patches - a.patches) / secs) * 10) / 10,
    // Where received frames can fail to reach the canvas: decoder errors, and the keyframes asked for after them or after a gap.
    viewerDecodeErrors: v1.decodeErrors - v0.decodeErrors,
    viewerKeyframeRequests: v1.keyframeRequests - v0.keyframeRequests,
    // The capture page's counters over (nearly) the same window: delivered by the capturer, dropped by the
    // frame-rate budget, unchanged (repeats), dropped behind a busy encoder or socket, encoded.
    capturePerSec: captureRates(c0, rig.captureStats()),
  };
}

async function typing(display: string, env: NodeJS.ProcessEnv, rig: Rig, viewer: Viewer): Promise<number> {
  const term = execFileSync('sh', ['-c', `xterm -geometry 100x30+300+200 -T tether-bench-term >/dev/null 2>&1 & echo $!`], { env, encoding: 'utf8' }).trim();
  await sleep(1000);
  const t0 = [(await rig.counters()).bytes, now()] as const;
  // Asynchronously: a synchronous child would block this process, and with it the technician's socket.
  await execFileAsync('xdotool', ['search', '--sync', '--name', 'tether-bench-term', 'windowfocus', '--sync', 'type', '--delay', '100', 'echo the quick brown fox jumps over the lazy dog 0123456789'], { env });
  const perSec = Math.round(((await rig.counters()).bytes - t0[0]) / ((now() - t0[1]) / 1000));
  process.kill(Number(term), 'SIGTERM');
  void display;
  void viewer;
  await sleep(500);
  return perSec;
}

// The machine's own speed at the start and the end, for comparing runs: this VM's speed moves from minute
// to minute (other guests on the host), and every figure here moves with it.
const speedAtStart = machineSpeedMs();
const x = await startXvfb();
const env = x.env;
const org = makeOrg();
const scene = await startScene(x.display);
const viewer = await startViewer();
const results: Record<string, unknown> = { display: `${W}x${H}`, viewer: "headless Debian Chromium running the console's TechnicianSession and VideoPipe in one page (WebCodecs decode drawn to a 2D canvas, patches drawn at once)" };
try {
  // ---- loopback --------------------------------------------------------------------------------------
  let rig = await startRig({ org, orgName: ORG, display: x.display, viewer, captureFps: 60 });
  try {
    await scene.setMode('idle');
    await sleep(1500);
    // The session's first changes run through cold code paths (the capture page's change cut, the
    // agent's and the console's patch handling): traced, the first two samples of a run took 25-38 ms
    // where the rest took 9-20. A few unmeasured samples warm them, as in a session under way (as for
    // input below); their figures are kept in the JSON.
    results.glassToGlassWarmUpMs = stats((await glassToGlass(x.display, env, viewer, rig, 4)).ms);
    await viewer.timings(); // start the viewer's per-frame timings with the measured samples
    const g2g = await glassToGlass(x.display, env, viewer, rig, SAMPLES);
    results.glassToGlassMs = stats(g2g.ms);
    // Which reached the canvas first in each sample: the patch or the decoded video frame.
    results.glassToGlassFirstShownBy = g2g.by;
    const viewerTimes = await viewer.timings();
    // The viewer's share: message received -> on the canvas (frames: decode + draw; patches: unpack + draw).
    results.viewerDuringGlassToGlass = { frameMs: stats(viewerTimes.frameMs), patchMs: stats(viewerTimes.patchMs) };
    // The first input after the glass-to-glass phase runs through cold code paths (agent, relay, injector):
    // one unmeasured round warms them, as in a session that is under way. Its figures are kept in the JSON.
    results.inputLatencyWarmUpMs = stats((await inputLatency(x.display, rig, 20)).tap);
    const input = await inputLatency(x.display, rig, SAMPLES);
    results.inputLatencyMs = stats(input.tap);
    // The same events as the xev observer's printed line was read here (its print and pipe included).
    results.inputLatencyXevLineMs = stats(input.xevLine);
    // Key presses and releases, the same way (an even count: every press is released). Ten unmeasured
    // first, as for the pointer: the first keys of a run took 4-9 ms (the key path's own code is cold).
    results.keyLatencyWarmUpMs = stats(await keyLatency(x.display, rig, 10));
    results.keyLatencyMs = stats(await keyLatency(x.display, rig, SAMPLES + (SAMPLES % 2)));
    // From real pointer events on the viewer page, stamped when the browser took them.
    const dom = await domInputLatency(x.display, viewer, SAMPLES);
    results.inputFromPointerEventMs = { ...stats(dom.ms), dispatchMs: stats(dom.dispatchMs), event: dom.event };
    // For scale: one hand-over between two processes on this machine now, at the same pace. The input
    // path makes five (console page -> its network process -> relay -> agent -> X server -> X client).
    results.processHopMs = stats(await measureHops(SAMPLES, 50));
    // Longer than the 10 s idle refresh period, so the refresh keyframes are counted.
    results.idle = await rate(rig, viewer, 21_000);
    results.typingBytesPerSec = await typing(x.display, env, rig, viewer);
    await scene.setMode('scroll');
    await sleep(1000);
    results.scrolling = await rate(rig, viewer, 5000);
    await scene.setMode('animate');
    await sleep(1500);
    // The first seconds of motion, while the capture finds the picture size this machine keeps up with
    // (motionLoad.ts); then sustained motion, which the target is judged on.
    results.animationFirstSeconds = await rate(rig, viewer, 5000);
    const cpuWindow = measureCpu(
      {
        agent: () => treeCpuSeconds(rig.agentPid),
        relay: () => treeCpuSeconds(rig.relayPid),
        // The console page (session, decode, draw); this process only drives it and reads the X clients.
        console: () => (viewer.pid ? treeCpuSeconds(viewer.pid) : 0),
        // Not ours, but on the same two cores: the animating application and the X server.
        scene: () => (scene.pid ? treeCpuSeconds(scene.pid) : 0),
        xServer: () => (x.pid ? treeCpuSeconds(x.pid) : 0),
        // This process: it drives the pages over the DevTools protocol and reads the X observers.
        benchmarkDriver: () => ownCpuSeconds(),
      },
      5000,
    );
    const sceneFrom = now();
    results.animation = await rate(rig, viewer, 5000);
    results.sceneFpsDuringAnimation = Math.round(((await scene.framesSince(sceneFrom)) / ((now() - sceneFrom) / 1000)) * 10) / 10;
    results.cpuPercentOfOneCoreDuringAnimation = await cpuWindow;
    // The same while the video plays: the page draws every frame, which is when 'pointermove' would wait.
    const domMoving = await domInputLatency(x.display, viewer, SAMPLES);
    results.inputFromPointerEventDuringAnimationMs = { ...stats(domMoving.ms), dispatchMs: stats(domMoving.dispatchMs), event: domMoving.event };
    await scene.setMode('idle');
  } finally {
    await rig.close();
  }

  // ---- constrained link: 5 Mbit/s, 50 ms round trip, between the agent and the relay ------------------
  // tc netem in a network namespace when the kernel has it; otherwise the user-space link emulator.
  let link: ReturnType<typeof makeShapedLink> | undefined;
  let linkNote = '5 Mbit/s each way, 50 ms round trip: tc netem in a network namespace (relay inside)';
  try {
    link = makeShapedLink({ rateMbit: 5, delayMs: 50 });
  } catch (e) {
    linkNote = `5 Mbit/s each way, 50 ms round trip: user-space link emulator between agent and relay (tc netem unavailable: ${e instanceof Error ? e.message.trim().split('\n').at(-1) : String(e)})`;
  }
  try {
    rig = link
      ? await startRig({ org, orgName: ORG, display: x.display, viewer, captureFps: 60, namespace: link.namespace, relayHost: link.relayAddress })
      : await startRig({ org, orgName: ORG, display: x.display, viewer, captureFps: 60, agentLink: { rateMbit: 5, rttMs: 50 } });
    try {
      await sleep(1000);
      const quiet = stats((await inputLatency(x.display, rig, 20)).tap);
      await scene.setMode('animate');
      await sleep(3000);
      const underLoad = stats((await inputLatency(x.display, rig, 30)).tap);
      const motion = await rate(rig, viewer, 5000);
      await scene.setMode('idle');
      results.constrained = {
        link: linkNote,
        inputLatencyIdleMs: quiet,
        inputLatencyDuringAnimationMs: underLoad,
        animation: motion,
        finalWidth: (await rig.counters()).width,
        adaptations: rig.adaptations,
        inputWithin1_5xRtt: underLoad.median <= 75,
      };
    } finally {
      await rig.close();
    }
  } finally {
    link?.close();
  }
} finally {
  await viewer.close();
  await scene.close();
  await x.stop();
}

results.machineSpeed = { what: 'ms for SHA-256 over 64 MiB in this process, median of 3 (lower is faster)', atStart: speedAtStart, atEnd: machineSpeedMs() };
const g = results.glassToGlassMs as ReturnType<typeof stats>;
const i = results.inputLatencyMs as ReturnType<typeof stats>;
const xl = results.inputLatencyXevLineMs as ReturnType<typeof stats>;
const a = results.animation as Awaited<ReturnType<typeof rate>>;
const a0 = results.animationFirstSeconds as Awaited<ReturnType<typeof rate>>;
const captureRow = (r: Awaited<ReturnType<typeof rate>>): string =>
  r.capturePerSec ? `${r.capturePerSec.framesIn}, ${r.capturePerSec.unchanged}, ${r.capturePerSec.encoded} (${r.capturePerSec.width}x${r.capturePerSec.height})` : '-';
const sc = results.scrolling as Awaited<ReturnType<typeof rate>>;
const idle = results.idle as Awaited<ReturnType<typeof rate>>;
const c = results.constrained as { inputLatencyDuringAnimationMs?: ReturnType<typeof stats>; animation?: Awaited<ReturnType<typeof rate>>; skipped?: string };
const hop = results.processHopMs as ReturnType<typeof stats>;
const k = results.keyLatencyMs as ReturnType<typeof stats>;
const pe = results.inputFromPointerEventMs as ReturnType<typeof stats> & { dispatchMs: ReturnType<typeof stats> };
const pa = results.inputFromPointerEventDuringAnimationMs as ReturnType<typeof stats> & { dispatchMs: ReturnType<typeof stats> };
// Each target of the issue, judged on this run.
const targets: Record<string, boolean> = {
  glassToGlass: g.median <= 18 && g.p95 <= 30,
  // The issue's input target covers pointer and key events alike.
  input: i.median <= 2 && k.median <= 2,
  motionFps: a.deliveredFps >= 45,
  scrolling: sc.bytesPerSec < 1_500_000,
  idle: idle.bytesPerSec < 2000,
  ...(c?.inputLatencyDuringAnimationMs ? { constrainedInput: c.inputLatencyDuringAnimationMs.median <= 75 } : {}),
};
results.targetsMet = targets;
const verdict = (met: boolean | undefined): string => (met === undefined ? '' : met ? 'met' : 'MISSED');
const rows: [string, string, string, string][] = [
  ['glass-to-glass median / p95 (ms)', `${g.median} / ${g.p95}`, '<= 18 / <= 30', verdict(targets.glassToGlass)],
  ['input latency median / p95 (ms): pointer', `${i.median} / ${i.p95}`, '<= 2', verdict(i.median <= 2)],
  ['  the same events at the xev line (print + pipe)', `${xl.median} / ${xl.p95}`, '-', ''],
  ['input latency median / p95 (ms): keys', `${k.median} / ${k.p95}`, '<= 2', verdict(k.median <= 2)],
  ['  pointer, from the browser\'s own input stamp: idle / animation', `${pe.median} / ${pa.median} (dispatch ${pe.dispatchMs.median} / ${pa.dispatchMs.median})`, '-', ''],
  ['  for scale: one process-to-process hop now, median / p95', `${hop.median} / ${hop.p95}`, '-', ''],
  ['full-screen motion, sustained (6.5-11.5 s): delivered fps', `${a.deliveredFps} (received ${a.receivedFps}; the scene painted ${results.sceneFpsDuringAnimation as number})`, '>= 45', verdict(targets.motionFps)],
  ['  capture page during it: delivered, repeats, encoded /s', captureRow(a), '-', ''],
  ['  its first seconds (1.5-6.5 s): delivered fps; capture page', `${a0.deliveredFps}; ${captureRow(a0)}`, '-', ''],
  ['bytes/s idle', `${idle.bytesPerSec}`, '< 2000', verdict(targets.idle)],
  ['bytes/s typing in a terminal', `${results.typingBytesPerSec as number}`, '-', ''],
  ['bytes/s scrolling text', `${sc.bytesPerSec}`, '< 1500000', verdict(targets.scrolling)],
  ['bytes/s full-screen animation', `${a.bytesPerSec}`, '-', ''],
  ['CPU % of one core (agent, relay, console; scene, X server)', JSON.stringify(results.cpuPercentOfOneCoreDuringAnimation), '-', ''],
  ['machine speed: ms of SHA-256 over 64 MiB, start / end', `${speedAtStart} / ${(results.machineSpeed as { atEnd: number }).atEnd}`, '-', ''],
];
if (c?.inputLatencyDuringAnimationMs) {
  rows.push(['constrained: input latency during animation median / p95 (ms)', `${c.inputLatencyDuringAnimationMs.median} / ${c.inputLatencyDuringAnimationMs.p95}`, '<= 75 (1.5x RTT)', verdict(targets.constrainedInput)]);
  rows.push(['constrained: delivered fps during animation', `${c.animation?.deliveredFps}`, '-', '']);
} else if (c?.skipped) rows.push(['constrained link', c.skipped, '-', '']);
console.log('\nTether end-to-end benchmark (1920x1080, loopback unless noted)\n');
for (const [name, value, target, met] of rows) console.log(`${name.padEnd(62)} ${value.padEnd(34)} target ${target.padEnd(17)} ${met}`.trimEnd());
console.log(`\nwrote ${writeBenchResults('e2e', results)}`);
process.exit(0);
