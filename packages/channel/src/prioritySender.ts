// Sends a peer's frames in priority order: control first and never queued behind video, bulk (file chunks)
// flow-controlled and never dropped, video sent only while the socket's own buffer is short and otherwise
// dropped (newest wins). After a dropped video frame, delta frames are held back until the next keyframe,
// and the owner is told so it can ask the encoder for one: a decoder never receives a broken reference chain.
import { startTimer, stopTimer, type TimerHandle } from './timers';
import { WS_OPEN, type WebSocketLike } from './wsLike';

export const LANE_CONTROL = 0;
export const LANE_VIDEO = 1;
export const LANE_BULK = 2;
export type Lane = typeof LANE_CONTROL | typeof LANE_VIDEO | typeof LANE_BULK;

export interface PrioritySenderOptions {
  /** Socket buffer level above which video and bulk wait (control never waits). */
  highWaterBytes?: number;
  /** Bulk bytes accepted ahead of the socket before sendBulk's promise waits. */
  bulkQueueBytes?: number;
  /** How often a waiting queue re-checks the socket's buffer. */
  pollMs?: number;
  /** Socket buffer level at or above which video patches are dropped (they only help an idle link). */
  patchWaterBytes?: number;
}

export interface SenderStats {
  controlFrames: number;
  videoFrames: number;
  videoDropped: number;
  patchFrames: number;
  patchesDropped: number;
  bulkFrames: number;
  bytesSent: number;
}

interface Pending {
  payload: Uint8Array;
  done: () => void;
}

/** `frame(lane, payload)` turns a plaintext payload into the bytes that go on the wire (seal + envelope). */
export type FrameFn = (lane: Lane, payload: Uint8Array) => Uint8Array;

export class PrioritySender {
  private readonly highWater: number;
  private readonly bulkLimit: number;
  private readonly pollMs: number;
  private readonly patchWater: number;
  private video: { payload: Uint8Array; keyframe: boolean } | undefined;
  private readonly bulk: Pending[] = [];
  private bulkQueued = 0;
  private waitingForKeyframe = false;
  private timer: TimerHandle;
  private closed = false;
  readonly stats: SenderStats = { controlFrames: 0, videoFrames: 0, videoDropped: 0, patchFrames: 0, patchesDropped: 0, bulkFrames: 0, bytesSent: 0 };

  constructor(
    private readonly socket: WebSocketLike,
    private readonly frame: FrameFn,
    private readonly onVideoDropped: () => void = () => undefined,
    options: PrioritySenderOptions = {},
  ) {
    this.highWater = options.highWaterBytes ?? 256 * 1024;
    this.bulkLimit = options.bulkQueueBytes ?? 1024 * 1024;
    this.pollMs = options.pollMs ?? 4;
    this.patchWater = options.patchWaterBytes ?? 64 * 1024;
  }

  /** Control goes to the socket at once: at most `highWaterBytes` of video/bulk can sit ahead of it. */
  sendControl(payload: Uint8Array): void {
    if (!this.writable()) return;
    this.write(LANE_CONTROL, payload);
    this.stats.controlFrames++;
  }

  /** Returns false when the frame was dropped (slow link, or waiting for a keyframe after a drop). */
  sendVideo(payload: Uint8Array, keyframe: boolean): boolean {
    if (!this.writable()) return false;
    if (this.video) this.dropQueuedVideo();
    if (this.waitingForKeyframe && !keyframe) {
      this.stats.videoDropped++;
      return false;
    }
    this.waitingForKeyframe = false;
    this.video = { payload, keyframe };
    this.pump();
    return this.video === undefined || this.video.payload === payload;
  }

  /**
   * A video patch (a preview of a change the video also carries) goes at once on the video lane, or not at
   * all: only when no video frame waits and the socket's buffer is short, so patches never delay video,
   * never queue, and never break the video's reference chain. Returns false when dropped.
   */
  sendPatch(payload: Uint8Array): boolean {
    if (!this.writable() || this.video || this.socket.bufferedAmount >= this.patchWater) {
      this.stats.patchesDropped++;
      return false;
    }
    this.write(LANE_VIDEO, payload);
    this.stats.patchFrames++;
    return true;
  }

  /** Resolves once the chunk is queued within the bulk budget; bulk is never dropped while the socket is open. */
  sendBulk(payload: Uint8Array): Promise<void> {
    if (!this.writable()) return Promise.reject(new Error('the connection is closed'));
    return new Promise<void>((resolve) => {
      this.bulk.push({ payload, done: resolve });
      this.bulkQueued += payload.length;
      this.pump();
    });
  }

  get queuedBulkBytes(): number {
    return this.bulkQueued;
  }

  close(): void {
    this.closed = true;
    stopTimer(this.timer);
    this.timer = undefined;
    this.video = undefined;
    for (const p of this.bulk.splice(0)) p.done();
    this.bulkQueued = 0;
  }

  private writable(): boolean {
    return !this.closed && this.socket.readyState === WS_OPEN;
  }

  private dropQueuedVideo(): void {
    this.video = undefined;
    this.stats.videoDropped++;
    this.waitingForKeyframe = true;
    this.onVideoDropped();
  }

  private write(lane: Lane, payload: Uint8Array): void {
    const bytes = this.frame(lane, payload);
    this.socket.send(bytes);
    this.stats.bytesSent += bytes.length;
  }

  private pump(): void {
    if (!this.writable()) return;
    // Video first (it is latency-bound and at most one frame waits), then bulk up to the high-water mark.
    if (this.video && this.socket.bufferedAmount < this.highWater) {
      const { payload } = this.video;
      this.video = undefined;
      this.write(LANE_VIDEO, payload);
      this.stats.videoFrames++;
    }
    while (this.bulk.length > 0 && this.socket.bufferedAmount < this.highWater) {
      const next = this.bulk.shift() as Pending;
      this.bulkQueued -= next.payload.length;
      this.write(LANE_BULK, next.payload);
      this.stats.bulkFrames++;
      next.done();
    }
    this.releaseBulkWaiters();
    if ((this.video || this.bulk.length > 0) && this.timer === undefined) {
      this.timer = startTimer(() => {
        this.timer = undefined;
        this.pump();
      }, this.pollMs);
    }
  }

  /** Callers of sendBulk wait only while the bytes queued ahead of them exceed the budget. */
  private releaseBulkWaiters(): void {
    let ahead = 0;
    for (const p of this.bulk) {
      if (ahead < this.bulkLimit) p.done();
      ahead += p.payload.length;
    }
  }
}
