// LOCAL STAND-IN for the ConsentGrant type of @tether/protocol (packages/protocol/src/consentGrant.ts),
// copied from docs/contracts.md "Consent grant". Swap for the protocol export once it lands.

export type ScopeMode = 'view' | 'region' | 'window' | 'full';

/** A rectangle in 0..1 units relative to the captured surface. */
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
  region?: NormRect;
  window?: { title: string; rect: NormRect };
  shareOnlyRegion: boolean;
  clipboard: boolean;
  files: boolean;
  issuedAt: number;
  expiresAt: number;
}
