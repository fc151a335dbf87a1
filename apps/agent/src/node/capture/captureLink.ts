// Node end of the page link: decodes chunk frames and page events, sends validated control messages,
// and matches stats replies to requests.
import type { WebSocket } from 'ws';
import { decodeCapturePageEvent } from '../../common/capture/captureControl';
import { captureFrameKind, decodeChunkFrame, decodePatchFrame, type CapturePatch } from '../../common/capture/captureWire';
import type { CaptureControl, CapturePageEvent, CaptureStats, EncodedChunk } from '../../common/capture/captureTypes';

export interface CaptureLinkHandlers {
  onChunk(chunk: EncodedChunk): void;
  onPatch(patch: CapturePatch): void;
  onEvent(event: CapturePageEvent): void;
  onClose(): void;
}

export class CaptureLink {
  private codecString = '';
  private nextStatsId = 1;
  private readonly statsWaiters = new Map<number, (stats: CaptureStats | null) => void>();
  /** Frames from the page that failed to decode (should stay 0). */
  malformed = 0;
  lastMalformed: string | null = null;

  constructor(
    private readonly socket: WebSocket,
    private readonly handlers: CaptureLinkHandlers,
  ) {
    socket.on('message', (data, isBinary) => (isBinary ? this.binary(toBytes(data)) : this.text(data.toString())));
    socket.on('close', () => {
      for (const waiter of this.statsWaiters.values()) waiter(null);
      this.statsWaiters.clear();
      handlers.onClose();
    });
    socket.resume();
  }

  get open(): boolean {
    return this.socket.readyState === this.socket.OPEN;
  }

  send(control: CaptureControl): void {
    if (this.open) this.socket.send(JSON.stringify(control));
  }

  /** Resolves with the page's counters, or null when the link closes first. */
  stats(): Promise<CaptureStats | null> {
    if (!this.open) return Promise.resolve(null);
    const id = this.nextStatsId++;
    return new Promise((resolve) => {
      this.statsWaiters.set(id, resolve);
      this.send({ type: 'getStats', id });
    });
  }

  close(): void {
    this.socket.close(1000, 'capture closed');
  }

  /** A frame from the page that did not decode: counted and remembered, never acted on. */
  private refused(message: string): void {
    this.malformed++;
    this.lastMalformed = message;
  }

  private binary(bytes: Uint8Array): void {
    if (captureFrameKind(bytes) === 'patch') {
      const patch = decodePatchFrame(bytes);
      if (patch.ok) this.handlers.onPatch(patch.value);
      else this.refused(patch.error.message);
      return;
    }
    const decoded = decodeChunkFrame(bytes);
    if (!decoded.ok) return this.refused(decoded.error.message);
    const frame = decoded.value;
    if (frame.config) this.codecString = frame.config.codecString;
    const chunk: EncodedChunk = {
      seq: frame.seq,
      timestampUs: frame.timestampUs,
      keyframe: frame.keyframe,
      codec: frame.codec,
      codecString: this.codecString,
      width: frame.width,
      height: frame.height,
      configChanged: frame.config !== undefined,
      data: frame.data,
    };
    if (frame.config?.description) chunk.description = frame.config.description;
    this.handlers.onChunk(chunk);
  }

  private text(text: string): void {
    const decoded = decodeCapturePageEvent(text);
    if (!decoded.ok) return this.refused(decoded.error.message);
    const event = decoded.value;
    if (event.type === 'stats') {
      this.statsWaiters.get(event.id)?.(event.stats);
      this.statsWaiters.delete(event.id);
      return;
    }
    this.handlers.onEvent(event);
  }
}

function toBytes(data: Buffer | ArrayBuffer | Buffer[]): Uint8Array {
  if (Array.isArray(data)) return new Uint8Array(Buffer.concat(data));
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
}
