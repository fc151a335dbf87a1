// A page around the console's real VideoPipe, for e2e tests and the benchmark. Two feeds:
// - session messages (video.chunk, video.patch) as their wire bytes over a loopback WebSocket;
// - the console's real TechnicianSession in this page, talking to the relay itself, as the console does
//   (the benchmark: no extra hop between the decrypted stream and the canvas).
// The page reports what reached the canvas, when (wall clock: performance.timeOrigin + performance.now()),
// and its pixels.
import type { WebSocketLike } from '@tether/channel';
import type { TechnicianCertificate } from '@tether/crypto';
import { PROTOCOL_VERSION, decodeSessionMessage, type ConsentRequestMessage, type InputMessage, type VideoChunkMessage, type VideoPatchMessage } from '@tether/protocol';
import { normalisePoint } from '../../src/common/pointerMapping';
import { TechnicianSession } from '../../src/common/technicianSession';
import { MoveLimiter, listenPointerMoves } from '../../src/renderer/pointerMoves';
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

// ?gpu=emulated: the VideoPipe's GPU probe gets a WebGL context, as on a machine with a GPU (this page has none).
if (new URLSearchParams(location.search).get('gpu') === 'emulated') {
  const getContext = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, id: string, settings?: unknown) {
    if (id === 'webgl') return { RENDERER: 0x1f01, getExtension: () => null, getParameter: () => 'ANGLE (NVIDIA, NVIDIA GeForce GTX 1650, OpenGL 4.5)' } as unknown as WebGLRenderingContext;
    return getContext.call(this, id as '2d', settings as CanvasRenderingContext2DSettings);
  } as typeof getContext;
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
  if (message.type === 'video.chunk' || message.type === 'video.patch') feed(message);
};

function feed(message: VideoChunkMessage | VideoPatchMessage): void {
  if (message.type === 'video.chunk') {
    arrivals.set(`frame:${message.timestampUs}`, wall());
    pipe.push(message);
  } else {
    arrivals.set(`patch:${message.timestampUs}`, wall());
    pipe.patch(message);
  }
  if (arrivals.size > 1000) arrivals.clear();
}

/** The technician side in this page: received video counters and arrival times (wall ms). */
const received = { bytes: 0, frames: 0, patches: 0, width: 0, height: 0, chunkArrivals: [] as number[], patchArrivals: [] as number[], keyframeArrivals: [] as number[] };
let session: TechnicianSession | null = null;

function remember(list: number[], at: number): void {
  list.push(at);
  if (list.length > 10_000) list.splice(0, 5000);
}

const sessionApi = {
  /** Opens a technician session on the relay; returns the code the customer's agent joins with. */
  async start(o: { relayUrl: string; certificate: TechnicianCertificate; secretKey: number[]; ratingWaitMs: number }): Promise<string> {
    const s = new TechnicianSession({ certificate: o.certificate, secretKey: new Uint8Array(o.secretKey) }, o.relayUrl, (url) => new WebSocket(url) as unknown as WebSocketLike, {
      onMessage: (m) => {
        if (m.type === 'stream.config') pipe.configure(m.codecString);
      },
      onVideo: (chunk) => {
        const at = wall();
        received.bytes += chunk.data.length;
        received.frames++;
        received.width = chunk.width;
        received.height = chunk.height;
        remember(received.chunkArrivals, at);
        if (chunk.keyframe) remember(received.keyframeArrivals, at);
        feed(chunk);
      },
      onVideoPatch: (patch) => {
        received.bytes += patch.data.length;
        received.patches++;
        remember(received.patchArrivals, wall());
        feed(patch);
      },
    });
    s.ratingWaitMs = o.ratingWaitMs;
    Object.assign(received, { bytes: 0, frames: 0, patches: 0, width: 0, height: 0, chunkArrivals: [], patchArrivals: [], keyframeArrivals: [] });
    session = s;
    return (await s.create()).code;
  },
  state: () => session?.state ?? 'none',
  requestConsent: (request: Omit<ConsentRequestMessage, 'v' | 'type'>) => session?.requestConsent(request),
  /** Sends one input event; returns the wall time it was handed to the session. */
  sendInput(event: InputMessage): number {
    const at = wall();
    session?.sendInput(event);
    return at;
  },
  counters: () => ({ bytes: received.bytes, frames: received.frames, patches: received.patches, width: received.width, height: received.height }),
  /** The first chunk and patch arrivals at or after `t` (0 if none yet), and the last keyframe's arrival (0 if none). */
  arrivalsSince: (t: number) => ({ chunk: received.chunkArrivals.find((a) => a >= t) ?? 0, patch: received.patchArrivals.find((a) => a >= t) ?? 0, keyframe: received.keyframeArrivals.at(-1) ?? 0 }),
  async stop(reason: string): Promise<void> {
    await session?.stop(reason).catch(() => undefined);
    session = null;
  },
};

/**
 * Control moves from real pointer events over the canvas, through the console's own listener and rate
 * limiter (pointerMoves.ts) and mapping, to the session: what the benchmark times from the event's stamp.
 */
const control = { listening: false, moves: [] as { at: number; handled: number; type: string }[] };
const controlApi = {
  listen(): void {
    if (control.listening) return;
    control.listening = true;
    const moves = new MoveLimiter((e) => {
      const r = canvas.getBoundingClientRect();
      const p = normalisePoint(e.clientX - r.left, e.clientY - r.top, { width: r.width, height: r.height }, { width: canvas.width, height: canvas.height });
      if (!p || !session) return;
      session.sendInput({ v: PROTOCOL_VERSION, type: 'input.pointerMove', surfaceId: 0, x: p.x, y: p.y });
      // The event's stamp is when the browser took the input; `handled` is when this listener ran.
      control.moves.push({ at: performance.timeOrigin + e.timeStamp, handled: wall(), type: e.type });
    });
    listenPointerMoves(canvas, (e) => moves.offer(e));
  },
  /** Page coordinates of the centre of screen pixel (px, py) of a width x height screen, or null when out of view. */
  pagePointFor(a: { px: number; py: number; width: number; height: number }): { x: number; y: number } | null {
    const r = canvas.getBoundingClientRect();
    const x = r.left + ((a.px + 0.5) / a.width) * r.width;
    const y = r.top + ((a.py + 0.5) / a.height) * r.height;
    return x < innerWidth && y < innerHeight ? { x, y } : null;
  },
  /** The moves handled since the last call. */
  moves() {
    const out = control.moves;
    control.moves = [];
    return out;
  },
};

Object.assign(globalThis, {
  sessionHarness: sessionApi,
  controlHarness: controlApi,
  pipeHarness: {
    watch(w: Watch) {
      st.hit = { at: 0, by: '' };
      st.watch = w;
    },
    hit: () => st.hit,
    /**
     * Makes this page's VideoFrame.copyTo behave as in a browser without RGBA conversion: the format is
     * ignored, so the frame's own planes are sized and copied. Call before the first frame.
     */
    withoutRgbaConversion() {
      const proto = VideoFrame.prototype;
      const size = proto.allocationSize;
      const copy = proto.copyTo;
      const ownFormat = (o?: VideoFrameCopyToOptions): VideoFrameCopyToOptions | undefined => (o?.rect ? { rect: o.rect } : undefined);
      proto.allocationSize = function (this: VideoFrame, o?: VideoFrameCopyToOptions) {
        return size.call(this, ownFormat(o));
      };
      proto.copyTo = function (this: VideoFrame, destination: AllowSharedBufferSource, o?: VideoFrameCopyToOptions) {
        return copy.call(this, destination, ownFormat(o));
      };
    },
    state: () => ({ isolated: crossOriginIsolated, drawPath: pipe.drawPath, frames: st.frames, patches: st.patches, decodeErrors: st.decodeErrors, keyframeRequests: st.keyframeRequests, refused: st.refused, malformed: st.malformed, width: canvas.width, height: canvas.height }),
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
