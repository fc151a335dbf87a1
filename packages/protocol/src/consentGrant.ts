// The consent grant: what the customer allowed, for how long. Validated wherever it crosses a boundary,
// and encoded canonically (independent of JSON key order) for the agent's signature.
import { ByteWriter } from './bytes';
import { TetherError } from './errors';
import { err, ok, type Result } from './result';
import { ID_PATTERN, PRINTABLE_ASCII, readWithSchema, type FieldSpec, type ObjectSpec } from './session/schema';
import { utf8Encode } from './textCodec';

export type ScopeMode = 'view' | 'region' | 'window' | 'full';
export const SCOPE_MODES: readonly ScopeMode[] = ['view', 'region', 'window', 'full'];

/** 0..1, relative to the captured surface. */
export interface NormRect {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface ConsentGrant {
  v: 1;
  grantId: string;
  sessionId: string;
  mode: ScopeMode;
  /** mode 'region': input (and, if shareOnlyRegion, pixels) limited to it. Present only in that mode. */
  region?: NormRect;
  /** mode 'window': the window's rect at grant time, tracked by the agent. Present only in that mode. */
  window?: { title: string; rect: NormRect };
  /** Everything outside region/window is masked before encoding (only meaningful for region/window). */
  shareOnlyRegion: boolean;
  clipboard: boolean;
  files: boolean;
  /** Epoch ms; 0 < expiresAt - issuedAt <= MAX_GRANT_DURATION_MS. */
  issuedAt: number;
  expiresAt: number;
}

export const MAX_GRANT_DURATION_MS = 2 * 60 * 60 * 1000;
export const DEFAULT_GRANT_DURATION_MS = MAX_GRANT_DURATION_MS;
export const MAX_WINDOW_TITLE_CHARS = 512;
export const MAX_SESSION_ID_CHARS = 128;

/** Permissions as one bitmask. View is implied by any grant; Control by region/window/full. */
export const Permission = {
  View: 1,
  Control: 2,
  Clipboard: 4,
  Files: 8,
} as const;
export type PermissionBits = number;

/** What a customer may take back during a session (consent.revoke). */
export type RevocablePermission = 'control' | 'clipboard' | 'files' | 'all';
export const REVOCABLE_PERMISSIONS: readonly RevocablePermission[] = ['control', 'clipboard', 'files', 'all'];

export function permissionsOf(grant: ConsentGrant): PermissionBits {
  let bits: number = Permission.View;
  if (grant.mode !== 'view') bits |= Permission.Control;
  if (grant.clipboard) bits |= Permission.Clipboard;
  if (grant.files) bits |= Permission.Files;
  return bits;
}

/** The bits a revocation removes. */
export function permissionBitsOf(permission: RevocablePermission): PermissionBits {
  switch (permission) {
    case 'control':
      return Permission.Control;
    case 'clipboard':
      return Permission.Clipboard;
    case 'files':
      return Permission.Files;
    case 'all':
      return Permission.View | Permission.Control | Permission.Clipboard | Permission.Files;
  }
}

const RECT_EPSILON = 1e-9;
const unit: FieldSpec = { kind: 'number', min: 0, max: 1 };
export const NORM_RECT_SPEC: FieldSpec = {
  kind: 'object',
  fields: { x: unit, y: unit, w: unit, h: unit },
  refine: (r) => {
    const { x, y, w, h } = r as unknown as NormRect;
    if (w <= 0 || h <= 0) return 'rect must not be empty';
    if (x + w > 1 + RECT_EPSILON || y + h > 1 + RECT_EPSILON) return 'rect must lie within 0..1';
    return undefined;
  },
};

const epochMs: FieldSpec = { kind: 'int', min: 0, max: Number.MAX_SAFE_INTEGER };
export const CONSENT_GRANT_FIELDS: ObjectSpec = {
  v: { kind: 'literal', value: 1 },
  grantId: { kind: 'string', min: 1, max: 64, pattern: ID_PATTERN },
  sessionId: { kind: 'string', min: 1, max: MAX_SESSION_ID_CHARS, pattern: PRINTABLE_ASCII },
  mode: { kind: 'enum', values: SCOPE_MODES },
  region: { ...NORM_RECT_SPEC, optional: true },
  window: {
    kind: 'object',
    optional: true,
    fields: { title: { kind: 'string', min: 0, max: MAX_WINDOW_TITLE_CHARS }, rect: NORM_RECT_SPEC },
  },
  shareOnlyRegion: { kind: 'bool' },
  clipboard: { kind: 'bool' },
  files: { kind: 'bool' },
  issuedAt: epochMs,
  expiresAt: epochMs,
};

/** Cross-field rules of a grant; returns the first problem or undefined. */
export function grantProblem(g: Record<string, unknown>): string | undefined {
  const grant = g as unknown as ConsentGrant;
  if (grant.mode === 'region' && !grant.region) return "mode 'region' requires region";
  if (grant.mode !== 'region' && grant.region) return "region is only allowed with mode 'region'";
  if (grant.mode === 'window' && !grant.window) return "mode 'window' requires window";
  if (grant.mode !== 'window' && grant.window) return "window is only allowed with mode 'window'";
  if (grant.shareOnlyRegion && grant.mode !== 'region' && grant.mode !== 'window') return 'shareOnlyRegion needs mode region or window';
  const duration = grant.expiresAt - grant.issuedAt;
  if (duration <= 0) return 'expiresAt must be after issuedAt';
  if (duration > MAX_GRANT_DURATION_MS) return `a grant may last at most ${MAX_GRANT_DURATION_MS} ms`;
  return undefined;
}

/** Checks shape, bounds and cross-field rules; returns a fresh, clean copy (unknown fields are an error). */
export function validateConsentGrant(x: unknown): Result<ConsentGrant> {
  try {
    return ok(readWithSchema(CONSENT_GRANT_FIELDS, x, grantProblem) as unknown as ConsentGrant);
  } catch (e) {
    if (e instanceof TetherError) return { ok: false, error: e };
    return err('E_MALFORMED', 'invalid consent grant');
  }
}

const GRANT_DOMAIN = utf8Encode('tether-consent-grant\0');
const MODE_BYTE: Record<ScopeMode, number> = { view: 0, region: 1, window: 2, full: 3 };

function writeRect(w: ByteWriter, r: NormRect): void {
  const raw = new Uint8Array(32);
  const view = new DataView(raw.buffer);
  // `+ 0` folds -0 into 0 so equal rects always give equal bytes.
  [r.x, r.y, r.w, r.h].forEach((n, i) => view.setFloat64(i * 8, n + 0));
  w.raw(raw);
}

/**
 * Deterministic bytes the agent signs: "tether-consent-grant\0", then v u8, grantId, sessionId (varint-length
 * UTF-8), mode u8 (view 0, region 1, window 2, full 3), flags u8 (shareOnlyRegion 1, clipboard 2, files 4),
 * issuedAt u64, expiresAt u64, then for 'region' the rect and for 'window' the title and rect
 * (rects as four big-endian float64 x, y, w, h). Throws TypeError on an invalid grant.
 */
export function canonicalGrantBytes(grant: ConsentGrant): Uint8Array {
  const checked = validateConsentGrant(grant);
  if (!checked.ok) throw new TypeError(`invalid consent grant: ${checked.error.detail ?? checked.error.message}`);
  const g = checked.value;
  const w = new ByteWriter(128).raw(GRANT_DOMAIN).u8(g.v).string(g.grantId, utf8Encode).string(g.sessionId, utf8Encode);
  w.u8(MODE_BYTE[g.mode]).u8((g.shareOnlyRegion ? 1 : 0) | (g.clipboard ? 2 : 0) | (g.files ? 4 : 0));
  w.u64(g.issuedAt).u64(g.expiresAt);
  if (g.mode === 'region' && g.region) writeRect(w, g.region);
  if (g.mode === 'window' && g.window) {
    w.string(g.window.title, utf8Encode);
    writeRect(w, g.window.rect);
  }
  return w.finish();
}
