// Maps a pointer position on the viewer canvas to the surface coordinates the agent expects (0..65535 on
// each axis). The canvas shows the surface with `object-fit: contain`, so the picture may be letterboxed
// (bars left/right or top/bottom); positions on the bars map to nothing.
export const NORM_MAX = 65535;

export interface Box {
  width: number;
  height: number;
}

export interface ContentRect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Where a surface of `source` size is drawn inside an element of `element` size with object-fit: contain. */
export function containRect(element: Box, source: Box): ContentRect {
  if (element.width <= 0 || element.height <= 0 || source.width <= 0 || source.height <= 0) return { x: 0, y: 0, width: 0, height: 0 };
  // The limiting axis fills the element exactly; the other is scaled (no rounding error on the full axis).
  const widthLimited = element.width * source.height <= element.height * source.width;
  const width = widthLimited ? element.width : (source.width * element.height) / source.height;
  const height = widthLimited ? (source.height * element.width) / source.width : element.height;
  return { x: (element.width - width) / 2, y: (element.height - height) / 2, width, height };
}

/**
 * Normalises a point given relative to the element's top-left corner. Returns null on the letterbox bars.
 * The result names the surface pixel under the pointer exactly: pixel p maps to round(p * 65535 / (size - 1)).
 */
export function normalisePoint(offsetX: number, offsetY: number, element: Box, source: Box): { x: number; y: number } | null {
  const content = containRect(element, source);
  const cx = offsetX - content.x;
  const cy = offsetY - content.y;
  if (content.width === 0 || cx < 0 || cy < 0 || cx >= content.width || cy >= content.height) return null;
  const px = Math.min(source.width - 1, Math.floor((cx / content.width) * source.width));
  const py = Math.min(source.height - 1, Math.floor((cy / content.height) * source.height));
  return { x: toNorm(px, source.width), y: toNorm(py, source.height) };
}

export function toNorm(pixel: number, size: number): number {
  if (size <= 1) return 0;
  return Math.round((pixel * NORM_MAX) / (size - 1));
}

/** The inverse, for drawing: a normalised point to element coordinates (centre of the pixel). */
export function denormalisePoint(x: number, y: number, element: Box, source: Box): { x: number; y: number } {
  const content = containRect(element, source);
  return { x: content.x + (x / NORM_MAX) * content.width, y: content.y + (y / NORM_MAX) * content.height };
}
