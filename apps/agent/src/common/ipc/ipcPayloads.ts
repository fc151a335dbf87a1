// Validators for the values that cross the IPC boundary (both directions): what the session core shows
// (technician, status, consent question, chat, annotation, incoming file) and what the customer answers
// (consent decision, rating). They mirror the types of customerPrompt.ts and the protocol messages.
import {
  ANNOTATION_TOOLS, FILE_DIRECTIONS, FILE_NAME_PATTERN, MAX_CHAT_CHARS, MAX_FILE_NAME_CHARS, MAX_FILE_SIZE_BYTES,
  MAX_GRANT_DURATION_MS, MAX_RATING_COMMENT_CHARS, MAX_REASON_CHARS, MAX_STROKE_POINTS, MAX_STROKE_WIDTH,
  MAX_WINDOW_TITLE_CHARS, REVOCABLE_PERMISSIONS, SCOPE_MODES,
} from '@tether/protocol';
import { anyOf, bool, int, list, literal, num, oneOf, optional, record, text, type Check } from './ipcSchema';

export const ID_TEXT = text(1, 64, /^[A-Za-z0-9_-]+$/);
const VERSION = int(1, 255);
const EPOCH_MS = int(0, Number.MAX_SAFE_INTEGER);
const U16 = int(0, 0xffff);
/** Certificate text fields are bounded at 200 characters by @tether/crypto. */
const CERT_TEXT = text(1, 200);
export const MAX_WINDOW_CHOICES = 64;
export const MAX_MASKS = 32;
export const MAX_DESTINATION_CHARS = 4096;

/** A non-empty rectangle within the unit square (the captured surface). */
export const NORM_RECT: Check = record(
  { x: num(0, 1), y: num(0, 1), w: num(0, 1), h: num(0, 1) },
  (r, p) => {
    const { x, y, w, h } = r as { x: number; y: number; w: number; h: number };
    if (w <= 0 || h <= 0) return `${p} must not be empty`;
    if (x + w > 1 + 1e-9 || y + h > 1 + 1e-9) return `${p} must lie within the screen`;
    return undefined;
  },
);

export const VERIFIED_TECHNICIAN = record({
  name: CERT_TEXT,
  employeeNo: CERT_TEXT,
  department: CERT_TEXT,
  org: CERT_TEXT,
  serial: CERT_TEXT,
  fingerprint: text(16, 128, /^[0-9a-f]+$/),
  notAfter: EPOCH_MS,
  sas: text(6, 6, /^[0-9]{6}$/),
});

export const WINDOW_CHOICE = record({ id: text(1, 128), title: text(0, MAX_WINDOW_TITLE_CHARS), rect: NORM_RECT });

export const CONSENT_REQUEST = record({
  v: VERSION,
  type: literal('consent.request'),
  requestId: optional(ID_TEXT),
  mode: oneOf(SCOPE_MODES),
  clipboard: bool,
  files: bool,
  durationMs: optional(int(1, MAX_GRANT_DURATION_MS)),
  reason: optional(text(0, MAX_REASON_CHARS)),
});

export const CONSENT_CONTEXT = record({
  technician: VERIFIED_TECHNICIAN,
  request: CONSENT_REQUEST,
  elevation: bool,
  afterReconnect: bool,
  windows: list(WINDOW_CHOICE, 0, MAX_WINDOW_CHOICES),
});

export const CONSENT_DECISION = record(
  {
    mode: oneOf(SCOPE_MODES),
    region: optional(NORM_RECT),
    window: optional(WINDOW_CHOICE),
    shareOnlyRegion: bool,
    clipboard: bool,
    files: bool,
    durationMs: int(1, MAX_GRANT_DURATION_MS),
  },
  (d, p) => {
    if ((d.mode === 'region') !== (d.region !== undefined)) return `${p}.region must be present exactly for mode region`;
    if ((d.mode === 'window') !== (d.window !== undefined)) return `${p}.window must be present exactly for mode window`;
    if (d.shareOnlyRegion === true && d.mode !== 'region' && d.mode !== 'window') return `${p}.shareOnlyRegion needs mode region or window`;
    return undefined;
  },
);

export const SESSION_STATUS = record({
  phase: oneOf(['connecting', 'verifying', 'awaiting-consent', 'sharing', 'paused', 'reconnecting', 'ended']),
  reason: optional(text(0, MAX_REASON_CHARS)),
  mode: optional(oneOf(SCOPE_MODES)),
  clipboard: optional(bool),
  files: optional(bool),
  expiresAt: optional(EPOCH_MS),
});

export const CHAT_MESSAGE = record({
  v: VERSION,
  type: literal('chat.message'),
  id: ID_TEXT,
  from: oneOf(['technician', 'customer']),
  text: text(1, MAX_CHAT_CHARS),
  ts: EPOCH_MS,
});

export const ANNOTATION = anyOf(
  record({ type: literal('annotation.clear'), v: optional(VERSION) }),
  record({
    v: VERSION,
    type: literal('annotation.stroke'),
    id: ID_TEXT,
    surfaceId: U16,
    tool: oneOf(ANNOTATION_TOOLS),
    color: text(7, 7, /^#[0-9a-f]{6}$/),
    width: int(1, MAX_STROKE_WIDTH),
    points: list(list(U16, 2, 2), 1, MAX_STROKE_POINTS),
  }),
);

export const FILE_OFFER = record({
  v: VERSION,
  type: literal('file.offer'),
  fileId: text(1, 64, /^[A-Za-z0-9_-]+$/),
  name: text(1, MAX_FILE_NAME_CHARS, FILE_NAME_PATTERN),
  size: int(0, MAX_FILE_SIZE_BYTES),
  sha256: text(64, 64, /^[0-9a-f]{64}$/),
  direction: oneOf(FILE_DIRECTIONS),
});

export const INCOMING_FILE = record({ offer: FILE_OFFER, destination: text(1, MAX_DESTINATION_CHARS) });

export const RATING = record({ stars: int(1, 5), comment: optional(text(0, MAX_RATING_COMMENT_CHARS)) });

export const REVOCABLE_PERMISSION = oneOf(REVOCABLE_PERMISSIONS);
