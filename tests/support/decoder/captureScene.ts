// Helpers for capture tests: paint the X root window with real X clients, park the pointer, compare colours.
import { spawnSync } from 'node:child_process';
import { startCapture, type CaptureHandle } from '../../../apps/agent/src/node/capture/browserHost';
import { startXvfb, type XDisplay } from '../xvfb';
import type { Rgb } from '../decoderPage';

function run(x: XDisplay, command: string, args: string[]): void {
  const result = spawnSync(command, args, { env: x.env, encoding: 'utf8', timeout: 5000 });
  if (result.status !== 0) throw new Error(`${command} ${args.join(' ')} failed: ${result.stderr}`);
}

/** Paints the whole root window one colour, e.g. "#c02020" (xsetroot). */
export function paintRoot(x: XDisplay, colour: string): void {
  run(x, 'xsetroot', ['-solid', colour]);
}

/** Moves the pointer to the bottom-right corner so the captured cursor stays out of sampled areas. */
export function parkPointer(x: XDisplay): void {
  run(x, 'xdotool', ['mousemove', String(x.width - 1), String(x.height - 1)]);
}

export function hexToRgb(colour: string): Rgb {
  const n = parseInt(colour.replace('#', ''), 16);
  return [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
}

/** True when every channel is within `tolerance` (lossy codecs and YUV conversion shift colours a little). */
export function near(actual: Rgb, expected: Rgb, tolerance = 24): boolean {
  return actual.every((v, i) => Math.abs(v - (expected[i] as number)) <= tolerance);
}

export function allNear(actual: Rgb[], expected: Rgb, tolerance = 24): boolean {
  return actual.every((rgb) => near(rgb, expected, tolerance));
}

export const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export interface CapturedDisplay {
  x: XDisplay;
  capture: CaptureHandle;
  /** Every chunk so far as "WxH", with " key" for keyframes. */
  chunkSizes: string[];
  close(): Promise<void>;
}

/**
 * A fresh Xvfb (the root one plain colour, #405060 unless given; the pointer parked) captured with H.264 at
 * `fps` encoded frames a second (and a refresh keyframe every `keyframeIntervalMs`, when given).
 */
export async function captureFreshDisplay(fps: number, options: { colour?: string; keyframeIntervalMs?: number } = {}): Promise<CapturedDisplay> {
  const x = await startXvfb();
  const chunkSizes: string[] = [];
  try {
    parkPointer(x);
    paintRoot(x, options.colour ?? '#405060');
    const capture = await startCapture({ display: x.display, fps, codecs: ['h264'], ...(options.keyframeIntervalMs ? { keyframeIntervalMs: options.keyframeIntervalMs } : {}) });
    capture.onChunk((chunk) => chunkSizes.push(`${chunk.width}x${chunk.height}${chunk.keyframe ? ' key' : ''}`));
    return {
      x,
      capture,
      chunkSizes,
      async close() {
        await capture.close();
        await x.stop();
      },
    };
  } catch (e) {
    await x.stop();
    throw e;
  }
}
