// The picture size while the whole screen is in motion (a video, a full-screen animation, fast
// scrolling). Encoding and decoding cost grows with the pixel count, and on a weak machine a full 1080p
// stream in motion cannot keep 45 frames a second; a moving picture loses little at 720p, and the first
// frame after the motion settles is full size again. The capturer itself scales (cheaper than scaling on
// a canvas), asked through the track's size constraints.
//
// In motion the track is also given a minimum frame rate (the encoded rate). Chromium's desktop capturer
// waits twice as long as its last capture took before the next one (it keeps itself under half a core),
// and on a busy machine a capture takes 8-20 ms of wall time: the capturer then delivers 40-45 frames a
// second however fast it is asked to. A track with a minimum rate asks its source for a refresh frame
// when none came within 1/min, and a refresh is captured at once; measured here, 44 -> 50 frames a
// second delivered during full-screen motion. Only in motion: on a still screen it would force a full
// capture 60 times a second where the capturer otherwise delivers nothing.

/** At most this many pixels are captured while in motion (1280x720). */
export const MOTION_MAX_PIXELS = 1280 * 720;

export interface PictureSize {
  width: number;
  height: number;
}

/** A picture side rounded down to an even number of pixels (encoders and I420 need even sides), at least 2. */
export function evenSide(n: number): number {
  return Math.max(2, Math.floor(n / 2) * 2);
}

/** The size to capture in motion for a screen of `native` size: the same shape, within MOTION_MAX_PIXELS, even. */
export function motionSize(native: PictureSize): PictureSize | null {
  const pixels = native.width * native.height;
  if (pixels <= MOTION_MAX_PIXELS) return null;
  const factor = Math.sqrt(MOTION_MAX_PIXELS / pixels);
  return { width: evenSide(native.width * factor), height: evenSide(native.height * factor) };
}

/** The track constraints for a sampling rate; in motion also a minimum rate and (on a large screen) a size cap. */
export function captureConstraints(rate: number, motion: boolean, native: PictureSize | null): MediaTrackConstraintsLike {
  if (!motion) return { frameRate: { ideal: rate } };
  const size = native ? motionSize(native) : null;
  const frameRate = { ideal: rate, min: rate };
  return size ? { frameRate, width: { max: size.width }, height: { max: size.height } } : { frameRate };
}

/** The subset of MediaTrackConstraints used here (this file is environment-free). */
export interface MediaTrackConstraintsLike {
  frameRate: { ideal: number; min?: number };
  width?: { max: number };
  height?: { max: number };
}
