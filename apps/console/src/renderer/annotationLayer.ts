// Draws annotation strokes (normalised points) onto the overlay canvas in the console, the way the
// customer sees them: pen, arrow, highlight (wide, translucent) and laser (fades after a moment).
import { denormalisePoint, type Box } from '../common/pointerMapping';
import type { AnnotationTool } from '@tether/protocol';
import { LASER_MS } from '../common/overlayRedraw';

export interface DrawnStroke {
  tool: AnnotationTool;
  color: string;
  width: number;
  points: Array<[number, number]>;
  at: number;
}


export function drawStrokes(canvas: HTMLCanvasElement, strokes: DrawnStroke[], source: Box, now: number): void {
  const ratio = globalThis.devicePixelRatio || 1;
  const rect = canvas.getBoundingClientRect();
  const w = Math.round(rect.width * ratio);
  const h = Math.round(rect.height * ratio);
  if (canvas.width !== w || canvas.height !== h) {
    canvas.width = w;
    canvas.height = h;
  }
  const ctx = canvas.getContext('2d');
  if (!ctx) return;
  ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
  ctx.clearRect(0, 0, rect.width, rect.height);
  const element = { width: rect.width, height: rect.height };
  const scale = source.width > 0 ? Math.min(rect.width / source.width, rect.height / source.height) : 1;
  for (const s of strokes) {
    if (s.tool === 'laser' && now - s.at > LASER_MS) continue;
    const pts = s.points.map(([x, y]) => denormalisePoint(x, y, element, source));
    if (pts.length === 0) continue;
    ctx.save();
    ctx.lineCap = 'round';
    ctx.lineJoin = 'round';
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.globalAlpha = s.tool === 'highlight' ? 0.35 : s.tool === 'laser' ? Math.max(0, 1 - (now - s.at) / LASER_MS) : 1;
    ctx.lineWidth = Math.max(1, s.width * scale * (s.tool === 'highlight' ? 4 : 1));
    ctx.beginPath();
    const first = pts[0] as { x: number; y: number };
    if (s.tool === 'arrow') {
      const last = pts[pts.length - 1] as { x: number; y: number };
      ctx.moveTo(first.x, first.y);
      ctx.lineTo(last.x, last.y);
      ctx.stroke();
      const angle = Math.atan2(last.y - first.y, last.x - first.x);
      const head = 10 + ctx.lineWidth * 2;
      ctx.beginPath();
      ctx.moveTo(last.x, last.y);
      ctx.lineTo(last.x - head * Math.cos(angle - 0.4), last.y - head * Math.sin(angle - 0.4));
      ctx.lineTo(last.x - head * Math.cos(angle + 0.4), last.y - head * Math.sin(angle + 0.4));
      ctx.closePath();
      ctx.fill();
    } else {
      ctx.moveTo(first.x, first.y);
      for (const p of pts.slice(1)) ctx.lineTo(p.x, p.y);
      if (pts.length === 1) ctx.lineTo(first.x + 0.1, first.y);
      ctx.stroke();
    }
    ctx.restore();
  }
}
