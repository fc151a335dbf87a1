// Screen streaming: surface list and selection, encoder configuration, decoder offer, keyframe
// requests, link statistics (JSON), and the binary video chunk on the video lane.
import { jsonCodec } from './codec';
import { MAX_DECODERS, MAX_SURFACES } from './limits';
import { textField, u16Field } from './schema';
import { videoChunkCodec, type VideoChunkMessage, VIDEO_CODECS, type VideoCodec } from './videoChunk';
import { videoPatchCodec, type VideoPatchMessage } from './videoPatch';

export interface StreamSurface {
  /** Small integer the agent assigns; input, annotations and video chunks name the surface by it. */
  id: number;
  name: string;
  width: number;
  height: number;
  primary: boolean;
}

export interface StreamSurfacesMessage {
  v: number;
  type: 'stream.surfaces';
  surfaces: StreamSurface[];
}

export interface StreamSelectMessage {
  v: number;
  type: 'stream.select';
  surfaceId: number;
}

export interface StreamConfigMessage {
  v: number;
  type: 'stream.config';
  codec: VideoCodec;
  /** WebCodecs codec string, e.g. 'avc1.640028', 'vp8', 'vp09.00.10.08', 'av01.0.04M.08'. */
  codecString: string;
  width: number;
  height: number;
  fps: number;
  /** Bits per second. */
  bitrate: number;
}

export interface StreamCodecsMessage {
  v: number;
  type: 'stream.codecs';
  /** WebCodecs codec strings the console can decode, in order of preference. */
  decoders: string[];
}

export interface StreamKeyframeRequestMessage {
  v: number;
  type: 'stream.keyframeRequest';
}

export interface StreamStatsMessage {
  v: number;
  type: 'stream.stats';
  rttMs: number;
  fps: number;
  /** Bits per second. */
  bitrate: number;
  /** Frames waiting in the sender's (or receiver's) queue. */
  queue: number;
}

export type StreamMessage =
  | StreamSurfacesMessage | StreamSelectMessage | StreamConfigMessage | StreamCodecsMessage
  | StreamKeyframeRequestMessage | StreamStatsMessage | VideoChunkMessage | VideoPatchMessage;

export const CODEC_STRING_PATTERN = /^[A-Za-z0-9.]+$/;
const codecString = { kind: 'string', min: 1, max: 64, pattern: CODEC_STRING_PATTERN } as const;
const dimension = { kind: 'int', min: 1, max: 0xffff } as const;
const MAX_BITRATE = 1_000_000_000;

export const streamCodecs = {
  'stream.surfaces': jsonCodec<StreamSurfacesMessage>('stream.surfaces', 0x60, {
    surfaces: {
      kind: 'array',
      max: MAX_SURFACES,
      of: { kind: 'object', fields: { id: u16Field, name: textField(128), width: dimension, height: dimension, primary: { kind: 'bool' } } },
    },
  }),
  'stream.select': jsonCodec<StreamSelectMessage>('stream.select', 0x61, { surfaceId: u16Field }),
  'stream.config': jsonCodec<StreamConfigMessage>('stream.config', 0x62, {
    codec: { kind: 'enum', values: VIDEO_CODECS },
    codecString,
    width: dimension,
    height: dimension,
    fps: { kind: 'int', min: 1, max: 240 },
    bitrate: { kind: 'int', min: 1, max: MAX_BITRATE },
  }),
  'stream.codecs': jsonCodec<StreamCodecsMessage>('stream.codecs', 0x63, {
    decoders: { kind: 'array', max: MAX_DECODERS, of: codecString },
  }),
  'stream.keyframeRequest': jsonCodec<StreamKeyframeRequestMessage>('stream.keyframeRequest', 0x64, {}),
  'stream.stats': jsonCodec<StreamStatsMessage>('stream.stats', 0x65, {
    rttMs: { kind: 'number', min: 0, max: 3_600_000 },
    fps: { kind: 'number', min: 0, max: 1000 },
    bitrate: { kind: 'int', min: 0, max: MAX_BITRATE * 10 },
    queue: { kind: 'int', min: 0, max: 1_000_000 },
  }),
  'video.chunk': videoChunkCodec,
  'video.patch': videoPatchCodec,
};
