// The agent's screen capture host: serves the capture page on loopback, opens it in Debian Chromium on
// the agent's display, and exposes the encoded chunk stream plus the controls (masks, knobs, keyframe,
// pause/resume, stats, close). Electron-free: the Electron shell will load the same page in its own window.
import { TetherError } from '@tether/protocol';
import { validateBitrate, validateFps, validateMasks, validateScale } from '../../common/capture/captureControl';
import type { CaptureKnobs, CapturePageEvent, CaptureStats, EncodedChunk, MaskRect, VideoCodecName } from '../../common/capture/captureTypes';
import type { CapturePatch } from '../../common/capture/captureWire';
import { CaptureLink } from './captureLink';
import { captureStartOptions, type CapturePageHost, type CaptureRequest } from './captureRequest';
import { startCaptureServer, type CaptureServer } from './captureServer';
import { launchChromium, type ChromiumProcess } from './chromiumProcess';
import { ChunkQueue } from './chunkQueue';

export type { CapturePageHost, CaptureRequest } from './captureRequest';

export interface CaptureHandle {
  /** Negotiated codec and current output size (updated when the size changes). */
  readonly codec: VideoCodecName;
  readonly codecString: string;
  readonly width: number;
  readonly height: number;
  /** All chunks from now on, in order (bounded buffer, see ChunkQueue). Iterate once. */
  readonly chunks: AsyncIterable<EncodedChunk>;
  /** Synchronous listener for every chunk; returns an unsubscribe function. */
  onChunk(listener: (chunk: EncodedChunk) => void): () => void;
  /** Synchronous listener for every patch (a small change's exact pixels, ahead of its chunk). */
  onPatch(listener: (patch: CapturePatch) => void): () => void;
  /** Called once when capture ends for any reason (close(), track ended, page error). */
  onEnded(listener: (reason: string) => void): void;
  setMasks(masks: MaskRect[]): void;
  setConfig(knobs: Partial<CaptureKnobs>): void;
  requestKeyframe(): void;
  pause(): void;
  resume(): void;
  stats(): Promise<(CaptureStats & { chunksReceived: number; malformedFrames: number }) | null>;
  close(): Promise<void>;
}

/** Chromium switches for capture on Xvfb: the whole screen is picked without a prompt. */
const CAPTURE_ARGS = ['--auto-select-desktop-capture-source=Entire screen', '--window-position=4000,4000', '--window-size=200,120'];

function waitFor<T>(promise: Promise<T>, ms: number, what: () => string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new TetherError('E_INTERNAL', `timed out after ${ms} ms waiting for ${what()}`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export async function startCapture(request: CaptureRequest): Promise<CaptureHandle> {
  const options = captureStartOptions(request);
  const startTimeoutMs = request.startTimeoutMs ?? 20_000;
  let server: CaptureServer | null = null;
  let browser: CapturePageHost | null = null;
  let link: CaptureLink | null = null;
  const queue = new ChunkQueue();
  const patchListeners = new Set<(patch: CapturePatch) => void>();
  const endedListeners: ((reason: string) => void)[] = [];
  let endedReason: string | null = null;
  let pageError = '';
  let chunksReceived = 0;
  let closing: Promise<void> | null = null;

  const close = (): Promise<void> =>
    (closing ??= (async () => {
      if (link?.open) {
        link.send({ type: 'stop' });
        link.close();
      }
      await browser?.close();
      await server?.close();
      markEnded('closed');
    })());
  const markEnded = (reason: string): void => {
    if (endedReason !== null) return;
    endedReason = reason;
    queue.end();
    for (const listener of endedListeners) listener(reason);
  };

  let onConfigured: (e: Extract<CapturePageEvent, { type: 'configured' }>) => void = () => undefined;
  let onStartError: (e: Error) => void = () => undefined;
  const configured = new Promise<Extract<CapturePageEvent, { type: 'configured' }>>((resolve, reject) => {
    onConfigured = resolve;
    onStartError = reject;
  });
  configured.catch(() => undefined); // awaited below; this only keeps an early rejection from counting as unhandled
  let ready: () => void = () => undefined;
  const pageReady = new Promise<void>((resolve) => (ready = resolve));
  const state = { codec: options.codecs[0] as VideoCodecName, codecString: '', width: 0, height: 0 };

  const onEvent = (event: CapturePageEvent): void => {
    switch (event.type) {
      case 'ready':
        return ready();
      case 'configured':
        Object.assign(state, { codec: event.codec, codecString: event.codecString, width: event.width, height: event.height });
        return onConfigured(event);
      case 'error':
        pageError = event.message;
        return onStartError(new TetherError(event.code, event.message));
      case 'ended':
        markEnded(event.reason);
        onStartError(new TetherError('E_INTERNAL', `capture ended: ${event.reason}`));
        return;
      case 'stats':
        return;
    }
  };

  try {
    server = await startCaptureServer();
    if (request.openPage) {
      browser = await request.openPage(server.pageUrl);
    } else {
      const chromium: ChromiumProcess = await launchChromium({ display: request.display, args: [...CAPTURE_ARGS, ...(request.chromiumArgs ?? [])] });
      browser = chromium;
      chromium.page.on('pageerror', (e) => (pageError = e.message));
      if (process.env.TETHER_CAPTURE_DEBUG) chromium.page.on('console', (m) => console.log(`[capture page] ${m.text()}`));
      await chromium.page.goto(server.pageUrl);
    }
    const socket = await waitFor(server.connection, startTimeoutMs, () => `the capture page to connect ${pageError}`);
    link = new CaptureLink(socket, {
      onChunk: (chunk) => {
        chunksReceived++;
        queue.push(chunk);
      },
      onPatch: (patch) => {
        for (const listener of patchListeners) listener(patch);
      },
      onEvent,
      onClose: () => markEnded(pageError || 'capture link closed'),
    });
    await waitFor(pageReady, startTimeoutMs, () => `the capture page to be ready ${link?.lastMalformed ?? ''}`);
    link.send({ type: 'start', ...options });
    await waitFor(configured, startTimeoutMs, () => `the first captured frame ${pageError}`);
  } catch (e) {
    await close();
    throw e;
  }

  const activeLink = link;
  const checked = (fn: () => void): void => {
    if (endedReason !== null) throw new TetherError('E_SESSION_ENDED', `capture has ended: ${endedReason}`);
    fn();
  };
  return {
    get codec() {
      return state.codec;
    },
    get codecString() {
      return state.codecString;
    },
    get width() {
      return state.width;
    },
    get height() {
      return state.height;
    },
    chunks: queue,
    onChunk: (listener) => queue.onChunk(listener),
    onPatch: (listener) => {
      patchListeners.add(listener);
      return () => patchListeners.delete(listener);
    },
    onEnded: (listener) => {
      if (endedReason !== null) listener(endedReason);
      else endedListeners.push(listener);
    },
    setMasks: (masks) => checked(() => activeLink.send({ type: 'setMasks', masks: validateMasks(masks) })),
    setConfig: (knobs) =>
      checked(() => {
        const control: Extract<Parameters<CaptureLink['send']>[0], { type: 'setConfig' }> = { type: 'setConfig' };
        if (knobs.fps !== undefined) control.fps = validateFps(knobs.fps);
        if (knobs.scale !== undefined) control.scale = validateScale(knobs.scale);
        if (knobs.bitrate !== undefined) control.bitrate = validateBitrate(knobs.bitrate);
        activeLink.send(control);
      }),
    requestKeyframe: () => checked(() => activeLink.send({ type: 'requestKeyframe' })),
    pause: () => checked(() => activeLink.send({ type: 'pause' })),
    resume: () => checked(() => activeLink.send({ type: 'resume' })),
    stats: async () => {
      const stats = await activeLink.stats();
      return stats && { ...stats, chunksReceived, malformedFrames: activeLink.malformed };
    },
    close,
  };
}
