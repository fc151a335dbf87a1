// Admin view key checks: page config, admin.sec / archive.sec kinds and their pairing with the
// organisation's archive key (a real seal/open round trip), and the customer's id + token.
import { describe, expect, it } from 'vitest';
import { encodeKey, generateArchiveKeyPair, generateRootKeyPair, generateTechnicianKeyPair } from '@tether/crypto';
import { createCustomerToken, customerArchiveKeyPair, encodeAdminKey } from '@tether/recording';
import { archiveKeysMatch, checkAdminSecrets, checkCustomerRequest, parseAdminPageConfig, type OrgPublicKeys } from '../src/common/admin/adminCredentials';

const root = generateRootKeyPair();
const archive = generateArchiveKeyPair();
const admin = generateTechnicianKeyPair();
const org: OrgPublicKeys = { org: 'acme', rootPublicKey: root.publicKey, archivePublicKey: archive.publicKey };
const adminSec = encodeAdminKey('admin-sec', admin.secretKey);
const archiveSec = encodeKey('archive-sec', archive.secretKey);

describe('admin page config', () => {
  it('reads the relay URL and the organisation keys', () => {
    const parsed = parseAdminPageConfig({ relayUrl: 'ws://127.0.0.1:1/relay', org: { org: 'acme', rootPublicKey: encodeKey('root-pub', root.publicKey), archivePublicKey: encodeKey('archive-pub', archive.publicKey) } });
    expect(parsed.ok && parsed.value.org?.archivePublicKey).toEqual(archive.publicKey);
    expect(parseAdminPageConfig({ relayUrl: 'ws://x/relay' })).toEqual({ ok: true, value: { relayUrl: 'ws://x/relay' } });
  });

  it('refuses a config without relay or with a wrong key kind', () => {
    expect(parseAdminPageConfig({})).toMatchObject({ ok: false, error: { code: 'E_MALFORMED' } });
    const swapped = parseAdminPageConfig({ relayUrl: 'ws://x/relay', org: { org: 'acme', rootPublicKey: encodeKey('archive-pub', archive.publicKey), archivePublicKey: encodeKey('archive-pub', archive.publicKey) } });
    expect(swapped.ok).toBe(false);
    expect(!swapped.ok && swapped.error.detail).toMatch(/rootPublicKey: wrong key kind: expected root-pub, got archive-pub/);
  });
});

describe('admin secrets', () => {
  it('accepts a matching pair', () => {
    const checked = checkAdminSecrets(`${adminSec}\n`, archiveSec, org);
    expect(checked.ok && checked.value.adminSecretKey).toEqual(admin.secretKey);
    expect(checked.ok && checked.value.archiveSecretKey).toEqual(archive.secretKey);
  });

  it('needs the organisation keys and both keys', () => {
    expect(checkAdminSecrets(adminSec, archiveSec, undefined)).toMatchObject({ ok: false, error: { code: 'E_BAD_ARGUMENT', detail: expect.stringMatching(/--org org\.json/) } });
    expect(checkAdminSecrets('', archiveSec, org)).toMatchObject({ ok: false, error: { detail: expect.stringMatching(/admin\.sec/) } });
    expect(checkAdminSecrets(adminSec, '  ', org)).toMatchObject({ ok: false, error: { detail: expect.stringMatching(/archive\.sec/) } });
  });

  it('names a key of the wrong kind, also when the two fields are swapped', () => {
    const swapped = checkAdminSecrets(archiveSec, adminSec, org);
    expect(swapped).toMatchObject({ ok: false, error: { code: 'E_BAD_ARGUMENT' } });
    expect(!swapped.ok && swapped.error.detail).toMatch(/admin key: wrong key kind: expected admin-sec, got archive-sec \(this is the archive key/);
    const tech = checkAdminSecrets(adminSec, encodeKey('tech-sec', admin.secretKey), org);
    expect(!tech.ok && tech.error.detail).toMatch(/archive key: wrong key kind: expected archive-sec, got tech-sec/);
    const garbage = checkAdminSecrets('hello', archiveSec, org);
    expect(!garbage.ok && garbage.error.detail).toMatch(/not a key in the tether:<kind>:<base64> format/);
  });

  it("refuses an archive secret that does not open the organisation's records", () => {
    const other = generateArchiveKeyPair();
    expect(archiveKeysMatch(other.secretKey, archive.publicKey)).toBe(false);
    expect(archiveKeysMatch(archive.secretKey, archive.publicKey)).toBe(true);
    const checked = checkAdminSecrets(adminSec, encodeKey('archive-sec', other.secretKey), org);
    expect(checked).toMatchObject({ ok: false, error: { code: 'E_AUTH_FAILED', detail: expect.stringMatching(/does not belong to acme/) } });
  });
});

describe('customer request', () => {
  it('derives the customer key from the token', () => {
    const token = createCustomerToken();
    const checked = checkCustomerRequest(' s-1 ', ` ${token} `);
    expect(checked.ok && checked.value).toEqual({ sessionId: 's-1', token, secretKey: customerArchiveKeyPair(token).secretKey });
  });

  it('refuses a bad session id or token with a message', () => {
    expect(checkCustomerRequest('a b', createCustomerToken())).toMatchObject({ ok: false, error: { code: 'E_BAD_ARGUMENT', detail: expect.stringMatching(/session id/) } });
    expect(checkCustomerRequest('s-1', 'tct1.short')).toMatchObject({ ok: false, error: { code: 'E_BAD_ARGUMENT', detail: expect.stringMatching(/customer token starts with "tct1\."/) } });
  });
});
