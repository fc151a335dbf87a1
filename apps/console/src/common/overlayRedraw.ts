// When the annotation overlay has to be drawn again. It used to be cleared and redrawn on every animation
// frame for the whole session, strokes or not: a full-canvas paint per frame on the technician's machine.
// Now it is drawn when its strokes or its size change, and every frame while a laser stroke fades (and
// once more after, so that the faded stroke is cleared away).

/** How long a laser stroke stays on screen, fading, after it is drawn (ms). */
export const LASER_MS = 1500;

/** What the redraw decision needs of a stroke: its tool, and when it was finished (-1 while being drawn). */
export interface StrokeTiming {
  tool: string;
  at: number;
}

/** What was on the overlay after the last draw. */
export interface OverlayDrawn<S extends StrokeTiming> {
  strokes: readonly S[];
  width: number;
  height: number;
  fading: boolean;
}

/** Whether a finished laser stroke is still fading at `now`. */
export function laserFading(strokes: readonly StrokeTiming[], now: number): boolean {
  return strokes.some((s) => s.tool === 'laser' && s.at >= 0 && now - s.at <= LASER_MS);
}

/** Whether the overlay must be drawn again (strokes are replaced, never changed in place). */
export function overlayStale<S extends StrokeTiming>(last: OverlayDrawn<S> | null, strokes: readonly S[], width: number, height: number, now: number): boolean {
  if (last === null || last.strokes !== strokes || last.width !== width || last.height !== height) return true;
  return last.fading || laserFading(strokes, now);
}
