// Decides, per received video chunk, whether the decoder may take it: after a gap in the sequence
// numbers (a frame dropped on the video lane) or a decoder error, everything up to the next keyframe is
// skipped and one keyframe request is sent.
export type ChunkVerdict = 'decode' | 'skip' | 'skip-and-request-keyframe';

export class VideoSequence {
  private lastSeq: number | undefined;
  private waitingForKey = true;
  private requested = false;

  accept(seq: number, keyframe: boolean): ChunkVerdict {
    const gap = this.lastSeq !== undefined && seq !== ((this.lastSeq + 1) >>> 0);
    this.lastSeq = seq;
    if (keyframe) {
      this.waitingForKey = false;
      this.requested = false;
      return 'decode';
    }
    if (gap) this.waitingForKey = true;
    if (!this.waitingForKey) return 'decode';
    if (this.requested) return 'skip';
    this.requested = true;
    return 'skip-and-request-keyframe';
  }

  /** The decoder failed and the caller asked for a keyframe: skip everything until it arrives. */
  decoderFailed(): void {
    this.waitingForKey = true;
    this.requested = true;
  }

  /** A new decoder configuration: the next keyframe starts the picture (the agent sends one after stream.config). */
  restart(): void {
    this.waitingForKey = true;
    this.requested = false;
  }

  get awaitingKeyframe(): boolean {
    return this.waitingForKey;
  }
}
