import { describe, expect, it } from 'vitest';
import {
  DEFAULT_GRANT_DURATION_MS, MAX_GRANT_DURATION_MS, Permission, canonicalGrantBytes, permissionBitsOf, permissionsOf,
  toHex, validateConsentGrant, type ConsentGrant,
} from '../src/index';
import { loadGrantVectors } from './support/loadVectors';

const base: ConsentGrant = {
  v: 1, grantId: 'g-1', sessionId: 'S1', mode: 'full', shareOnlyRegion: false, clipboard: true, files: false,
  issuedAt: 1_700_000_000_000, expiresAt: 1_700_000_000_000 + DEFAULT_GRANT_DURATION_MS,
};
const region = { x: 0.1, y: 0.2, w: 0.3, h: 0.4 };
const codeOf = (x: unknown) => {
  const r = validateConsentGrant(x);
  return r.ok ? 'ok' : r.error.code;
};

describe('validateConsentGrant', () => {
  it('accepts each mode with the fields it needs and returns a clean copy', () => {
    expect(codeOf(base)).toBe('ok');
    expect(codeOf({ ...base, mode: 'view', clipboard: false })).toBe('ok');
    expect(codeOf({ ...base, mode: 'region', region, shareOnlyRegion: true })).toBe('ok');
    expect(codeOf({ ...base, mode: 'window', window: { title: 'Mail', rect: region } })).toBe('ok');
    expect(codeOf({ ...base, mode: 'region', region: { x: 0.7, y: 0.6, w: 0.3, h: 0.4 } })).toBe('ok');
    const result = validateConsentGrant({ ...base, region: undefined });
    expect(result.ok && Object.keys(result.value)).not.toContain('region');
    expect(result.ok && result.value).not.toBe(base);
  });

  const invalid: Array<[string, unknown]> = [
    ['not an object', 'grant'],
    ['null', null],
    ['array', [base]],
    ['v 2', { ...base, v: 2 }],
    ['unknown mode', { ...base, mode: 'admin' }],
    ['unknown field', { ...base, admin: true }],
    ['__proto__ field', JSON.parse(JSON.stringify(base).replace('{', '{"__proto__":{"mode":"full"},'))],
    ['missing clipboard', { ...base, clipboard: undefined }],
    ['clipboard as 1', { ...base, clipboard: 1 }],
    ['region mode without region', { ...base, mode: 'region' }],
    ['window mode without window', { ...base, mode: 'window' }],
    ['region in full mode', { ...base, region }],
    ['window in region mode', { ...base, mode: 'region', region, window: { title: 'x', rect: region } }],
    ['shareOnlyRegion in full mode', { ...base, shareOnlyRegion: true }],
    ['empty rect', { ...base, mode: 'region', region: { ...region, w: 0 } }],
    ['rect beyond the right edge', { ...base, mode: 'region', region: { ...region, x: 0.8 } }],
    ['negative rect', { ...base, mode: 'region', region: { ...region, y: -0.1 } }],
    ['NaN in rect', { ...base, mode: 'region', region: { ...region, h: NaN } }],
    ['rect with an extra field', { ...base, mode: 'region', region: { ...region, z: 1 } }],
    ['window title too long', { ...base, mode: 'window', window: { title: 'x'.repeat(513), rect: region } }],
    ['zero duration', { ...base, expiresAt: base.issuedAt }],
    ['negative duration', { ...base, expiresAt: base.issuedAt - 1 }],
    ['2 h + 1 ms', { ...base, expiresAt: base.issuedAt + MAX_GRANT_DURATION_MS + 1 }],
    ['fractional time', { ...base, issuedAt: 1.5 }],
    ['empty grantId', { ...base, grantId: '' }],
    ['grantId too long', { ...base, grantId: 'g'.repeat(65) }],
    ['sessionId with spaces', { ...base, sessionId: 'a b' }],
  ];
  it.each(invalid)('refuses %s with E_MALFORMED', (_, grant) => {
    expect(codeOf(grant)).toBe('E_MALFORMED');
  });

  it('names the problem in the error detail', () => {
    const result = validateConsentGrant({ ...base, mode: 'region' });
    expect(result.ok ? '' : result.error.detail).toContain('region');
  });

  it('allows exactly two hours', () => {
    expect(codeOf({ ...base, expiresAt: base.issuedAt + MAX_GRANT_DURATION_MS })).toBe('ok');
    expect(MAX_GRANT_DURATION_MS).toBe(7_200_000);
  });
});

describe('canonicalGrantBytes', () => {
  it.each(loadGrantVectors().vectors.map((v) => [v.name, v] as const))('%s matches the committed bytes', (_, v) => {
    expect(toHex(canonicalGrantBytes(v.grant as ConsentGrant))).toBe(v.canonicalHex);
  });

  it('does not depend on key order and folds -0 into 0', () => {
    const reordered = Object.fromEntries(Object.entries({ ...base, mode: 'region', region }).reverse()) as unknown as ConsentGrant;
    expect(toHex(canonicalGrantBytes(reordered))).toBe(toHex(canonicalGrantBytes({ ...base, mode: 'region', region })));
    const zero = { ...base, mode: 'region' as const, region: { x: 0, y: 0, w: 1, h: 1 } };
    expect(toHex(canonicalGrantBytes({ ...zero, region: { x: -0, y: -0, w: 1, h: 1 } }))).toBe(toHex(canonicalGrantBytes(zero)));
  });

  it('changes when any field changes', () => {
    const seen = new Set<string>();
    const variants: ConsentGrant[] = [
      base, { ...base, grantId: 'g-2' }, { ...base, sessionId: 'S2' }, { ...base, mode: 'view' }, { ...base, clipboard: false },
      { ...base, files: true }, { ...base, issuedAt: base.issuedAt + 1 }, { ...base, expiresAt: base.expiresAt - 1 },
      { ...base, mode: 'region', region }, { ...base, mode: 'region', region: { ...region, x: 0.11 } },
      { ...base, mode: 'region', region, shareOnlyRegion: true },
      { ...base, mode: 'window', window: { title: 'A', rect: region } }, { ...base, mode: 'window', window: { title: 'B', rect: region } },
    ];
    for (const g of variants) seen.add(toHex(canonicalGrantBytes(g)));
    expect(seen.size).toBe(variants.length);
  });

  it('starts with its domain string and refuses an invalid grant', () => {
    expect(new TextDecoder().decode(canonicalGrantBytes(base).subarray(0, 20))).toBe('tether-consent-grant');
    expect(() => canonicalGrantBytes({ ...base, mode: 'region' })).toThrow(TypeError);
  });
});

describe('permissions', () => {
  it('form one bitmask', () => {
    expect(permissionsOf({ ...base, mode: 'view', clipboard: false })).toBe(Permission.View);
    expect(permissionsOf(base)).toBe(Permission.View | Permission.Control | Permission.Clipboard);
    expect(permissionsOf({ ...base, files: true }) & ~permissionBitsOf('files')).toBe(permissionsOf(base));
    expect(permissionBitsOf('all')).toBe(15);
    expect(permissionBitsOf('control')).toBe(Permission.Control);
  });
});
