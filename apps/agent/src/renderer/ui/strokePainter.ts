// Paints the technician's annotation strokes on the overlay canvas. Points arrive normalised to 0..65535
// on the shared surface (this screen). Pen and arrow stay until cleared, highlight is translucent and wide,
// laser strokes fade out over LASER_FADE_MS and are then dropped.
import type { AnnotationStrokeMessage } from '@tether/protocol';

export const LASER_FADE_MS = 1500;
const NORM = 65535;

interface HeldStroke {
  stroke: AnnotationStrokeMessage;
  addedAt: number;
}

export class StrokePainter {
  private strokes: HeldStroke[] = [];

  constructor(private readonly canvas: HTMLCanvasElement, private readonly now: () => number = () => performance.now()) {}

  add(stroke: AnnotationStrokeMessage): void {
    this.strokes.push({ stroke, addedAt: this.now() });
  }

  clear(): void {
    this.strokes = [];
  }

  /** True while a laser stroke is still fading (the caller keeps animating). */
  get animating(): boolean {
    return this.strokes.some((s) => s.stroke.tool === 'laser');
  }

  paint(): void {
    const ctx = this.canvas.getContext('2d');
    if (!ctx) return;
    const now = this.now();
    this.strokes = this.strokes.filter((s) => s.stroke.tool !== 'laser' || now - s.addedAt < LASER_FADE_MS);
    ctx.clearRect(0, 0, this.canvas.width, this.canvas.height);
    for (const held of this.strokes) this.paintOne(ctx, held, now);
  }

  private paintOne(ctx: CanvasRenderingContext2D, { stroke, addedAt }: HeldStroke, now: number): void {
    const sx = this.canvas.width / NORM;
    const sy = this.canvas.height / NORM;
    const pts = stroke.points.map(([x, y]) => [x * sx, y * sy] as const);
    const scale = window.devicePixelRatio || 1;
    ctx.save();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = stroke.color;
    ctx.fillStyle = stroke.color;
    ctx.lineWidth = stroke.width * scale;
    if (stroke.tool === 'highlight') {
      ctx.globalAlpha = 0.35;
      ctx.lineWidth = stroke.width * 3 * scale;
      ctx.lineCap = 'butt';
    } else if (stroke.tool === 'laser') {
      ctx.globalAlpha = Math.max(0, 1 - (now - addedAt) / LASER_FADE_MS);
      ctx.shadowColor = stroke.color;
      ctx.shadowBlur = 12 * scale;
    }
    const first = pts[0];
    if (!first) return ctx.restore();
    if (pts.length === 1) {
      ctx.beginPath();
      ctx.arc(first[0], first[1], ctx.lineWidth / 2, 0, Math.PI * 2);
      ctx.fill();
      return ctx.restore();
    }
    if (stroke.tool === 'arrow') {
      const last = pts[pts.length - 1] as readonly [number, number];
      this.arrow(ctx, first, last);
      return ctx.restore();
    }
    ctx.beginPath();
    ctx.moveTo(first[0], first[1]);
    for (const [x, y] of pts.slice(1)) ctx.lineTo(x, y);
    ctx.stroke();
    ctx.restore();
  }

  private arrow(ctx: CanvasRenderingContext2D, from: readonly [number, number], to: readonly [number, number]): void {
    const angle = Math.atan2(to[1] - from[1], to[0] - from[0]);
    const head = Math.max(12, ctx.lineWidth * 4);
    ctx.beginPath();
    ctx.moveTo(from[0], from[1]);
    ctx.lineTo(to[0], to[1]);
    ctx.stroke();
    ctx.beginPath();
    ctx.moveTo(to[0], to[1]);
    ctx.lineTo(to[0] - head * Math.cos(angle - Math.PI / 6), to[1] - head * Math.sin(angle - Math.PI / 6));
    ctx.lineTo(to[0] - head * Math.cos(angle + Math.PI / 6), to[1] - head * Math.sin(angle + Math.PI / 6));
    ctx.closePath();
    ctx.fill();
  }
}
