// A page around the console's real VideoPipe, for e2e tests and the benchmark: session messages
// (video.chunk, video.patch) arrive as their wire bytes over a loopback WebSocket, and the page reports
// what reached the canvas, when (wall clock: performance.timeOrigin + performance.now()), and its pixels.
import { decodeSessionMessage } from '@tether/protocol';
import { VideoPipe } from '../../src/renderer/videoPipe';

type Rgb = [number, number, number];
interface Watch {
  x: number;
  y: number;
  rgb: Rgb;
  tolerance: number;
}

const wall = (): number => performance.timeOrigin + performance.now();
const canvas = document.getElementById('video') as HTMLCanvasElement;
const st = {
  frames: 0,
  patches: 0,
  decodeErrors: 0,
  keyframeRequests: 0,
  refused: [] as string[],
  malformed: 0,
  drawn: [] as number[],
  frameMs: [] as number[],
  patchMs: [] as number[],
  watch: null as Watch | null,
  hit: { at: 0, by: '' },
};
const arrivals = new Map<string, number>();
let context: CanvasRenderingContext2D | null = null;

function pixel(x: number, y: number): Rgb {
  context ??= canvas.getContext('2d');
  const d = context?.getImageData(x, y, 1, 1).data;
  return d ? [d[0] as number, d[1] as number, d[2] as number] : [0, 0, 0];
}

const pipe = new VideoPipe(canvas, {
  requestKeyframe: () => st.keyframeRequests++,
  decoded: (frames, errors) => {
    st.frames += frames;
    st.decodeErrors += errors;
  },
  resized: () => undefined,
  painted: (what, timestampUs) => {
    const now = wall();
    if (what === 'frame') st.drawn.push(now);
    else st.patches++;
    const key = `${what}:${timestampUs}`;
    const arrived = arrivals.get(key);
    arrivals.delete(key);
    if (arrived !== undefined) (what === 'frame' ? st.frameMs : st.patchMs).push(now - arrived);
    const w = st.watch;
    if (w && pixel(w.x, w.y).every((c, i) => Math.abs(c - (w.rgb[i] as number)) <= w.tolerance)) {
      st.hit = { at: now, by: what };
      st.watch = null;
    }
  },
  patchRefused: (reason) => st.refused.push(reason),
});

const socket = new WebSocket(`ws://${location.host}/pipe${location.search}`);
socket.binaryType = 'arraybuffer';
socket.onmessage = (event: MessageEvent<ArrayBuffer | string>) => {
  if (typeof event.data === 'string') {
    pipe.configure((JSON.parse(event.data) as { codecString: string }).codecString);
    return;
  }
  const decoded = decodeSessionMessage(new Uint8Array(event.data));
  if (!decoded.ok) {
    st.malformed++;
    return;
  }
  const message = decoded.value;
  if (message.type === 'video.chunk') {
    arrivals.set(`frame:${message.timestampUs}`, performance.timeOrigin + performance.now());
    pipe.push(message);
  } else if (message.type === 'video.patch') {
    arrivals.set(`patch:${message.timestampUs}`, performance.timeOrigin + performance.now());
    pipe.patch(message);
  }
  if (arrivals.size > 1000) arrivals.clear();
};

Object.assign(globalThis, {
  pipeHarness: {
    watch(w: Watch) {
      st.hit = { at: 0, by: '' };
      st.watch = w;
    },
    hit: () => st.hit,
    state: () => ({ frames: st.frames, patches: st.patches, decodeErrors: st.decodeErrors, keyframeRequests: st.keyframeRequests, refused: st.refused, malformed: st.malformed, width: canvas.width, height: canvas.height }),
    pixels: (points: [number, number][]) => points.map(([x, y]) => pixel(x, y)),
    framesSince: (t: number) => st.drawn.filter((x) => x >= t).length,
    timings() {
      const out = { frameMs: st.frameMs, patchMs: st.patchMs };
      st.frameMs = [];
      st.patchMs = [];
      return out;
    },
  },
});
