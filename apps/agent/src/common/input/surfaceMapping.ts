// Maps normalised u16 coordinates (0..65535) onto the pixels of a captured surface, and normalised
// rectangles (0..1) onto pixel rectangles. One rule for edges everywhere: a pixel belongs to a
// rectangle when its centre does, with the left/top edge inclusive and the right/bottom edge exclusive,
// so two rectangles that share an edge never both claim a pixel and a full-surface rect claims all.
import { NORMALISED_MAX } from './inputEvents';
import type { NormRect } from './consentGrant';

/** A captured surface placed on the screen: pixel size and the screen position of its top-left pixel. */
export interface SurfaceGeometry {
  width: number;
  height: number;
  originX: number;
  originY: number;
}

/** A rectangle in screen pixels (same space as mapped points). */
export interface PixelRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface PixelPoint {
  x: number;
  y: number;
}

export function isNormalisedCoordinate(n: unknown): n is number {
  return typeof n === 'number' && Number.isInteger(n) && n >= 0 && n <= NORMALISED_MAX;
}

/** Normalised -> pixel index: round(n * (size - 1) / 65535). 0 -> 0 and 65535 -> size - 1 exactly. */
export function normalisedToPixel(n: number, size: number): number {
  return Math.round((n * (size - 1)) / NORMALISED_MAX);
}

/** Maps a normalised point to screen pixels on the given surface. */
export function mapNormalisedPoint(x: number, y: number, surface: SurfaceGeometry): PixelPoint {
  return {
    x: surface.originX + normalisedToPixel(x, surface.width),
    y: surface.originY + normalisedToPixel(y, surface.height),
  };
}

export function isValidSurface(surface: SurfaceGeometry): boolean {
  return (
    Number.isInteger(surface.width) && surface.width > 0 &&
    Number.isInteger(surface.height) && surface.height > 0 &&
    Number.isFinite(surface.originX) && Number.isFinite(surface.originY)
  );
}

export function isValidNormRect(rect: NormRect | undefined): rect is NormRect {
  if (!rect) return false;
  const values = [rect.x, rect.y, rect.w, rect.h];
  if (!values.every((v) => typeof v === 'number' && Number.isFinite(v))) return false;
  return rect.x >= 0 && rect.y >= 0 && rect.w > 0 && rect.h > 0 && rect.x + rect.w <= 1 + 1e-9 && rect.y + rect.h <= 1 + 1e-9;
}

/** Edges of a normalised rect on the surface, in fractional screen pixels: [left, right) x [top, bottom). */
export interface PixelEdges {
  left: number;
  right: number;
  top: number;
  bottom: number;
}

export function normRectEdges(rect: NormRect, surface: SurfaceGeometry): PixelEdges {
  return {
    left: surface.originX + rect.x * surface.width,
    right: surface.originX + (rect.x + rect.w) * surface.width,
    top: surface.originY + rect.y * surface.height,
    bottom: surface.originY + (rect.y + rect.h) * surface.height,
  };
}

export function pixelRectEdges(rect: PixelRect): PixelEdges {
  return { left: rect.x, right: rect.x + rect.width, top: rect.y, bottom: rect.y + rect.height };
}

/** True when the pixel's centre lies inside the edges (left/top inclusive, right/bottom exclusive). */
export function pixelInside(point: PixelPoint, edges: PixelEdges): boolean {
  const cx = point.x + 0.5;
  const cy = point.y + 0.5;
  return cx >= edges.left && cx < edges.right && cy >= edges.top && cy < edges.bottom;
}

/** True when every pixel of the rect lies inside the edges (an empty rect is never inside). */
export function pixelRectInside(rect: PixelRect, edges: PixelEdges): boolean {
  if (rect.width <= 0 || rect.height <= 0) return false;
  return (
    pixelInside({ x: rect.x, y: rect.y }, edges) &&
    pixelInside({ x: rect.x + rect.width - 1, y: rect.y + rect.height - 1 }, edges)
  );
}
