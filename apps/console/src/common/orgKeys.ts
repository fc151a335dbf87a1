// The organisation's public keys as the console uses them: org.json of `tether-admin init-org` gives them
// to the console server, which hands them to its pages in /config.json (key text form), and the admin view
// decodes them. One reader for both, so the same file is accepted or refused the same way everywhere.
import { decodeKey } from '@tether/crypto';
import { err, ok, type Result } from '@tether/protocol';

/** The organisation's public configuration in key text form (never secret keys). */
export interface ConsoleOrgConfig {
  org: string;
  /** "tether:root-pub:..." */
  rootPublicKey: string;
  /** "tether:archive-pub:..." */
  archivePublicKey: string;
}

export interface OrgPublicKeys {
  org: string;
  rootPublicKey: Uint8Array;
  archivePublicKey: Uint8Array;
}

/** Checks `{org, rootPublicKey, archivePublicKey}`; `where` names the source in messages ("org.json"). */
export function readOrgKeys(value: unknown, where: string): Result<{ text: ConsoleOrgConfig; keys: OrgPublicKeys }> {
  const o = (typeof value === 'object' && value !== null ? value : {}) as Record<string, unknown>;
  if (typeof o.org !== 'string' || o.org.trim() === '') return err('E_MALFORMED', `${where}: "org" is missing`);
  const root = decodeKey(o.rootPublicKey, 'root-pub');
  if (!root.ok) return err('E_MALFORMED', `${where}: rootPublicKey: ${root.error.detail ?? root.error.message}`);
  const archive = decodeKey(o.archivePublicKey, 'archive-pub');
  if (!archive.ok) return err('E_MALFORMED', `${where}: archivePublicKey: ${archive.error.detail ?? archive.error.message}`);
  return ok({
    text: { org: o.org, rootPublicKey: (o.rootPublicKey as string).trim(), archivePublicKey: (o.archivePublicKey as string).trim() },
    keys: { org: o.org, rootPublicKey: root.value, archivePublicKey: archive.value },
  });
}
