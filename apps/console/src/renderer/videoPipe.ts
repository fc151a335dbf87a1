// WebCodecs decode of the agent's stream onto a canvas. Pipelined: chunks are queued into the decoder
// as they arrive and frames are drawn from its output callback; there is no flush per frame (H.264
// decoders hold frames back). The decoder is configured from stream.config's codec string; a sequence
// gap or a decoder error skips to the next keyframe and asks the agent for one.
import type { VideoChunkMessage } from '@tether/protocol';
import { VideoSequence } from '../common/videoSequence';

export interface VideoPipeEvents {
  requestKeyframe(): void;
  decoded(frames: number, errors: number): void;
  resized(width: number, height: number): void;
}

export class VideoPipe {
  private decoder: VideoDecoder | null = null;
  private codecString = '';
  private readonly sequence = new VideoSequence();
  private readonly ctx: CanvasRenderingContext2D;

  constructor(private readonly canvas: HTMLCanvasElement, private readonly events: VideoPipeEvents) {
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas context');
    this.ctx = ctx;
  }

  configure(codecString: string): void {
    if (codecString === this.codecString && this.decoder?.state === 'configured') return;
    this.codecString = codecString;
    this.reset();
  }

  push(chunk: VideoChunkMessage): void {
    if (!this.codecString) return;
    const verdict = this.sequence.accept(chunk.seq, chunk.keyframe);
    if (verdict === 'skip-and-request-keyframe') this.events.requestKeyframe();
    if (verdict !== 'decode') return;
    const decoder = this.ensureDecoder();
    if (!decoder) return;
    try {
      decoder.decode(new EncodedVideoChunk({ type: chunk.keyframe ? 'key' : 'delta', timestamp: chunk.timestampUs, data: chunk.data }));
    } catch {
      this.failed();
    }
  }

  close(): void {
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.decoder = null;
  }

  private ensureDecoder(): VideoDecoder | null {
    if (this.decoder && this.decoder.state === 'configured') return this.decoder;
    this.close();
    const decoder = new VideoDecoder({
      output: (frame) => this.draw(frame),
      error: () => this.failed(),
    });
    try {
      decoder.configure({ codec: this.codecString, optimizeForLatency: true });
    } catch {
      this.failed();
      return null;
    }
    this.decoder = decoder;
    return decoder;
  }

  private draw(frame: VideoFrame): void {
    const w = frame.displayWidth;
    const h = frame.displayHeight;
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.events.resized(w, h);
    }
    this.ctx.drawImage(frame, 0, 0, w, h);
    frame.close();
    this.events.decoded(1, 0);
  }

  private failed(): void {
    this.events.decoded(0, 1);
    this.close();
    this.sequence.decoderFailed();
    this.events.requestKeyframe();
  }

  private reset(): void {
    this.close();
    this.sequence.restart();
  }
}
