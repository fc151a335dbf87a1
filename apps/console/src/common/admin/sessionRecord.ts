// Opens one archived session in the page: the sealed copy is opened with the key that may open it (the
// organisation's archive secret, or the key derived from the customer's token), the bundle is parsed and
// verified (manifest signature and hashes, certificate, log chain, both signatures), and the export
// (video files, log.json, report.html) and the player's timeline are prepared. Nothing leaves the page.
import { openArchive } from '@tether/crypto';
import { err, ok, type Result } from '@tether/protocol';
import { exportSession, parseSessionBundle, readRecording, verifySession, type ExportedFile, type SessionBundle, type SessionVerification } from '@tether/recording';
import { buildPlaybackTimeline, type PlaybackTimeline } from './playbackTimeline';

export interface VerificationCheck {
  label: string;
  ok: boolean;
  detail: string;
}

export interface VerificationVerdict {
  ok: boolean;
  /** one line: "verified" or what is wrong */
  headline: string;
  /** the first bad log entry, when the log is what failed */
  firstBadEntry?: { index: number; kind: string; reason: string; detail: string };
  checks: VerificationCheck[];
}

export interface DownloadFile {
  name: string;
  bytes: Uint8Array | string;
  mimeType: string;
}

export interface SessionRecord {
  sessionId: string;
  bundle: SessionBundle;
  verification: SessionVerification;
  verdict: VerificationVerdict;
  timeline: PlaybackTimeline;
  files: DownloadFile[];
  /** why no video file could be made (no keyframe, unreadable keyframe), if so */
  exportProblem?: string;
}

export function verificationVerdict(v: SessionVerification): VerificationVerdict {
  const checks: VerificationCheck[] = [
    { label: 'manifest', ok: v.manifest.ok, detail: v.manifest.detail },
    { label: 'certificate', ok: v.certificate.ok, detail: v.certificate.detail },
    { label: 'log', ok: v.log.ok, detail: v.summary },
  ];
  if (v.ok) return { ok: true, headline: 'verified', checks };
  if (!v.log.ok) {
    const kind = v.entries[v.log.index]?.kind ?? '?';
    return {
      ok: false, headline: `NOT VERIFIED: first bad entry #${v.log.index} (${v.log.reason})`, checks,
      firstBadEntry: { index: v.log.index, kind, reason: v.log.reason, detail: v.log.detail },
    };
  }
  const failed = checks.find((c) => !c.ok) as VerificationCheck;
  return { ok: false, headline: `NOT VERIFIED: ${failed.detail}`, checks };
}

const MIME_BY_EXTENSION: Record<string, string> = { json: 'application/json', html: 'text/html', webm: 'video/webm', mkv: 'video/x-matroska' };

function downloadsOf(files: readonly ExportedFile[]): DownloadFile[] {
  return files.map((f) => ({ ...f, mimeType: MIME_BY_EXTENSION[f.name.split('.').pop() ?? ''] ?? 'application/octet-stream' }));
}

export function openSessionRecord(sessionId: string, sealed: Uint8Array, secretKey: Uint8Array, options: { rootPublicKey?: Uint8Array } = {}): Result<SessionRecord> {
  const opened = openArchive(secretKey, sealed);
  if (!opened.ok) {
    return err(opened.error.code, `the sealed record of ${sessionId} cannot be opened: it was changed after it was sealed, or it is not sealed to this key (${opened.error.detail ?? opened.error.message})`);
  }
  const bundle = parseSessionBundle(opened.value);
  if (!bundle.ok) return err(bundle.error.code, `the record of ${sessionId} is not a readable session bundle: ${bundle.error.detail ?? bundle.error.message}`);
  if (bundle.value.manifest.sessionId !== sessionId) {
    return err('E_MALFORMED', `the record fetched for ${sessionId} belongs to session ${bundle.value.manifest.sessionId}`);
  }
  const recording = readRecording(bundle.value.recording);
  if (!recording.ok) return err(recording.error.code, `the recording of ${sessionId} is unreadable: ${recording.error.detail ?? recording.error.message}`);
  const timeline = buildPlaybackTimeline(recording.value.header, recording.value.records);
  const exported = exportSession(bundle.value, options);
  const verification = exported.ok ? exported.value.verification : verifySession(bundle.value, options);
  const record: SessionRecord = {
    sessionId, bundle: bundle.value, verification, verdict: verificationVerdict(verification), timeline,
    files: exported.ok ? downloadsOf(exported.value.files) : [],
  };
  if (!exported.ok) record.exportProblem = exported.error.detail ?? exported.error.message;
  return ok(record);
}
