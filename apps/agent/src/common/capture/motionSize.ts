// The picture size while the whole screen is in motion (a video, a full-screen animation, fast
// scrolling). Encoding and decoding cost grows with the pixel count, and on a weak machine a full 1080p
// stream in motion cannot keep 45 frames a second; a moving picture loses little at 720p, and the first
// frame after the motion settles is full size again. The capturer itself scales (cheaper than scaling on
// a canvas), asked through the track's size constraints. A machine short of CPU even at 720p gets a
// smaller picture still (motionLoad.ts decides how large).
//
// In motion the track is also given a minimum frame rate, half the encoded rate. Chromium's desktop
// capturer waits twice as long as its last capture took before the next one (it keeps itself under half a
// core), and on a busy machine a capture takes 8-20 ms of wall time: the capturer then delivers 40-45
// frames a second however fast it is asked to. A track with a minimum rate asks its source for a refresh
// frame when none came within 1/min, and a refresh is captured at once. With the minimum at the encoded
// rate (60) the refreshes came on top of the regular captures, 6-12 ms after them, before the screen had
// a new frame: 7-10 repeats a second, each a full capture the busy capture thread then lacked. At half the
// rate a refresh only fills a real gap (none for 33 ms). Measured on the benchmark (runs alternated,
// delivered frames a second in full-screen motion): min = rate 41.2-43.8 (5 runs), 0.8 x 43.1-44.2 (4),
// 0.7 x 43.5-46.2 (4), 0.6 x 44.9-46.3 (3), 0.5 x 46.1-47.6 (3, repeats 2.6-4 a second), 0.4 x 45.7-46.2.
// Only in motion: on a still screen it would force full captures where the capturer otherwise delivers
// nothing.

import { MOTION_RUNGS } from './motionLoad';

/** The minimum capture rate in motion, as a share of the sampling (encoded) rate. */
export const MOTION_MIN_RATE_SHARE = 0.5;

/** At most this many pixels are captured while in motion (1280x720), fewer on a machine short of CPU (motionLoad.ts). */
export const MOTION_MAX_PIXELS = MOTION_RUNGS[0] as number;

export interface PictureSize {
  width: number;
  height: number;
}

/** A picture side rounded down to an even number of pixels (encoders and I420 need even sides), at least 2. */
export function evenSide(n: number): number {
  return Math.max(2, Math.floor(n / 2) * 2);
}

/** The size to capture in motion for a screen of `native` size: the same shape, within `maxPixels`, even. */
export function motionSize(native: PictureSize, maxPixels = MOTION_MAX_PIXELS): PictureSize | null {
  const pixels = native.width * native.height;
  if (pixels <= maxPixels) return null;
  const factor = Math.sqrt(maxPixels / pixels);
  return { width: evenSide(native.width * factor), height: evenSide(native.height * factor) };
}

/** The track constraints for a sampling rate; in motion also a minimum rate and (on a large screen) a size cap. */
export function captureConstraints(rate: number, motion: boolean, native: PictureSize | null, maxPixels = MOTION_MAX_PIXELS): MediaTrackConstraintsLike {
  if (!motion) return { frameRate: { ideal: rate } };
  const size = native ? motionSize(native, maxPixels) : null;
  const frameRate = { ideal: rate, min: Math.round(rate * MOTION_MIN_RATE_SHARE) };
  return size ? { frameRate, width: { max: size.width }, height: { max: size.height } } : { frameRate };
}

/** The subset of MediaTrackConstraints used here (this file is environment-free). */
export interface MediaTrackConstraintsLike {
  frameRate: { ideal: number; min?: number };
  width?: { max: number };
  height?: { max: number };
}
