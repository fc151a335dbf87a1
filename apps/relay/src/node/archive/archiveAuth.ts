// Authenticates archive API requests. Technicians: a certificate valid for a configured organisation
// (root key, revocations) plus an ed25519 signature by the certified key over the canonical request.
// Admins: a configured admin key for the organisation, signing the same way. Both must be fresh (clock
// skew window) and single-use (nonce cache). Customers: a token whose hash matches one session.

import { verifyCertificate } from '@tether/crypto';
import { TetherError, fromBase64, utf8Decode } from '@tether/protocol';
import { ARCHIVE_AUTH_HEADERS, customerTokenHash, decodeAdminKey, isCustomerToken, verifyArchiveRequest } from '@tether/recording';
import type { ArchivePrincipal } from './archiveService';

export interface ArchiveOrganisation {
  org: string;
  rootPublicKey: Uint8Array;
  /** ed25519 public keys ("tether:admin-pub:...") allowed to read and administer this org's archive */
  adminKeys: string[];
  revokedSerials?: string[];
}

export interface ArchiveAuthOptions {
  organisations: ArchiveOrganisation[];
  /** how far a request's timestamp may be from the server clock (default 5 min) */
  maxSkewMs?: number;
  now?: () => number;
}

type Headers = Record<string, string | string[] | undefined>;

const header = (headers: Headers, name: string): string | undefined => {
  const value = headers[name];
  return Array.isArray(value) ? value[0] : value;
};

export class ArchiveAuthenticator {
  private readonly seen = new Map<string, number>();
  private readonly maxSkewMs: number;
  private readonly now: () => number;

  constructor(private readonly options: ArchiveAuthOptions) {
    this.maxSkewMs = options.maxSkewMs ?? 5 * 60_000;
    this.now = options.now ?? Date.now;
  }

  authenticate(method: string, path: string, headers: Headers, body: Uint8Array): ArchivePrincipal {
    const token = header(headers, ARCHIVE_AUTH_HEADERS.customerToken);
    if (token !== undefined) {
      if (!isCustomerToken(token)) throw new TetherError('E_AUTH_FAILED', 'not a valid customer token');
      return { kind: 'customer', tokenHash: customerTokenHash(token) };
    }
    const signed = this.signedParts(method, path, headers, body);
    const certText = header(headers, ARCHIVE_AUTH_HEADERS.certificate);
    const adminText = header(headers, ARCHIVE_AUTH_HEADERS.adminKey);
    let principal: ArchivePrincipal;
    if (certText !== undefined) principal = this.technician(certText, signed);
    else if (adminText !== undefined) principal = this.admin(adminText, signed);
    else throw new TetherError('E_AUTH_FAILED', 'no archive credentials in the request');
    this.remember(signed.nonce, signed.timestamp);
    return principal;
  }

  private signedParts(method: string, path: string, headers: Headers, body: Uint8Array) {
    const time = Number(header(headers, ARCHIVE_AUTH_HEADERS.time));
    const nonce = header(headers, ARCHIVE_AUTH_HEADERS.nonce) ?? '';
    let signature: Uint8Array;
    try {
      signature = fromBase64(header(headers, ARCHIVE_AUTH_HEADERS.signature) ?? '');
    } catch {
      throw new TetherError('E_AUTH_FAILED', 'request signature is not base64');
    }
    if (!Number.isSafeInteger(time)) throw new TetherError('E_AUTH_FAILED', 'request timestamp missing');
    if (Math.abs(this.now() - time) > this.maxSkewMs) throw new TetherError('E_AUTH_FAILED', 'request timestamp is stale or in the future (check the clock)');
    if (!/^[0-9a-f]{32}$/.test(nonce)) throw new TetherError('E_AUTH_FAILED', 'request nonce must be 32 hex digits');
    this.prune();
    if (this.seen.has(nonce)) throw new TetherError('E_REPLAY', 'this request was already used');
    return { method, path, timestamp: time, nonce, body, signature };
  }

  private technician(certText: string, signed: ReturnType<ArchiveAuthenticator['signedParts']>): ArchivePrincipal {
    let cert: unknown;
    try {
      cert = JSON.parse(utf8Decode(fromBase64(certText)));
    } catch {
      throw new TetherError('E_MALFORMED', 'certificate header is not base64 JSON');
    }
    const org = this.options.organisations.find((o) => o.org === (cert as { org?: unknown })?.org);
    if (!org) throw new TetherError('E_CERT_WRONG_ORG', 'this archive does not serve that organisation');
    const checked = verifyCertificate(cert, { rootPublicKey: org.rootPublicKey, org: org.org, now: this.now(), revocations: org.revokedSerials ?? [] });
    if (!checked.ok) throw checked.error;
    if (!verifyArchiveRequest(fromBase64(checked.cert.techPub), signed, signed.signature)) throw new TetherError('E_AUTH_FAILED', 'request not signed by the certified key');
    return { kind: 'technician', org: org.org, serial: checked.cert.serial, name: checked.cert.name };
  }

  private admin(keyText: string, signed: ReturnType<ArchiveAuthenticator['signedParts']>): ArchivePrincipal {
    const key = decodeAdminKey(keyText, 'admin-pub');
    if (!key.ok) throw new TetherError('E_AUTH_FAILED', key.error.detail ?? 'bad admin key');
    const org = this.options.organisations.find((o) => o.adminKeys.some((k) => k.trim() === keyText.trim()));
    if (!org) throw new TetherError('E_AUTH_FAILED', 'unknown admin key');
    if (!verifyArchiveRequest(key.value, signed, signed.signature)) throw new TetherError('E_AUTH_FAILED', 'request not signed by the admin key');
    return { kind: 'admin', org: org.org };
  }

  private remember(nonce: string, timestamp: number): void {
    this.seen.set(nonce, timestamp + this.maxSkewMs);
  }

  private prune(): void {
    const now = this.now();
    for (const [nonce, until] of this.seen) if (until < now - this.maxSkewMs) this.seen.delete(nonce);
  }
}

