// WebCodecs decode of the agent's stream onto a canvas. Pipelined: chunks are queued into the decoder
// as they arrive and frames are drawn from its output callback; there is no flush per frame (H.264
// decoders hold frames back). The decoder is configured from stream.config's codec string; a sequence
// gap or a decoder error skips to the next keyframe and asks the agent for one.
// Patches (the exact pixels of a small change, sent ahead of its video frame) are drawn at once and kept
// until a frame that includes them is drawn (see PatchOverlay).
// A decoded frame reaches the canvas as RGBA: VideoFrame.copyTo converts it (libyuv) into one reused buffer
// and putImageData puts it. Chromium without a GPU (the console's usual case) draws a YUV frame with
// drawImage through Skia's raster path, 5-9 ms of the page's main thread for 1280x720; the conversion and
// the put take 1.5-3 ms (docs/performance.md). One frame is converted at a time; a frame decoded meanwhile
// waits, and a newer one replaces it unseen (LatestFrameQueue). With a GPU, drawImage is the cheap way (the
// canvas and often the decoder's frames live on the GPU, where copyTo would read them back), so the
// conversion is used only where the page renders without one (rendersWithoutGpu: no WebGL, or a software
// rasteriser behind it). A browser whose copyTo cannot convert (it ignores the format and would copy the
// frame's own planes) gets its frames drawn with drawImage too.
import { videoPatchPixels, type VideoChunkMessage, type VideoPatchMessage } from '@tether/protocol';
import { LatestFrameQueue } from '../common/latestFrameQueue';
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
  /** How decoded frames reach the canvas: converted to RGBA and put, or drawn (where copyTo cannot convert). */
  private path: 'rgba' | 'drawImage' = rendersWithoutGpu() ? 'rgba' : 'drawImage';
  private rgba: ImageData | null = null;
  private readonly frames = new LatestFrameQueue<VideoFrame>(
    (frame) => this.show(frame),
    (frame) => frame.close(),
    // An error while showing a frame is reported as the decoder's output callback reported it before; the
    // next frame is still shown.
    (error) => reportError(error),
  );
  /** Bumped by close(): a frame whose conversion finishes after it is not drawn. */
  private generation = 0;

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

  /** How decoded frames reach the canvas in this browser (final after the first frame). */
  get drawPath(): 'rgba' | 'drawImage' {
    return this.path;
  }

  close(): void {
    this.generation++;
    this.frames.clear();
    this.overlay.clear();
    if (this.decoder && this.decoder.state !== 'closed') this.decoder.close();
    this.decoder = null;
  }

  private ensureDecoder(): VideoDecoder | null {
    if (this.decoder && this.decoder.state === 'configured') return this.decoder;
    this.close();
    const decoder = new VideoDecoder({
      output: (frame) => this.frames.offer(frame),
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

  /** One decoded frame onto the canvas (unless the pipe was closed meanwhile); the frame is closed after. */
  private async show(frame: VideoFrame): Promise<void> {
    const generation = this.generation;
    try {
      const pixels = this.path === 'rgba' && convertible(frame) ? await this.toRgba(frame) : null;
      if (generation === this.generation) this.draw(frame, pixels);
    } finally {
      frame.close();
    }
  }

  /** The frame's visible pixels as RGBA in the reused buffer, or null (and drawImage from now on) where this browser cannot convert. */
  private async toRgba(frame: VideoFrame): Promise<ImageData | null> {
    const { width, height } = frame.visibleRect!;
    const options: VideoFrameCopyToOptions = { format: 'RGBA', colorSpace: 'srgb' };
    try {
      // A browser without the conversion ignores `format` and would copy the frame's own planes; its size tells.
      if (frame.allocationSize(options) !== width * height * 4) throw new Error('copyTo does not convert to RGBA here');
      if (this.rgba?.width !== width || this.rgba.height !== height) this.rgba = new ImageData(width, height);
      await frame.copyTo(this.rgba.data, options);
      return this.rgba;
    } catch {
      this.path = 'drawImage';
      return null;
    }
  }

  /** Puts the frame's converted pixels (or draws the frame) on the canvas, then the patches newer than it. */
  private draw(frame: VideoFrame, pixels: ImageData | null): void {
    const w = frame.displayWidth;
    const h = frame.displayHeight;
    if (this.canvas.width !== w || this.canvas.height !== h) {
      this.canvas.width = w;
      this.canvas.height = h;
      this.events.resized(w, h);
    }
    if (pixels) this.ctx.putImageData(pixels, 0, 0);
    else this.ctx.drawImage(frame, 0, 0, w, h);
    this.pictureShown = true;
    for (const p of this.overlay.frameDrawn(frame.timestamp)) this.ctx.drawImage(p.frame, p.x, p.y);
    const timestampUs = frame.timestamp;
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

let withoutGpu: boolean | undefined;

/** WebGL renderers that rasterise on the CPU (Chromium's SwiftShader, Mesa's llvmpipe/softpipe, Windows' basic driver). */
const SOFTWARE_RENDERER = /swiftshader|llvmpipe|softpipe|software|basic render/i;

/**
 * Whether this page renders without a GPU: it gets no WebGL context without a major performance caveat, or
 * the context's renderer is a software rasteriser (Chromium started with --disable-gpu still offers
 * SwiftShader, caveat or not). Asked once per page; the probe's context is released at once.
 */
export function rendersWithoutGpu(): boolean {
  if (withoutGpu === undefined) {
    const gl = document.createElement('canvas').getContext('webgl', { failIfMajorPerformanceCaveat: true });
    if (gl === null) withoutGpu = true;
    else {
      const info = gl.getExtension('WEBGL_debug_renderer_info');
      const renderer = String(gl.getParameter(info ? info.UNMASKED_RENDERER_WEBGL : gl.RENDERER));
      withoutGpu = SOFTWARE_RENDERER.test(renderer);
      gl.getExtension('WEBGL_lose_context')?.loseContext();
    }
  }
  return withoutGpu;
}

/** Whether the frame's pixels map one to one onto the canvas (no display scaling), so its RGBA copy can be put as is. */
function convertible(frame: VideoFrame): boolean {
  const rect = frame.visibleRect;
  return rect !== null && rect.width === frame.displayWidth && rect.height === frame.displayHeight;
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
