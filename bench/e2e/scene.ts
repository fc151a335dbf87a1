// The X client the benchmark draws with: a full-screen Chromium window on the agent's display (a real X
// client, like any application the customer runs). It paints a solid colour on command and reports when
// the frame with that colour was produced, runs a 60 fps full-screen animation, scrolls text, or idles.
import { launchChromium, type ChromiumProcess } from '../../apps/agent/src/node/capture/chromiumProcess';

const PAGE = `<!doctype html><html><head><style>
html,body{margin:0;height:100%;overflow:hidden;background:#202020;font:16px monospace;color:#ddd;cursor:none}
#marker{position:fixed;left:0;top:0;width:240px;height:240px;background:#000}
#anim{position:fixed;inset:0;display:none}
#text{position:fixed;inset:0;white-space:pre;display:none}
</style></head><body><div id="text"></div><canvas id="anim" width="1920" height="1080"></canvas><div id="marker"></div>
<script>
const marker = document.getElementById('marker');
const anim = document.getElementById('anim');
const text = document.getElementById('text');
let mode = 'idle', t = 0;
const painted = [];
const lines = Array.from({length: 4000}, (_, i) => 'line ' + i + ' ' + 'lorem ipsum dolor sit amet consectetur '.repeat(4));
window.scene = {
  paint(colour) {
    return new Promise((resolve) => {
      marker.style.background = colour;
      requestAnimationFrame(() => resolve(performance.timeOrigin + performance.now()));
    });
  },
  framesSince(since) { return painted.filter((x) => x >= since).length; },
  setMode(m) { mode = m; anim.style.display = m === 'animate' ? 'block' : 'none'; text.style.display = m === 'scroll' ? 'block' : 'none'; },
};
const ctx = anim.getContext('2d');
function frame() {
  t++;
  if (mode === 'animate') {
    const g = ctx.createLinearGradient((t * 17) % 1920, 0, 1920 - (t * 13) % 1920, 1080);
    g.addColorStop(0, 'hsl(' + (t * 3) % 360 + ',80%,50%)'); g.addColorStop(1, 'hsl(' + (t * 5 + 180) % 360 + ',80%,40%)');
    ctx.fillStyle = g; ctx.fillRect(0, 0, 1920, 1080);
    for (let i = 0; i < 40; i++) { ctx.fillStyle = 'hsl(' + ((i * 37 + t * 7) % 360) + ',90%,60%)'; ctx.fillRect((i * 97 + t * 11) % 1920, (i * 53 + t * 5) % 1080, 120, 80); }
    painted.push(performance.timeOrigin + performance.now());
    if (painted.length > 2000) painted.splice(0, 1000);
  } else if (mode === 'scroll') {
    const top = (t * 2) % 3800;
    text.textContent = lines.slice(top, top + 70).join('\\n');
  }
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);
</script></body></html>`;

export interface Scene {
  /** Paints the marker square (top-left 240x240) and resolves with the wall time (ms) of that frame. */
  paint(colour: string): Promise<number>;
  setMode(mode: 'idle' | 'animate' | 'scroll'): Promise<void>;
  /** Animation frames the scene painted since a wall time (ms): the motion the pipeline could deliver at most. */
  framesSince(wallMs: number): Promise<number>;
  pid: number | null;
  close(): Promise<void>;
}

export async function startScene(display: string): Promise<Scene> {
  const browser: ChromiumProcess = await launchChromium({
    display,
    args: ['--window-position=0,0', '--window-size=1920,1080', '--kiosk', '--start-fullscreen', '--hide-scrollbars'],
  });
  await browser.page.setContent(PAGE);
  await browser.page.waitForFunction(() => 'scene' in globalThis);
  return {
    paint: (colour) => browser.page.evaluate((c) => (globalThis as unknown as { scene: { paint(c: string): Promise<number> } }).scene.paint(c), colour),
    setMode: (mode) => browser.page.evaluate((m) => (globalThis as unknown as { scene: { setMode(m: string): void } }).scene.setMode(m), mode),
    framesSince: (since) => browser.page.evaluate((s) => (globalThis as unknown as { scene: { framesSince(s: number): number } }).scene.framesSince(s), since),
    pid: browser.pid,
    close: () => browser.close(),
  };
}
