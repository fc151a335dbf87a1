// The admin view's keys and the page configuration it relies on. The organisation's public keys come
// from the console server's /config.json; the admin pastes or loads admin.sec (signs archive requests) and
// archive.sec (opens the sealed org copies). Everything is checked before any request: a key of the wrong
// kind, or an archive secret that does not open what is sealed to the organisation's archive key, is
// refused with a message naming the file. The keys live only in this page's memory.
import { decodeKey, openArchive, sealArchive } from '@tether/crypto';
import { err, ok, utf8Encode, type Result } from '@tether/protocol';
import { customerArchiveKeyPair, decodeAdminKey, isCustomerToken, isSessionId } from '@tether/recording';
import { readOrgKeys, type OrgPublicKeys } from '../orgKeys';

export type { OrgPublicKeys } from '../orgKeys';

export interface AdminPageConfig {
  relayUrl: string;
  org?: OrgPublicKeys;
}

export interface AdminSecrets {
  /** ed25519 secret key (64 bytes) signing archive API requests */
  adminSecretKey: Uint8Array;
  /** X25519 secret key (32 bytes) opening the organisation's sealed copies */
  archiveSecretKey: Uint8Array;
}

/** Reads /config.json `{relayUrl, org?: {org, rootPublicKey, archivePublicKey}}` (key text format). */
export function parseAdminPageConfig(value: unknown): Result<AdminPageConfig> {
  const c = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof c.relayUrl !== 'string' || c.relayUrl === '') return err('E_MALFORMED', 'config.json has no relayUrl');
  if (c.org === undefined) return ok({ relayUrl: c.relayUrl });
  const org = readOrgKeys(c.org, 'config.json org');
  return org.ok ? ok({ relayUrl: c.relayUrl, org: org.value.keys }) : org;
}

const keyKindOf = (text: string): string | undefined => /^\s*tether:([a-z-]+):/.exec(text)?.[1];

/** True when `archiveSecretKey` opens what is sealed to `archivePublicKey` (a real seal/open round trip). */
export function archiveKeysMatch(archiveSecretKey: Uint8Array, archivePublicKey: Uint8Array): boolean {
  const probe = utf8Encode('tether admin view key check');
  return openArchive(archiveSecretKey, sealArchive(archivePublicKey, probe)).ok;
}

export function checkAdminSecrets(adminText: string, archiveText: string, org: OrgPublicKeys | undefined): Result<AdminSecrets> {
  if (!org) {
    return err('E_BAD_ARGUMENT', "this console was started without the organisation's public keys (pnpm console --org org.json); the admin view needs them");
  }
  if (adminText.trim() === '') return err('E_BAD_ARGUMENT', 'load or paste admin.sec (from tether-admin admin-key)');
  if (archiveText.trim() === '') return err('E_BAD_ARGUMENT', "load or paste the organisation's archive.sec");
  const admin = decodeAdminKey(adminText, 'admin-sec');
  if (!admin.ok) {
    const kind = keyKindOf(adminText);
    const hint = kind === 'archive-sec' ? ' (this is the archive key: it goes in the second field)' : '';
    return err('E_BAD_ARGUMENT', `admin key: ${admin.error.detail ?? admin.error.message}${hint}`);
  }
  const archive = decodeKey(archiveText.trim(), 'archive-sec');
  if (!archive.ok) {
    const kind = keyKindOf(archiveText);
    const hint = kind === 'admin-sec' ? ' (this is the admin key: it goes in the first field)' : '';
    return err('E_BAD_ARGUMENT', `archive key: ${archive.error.detail ?? archive.error.message}${hint}`);
  }
  if (!archiveKeysMatch(archive.value, org.archivePublicKey)) {
    return err('E_AUTH_FAILED', `this archive.sec does not belong to ${org.org}: it does not open records sealed to the organisation's archive key`);
  }
  return ok({ adminSecretKey: admin.value, archiveSecretKey: archive.value });
}

export interface CustomerRequest {
  sessionId: string;
  token: string;
  /** X25519 secret key derived from the token: opens that session's customer copy */
  secretKey: Uint8Array;
}

export function checkCustomerRequest(sessionId: string, token: string): Result<CustomerRequest> {
  const id = sessionId.trim();
  const t = token.trim();
  if (!isSessionId(id)) return err('E_BAD_ARGUMENT', 'the session id is 1-128 letters, digits, "-" or "_" (it is printed on the session report)');
  if (!isCustomerToken(t)) return err('E_BAD_ARGUMENT', 'the customer token starts with "tct1." followed by 43 characters (it was shown at the end of the session)');
  return ok({ sessionId: id, token: t, secretKey: customerArchiveKeyPair(t).secretKey });
}
