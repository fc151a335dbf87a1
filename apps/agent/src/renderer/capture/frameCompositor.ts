// Scales a captured frame and paints privacy masks over it BEFORE encoding, so masked pixels never
// reach the encoder. Used only when masks are set or the resolution divisor is above 1; otherwise the
// captured frame goes to the encoder untouched.
import type { MaskRect } from '../../common/capture/captureTypes';

export interface PixelRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

/** Maps a normalised mask to whole pixels, rounding outwards so no partly covered pixel escapes. */
export function maskToPixels(mask: MaskRect, width: number, height: number): PixelRect {
  const x0 = Math.max(0, Math.floor(mask.x * width));
  const y0 = Math.max(0, Math.floor(mask.y * height));
  const x1 = Math.min(width, Math.ceil((mask.x + mask.w) * width));
  const y1 = Math.min(height, Math.ceil((mask.y + mask.h) * height));
  return { x: x0, y: y0, w: Math.max(0, x1 - x0), h: Math.max(0, y1 - y0) };
}

export class FrameCompositor {
  private canvas: OffscreenCanvas | null = null;
  private context: OffscreenCanvasRenderingContext2D | null = null;

  /** Returns a new frame (caller closes both) of width x height with every mask filled opaque black. */
  compose(frame: VideoFrame, width: number, height: number, masks: readonly MaskRect[]): VideoFrame {
    const context = this.contextFor(width, height);
    context.imageSmoothingEnabled = true;
    context.imageSmoothingQuality = 'medium';
    context.drawImage(frame, 0, 0, width, height);
    context.fillStyle = '#000000';
    for (const mask of masks) {
      const r = maskToPixels(mask, width, height);
      if (r.w > 0 && r.h > 0) context.fillRect(r.x, r.y, r.w, r.h);
    }
    const init: VideoFrameInit = { timestamp: frame.timestamp, alpha: 'discard' };
    if (frame.duration !== null) init.duration = frame.duration;
    return new VideoFrame(this.canvas as OffscreenCanvas, init);
  }

  private contextFor(width: number, height: number): OffscreenCanvasRenderingContext2D {
    if (!this.canvas || !this.context || this.canvas.width !== width || this.canvas.height !== height) {
      this.canvas = new OffscreenCanvas(width, height);
      const context = this.canvas.getContext('2d', { alpha: false, willReadFrequently: false });
      if (!context) throw new Error('2D context unavailable for mask compositing');
      this.context = context;
    }
    return this.context;
  }
}
