import { describe, expect, it } from 'vitest';
import { generateRootKeyPair } from '@tether/crypto';
import { clampDecisionToTemplate, signPermissionTemplate, templateMaskRules, verifyPermissionTemplate, type PermissionTemplate } from '../src/index';

const root = generateRootKeyPair();
const other = generateRootKeyPair();
const fields = { id: 'helpdesk', name: 'Helpdesk', org: 'acme', modes: ['view', 'region'] as PermissionTemplate['modes'], clipboard: false, files: true, maxDurationMs: 30 * 60_000, maskTitles: ['password', 'bank(ing)?'], issuedAt: 1 };
const template = signPermissionTemplate(root.secretKey, fields);
const full = { mode: 'full' as const, shareOnlyRegion: false, clipboard: true, files: true, durationMs: 2 * 3_600_000 };

describe('permission templates', () => {
  it('verifies against the organisation root, and refuses edits, other roots and other organisations', () => {
    expect(verifyPermissionTemplate(JSON.parse(JSON.stringify(template)), { rootPublicKey: root.publicKey, org: 'acme' }).ok).toBe(true);
    const widened = verifyPermissionTemplate({ ...template, modes: ['view', 'full'] }, { rootPublicKey: root.publicKey, org: 'acme' });
    expect(!widened.ok && widened.error.code).toBe('E_AUTH_FAILED');
    expect(verifyPermissionTemplate(template, { rootPublicKey: other.publicKey, org: 'acme' }).ok).toBe(false);
    const foreign = verifyPermissionTemplate(template, { rootPublicKey: root.publicKey, org: 'other' });
    expect(!foreign.ok && foreign.error.code).toBe('E_CERT_WRONG_ORG');
    const malformed = verifyPermissionTemplate({ ...template, maskTitles: ['('] }, { rootPublicKey: root.publicKey, org: 'acme' });
    expect(!malformed.ok && malformed.error.code).toBe('E_MALFORMED');
    expect(() => signPermissionTemplate(root.secretKey, { ...fields, modes: ['full'] })).toThrow(RangeError);
    expect(() => signPermissionTemplate(root.secretKey, { ...fields, maxDurationMs: 3 * 3_600_000 })).toThrow(RangeError);
  });

  it('expires at notAfter (signed, so it cannot be extended), and templates without notAfter still verify', () => {
    const expiring = signPermissionTemplate(root.secretKey, { ...fields, notAfter: 1000 });
    const trust = { rootPublicKey: root.publicKey, org: 'acme' };
    expect(verifyPermissionTemplate(expiring, { ...trust, now: 999 }).ok).toBe(true);
    const expired = verifyPermissionTemplate(expiring, { ...trust, now: 1000 });
    expect(!expired.ok && expired.error.code).toBe('E_SCOPE_DENIED');
    expect(!expired.ok && expired.error.detail).toMatch(/template "helpdesk" expired at 1970-01-01T00:00:01.000Z/);
    const extended = verifyPermissionTemplate({ ...expiring, notAfter: 5000 }, { ...trust, now: 1000 });
    expect(!extended.ok && extended.error.code).toBe('E_AUTH_FAILED');
    const { notAfter: _n, ...stripped } = expiring;
    expect(verifyPermissionTemplate(stripped, { ...trust, now: 1000 }).ok).toBe(false);
    expect(verifyPermissionTemplate(template, { ...trust, now: Number.MAX_SAFE_INTEGER }).ok).toBe(true);
    expect(() => signPermissionTemplate(root.secretKey, { ...fields, notAfter: 1 })).toThrow(RangeError);
  });

  it('clamps a consent decision to the template: mode, clipboard, files, duration', () => {
    const clamped = clampDecisionToTemplate(full, template);
    expect(clamped.decision).toEqual({ mode: 'view', shareOnlyRegion: false, clipboard: false, files: true, durationMs: 30 * 60_000 });
    expect(clamped.changes).toEqual(['mode full -> view', 'clipboard off', 'duration 7200000 ms -> 1800000 ms']);
    const region = { x: 0, y: 0, w: 0.5, h: 0.5 };
    expect(clampDecisionToTemplate({ ...full, region }, template).decision?.mode).toBe('region');
    const allowed = { mode: 'region' as const, region, shareOnlyRegion: true, clipboard: false, files: false, durationMs: 60_000 };
    expect(clampDecisionToTemplate(allowed, template)).toEqual({ decision: allowed, changes: [] });
  });

  it('refuses to turn a region-only share into a wider one', () => {
    const viewOnly = signPermissionTemplate(root.secretKey, { ...fields, modes: ['view'] });
    const result = clampDecisionToTemplate({ mode: 'region', region: { x: 0, y: 0, w: 1, h: 0.5 }, shareOnlyRegion: true, clipboard: false, files: false, durationMs: 60_000 }, viewOnly);
    expect(result.decision).toBeNull();
    expect(result.changes[0]).toMatch(/would share more/);
  });

  it('compiles the masking rules case-insensitively', () => {
    const rules = templateMaskRules(template);
    expect(rules.some((r) => r.test('KeePass - Password Safe'))).toBe(true);
    expect(rules.some((r) => r.test('Online Banking'))).toBe(true);
    expect(rules.some((r) => r.test('Terminal'))).toBe(false);
  });
});
