// The agent core's ports: everything environment-specific (sockets, the capture browser, X input, windows,
// the disk, the clock) comes in through these, so the core runs unchanged under Node, Electron and tests.
import type { LinkOpened, Opening } from '@tether/channel';
import type { ConsentGrant, InputMessage, NormRect, RevocablePermission, VideoPatchMessage } from '@tether/protocol';
import type { CustomerPrompt, WindowChoice } from './customerPrompt';

export interface ScreenChunk {
  seq: number;
  timestampUs: number;
  keyframe: boolean;
  codec: 'avc1' | 'vp8' | 'vp9' | 'av1';
  codecString: string;
  width: number;
  height: number;
  /** The first chunk after the encoder (re)configured: announce the new stream config before it. */
  configChanged: boolean;
  data: Uint8Array;
}

/** A small change's exact pixels, sent ahead of the video frame that also carries it. */
export type ScreenPatch = Omit<VideoPatchMessage, 'v' | 'type' | 'surfaceId'>;

export interface ScreenStream {
  onChunk(listener: (chunk: ScreenChunk) => void): () => void;
  /** Screens that can tell where a small change is hand it over as a patch too. */
  onPatch?(listener: (patch: ScreenPatch) => void): () => void;
  onEnded(listener: (reason: string) => void): void;
  setMasks(masks: NormRect[]): void;
  setConfig(knobs: { fps?: number; scale?: number; bitrate?: number }): void;
  requestKeyframe(): void;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

export interface InputOutcome {
  allowed: boolean;
  code?: string;
  reason?: string;
}

/** Gate + injector: every event is checked against the grant on this machine before anything is injected. */
export interface InputPort {
  handle(event: InputMessage): Promise<InputOutcome>;
  setGrant(grant: ConsentGrant | null): Promise<void>;
  pause(): Promise<void>;
  resume(): void;
  revoke(permission: RevocablePermission): Promise<void>;
}

export interface FileSink {
  write(offset: number, data: Uint8Array): Promise<void>;
  /** Bytes already on disk (a resumed transfer continues from here). */
  readonly received: number;
  /** Verifies size and SHA-256, then moves the file into place. Resolves with the hex hash. */
  finish(): Promise<string>;
  abort(): Promise<void>;
}

/** A file the customer chose to send: its hash is computed before the offer. */
export interface FileSource {
  name: string;
  size: number;
  sha256: string;
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface FilePort {
  destinationFor(name: string): string;
  open(fileId: string, name: string, size: number, sha256: string): Promise<FileSink>;
  /** Opens a file the customer picked to send to the technician. */
  openForSending(path: string): Promise<FileSource>;
}

export interface AgentPorts {
  prompt: CustomerPrompt;
  openLink(opening: Opening): Promise<LinkOpened>;
  /** `codecs`: codec strings the technician's console can decode (stream.codecs), when it said so. */
  startScreen(options: { masks: NormRect[]; codecs?: string[] }): Promise<ScreenStream>;
  input: InputPort;
  listWindows(): Promise<WindowChoice[]>;
  /** Rects of windows matched by the template's title rules (password managers, banking): always masked. */
  sensitiveWindowRects?(): Promise<NormRect[]>;
  files?: FilePort;
  now(): number;
  randomId(): string;
  log?(line: string): void;
}
