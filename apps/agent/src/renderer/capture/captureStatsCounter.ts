// Counters and running means for the capture pipeline, reported to Node on request.
import type { CaptureStats, VideoCodecName } from '../../common/capture/captureTypes';

class RunningMean {
  private total = 0;
  private count = 0;
  add(value: number): void {
    this.total += value;
    this.count++;
  }
  get mean(): number {
    return this.count === 0 ? 0 : this.total / this.count;
  }
}

export class CaptureStatsCounter {
  framesIn = 0;
  framesOverFpsCap = 0;
  framesUnchanged = 0;
  framesDroppedBackpressure = 0;
  framesEncoded = 0;
  keyframes = 0;
  bytesSent = 0;
  samplingChanges = 0;
  motionSizeChanges = 0;
  constraintFailures = 0;
  patchesSent = 0;
  patchBytesSent = 0;
  readonly patchMs = new RunningMean();
  readonly encodeMs = new RunningMean();
  readonly compareMs = new RunningMean();
  readonly composeMs = new RunningMean();

  snapshot(state: { paused: boolean; codec: VideoCodecName | null; width: number; height: number; samplingFps: number; motion: boolean; motionMaxPixels: number; minFps: number | null }): CaptureStats {
    return {
      framesIn: this.framesIn,
      framesOverFpsCap: this.framesOverFpsCap,
      framesUnchanged: this.framesUnchanged,
      framesDroppedBackpressure: this.framesDroppedBackpressure,
      framesEncoded: this.framesEncoded,
      keyframes: this.keyframes,
      bytesSent: this.bytesSent,
      samplingChanges: this.samplingChanges,
      motionSizeChanges: this.motionSizeChanges,
      constraintFailures: this.constraintFailures,
      patchesSent: this.patchesSent,
      patchBytesSent: this.patchBytesSent,
      patchMsMean: this.patchMs.mean,
      encodeMsMean: this.encodeMs.mean,
      compareMsMean: this.compareMs.mean,
      composeMsMean: this.composeMs.mean,
      ...state,
    };
  }
}
