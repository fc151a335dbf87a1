// The picture size while the whole screen is in motion (a video, a full-screen animation, fast
// scrolling). Encoding and decoding cost grows with the pixel count, and on a weak machine a full 1080p
// stream in motion cannot keep 45 frames a second; a moving picture loses little at 720p, and the first
// frame after the motion settles is full size again. The capturer itself scales (cheaper than scaling on
// a canvas), asked through the track's size constraints.

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

/** The track constraints for a sampling rate, with a size cap only while in motion. */
export function captureConstraints(rate: number, motion: boolean, native: PictureSize | null): MediaTrackConstraintsLike {
  const size = motion && native ? motionSize(native) : null;
  return size ? { frameRate: { ideal: rate }, width: { max: size.width }, height: { max: size.height } } : { frameRate: { ideal: rate } };
}

/** The subset of MediaTrackConstraints used here (this file is environment-free). */
export interface MediaTrackConstraintsLike {
  frameRate: { ideal: number };
  width?: { max: number };
  height?: { max: number };
}
