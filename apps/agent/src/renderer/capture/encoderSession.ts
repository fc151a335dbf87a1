// One WebCodecs VideoEncoder for the capture stream: negotiated codec, reconfigured in place when the
// size, frame rate or bitrate changes, with per-chunk encode timing for the stats.
import type { CaptureKnobs, VideoCodecName } from '../../common/capture/captureTypes';
import { chooseCodec, encoderConfigFor } from './codecChoice';

export interface EncodedOutput {
  chunk: EncodedVideoChunk;
  codec: VideoCodecName;
  width: number;
  height: number;
  /** Set when the decoder configuration changed with this chunk. */
  decoderConfig?: { codecString: string; description?: Uint8Array };
  encodeMs: number;
}

export class EncoderSession {
  private encoder: VideoEncoder | null = null;
  private active: { codec: VideoCodecName; config: VideoEncoderConfig } | null = null;
  private readonly startedAt = new Map<number, number>();
  private outputWidth = 0;
  private outputHeight = 0;

  constructor(
    private readonly onOutput: (output: EncodedOutput) => void,
    private readonly onError: (error: Error) => void,
  ) {}

  get codec(): VideoCodecName | null {
    return this.active?.codec ?? null;
  }

  get codecString(): string {
    return this.active?.config.codec ?? '';
  }

  get queueSize(): number {
    return this.encoder?.encodeQueueSize ?? 0;
  }

  get width(): number {
    return this.active?.config.width ?? 0;
  }

  get height(): number {
    return this.active?.config.height ?? 0;
  }

  /** Picks the first supported codec from `preference` and configures the encoder; null when none works. */
  async open(preference: readonly VideoCodecName[], width: number, height: number, knobs: CaptureKnobs): Promise<{ codec: VideoCodecName; codecString: string } | null> {
    const chosen = await chooseCodec(preference, width, height, knobs);
    if (!chosen) return null;
    this.encoder?.close();
    this.encoder = new VideoEncoder({ output: (chunk, meta) => this.handleOutput(chunk, meta), error: (e) => this.onError(e) });
    this.encoder.configure(chosen.config);
    this.active = chosen;
    return { codec: chosen.codec, codecString: chosen.config.codec };
  }

  /** Applies a new size / frame rate / bitrate to the open encoder (same codec). */
  reconfigure(width: number, height: number, knobs: CaptureKnobs): void {
    if (!this.encoder || !this.active) return;
    const config = encoderConfigFor(this.active.codec, width, height, knobs);
    this.encoder.configure(config);
    this.active = { codec: this.active.codec, config };
  }

  encode(frame: VideoFrame, keyFrame: boolean): void {
    if (!this.encoder || this.encoder.state !== 'configured') return;
    this.startedAt.set(frame.timestamp, performance.now());
    this.encoder.encode(frame, { keyFrame });
  }

  close(): void {
    if (this.encoder && this.encoder.state !== 'closed') this.encoder.close();
    this.encoder = null;
    this.active = null;
    this.startedAt.clear();
  }

  private handleOutput(chunk: EncodedVideoChunk, meta?: EncodedVideoChunkMetadata): void {
    if (!this.active) return;
    const began = this.startedAt.get(chunk.timestamp);
    this.startedAt.delete(chunk.timestamp);
    if (this.startedAt.size > 256) this.startedAt.clear();
    const output: EncodedOutput = {
      chunk,
      codec: this.active.codec,
      width: this.outputWidth,
      height: this.outputHeight,
      encodeMs: began === undefined ? 0 : performance.now() - began,
    };
    const dc = meta?.decoderConfig;
    if (dc) {
      this.outputWidth = dc.codedWidth ?? this.active.config.width;
      this.outputHeight = dc.codedHeight ?? this.active.config.height;
      output.width = this.outputWidth;
      output.height = this.outputHeight;
      output.decoderConfig = { codecString: dc.codec };
      if (dc.description) output.decoderConfig.description = copyBytes(dc.description);
    }
    this.onOutput(output);
  }
}

function copyBytes(source: AllowSharedBufferSource): Uint8Array {
  if (source instanceof ArrayBuffer) return new Uint8Array(source.slice(0));
  if (ArrayBuffer.isView(source)) return new Uint8Array(source.buffer.slice(source.byteOffset, source.byteOffset + source.byteLength));
  return new Uint8Array(source.slice(0));
}
