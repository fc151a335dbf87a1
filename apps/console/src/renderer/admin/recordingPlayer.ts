// Plays a recorded session on a canvas with WebCodecs: chunks are fed to a VideoDecoder as the play clock
// passes their recording time, and every decoded frame is drawn. A seek decodes from the keyframe at or
// before the wanted frame up to it (drawing only the last one) and flushes, so the picture is exact. Since
// a flushed decoder wants a keyframe again, playing after a seek decodes that stretch once more.
import type { StoreApi } from 'zustand/vanilla';
import type { PlayerState } from '../../common/admin/adminStores';
import { seekPlan, type PlaybackFrame, type PlaybackTimeline } from '../../common/admin/playbackTimeline';

const TICK_MS = 15;

export class RecordingPlayer {
  private decoder: VideoDecoder | null = null;
  private decoderCodec = '';
  /** outputs still to be dropped before drawing (the frames between a keyframe and the seek target) */
  private skipOutputs = 0;
  /** next frame to decode while playing */
  private next = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private clockStart = 0;
  private positionStart = 0;
  private generation = 0;
  private readonly ctx: CanvasRenderingContext2D;
  private readonly frames: readonly PlaybackFrame[];

  constructor(private readonly canvas: HTMLCanvasElement, private readonly timeline: PlaybackTimeline, private readonly store: StoreApi<PlayerState>) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context');
    this.ctx = ctx;
    this.frames = timeline.frames;
    store.setState({ state: this.frames.length ? 'paused' : 'empty', positionMs: 0, durationMs: timeline.durationMs, decodedFrames: 0, error: '' });
  }

  get position(): number {
    return this.store.getState().positionMs;
  }

  /** Shows the picture at `atMs` (paused unless it was playing). */
  async seek(atMs: number): Promise<void> {
    const wasPlaying = this.store.getState().state === 'playing';
    this.stopClock();
    const generation = ++this.generation;
    const target = Math.min(Math.max(0, atMs), this.timeline.durationMs);
    this.store.setState({ state: 'seeking', positionMs: target });
    const plan = seekPlan(this.frames, target);
    this.closeDecoder();
    if (!plan) {
      this.ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
      this.next = 0;
    } else {
      this.decodeRange(plan.from, plan.to);
      try {
        await this.decoder?.flush();
      } catch {
        // closed by a newer seek, or a decoder error (reported by its callback)
      }
    }
    if (generation !== this.generation) return;
    this.store.setState({ state: 'paused' });
    if (wasPlaying) this.play();
  }

  play(): void {
    const state = this.store.getState();
    if (state.state === 'playing' || state.state === 'seeking' || this.frames.length === 0) return;
    if (state.state === 'ended' || state.positionMs >= this.timeline.durationMs) {
      void this.seek(0).then(() => this.play());
      return;
    }
    ++this.generation;
    // a flushed decoder needs a keyframe: decode up to the shown frame again without drawing it twice
    const plan = seekPlan(this.frames, state.positionMs);
    this.closeDecoder();
    if (plan) this.decodeRange(plan.from, plan.to, plan.to - plan.from + 1);
    else this.next = 0;
    this.clockStart = performance.now();
    this.positionStart = state.positionMs;
    this.store.setState({ state: 'playing', error: '' });
    this.tick();
  }

  pause(): void {
    if (this.store.getState().state !== 'playing') return;
    this.stopClock();
    ++this.generation;
    this.store.setState({ state: 'paused' });
  }

  close(): void {
    this.stopClock();
    ++this.generation;
    this.closeDecoder();
  }

  private tick = (): void => {
    const position = this.positionStart + (performance.now() - this.clockStart);
    while (this.next < this.frames.length && (this.frames[this.next] as PlaybackFrame).atMs <= position) this.decodeFrame(this.next++);
    if (position >= this.timeline.durationMs) {
      this.stopClock();
      const generation = this.generation;
      this.store.setState({ positionMs: this.timeline.durationMs });
      const flushed = this.decoder ? this.decoder.flush().catch(() => undefined) : Promise.resolve();
      void flushed.then(() => {
        if (generation === this.generation) this.store.setState({ state: 'ended' });
      });
      return;
    }
    this.store.setState({ positionMs: position });
    this.timer = setTimeout(this.tick, TICK_MS);
  };

  /** Decodes frames from..to, drawing only the last one (or none when `skip` covers them all). */
  private decodeRange(from: number, to: number, skip = to - from): void {
    this.skipOutputs = skip;
    for (let i = from; i <= to; i++) this.decodeFrame(i);
    this.next = to + 1;
  }

  private decodeFrame(index: number): void {
    const frame = this.frames[index] as PlaybackFrame;
    const { chunk } = frame;
    if (chunk.keyframe && frame.codecString !== this.decoderCodec) this.closeDecoder();
    let decoder = this.decoder;
    if (!decoder || decoder.state !== 'configured') {
      if (!chunk.keyframe) return; // a new decoder starts at a keyframe
      decoder = this.openDecoder(frame.codecString);
      if (!decoder) return;
    }
    try {
      decoder.decode(new EncodedVideoChunk({ type: chunk.keyframe ? 'key' : 'delta', timestamp: chunk.timestampUs, data: chunk.data }));
    } catch (error) {
      this.fail(error);
    }
  }

  private openDecoder(codecString: string): VideoDecoder | null {
    const decoder: VideoDecoder = new VideoDecoder({
      output: (frame) => {
        if (this.decoder === decoder) this.draw(frame);
        else frame.close();
      },
      error: (error) => {
        if (this.decoder === decoder) this.fail(error);
      },
    });
    try {
      decoder.configure({ codec: codecString, optimizeForLatency: true });
    } catch (error) {
      this.fail(error);
      return null;
    }
    this.decoder = decoder;
    this.decoderCodec = codecString;
    return decoder;
  }

  private draw(frame: VideoFrame): void {
    if (this.skipOutputs > 0) {
      this.skipOutputs--;
      frame.close();
      return;
    }
    const w = frame.displayWidth;
    const h = frame.displayHeight;
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
    }
    this.ctx.drawImage(frame, 0, 0, w, h);
    frame.close();
    this.store.setState((s) => ({ decodedFrames: s.decodedFrames + 1 }));
  }

  private fail(error: unknown): void {
    this.stopClock();
    this.closeDecoder();
    this.store.setState({ state: 'paused', error: `the video cannot be decoded: ${error instanceof Error ? error.message : String(error)}` });
  }

  private closeDecoder(): void {
    const decoder = this.decoder;
    this.decoder = null;
    this.decoderCodec = '';
    if (decoder && decoder.state !== 'closed') decoder.close();
  }

  private stopClock(): void {
    if (this.timer !== null) clearTimeout(this.timer);
    this.timer = null;
  }
}
