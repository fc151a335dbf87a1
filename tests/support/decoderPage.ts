// Test technician decoder: a headless Debian Chromium page that decodes capture chunks with WebCodecs
// VideoDecoder (pipelined; flush only on request) and reports decoded-frame counts and pixel samples of
// the latest decoded frame. Chunks reach it over a token-checked loopback WebSocket.
import { readFile } from 'node:fs/promises';
import type { EncodedChunk } from '../../apps/agent/src/common/capture/captureTypes';
import { openLinkedPage } from './linkedPage';

export type Rgb = [number, number, number];

export interface DecoderState {
  received: number;
  decoded: number;
  configures: number;
  errors: string[];
  width: number;
  height: number;
  codec: string;
  waitingForKey: number;
  queue: number;
}

export interface DecoderPage {
  /** Chunks pushed so far. */
  readonly pushed: number;
  push(chunk: EncodedChunk): void;
  state(): Promise<DecoderState>;
  /** RGB averaged over a (2r+1)^2 patch at each normalised point of the latest decoded frame; null before the first frame. */
  sample(points: [number, number][], radius?: number): Promise<Rgb[] | null>;
  /** Polls until `check` accepts the state, or throws after timeoutMs with the last state. */
  waitFor(check: (state: DecoderState) => boolean, timeoutMs?: number): Promise<DecoderState>;
  /** Polls samples until `check` accepts them. */
  waitForSample(points: [number, number][], check: (rgb: Rgb[]) => boolean, timeoutMs?: number): Promise<Rgb[]>;
  /** Flushes the decoder (end of stream); afterwards it waits for the next keyframe. */
  flush(): Promise<void>;
  close(): Promise<void>;
}

const PAGE_HTML = '<!doctype html><meta charset="utf-8"><title>decoder</title><script type="module" src="/decoder.js"></script>';

export async function startDecoderPage(): Promise<DecoderPage> {
  const script = await readFile(new URL('./decoder/decoderPage.js', import.meta.url), 'utf8');
  const { page, socket, close } = await openLinkedPage({ html: PAGE_HTML, scriptPath: '/decoder.js', script, linkPath: '/decoder-link' });
  let pushed = 0;
  const state = (): Promise<DecoderState> => page.evaluate(() => (globalThis as unknown as { tetherDecoder: { state(): DecoderState } }).tetherDecoder.state());
  const sample = (points: [number, number][], radius = 3): Promise<Rgb[] | null> =>
    page.evaluate(
      ([p, r]) => (globalThis as unknown as { tetherDecoder: { sample(p: [number, number][], r: number): Rgb[] | null } }).tetherDecoder.sample(p, r),
      [points, radius] as const,
    );
  const poll = async <T>(read: () => Promise<T>, check: (value: T) => boolean, timeoutMs: number, what: string): Promise<T> => {
    const deadline = Date.now() + timeoutMs;
    let last = await read();
    while (!check(last)) {
      if (Date.now() > deadline) throw new Error(`decoder: timed out waiting for ${what}; last: ${JSON.stringify(last)}`);
      await new Promise((r) => setTimeout(r, 50));
      last = await read();
    }
    return last;
  };
  return {
    get pushed() {
      return pushed;
    },
    push(chunk) {
      const meta = {
        keyframe: chunk.keyframe,
        timestampUs: chunk.timestampUs,
        codecString: chunk.codecString,
        configChanged: chunk.configChanged,
        description: chunk.description ? Buffer.from(chunk.description).toString('base64') : undefined,
      };
      socket.send(JSON.stringify(meta));
      socket.send(chunk.data);
      pushed++;
    },
    state,
    sample,
    waitFor: (check, timeoutMs = 10_000) => poll(state, check, timeoutMs, 'decoder state'),
    waitForSample: async (points, check, timeoutMs = 10_000) =>
      (await poll(() => sample(points), (rgb) => rgb !== null && check(rgb), timeoutMs, `pixels at ${JSON.stringify(points)}`)) as Rgb[],
    flush: () => page.evaluate(() => (globalThis as unknown as { tetherDecoder: { flush(): Promise<void> } }).tetherDecoder.flush()),
    close,
  };
}
