// Consent messages: the technician asks (also for elevation), the customer grants (signed) or denies,
// and may revoke a permission at any moment.
import {
  CONSENT_GRANT_FIELDS, MAX_GRANT_DURATION_MS, REVOCABLE_PERMISSIONS, SCOPE_MODES, grantProblem,
  type ConsentGrant, type RevocablePermission, type ScopeMode,
} from '../consentGrant';
import { jsonCodec } from './codec';
import { SIGNATURE_BYTES } from './handshake';
import { MAX_REASON_CHARS } from './limits';
import { idField, textField } from './schema';

export interface ConsentRequestMessage {
  v: number;
  type: 'consent.request';
  /** Lets the answer (consent.denied) name the request. */
  requestId?: string;
  mode: ScopeMode;
  clipboard: boolean;
  files: boolean;
  /** Requested duration; the customer may shorten it. At most MAX_GRANT_DURATION_MS. */
  durationMs?: number;
  reason?: string;
}

export interface ConsentGrantMessage {
  v: number;
  type: 'consent.grant';
  grant: ConsentGrant;
  /** ed25519 signature of canonicalGrantBytes(grant) by the agent's session key. */
  signature: Uint8Array;
}

export interface ConsentDeniedMessage {
  v: number;
  type: 'consent.denied';
  requestId?: string;
  reason: string;
}

export interface ConsentRevokeMessage {
  v: number;
  type: 'consent.revoke';
  permission: RevocablePermission;
}

export type ConsentMessage = ConsentRequestMessage | ConsentGrantMessage | ConsentDeniedMessage | ConsentRevokeMessage;

const request = jsonCodec<ConsentRequestMessage>('consent.request', 0x10, {
  requestId: idField(true),
  mode: { kind: 'enum', values: SCOPE_MODES },
  clipboard: { kind: 'bool' },
  files: { kind: 'bool' },
  durationMs: { kind: 'int', min: 1, max: MAX_GRANT_DURATION_MS, optional: true },
  reason: textField(MAX_REASON_CHARS, true),
});

const grant = jsonCodec<ConsentGrantMessage>('consent.grant', 0x11, {
  grant: { kind: 'object', fields: CONSENT_GRANT_FIELDS, refine: grantProblem },
  signature: { kind: 'bytes', length: SIGNATURE_BYTES },
});

const denied = jsonCodec<ConsentDeniedMessage>('consent.denied', 0x12, {
  requestId: idField(true),
  reason: textField(MAX_REASON_CHARS),
});

const revoke = jsonCodec<ConsentRevokeMessage>('consent.revoke', 0x13, {
  permission: { kind: 'enum', values: REVOCABLE_PERMISSIONS },
});

export const consentCodecs = { 'consent.request': request, 'consent.grant': grant, 'consent.denied': denied, 'consent.revoke': revoke };
