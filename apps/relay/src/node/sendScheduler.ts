// Per receiving socket: decides when each frame is handed to the socket. Control frames (lane 0 and the
// relay's own text messages) go out at once and never wait behind queued video or bulk. Video and bulk
// wait in their own queues until the bytes in flight drop below the high-water mark. When the video
// queue grows past its cap the oldest (stalest) frames are dropped; bulk is never dropped: instead the
// sender is paused (onBulkPressure(true)) until the backlog drains. If everything together exceeds the
// hard limit, onOverflow() ends the connection (E_BACKPRESSURE).
import type { WebSocket } from 'ws';
import { Lane } from '@tether/protocol/relay';
import type { RelayConfig } from './config';
import type { RelayMetrics } from './relayMetrics';

type SchedulerLimits = Pick<RelayConfig, 'videoHighWaterBytes' | 'maxQueuedVideoBytes' | 'bulkPauseBytes' | 'bulkResumeBytes' | 'hardBufferLimitBytes'>;

export class SendScheduler {
  private inFlightBytes = 0;
  private readonly video: Buffer[] = [];
  private videoBytes = 0;
  private readonly bulk: Buffer[] = [];
  private bulkBytes = 0;
  private bulkPressure = false;
  private closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly limits: SchedulerLimits,
    private readonly metrics: RelayMetrics,
    private readonly onBulkPressure: (paused: boolean) => void,
    private readonly onOverflow: () => void,
  ) {}

  get backlogBytes(): number {
    return this.inFlightBytes + this.videoBytes + this.bulkBytes;
  }

  /** Relay-originated text control message. */
  sendText(text: string): void {
    if (this.closed) return;
    this.socket.send(text);
  }

  sendFrame(lane: Lane, frame: Buffer): void {
    if (this.closed) return;
    if (lane === Lane.control) {
      this.write(lane, frame);
    } else if (lane === Lane.video) {
      if (this.video.length === 0 && this.inFlightBytes < this.limits.videoHighWaterBytes) {
        this.write(lane, frame);
      } else {
        this.video.push(frame);
        this.videoBytes += frame.length;
        while (this.videoBytes > this.limits.maxQueuedVideoBytes && this.video.length > 1) {
          const stale = this.video.shift() as Buffer;
          this.videoBytes -= stale.length;
          this.metrics.videoFramesDropped++;
        }
      }
    } else {
      if (this.bulk.length === 0 && this.inFlightBytes < this.limits.videoHighWaterBytes) {
        this.write(lane, frame);
      } else {
        this.bulk.push(frame);
        this.bulkBytes += frame.length;
        this.updateBulkPressure();
      }
    }
    if (this.backlogBytes > this.limits.hardBufferLimitBytes) {
      this.close();
      this.onOverflow();
    }
  }

  private write(lane: Lane, frame: Buffer): void {
    const size = frame.length;
    this.inFlightBytes += size;
    this.metrics.frameOut(lane, size);
    this.socket.send(frame, { binary: true }, () => {
      this.inFlightBytes -= size;
      this.pump();
    });
  }

  private pump(): void {
    if (this.closed) return;
    while (this.inFlightBytes < this.limits.videoHighWaterBytes) {
      const fromVideo = this.video.length > 0;
      const frame = fromVideo ? this.video.shift() : this.bulk.shift();
      if (!frame) break;
      if (fromVideo) this.videoBytes -= frame.length;
      else this.bulkBytes -= frame.length;
      this.write(fromVideo ? Lane.video : Lane.bulk, frame);
    }
    this.updateBulkPressure();
  }

  private updateBulkPressure(): void {
    const backlog = this.bulkBytes;
    if (!this.bulkPressure && backlog > this.limits.bulkPauseBytes) {
      this.bulkPressure = true;
      this.metrics.bulkPauses++;
      this.onBulkPressure(true);
    } else if (this.bulkPressure && backlog <= this.limits.bulkResumeBytes) {
      this.bulkPressure = false;
      this.onBulkPressure(false);
    }
  }

  /** Drops queued frames (the socket is going away); releases any pause it caused. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.video.length = 0;
    this.bulk.length = 0;
    this.videoBytes = 0;
    this.bulkBytes = 0;
    if (this.bulkPressure) {
      this.bulkPressure = false;
      this.onBulkPressure(false);
    }
  }
}
