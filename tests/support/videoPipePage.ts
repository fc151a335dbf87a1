// Drives the console's real VideoPipe in headless Debian Chromium (apps/console/test/renderer/
// videoPipeHarness.ts, bundled with esbuild): session messages go in as their wire bytes over the
// page's loopback link (linkedPage.ts), or the page runs the console's TechnicianSession itself against a
// relay (`session`). The page reports frames and patches painted, pixels, and when a watched pixel first
// showed a colour (wall clock, the same clock as performance.timeOrigin + now() here).
import { fileURLToPath } from 'node:url';
import type { TechnicianCertificate } from '@tether/crypto';
import { encodeSessionMessage, type ConsentRequestMessage, type InputMessage, type VideoChunkMessage, type VideoPatchMessage } from '@tether/protocol';
import type { EncodedChunk } from '../../apps/agent/src/common/capture/captureTypes';
import { bundleBrowserModule } from '../../apps/agent/src/node/capture/capturePageBundle';
import { CODEC_WIRE } from '../../apps/agent/src/node/session/agentRunner';
import { openLinkedPage } from './linkedPage';

export type Rgb = [number, number, number];

/** A capture chunk as the session message the agent would send for it (surface 0). */
export const videoChunkMessage = (c: EncodedChunk): VideoChunkMessage => ({
  v: 1, type: 'video.chunk', seq: c.seq, timestampUs: c.timestampUs, keyframe: c.keyframe, codec: CODEC_WIRE[c.codec], surfaceId: 0, width: c.width, height: c.height, data: c.data,
});

export interface PipeState {
  /** The page is cross-origin isolated: its clock is Chromium's fine one (the benchmark's stamps). */
  isolated: boolean;
  /** How the VideoPipe puts decoded frames on the canvas: converted to RGBA, or drawn with drawImage. */
  drawPath: 'rgba' | 'drawImage';
  frames: number;
  patches: number;
  decodeErrors: number;
  keyframeRequests: number;
  refused: string[];
  malformed: number;
  width: number;
  height: number;
}

/** The console's TechnicianSession running in the page itself, feeding its VideoPipe (see the harness). */
export interface PageSession {
  /** Opens a session on the relay; resolves with the code the agent joins with. */
  start(o: { relayUrl: string; certificate: TechnicianCertificate; secretKey: Uint8Array; ratingWaitMs: number }): Promise<string>;
  state(): Promise<string>;
  requestConsent(request: Omit<ConsentRequestMessage, 'v' | 'type'>): Promise<void>;
  /** Sends one input event from the page; resolves with the wall time (ms) it was handed to the session. */
  sendInput(event: InputMessage): Promise<number>;
  counters(): Promise<{ bytes: number; frames: number; patches: number; width: number; height: number }>;
  arrivalsSince(wallMs: number): Promise<{ chunk: number; patch: number; keyframe: number }>;
  stop(reason: string): Promise<void>;
}

/** Real pointer input on the page's canvas, sent as control moves by the console's own listener. */
export interface PageControl {
  listen(): Promise<void>;
  /** Page coordinates of screen pixel (px, py) as the canvas shows it, or null when it is out of view. */
  pagePointFor(px: number, py: number, screen: { width: number; height: number }): Promise<{ x: number; y: number } | null>;
  /** Moves the real mouse there (DevTools input, through Chromium's input pipeline). */
  move(x: number, y: number): Promise<void>;
  /** Moves handled since the last call: the event's stamp and when the listener ran (wall ms), and the event type. */
  moves(): Promise<{ at: number; handled: number; type: string }[]>;
}

export interface VideoPipePage {
  session: PageSession;
  control: PageControl;
  configure(codecString: string): void;
  push(message: VideoChunkMessage | VideoPatchMessage): void;
  /** From now on the page's VideoFrame.copyTo ignores the format, as in a browser that cannot convert to RGBA. */
  withoutRgbaConversion(): Promise<void>;
  state(): Promise<PipeState>;
  pixels(points: [number, number][]): Promise<Rgb[]>;
  /** Watches canvas pixel (x, y) for a colour; hit() then gives the wall time and what painted it. */
  watch(x: number, y: number, rgb: Rgb, tolerance?: number): Promise<void>;
  hit(): Promise<{ at: number; by: string }>;
  framesSince(wallMs: number): Promise<number>;
  /** Per painted frame / patch since the last call: message received -> on the canvas, ms. */
  timings(): Promise<{ frameMs: number[]; patchMs: number[] }>;
  waitFor(check: (s: PipeState) => boolean, timeoutMs?: number): Promise<PipeState>;
  pid: number | null;
  close(): Promise<void>;
}

const ENTRY = fileURLToPath(new URL('../../apps/console/test/renderer/videoPipeHarness.ts', import.meta.url));
const PAGE = '<!doctype html><meta charset="utf-8"><title>video pipe</title><body style="margin:0"><canvas id="video"></canvas><script type="module" src="/pipe.js"></script></body>';

/**
 * `emulateGpu`: the page answers the VideoPipe's GPU probe (a WebGL context without a performance caveat)
 * as a machine with a GPU would, so the pipe takes the drawImage path it takes there.
 */
export async function startVideoPipePage(options: { emulateGpu?: boolean } = {}): Promise<VideoPipePage> {
  const { page, socket, pid, pageError, close } = await openLinkedPage({
    html: PAGE, scriptPath: '/pipe.js', script: await bundleBrowserModule(ENTRY), linkPath: '/pipe', ...(options.emulateGpu ? { query: { gpu: 'emulated' } } : {}),
  });
  const call = <T>(fn: string, arg?: unknown): Promise<T> =>
    page.evaluate(([f, a]) => (globalThis as unknown as Record<string, Record<string, (x: unknown) => T>>).pipeHarness![f as string]!(a), [fn, arg] as const);
  const state = () => call<PipeState>('state');
  const onSession = <T>(fn: string, arg?: unknown): Promise<T> =>
    page.evaluate(([f, a]) => (globalThis as unknown as Record<string, Record<string, (x: unknown) => T>>).sessionHarness![f as string]!(a), [fn, arg] as const);
  const onControl = <T>(fn: string, arg?: unknown): Promise<T> =>
    page.evaluate(([f, a]) => (globalThis as unknown as Record<string, Record<string, (x: unknown) => T>>).controlHarness![f as string]!(a), [fn, arg] as const);
  return {
    control: {
      listen: () => onControl('listen'),
      pagePointFor: (px, py, screen) => onControl('pagePointFor', { px, py, ...screen }),
      move: (x, y) => page.mouse.move(x, y),
      moves: () => onControl('moves'),
    },
    session: {
      start: (o) => onSession('start', { ...o, secretKey: [...o.secretKey] }),
      state: () => onSession('state'),
      requestConsent: (request) => onSession('requestConsent', request),
      sendInput: (event) => onSession('sendInput', event),
      counters: () => onSession('counters'),
      arrivalsSince: (t) => onSession('arrivalsSince', t),
      stop: (reason) => onSession('stop', reason),
    },
    configure: (codecString) => socket.send(JSON.stringify({ codecString })),
    push: (message) => socket.send(encodeSessionMessage(message)),
    withoutRgbaConversion: () => call('withoutRgbaConversion'),
    state,
    pixels: (points) => call('pixels', points),
    watch: (x, y, rgb, tolerance = 40) => call('watch', { x, y, rgb, tolerance }),
    hit: () => call('hit'),
    framesSince: (t) => call('framesSince', t),
    timings: () => call('timings'),
    async waitFor(check, timeoutMs = 10_000) {
      const deadline = Date.now() + timeoutMs;
      let last = await state();
      while (!check(last)) {
        if (Date.now() > deadline) throw new Error(`video pipe page: condition not met in ${timeoutMs} ms; last state ${JSON.stringify(last)} ${pageError()}`);
        await new Promise((r) => setTimeout(r, 25));
        last = await state();
      }
      return last;
    },
    pid,
    close,
  };
}
