// Adaptive streaming: every tick the agent looks at the link (round trip, bytes waiting in its socket,
// video frames the sender had to drop) and moves one step along a quality ladder. Congestion steps down at
// once; recovery steps up only after the link has stayed clear for a while, so quality does not oscillate.
// The ladder lowers the frame rate first, then the resolution, then the bitrate (DESIGN.md).

export interface StreamKnobs {
  fps: number;
  /** Resolution divisor: 2 = half width and half height. */
  scale: number;
  bitrate: number;
}

export const QUALITY_LADDER: readonly StreamKnobs[] = [
  { fps: 30, scale: 1, bitrate: 4_000_000 },
  { fps: 20, scale: 1, bitrate: 3_000_000 },
  { fps: 12, scale: 1, bitrate: 2_500_000 },
  { fps: 12, scale: 2, bitrate: 1_200_000 },
  { fps: 10, scale: 2, bitrate: 700_000 },
  { fps: 8, scale: 3, bitrate: 350_000 },
];

export interface LinkSample {
  /**
   * Round trip (ping/pong over the control lane) measured since the previous sample, the longest if
   * several, ms; undefined when no pong came back since (each measurement counts once).
   */
  rttMs?: number;
  /** Bytes sitting in the agent's socket send buffer. */
  bufferedBytes: number;
  /** Video frames the sender dropped since the previous sample. */
  droppedFrames: number;
  /** Pings sent whose pong has not come back. */
  outstandingPings: number;
}

export interface AdaptationOptions {
  /** Buffered bytes above which the link counts as congested. */
  congestedBufferBytes?: number;
  /** Round trip above (best seen + this) counts as congested (queueing delay). */
  rttMarginMs?: number;
  /** Clear samples in a row before stepping back up. */
  recoverAfter?: number;
  /** Frame rate at full quality (the capture's own rate); lower rungs never exceed it. */
  maxFps?: number;
}

export interface AdaptationState {
  level: number;
  knobs: StreamKnobs;
  congested: boolean;
  reason: string;
}

export class AdaptiveStream {
  private levelIndex = 0;
  private clearSamples = 0;
  private bestRtt = Number.POSITIVE_INFINITY;
  private readonly congestedBuffer: number;
  private readonly rttMargin: number;
  private readonly recoverAfter: number;
  private readonly ladder: readonly StreamKnobs[];

  constructor(options: AdaptationOptions = {}) {
    const top = options.maxFps ?? (QUALITY_LADDER[0] as StreamKnobs).fps;
    this.ladder = QUALITY_LADDER.map((k, i) => ({ ...k, fps: i === 0 ? top : Math.min(k.fps, top) }));
    this.congestedBuffer = options.congestedBufferBytes ?? 512 * 1024;
    this.rttMargin = options.rttMarginMs ?? 150;
    this.recoverAfter = options.recoverAfter ?? 6;
  }

  get knobs(): StreamKnobs {
    return this.ladder[this.levelIndex] as StreamKnobs;
  }

  get level(): number {
    return this.levelIndex;
  }

  /** Feeds one sample; returns the new state (knobs change at most one ladder step per call). */
  update(sample: LinkSample): AdaptationState {
    if (sample.rttMs !== undefined && sample.rttMs >= 0) this.bestRtt = Math.min(this.bestRtt, sample.rttMs);
    const reasons: string[] = [];
    if (sample.droppedFrames > 0) reasons.push(`${sample.droppedFrames} frames dropped`);
    if (sample.bufferedBytes > this.congestedBuffer) reasons.push(`${sample.bufferedBytes} bytes queued`);
    if (sample.rttMs !== undefined && Number.isFinite(this.bestRtt) && sample.rttMs > this.bestRtt + this.rttMargin) {
      reasons.push(`round trip ${Math.round(sample.rttMs)} ms (best ${Math.round(this.bestRtt)} ms)`);
    }
    if (sample.outstandingPings >= 3) reasons.push(`${sample.outstandingPings} pings unanswered`);
    const congested = reasons.length > 0;
    if (congested) {
      this.clearSamples = 0;
      if (this.levelIndex < this.ladder.length - 1) this.levelIndex++;
    } else if (++this.clearSamples >= this.recoverAfter && this.levelIndex > 0) {
      this.levelIndex--;
      this.clearSamples = 0;
    }
    return { level: this.levelIndex, knobs: this.knobs, congested, reason: congested ? reasons.join(', ') : 'clear' };
  }
}
