// What the admin view's player needs from a recording: the decodable video chunks on one time axis
// (ms since the session started, from the recording's own clock), the WebCodecs codec string each chunk
// is decoded with, and the session's events (chat, files, consent, control, log entries) on the same
// axis. A seek decodes from the keyframe at or before the wanted frame up to that frame.
import type { VideoChunkMessage, VideoCodec } from '@tether/protocol';
import { videoParts, type RecordingHeader, type RecordingRecord } from '@tether/recording';

export interface PlaybackFrame {
  /** ms since the session started */
  atMs: number;
  chunk: VideoChunkMessage;
  /** WebCodecs codec string to configure the decoder with */
  codecString: string;
}

export type TimelineEventKind = 'chat' | 'file' | 'consent' | 'control' | 'log' | 'event';

export interface TimelineEvent {
  atMs: number;
  kind: TimelineEventKind;
  label: string;
}

export interface PlaybackTimeline {
  startedAt: number;
  durationMs: number;
  frames: PlaybackFrame[];
  events: TimelineEvent[];
}

/** The decoder's codec string when the recording carries no stream.config for that codec. */
const DEFAULT_CODEC_STRINGS: Record<VideoCodec, string> = { vp8: 'vp8', vp9: 'vp09.00.10.08', av1: 'av01.0.04M.08', avc1: 'avc1.42E01F' };

const codecFamily = (codecString: string): VideoCodec | undefined => {
  const s = codecString.toLowerCase();
  if (s === 'vp8') return 'vp8';
  if (s.startsWith('vp09') || s === 'vp9') return 'vp9';
  if (s.startsWith('av01')) return 'av1';
  if (s.startsWith('avc1') || s.startsWith('avc3')) return 'avc1';
  return undefined;
};

const MAX_LABEL = 120;
const clip = (text: string): string => (text.length > MAX_LABEL ? `${text.slice(0, MAX_LABEL - 1)}…` : text);

function eventOf(record: RecordingRecord): { kind: TimelineEventKind; label: string } | undefined {
  if (record.kind === 'log') return { kind: 'log', label: `log #${record.entry.index} ${record.entry.kind}` };
  if (record.kind === 'event') return { kind: 'event', label: record.name };
  const m = record.message;
  switch (m.type) {
    case 'chat.message':
      return { kind: 'chat', label: clip(`${m.from}: ${m.text}`) };
    case 'file.offer':
      return { kind: 'file', label: clip(`file offered: ${m.name} (${m.size} bytes)`) };
    case 'file.answer':
      return { kind: 'file', label: `file ${m.accepted ? 'accepted' : 'declined'}` };
    case 'file.done':
      return { kind: 'file', label: `file done (sha-256 ${m.sha256.slice(0, 12)}…)` };
    case 'file.error':
      return { kind: 'file', label: clip(`file error: ${m.message}`) };
    case 'consent.request':
      return { kind: 'consent', label: `consent requested: ${m.mode}` };
    case 'consent.grant':
      return { kind: 'consent', label: `consent granted: ${m.grant.mode}` };
    case 'consent.denied':
      return { kind: 'consent', label: clip(`consent denied: ${m.reason}`) };
    case 'consent.revoke':
      return { kind: 'consent', label: `permission revoked: ${m.permission}` };
    case 'session.pause':
    case 'session.resume':
    case 'session.stop':
      return { kind: 'control', label: m.type.replace('session.', 'session ') };
    default:
      return undefined;
  }
}

export function buildPlaybackTimeline(header: RecordingHeader, records: readonly RecordingRecord[]): PlaybackTimeline {
  const startedAt = header.startedAt;
  const rel = (atMs: number): number => Math.max(0, atMs - startedAt);
  const chunkTimes = new Map<VideoChunkMessage, number>();
  const chunkCodecs = new Map<VideoChunkMessage, string>();
  const configured = new Map<VideoCodec, string>();
  const headerFamily = codecFamily(header.codecString);
  if (headerFamily) configured.set(headerFamily, header.codecString);
  const chunks: VideoChunkMessage[] = [];
  const events: TimelineEvent[] = [];
  let end = 0;
  for (const record of records) {
    end = Math.max(end, rel(record.atMs));
    if (record.kind === 'message' && record.direction === 'agent' && record.message.type === 'stream.config') {
      configured.set(record.message.codec, record.message.codecString);
      continue;
    }
    if (record.kind === 'message' && record.direction === 'agent' && record.message.type === 'video.chunk') {
      const chunk = record.message;
      chunks.push(chunk);
      chunkTimes.set(chunk, rel(record.atMs));
      chunkCodecs.set(chunk, configured.get(chunk.codec) ?? DEFAULT_CODEC_STRINGS[chunk.codec]);
      continue;
    }
    const event = eventOf(record);
    if (event) events.push({ atMs: rel(record.atMs), ...event });
  }
  // videoParts drops what cannot be decoded (before the first keyframe, deltas of another surface/codec)
  const frames = videoParts(chunks).flat().map((chunk) => ({ atMs: chunkTimes.get(chunk) ?? 0, chunk, codecString: chunkCodecs.get(chunk) ?? DEFAULT_CODEC_STRINGS[chunk.codec] }));
  return { startedAt, durationMs: end, frames, events };
}

/** Index of the last frame shown at `atMs` (the latest frame at or before it), or -1 before the first. */
export function frameIndexAt(frames: readonly PlaybackFrame[], atMs: number): number {
  let lo = 0;
  let hi = frames.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if ((frames[mid] as PlaybackFrame).atMs <= atMs) {
      found = mid;
      lo = mid + 1;
    } else {
      hi = mid - 1;
    }
  }
  return found;
}

export interface SeekPlan {
  /** keyframe to start decoding at */
  from: number;
  /** frame to show (decode from..to inclusive) */
  to: number;
}

/** What to decode to show the picture at `atMs`; null before the first frame. */
export function seekPlan(frames: readonly PlaybackFrame[], atMs: number): SeekPlan | null {
  const to = frameIndexAt(frames, atMs);
  if (to < 0) return null;
  let from = to;
  while (from > 0 && !(frames[from] as PlaybackFrame).chunk.keyframe) from--;
  return { from, to };
}

/** mm:ss.t of a position in ms. */
export function formatPosition(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 100));
  const tenths = total % 10;
  const seconds = Math.floor(total / 10) % 60;
  const minutes = Math.floor(total / 600);
  return `${minutes}:${String(seconds).padStart(2, '0')}.${tenths}`;
}
