// WebCodecs decode of the agent's stream onto a canvas. Pipelined: chunks are queued into the decoder
// as they arrive and frames are drawn from its output callback; there is no flush per frame (H.264
// decoders hold frames back). The decoder is configured from stream.config's codec string; a sequence
// gap or a decoder error skips to the next keyframe and asks the agent for one.
// Patches (the exact pixels of a small change, sent ahead of its video frame) are drawn at once and kept
// until a frame that includes them is drawn (see PatchOverlay).
import { videoPatchPixels, type VideoChunkMessage, type VideoPatchMessage } from '@tether/protocol';
import { PatchOverlay } from '../common/patchOverlay';
import { VideoSequence } from '../common/videoSequence';

interface DrawnPatch {
  frame: VideoFrame;
  x: number;
  y: number;
  close(): void;
}

export interface VideoPipeEvents {
  requestKeyframe(): void;
  decoded(frames: number, errors: number): void;
  resized(width: number, height: number): void;
  /** Something reached the canvas: a decoded frame or a patch. */
  painted?(what: 'frame' | 'patch', timestampUs: number): void;
  /** A patch that could not be used (malformed pixels, outside the picture); the stream goes on. */
  patchRefused?(reason: string): void;
}

export class VideoPipe {
  private decoder: VideoDecoder | null = null;
  private codecString = '';
  private readonly sequence = new VideoSequence();
  private readonly overlay = new PatchOverlay<DrawnPatch>();
  private pictureShown = false;
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

  /** Draws a patch at once, over whatever frame is showing, unless a newer frame is already drawn. */
  patch(patch: VideoPatchMessage): void {
    // Before the first frame there is no picture to patch (and the canvas has no size yet).
    if (!this.codecString || !this.pictureShown || !this.overlay.wanted(patch.timestampUs)) return;
    // A patch of a picture of another size (the stream was rescaled meanwhile) would land in the wrong place.
    if (patch.frameWidth !== this.canvas.width || patch.frameHeight !== this.canvas.height) {
      this.events.patchRefused?.(`a patch of a ${patch.frameWidth}x${patch.frameHeight} picture does not fit the ${this.canvas.width}x${this.canvas.height} one shown`);
      return;
    }
    let frame: VideoFrame;
    try {
      const init: VideoFrameBufferInit = { format: patch.format, codedWidth: patch.width, codedHeight: patch.height, timestamp: patch.timestampUs, colorSpace: colourSpace(patch) };
      frame = new VideoFrame(videoPatchPixels(patch) as Uint8Array<ArrayBuffer>, init);
    } catch (e) {
      this.events.patchRefused?.(e instanceof Error ? e.message : String(e));
      return;
    }
    this.ctx.drawImage(frame, patch.x, patch.y);
    this.overlay.add(patch.timestampUs, { frame, x: patch.x, y: patch.y, close: () => frame.close() });
    this.events.painted?.('patch', patch.timestampUs);
  }

  close(): void {
    this.overlay.clear();
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
    this.pictureShown = true;
    for (const p of this.overlay.frameDrawn(frame.timestamp)) this.ctx.drawImage(p.frame, p.x, p.y);
    const timestampUs = frame.timestamp;
    frame.close();
    this.events.decoded(1, 0);
    this.events.painted?.('frame', timestampUs);
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

/** The patch's colour space for WebCodecs (fields the patch does not give are left to the browser). */
function colourSpace(patch: VideoPatchMessage): VideoColorSpaceInit {
  const { matrix, primaries, transfer, fullRange } = patch.colour;
  const space: VideoColorSpaceInit = { fullRange };
  if (matrix) space.matrix = matrix as VideoMatrixCoefficients;
  if (primaries) space.primaries = primaries as VideoColorPrimaries;
  if (transfer) space.transfer = transfer as VideoTransferCharacteristics;
  return space;
}
