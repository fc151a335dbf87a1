// Codec negotiation for the capture encoder: walk the caller's preference list and take the first
// codec whose full configuration VideoEncoder.isConfigSupported() accepts on this machine.
import type { CaptureKnobs, VideoCodecName } from '../../common/capture/captureTypes';

/** The codec string tried for each codec name (fixed profiles, so decoders know what to expect). */
export const CODEC_STRINGS: Record<VideoCodecName, string> = {
  h264: 'avc1.640028', // High profile, level 4.0 (1080p30)
  vp8: 'vp8',
  vp9: 'vp09.00.40.08', // profile 0, level 4.0, 8-bit
  av1: 'av01.0.08M.08', // main profile, level 4.0, main tier, 8-bit
};

export interface ChosenCodec {
  codec: VideoCodecName;
  config: VideoEncoderConfig;
}

/** Encoder configuration for one codec and frame size. H.264 is emitted as Annex B (SPS/PPS in-band on keyframes). */
export function encoderConfigFor(codec: VideoCodecName, width: number, height: number, knobs: CaptureKnobs): VideoEncoderConfig {
  const config: VideoEncoderConfig = {
    codec: CODEC_STRINGS[codec],
    width,
    height,
    bitrate: knobs.bitrate,
    bitrateMode: 'variable',
    framerate: knobs.fps,
    latencyMode: 'realtime',
    hardwareAcceleration: 'no-preference',
  };
  if (codec === 'h264') config.avc = { format: 'annexb' };
  return config;
}

export async function chooseCodec(preference: readonly VideoCodecName[], width: number, height: number, knobs: CaptureKnobs): Promise<ChosenCodec | null> {
  for (const codec of preference) {
    const config = encoderConfigFor(codec, width, height, knobs);
    try {
      const support = await VideoEncoder.isConfigSupported(config);
      if (support.supported) return { codec, config };
    } catch {
      // a malformed or unknown configuration counts as unsupported; try the next codec
    }
  }
  return null;
}
