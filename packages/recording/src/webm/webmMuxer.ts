// Muxes recorded video chunks into a playable WebM/Matroska file without re-encoding: one video track,
// SimpleBlocks with keyframe flags, timecodes (ms) from the chunks' capture timestamps, a new cluster at
// every keyframe (and before a block's relative timecode could overflow), Cues pointing at keyframes.
// VP8/VP9/AV1 go into WebM; H.264 goes into Matroska (DocType "matroska", avcC CodecPrivate).
import { concatBytes, TetherError, type VideoChunkMessage, type VideoCodec } from '@tether/protocol';
import { av1ConfigFromKeyframe } from './av1Config';
import { annexBToLengthPrefixed, avcConfigFromAnnexB } from './avcConfig';
import { element, floatElement, stringElement, uintElement } from './ebml';

const ID = {
  EBML: 0x1a45dfa3, EBMLVersion: 0x4286, EBMLReadVersion: 0x42f7, EBMLMaxIDLength: 0x42f2, EBMLMaxSizeLength: 0x42f3,
  DocType: 0x4282, DocTypeVersion: 0x4287, DocTypeReadVersion: 0x4285,
  Segment: 0x18538067, Info: 0x1549a966, TimestampScale: 0x2ad7b1, Duration: 0x4489, MuxingApp: 0x4d80, WritingApp: 0x5741,
  Tracks: 0x1654ae6b, TrackEntry: 0xae, TrackNumber: 0xd7, TrackUID: 0x73c5, TrackType: 0x83, FlagLacing: 0x9c,
  CodecID: 0x86, CodecPrivate: 0x63a2, Video: 0xe0, PixelWidth: 0xb0, PixelHeight: 0xba,
  Cluster: 0x1f43b675, Timestamp: 0xe7, SimpleBlock: 0xa3,
  Cues: 0x1c53bb6b, CuePoint: 0xbb, CueTime: 0xb3, CueTrackPositions: 0xb7, CueTrack: 0xf7, CueClusterPosition: 0xf1,
} as const;

const CODEC_IDS: Record<VideoCodec, string> = { vp8: 'V_VP8', vp9: 'V_VP9', av1: 'V_AV1', avc1: 'V_MPEG4/ISO/AVC' };
const MAX_CLUSTER_SPAN_MS = 30_000;

export interface MuxedVideo {
  bytes: Uint8Array;
  /** "video/webm" or "video/x-matroska" (H.264) */
  mimeType: string;
  extension: 'webm' | 'mkv';
  frames: number;
  durationMs: number;
  width: number;
  height: number;
  codec: VideoCodec;
  /** chunks dropped because they came before the first keyframe */
  skippedBeforeKeyframe: number;
}

function simpleBlock(relativeMs: number, keyframe: boolean, data: Uint8Array): Uint8Array {
  const head = new Uint8Array(4);
  head[0] = 0x81; // track 1
  new DataView(head.buffer).setInt16(1, relativeMs);
  head[3] = keyframe ? 0x80 : 0;
  return element(ID.SimpleBlock, head, data);
}

/** Muxes the chunks of one surface (pass them in recording order; all must share one codec). */
export function muxVideo(chunks: readonly VideoChunkMessage[]): MuxedVideo {
  const first = chunks.findIndex((c) => c.keyframe);
  if (first < 0) throw new TetherError('E_BAD_ARGUMENT', 'the recording has no keyframe, so nothing can be played');
  const playable = chunks.slice(first);
  const key = playable[0] as VideoChunkMessage;
  const codec = key.codec;
  if (playable.some((c) => c.codec !== codec)) throw new TetherError('E_BAD_ARGUMENT', 'the recording changes codec mid-stream; export each part separately');
  let codecPrivate: Uint8Array | undefined;
  if (codec === 'avc1') {
    codecPrivate = avcConfigFromAnnexB(key.data);
    if (!codecPrivate) throw new TetherError('E_MALFORMED', 'the first H.264 keyframe carries no SPS/PPS');
  } else if (codec === 'av1') {
    codecPrivate = av1ConfigFromKeyframe(key.data);
    if (!codecPrivate) throw new TetherError('E_MALFORMED', 'the first AV1 keyframe carries no readable sequence header');
  }
  const origin = key.timestampUs;
  const clusters: { timeMs: number; blocks: Uint8Array[] }[] = [];
  let lastMs = 0;
  for (const chunk of playable) {
    const timeMs = Math.max(0, Math.round((chunk.timestampUs - origin) / 1000));
    lastMs = Math.max(lastMs, timeMs);
    let cluster = clusters.at(-1);
    if (!cluster || chunk.keyframe || timeMs - cluster.timeMs >= MAX_CLUSTER_SPAN_MS || timeMs < cluster.timeMs) {
      cluster = { timeMs, blocks: [] };
      clusters.push(cluster);
    }
    const data = codec === 'avc1' ? annexBToLengthPrefixed(chunk.data) : chunk.data;
    cluster.blocks.push(simpleBlock(timeMs - cluster.timeMs, chunk.keyframe, data));
  }
  const frameMs = playable.length > 1 ? lastMs / (playable.length - 1) : 33;
  const durationMs = lastMs + Math.round(frameMs);
  const docType = codec === 'avc1' ? 'matroska' : 'webm';
  const header = element(ID.EBML,
    uintElement(ID.EBMLVersion, 1), uintElement(ID.EBMLReadVersion, 1), uintElement(ID.EBMLMaxIDLength, 4),
    uintElement(ID.EBMLMaxSizeLength, 8), stringElement(ID.DocType, docType), uintElement(ID.DocTypeVersion, 4),
    uintElement(ID.DocTypeReadVersion, 2));
  const info = element(ID.Info, uintElement(ID.TimestampScale, 1_000_000), floatElement(ID.Duration, durationMs),
    stringElement(ID.MuxingApp, 'tether-recording'), stringElement(ID.WritingApp, 'tether-admin'));
  const trackEntry = element(ID.TrackEntry,
    uintElement(ID.TrackNumber, 1), uintElement(ID.TrackUID, 1), uintElement(ID.TrackType, 1), uintElement(ID.FlagLacing, 0),
    stringElement(ID.CodecID, CODEC_IDS[codec]),
    ...(codecPrivate ? [element(ID.CodecPrivate, codecPrivate)] : []),
    element(ID.Video, uintElement(ID.PixelWidth, key.width), uintElement(ID.PixelHeight, key.height)));
  const tracks = element(ID.Tracks, trackEntry);
  const clusterBytes = clusters.map((c) => element(ID.Cluster, uintElement(ID.Timestamp, c.timeMs), ...c.blocks));
  // Cue positions are relative to the start of the Segment's data.
  const cuePoints: Uint8Array[] = [];
  let position = info.length + tracks.length;
  clusterBytes.forEach((bytes, i) => {
    cuePoints.push(element(ID.CuePoint, uintElement(ID.CueTime, (clusters[i] as { timeMs: number }).timeMs),
      element(ID.CueTrackPositions, uintElement(ID.CueTrack, 1), uintElement(ID.CueClusterPosition, position))));
    position += bytes.length;
  });
  const segment = element(ID.Segment, info, tracks, ...clusterBytes, element(ID.Cues, ...cuePoints));
  return {
    bytes: concatBytes(header, segment),
    mimeType: codec === 'avc1' ? 'video/x-matroska' : 'video/webm',
    extension: codec === 'avc1' ? 'mkv' : 'webm',
    frames: playable.length,
    durationMs,
    width: key.width,
    height: key.height,
    codec,
    skippedBeforeKeyframe: first,
  };
}
