// Turns an opened session bundle into what an admin or a customer takes away: the video (muxed, never
// re-encoded; one file per continuous part), the verified log as JSON and the HTML report. Pure: the
// caller writes the files.
import { err, ok, TetherError, type Result, type VideoChunkMessage } from '@tether/protocol';
import type { SessionBundle } from './sessionBundle';
import { readRecording } from './recordingReader';
import { renderSessionReport } from './sessionReport';
import { verifySession, type SessionVerification } from './sessionVerification';
import { muxVideo, type MuxedVideo } from './webm/webmMuxer';

export interface ExportedFile {
  name: string;
  bytes: Uint8Array | string;
}

export interface SessionExport {
  verification: SessionVerification;
  videos: (MuxedVideo & { name: string })[];
  files: ExportedFile[];
}

/**
 * Splits the agent's video chunks into continuous parts: a new part starts where the surface, codec or
 * picture size changes (each such change starts with a keyframe), so every part is one playable file.
 */
export function videoParts(chunks: readonly VideoChunkMessage[]): VideoChunkMessage[][] {
  const parts: VideoChunkMessage[][] = [];
  let current: VideoChunkMessage[] = [];
  for (const chunk of chunks) {
    const last = current.at(-1);
    if (last && chunk.keyframe && (chunk.codec !== last.codec || chunk.width !== last.width || chunk.height !== last.height || chunk.surfaceId !== last.surfaceId)) {
      parts.push(current);
      current = [];
    }
    if (current.length === 0 && !chunk.keyframe) continue; // nothing decodable before a keyframe
    if (last && !chunk.keyframe && (chunk.codec !== last.codec || chunk.surfaceId !== last.surfaceId)) continue;
    current.push(chunk);
  }
  if (current.length > 0) parts.push(current);
  return parts;
}

export function exportSession(bundle: SessionBundle, options: { rootPublicKey?: Uint8Array } = {}): Result<SessionExport> {
  const recording = readRecording(bundle.recording);
  if (!recording.ok) return err(recording.error.code, `recording unreadable: ${recording.error.detail ?? recording.error.message}`);
  const verification = verifySession(bundle, options);
  const chunks = recording.value.records.flatMap((r) => (r.kind === 'message' && r.direction === 'agent' && r.message.type === 'video.chunk' ? [r.message] : []));
  const parts = videoParts(chunks);
  let videos: SessionExport['videos'];
  try {
    videos = parts.map((part, i) => {
      const muxed = muxVideo(part);
      return { ...muxed, name: `video${parts.length > 1 ? `-${i + 1}` : ''}.${muxed.extension}` };
    });
  } catch (error) {
    if (error instanceof TetherError) return err(error.code, `video cannot be exported: ${error.detail ?? error.message}`);
    throw error;
  }
  const first = videos[0];
  const report = renderSessionReport({
    manifest: bundle.manifest, verification, records: recording.value.records,
    ...(first ? { video: { file: videos.map((v) => v.name).join(', '), frames: videos.reduce((n, v) => n + v.frames, 0), durationMs: videos.reduce((n, v) => n + v.durationMs, 0), codec: first.codec } } : {}),
  });
  const logJson = JSON.stringify({
    sessionId: bundle.manifest.sessionId,
    verification: { ok: verification.ok, summary: verification.summary, log: verification.log, certificate: verification.certificate, manifest: verification.manifest },
    manifest: bundle.manifest,
    entries: verification.entries,
  }, null, 2);
  const files: ExportedFile[] = [
    ...videos.map((v) => ({ name: v.name, bytes: v.bytes })),
    { name: 'log.json', bytes: `${logJson}\n` },
    { name: 'report.html', bytes: report },
  ];
  return ok({ verification, videos, files });
}
