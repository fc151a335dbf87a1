// Wires the agent core to this machine: the relay over `ws`, the capture browser on the agent's display,
// the input gate with a real injector, X windows, and a folder for received files.
import { randomBytes } from 'node:crypto';
import { WebSocket } from 'ws';
import { RelayLink, type WebSocketLike } from '@tether/channel';
import { decodeKey } from '@tether/crypto';
import { MAX_SESSION_MESSAGE_BYTES, TetherError, type NormRect } from '@tether/protocol';
import type { AgentPorts, ScreenStream } from '../../common/session/agentPorts';
import { AgentSession, type AgentOutcome } from '../../common/session/agentSession';
import type { CustomerPrompt } from '../../common/session/customerPrompt';
import type { CaptureStats } from '../../common/capture/captureTypes';
import { startCapture, type CaptureHandle, type CapturePageHost } from '../capture/browserHost';
import { spawnInjector } from '../input/childInjector';
import { createInjector, injectsInProcess } from '../input/injector';
import { returnFocusFromCapture } from '../windows/captureFocus';
import { focusedWindow, listWindows, windowsMatchingTitles } from '../windows/xWindows';
import { createNodeFilePort } from './nodeFilePort';
import { createNodeInputPort } from './nodeInputPort';

export interface AgentRunOptions {
  relayUrl: string;
  code: string;
  /** `tether:root-pub:<base64>`, pinned at build time or from config. */
  rootPublicKey: string;
  org: string;
  revokedSerials?: string[];
  display: string;
  width: number;
  height: number;
  prompt: CustomerPrompt;
  filesFolder: string;
  /** Window title rules whose windows are always masked (password managers, banking). */
  sensitiveTitles?: string[];
  codecs?: ('h264' | 'vp8' | 'vp9' | 'av1')[];
  /** The Electron shell's capture window; without it the capture page runs in Debian Chromium. */
  openCapturePage?: (pageUrl: string) => Promise<CapturePageHost>;
  /** Frames per second asked of the capture at full quality (default 30, at most 60). */
  captureFps?: number;
  rejoinWindowMs?: number;
  /** Refuse consent requests until the technician sent a valid organisation permission template. */
  requireTemplate?: boolean;
  log?: (line: string) => void;
}

export interface RunningAgent {
  session: AgentSession;
  outcome: Promise<AgentOutcome>;
  /** Temporary files this run wrote (partial downloads): remove them when the session ends. */
  createdPaths: string[];
  /** Files the customer accepted that arrived complete and verified: keep them. */
  receivedFiles: string[];
  /** The newest screen capture's counters (frames in, unchanged, encoded, ...), or null before one started. */
  captureStats(): Promise<CaptureStats | null>;
}

/**
 * A refresh keyframe this often even when nothing changes (the console also asks for one after any gap).
 * At 10 s an idle 1080p desktop costs about 1 kB/s (a flat keyframe is 9-13 kB).
 */
const IDLE_REFRESH_MS = 10_000;

/** The session wire name (`video.chunk` codec) of each capture codec. */
export const CODEC_WIRE = { h264: 'avc1', vp8: 'vp8', vp9: 'vp9', av1: 'av1' } as const;

export async function runAgent(options: AgentRunOptions): Promise<RunningAgent> {
  const root = decodeKey(options.rootPublicKey, 'root-pub');
  if (!root.ok) throw new TetherError('E_BAD_ARGUMENT', `pinned organisation key: ${root.error.detail ?? root.error.message}`);
  const log = options.log ?? (() => undefined);
  const createdPaths: string[] = [];
  const receivedFiles: string[] = [];
  const surface = { width: options.width, height: options.height, originX: 0, originY: 0 };
  // On its own display the agent injects in process; measured on the benchmark, input latency falls from
  // about 2.1 to 1.6 ms median (the JSON-line round trip to a child is gone). Another display needs a child.
  const injector = injectsInProcess(options.display) ? await createInjector({ display: options.display }) : await spawnInjector({ display: options.display });
  const input = createNodeInputPort({ display: options.display, surface, injector, log: (e) => log(`input ${e.kind}: ${e.event} ${e.reason}`) });
  const toNorm = (r: { x: number; y: number; width: number; height: number }): NormRect => ({
    x: clamp01(r.x / surface.width), y: clamp01(r.y / surface.height),
    w: clamp01(r.width / surface.width), h: clamp01(r.height / surface.height),
  });
  const titleRules = (options.sensitiveTitles ?? []).map((t) => new RegExp(t, 'i'));
  const screens: ScreenStream[] = [];
  let newestCapture: CaptureHandle | null = null;

  const ports: AgentPorts = {
    prompt: options.prompt,
    openLink: (opening) =>
      RelayLink.open(options.relayUrl, (url) => new WebSocket(url, { maxPayload: MAX_SESSION_MESSAGE_BYTES + 1024 }) as unknown as WebSocketLike, opening),
    async startScreen({ masks, codecs: decodable }) {
      const codecs = codecsFor(options.codecs ?? ['h264', 'vp8', 'vp9', 'av1'], decodable);
      if (codecs.length === 0) throw new TetherError('E_UNSUPPORTED_VERSION', `the console can decode none of the codecs this agent encodes (it offered ${decodable?.join(', ')})`);
      const focusBefore = options.openCapturePage ? null : await focusedWindow(options.display);
      const capture = await startCapture({ display: options.display, masks, fps: options.captureFps ?? 30, codecs, keyframeIntervalMs: IDLE_REFRESH_MS, ...(options.openCapturePage ? { openPage: options.openCapturePage } : {}) });
      if (!options.openCapturePage) void returnFocusFromCapture(options.display, focusBefore).catch(() => undefined);
      newestCapture = capture;
      const stream: ScreenStream = {
        onChunk: (listener) => capture.onChunk((c) => listener({ ...c, codec: CODEC_WIRE[c.codec] })),
        onPatch: (listener) => capture.onPatch(listener),
        onEnded: (listener) => capture.onEnded(listener),
        setMasks: (m) => capture.setMasks(m),
        setConfig: (k) => capture.setConfig(k),
        requestKeyframe: () => capture.requestKeyframe(),
        pause: () => capture.pause(),
        resume: () => capture.resume(),
        close: () => capture.close(),
      };
      screens.push(stream);
      return stream;
    },
    input,
    async listWindows() {
      const windows = await listWindows(options.display);
      return windows.filter((w) => w.title).map((w) => ({ id: String(w.id), title: w.title, rect: toNorm(w.rect) }));
    },
    sensitiveWindowRects: titleRules.length
      ? async () => (await windowsMatchingTitles(options.display, titleRules)).map((w) => toNorm(w.rect))
      : undefined,
    files: createNodeFilePort(options.filesFolder, (p) => createdPaths.push(p), (p) => receivedFiles.push(p)),
    now: () => Date.now(),
    randomId: () => randomBytes(12).toString('base64url'),
    log,
  };

  const session = new AgentSession(
    { code: options.code, rootPublicKey: root.value, org: options.org, revocations: options.revokedSerials ?? [], rejoinWindowMs: options.rejoinWindowMs, maxFps: options.captureFps ?? 30, requireTemplate: options.requireTemplate ?? false },
    ports,
  );
  const outcome = session.run().finally(async () => {
    await input.close().catch(() => undefined);
    for (const s of screens) await s.close().catch(() => undefined);
  });
  return { session, outcome, createdPaths, receivedFiles, captureStats: async () => (newestCapture ? newestCapture.stats() : null) };
}

function clamp01(n: number): number {
  return Math.min(1, Math.max(0, n));
}

const CODEC_PREFIX = { h264: 'avc1', vp8: 'vp8', vp9: 'vp09', av1: 'av01' } as const;

/** The agent's codecs in its own order of preference, kept only if the console said it can decode them. */
export function codecsFor(ours: readonly ('h264' | 'vp8' | 'vp9' | 'av1')[], decodable: readonly string[] | undefined): ('h264' | 'vp8' | 'vp9' | 'av1')[] {
  if (!decodable) return [...ours];
  return ours.filter((c) => decodable.some((d) => d === CODEC_PREFIX[c] || d.startsWith(`${CODEC_PREFIX[c]}.`)));
}
