// Turns the customer's decision into a signed consent grant, and a grant into the privacy masks it implies.
import {
  DEFAULT_GRANT_DURATION_MS,
  MAX_GRANT_DURATION_MS,
  PROTOCOL_VERSION,
  canonicalGrantBytes,
  validateConsentGrant,
  type ConsentGrant,
  type ConsentGrantMessage,
  type NormRect,
} from '@tether/protocol';
import type { ConsentDecision } from './customerPrompt';

export function buildGrant(decision: ConsentDecision, ids: { grantId: string; sessionId: string }, now: number): ConsentGrant {
  const duration = Math.min(Math.max(1, Math.floor(decision.durationMs || DEFAULT_GRANT_DURATION_MS)), MAX_GRANT_DURATION_MS);
  const limited = decision.mode === 'region' || decision.mode === 'window';
  const grant: ConsentGrant = {
    v: 1,
    grantId: ids.grantId,
    sessionId: ids.sessionId,
    mode: decision.mode,
    shareOnlyRegion: limited && decision.shareOnlyRegion,
    clipboard: decision.mode !== 'view' && decision.clipboard,
    files: decision.files,
    issuedAt: now,
    expiresAt: now + duration,
  };
  if (decision.mode === 'region' && decision.region) grant.region = { ...decision.region };
  if (decision.mode === 'window' && decision.window) grant.window = { title: decision.window.title, rect: { ...decision.window.rect } };
  const checked = validateConsentGrant(grant);
  if (!checked.ok) throw checked.error;
  return checked.value;
}

export function grantMessage(grant: ConsentGrant, sign: (bytes: Uint8Array) => Uint8Array): ConsentGrantMessage {
  return { v: PROTOCOL_VERSION, type: 'consent.grant', grant, signature: sign(canonicalGrantBytes(grant)) };
}

/** The area a limited grant shares, if the customer chose to share only that area. */
export function sharedArea(grant: ConsentGrant | null): NormRect | null {
  if (!grant || !grant.shareOnlyRegion) return null;
  if (grant.mode === 'region' && grant.region) return grant.region;
  if (grant.mode === 'window' && grant.window) return grant.window.rect;
  return null;
}

/** Up to four rects covering the unit square minus `keep` (what is masked when only `keep` is shared). */
export function complementOf(keep: NormRect): NormRect[] {
  const x0 = clamp(keep.x);
  const y0 = clamp(keep.y);
  const x1 = clamp(keep.x + keep.w);
  const y1 = clamp(keep.y + keep.h);
  const parts: NormRect[] = [
    { x: 0, y: 0, w: 1, h: y0 },
    { x: 0, y: y1, w: 1, h: 1 - y1 },
    { x: 0, y: y0, w: x0, h: y1 - y0 },
    { x: x1, y: y0, w: 1 - x1, h: y1 - y0 },
  ];
  return parts.filter((r) => r.w > 0 && r.h > 0);
}

/** All masks in force: the customer's own, sensitive windows, and everything outside a shared-only area. */
export function masksFor(grant: ConsentGrant | null, customerMasks: readonly NormRect[], sensitive: readonly NormRect[]): NormRect[] {
  const area = sharedArea(grant);
  return [...customerMasks, ...sensitive, ...(area ? complementOf(area) : [])].slice(0, 64);
}

function clamp(n: number): number {
  return Math.min(1, Math.max(0, n));
}
