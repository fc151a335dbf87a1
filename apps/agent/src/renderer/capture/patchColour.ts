// The captured frame's colour space in the terms a video.patch can carry (unknown values are left out,
// and the viewer then uses the browser's default for the format).
import { PATCH_MATRICES, PATCH_PRIMARIES, PATCH_TRANSFERS, type VideoPatchColour } from '@tether/protocol';

function known<T extends string | null>(table: readonly T[], value: string | null | undefined): T | null {
  return (table as readonly (string | null)[]).includes(value ?? null) ? (value as T) : null;
}

export function patchColour(space: VideoColorSpace): VideoPatchColour {
  return {
    matrix: known(PATCH_MATRICES, space.matrix),
    primaries: known(PATCH_PRIMARIES, space.primaries),
    transfer: known(PATCH_TRANSFERS, space.transfer),
    fullRange: space.fullRange === true,
  };
}
