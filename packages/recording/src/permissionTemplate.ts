// Permission templates: what an organisation lets its technicians ask for. An admin writes a template
// (allowed scopes, clipboard and file transfer, maximum grant duration, window-title masking rules) and
// signs it with the organisation's root key, so the AGENT, which already pins that key, can check it
// without trusting the relay or the technician. Signature: ed25519 over
//   "tether permission template v1\0" || canonicalJson(template without its signature)
import { canonicalJson, signDetached, verifyDetached, type JsonValue } from '@tether/crypto';
import { err, fromBase64, MAX_GRANT_DURATION_MS, MAX_TEMPLATE_MASK_RULES, MAX_TEMPLATE_RULE_CHARS, ok, SCOPE_MODES, toBase64, utf8Encode, type Result, type ScopeMode, type WirePermissionTemplate } from '@tether/protocol';

/** The template's shape is part of the wire format (policy.template carries it): defined once in @tether/protocol. */
export type PermissionTemplate = WirePermissionTemplate;

export type PermissionTemplateFields = Omit<PermissionTemplate, 'v' | 'signature'>;

const FIELDS = ['v', 'id', 'name', 'org', 'modes', 'clipboard', 'files', 'maxDurationMs', 'maskTitles', 'issuedAt', 'notAfter', 'signature'];

/** How long `template create` makes a template valid when not told otherwise. */
export const DEFAULT_TEMPLATE_VALID_DAYS = 90;

export function templateSigningBytes(template: Omit<PermissionTemplate, 'signature'> & { signature?: string }): Uint8Array {
  const { signature: _ignored, ...rest } = template;
  return utf8Encode(`tether permission template v1\0${canonicalJson(rest as unknown as JsonValue)}`);
}

/** Why the fields are not a usable template, or undefined. */
export function permissionTemplateProblem(t: Record<string, unknown>): string | undefined {
  for (const key of Object.keys(t)) if (!FIELDS.includes(key)) return `unexpected template field "${key}"`;
  if (typeof t.id !== 'string' || !/^[A-Za-z0-9_-]{1,64}$/.test(t.id)) return 'template id must be 1-64 letters, digits, _ or -';
  if (typeof t.name !== 'string' || t.name.trim() === '' || t.name.length > 200) return 'template name must be a non-empty string of at most 200 characters';
  if (typeof t.org !== 'string' || t.org === '') return 'template org is missing';
  if (!Array.isArray(t.modes) || t.modes.some((m) => !SCOPE_MODES.includes(m as ScopeMode)) || new Set(t.modes).size !== t.modes.length) {
    return `template modes must be distinct values from ${SCOPE_MODES.join(', ')}`;
  }
  if (!t.modes.includes('view')) return 'template modes must include "view"';
  if (typeof t.clipboard !== 'boolean' || typeof t.files !== 'boolean') return 'template clipboard and files must be true or false';
  if (!Number.isSafeInteger(t.maxDurationMs) || (t.maxDurationMs as number) < 60_000 || (t.maxDurationMs as number) > MAX_GRANT_DURATION_MS) {
    return `template maxDurationMs must be from 60000 to ${MAX_GRANT_DURATION_MS}`;
  }
  if (!Array.isArray(t.maskTitles) || t.maskTitles.length > MAX_TEMPLATE_MASK_RULES) return `template maskTitles must be a list of at most ${MAX_TEMPLATE_MASK_RULES} patterns`;
  for (const rule of t.maskTitles) {
    if (typeof rule !== 'string' || rule === '' || rule.length > MAX_TEMPLATE_RULE_CHARS) return `each mask title rule must be 1-${MAX_TEMPLATE_RULE_CHARS} characters`;
    try {
      new RegExp(rule, 'i');
    } catch {
      return `mask title rule "${rule}" is not a valid regular expression`;
    }
  }
  if (!Number.isSafeInteger(t.issuedAt) || (t.issuedAt as number) < 0) return 'template issuedAt must be epoch ms';
  if (t.notAfter !== undefined && (!Number.isSafeInteger(t.notAfter) || (t.notAfter as number) <= (t.issuedAt as number))) {
    return 'template notAfter must be epoch ms later than issuedAt';
  }
  return undefined;
}

/** Signs a template with the organisation's root secret key; misuse (bad fields) throws a RangeError. */
export function signPermissionTemplate(rootSecretKey: Uint8Array, fields: PermissionTemplateFields): PermissionTemplate {
  const { notAfter, ...rest } = fields;
  const unsigned = { v: 1 as const, ...rest, modes: [...fields.modes], maskTitles: [...fields.maskTitles], ...(notAfter !== undefined ? { notAfter } : {}) };
  const problem = permissionTemplateProblem(unsigned);
  if (problem) throw new RangeError(problem);
  return { ...unsigned, signature: toBase64(signDetached(templateSigningBytes(unsigned), rootSecretKey)) };
}

export interface TemplateTrust {
  rootPublicKey: Uint8Array;
  org: string;
  /** When given, a template whose notAfter is at or before this time is refused (E_SCOPE_DENIED, "expired"). */
  now?: number;
}

/**
 * Checks shape, organisation, the root signature and (with `now`) the expiry: E_MALFORMED for a bad shape,
 * E_CERT_WRONG_ORG for another organisation's, E_AUTH_FAILED for a bad signature, E_SCOPE_DENIED for an
 * expired one.
 */
export function verifyPermissionTemplate(value: unknown, trust: TemplateTrust): Result<PermissionTemplate> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err('E_MALFORMED', 'a permission template must be a JSON object');
  const t = value as Record<string, unknown>;
  if (t.v !== 1) return err('E_UNSUPPORTED_VERSION', `permission template version ${String(t.v)} is not supported`);
  const problem = permissionTemplateProblem(t);
  if (problem) return err('E_MALFORMED', problem);
  let signature: Uint8Array;
  try {
    signature = typeof t.signature === 'string' ? fromBase64(t.signature) : new Uint8Array(0);
  } catch {
    return err('E_MALFORMED', 'template signature is not base64');
  }
  const template = t as unknown as PermissionTemplate;
  if (template.org !== trust.org) return err('E_CERT_WRONG_ORG', `template belongs to "${template.org}", not "${trust.org}"`);
  if (signature.length !== 64 || !verifyDetached(templateSigningBytes(template), signature, trust.rootPublicKey)) {
    return err('E_AUTH_FAILED', `template "${template.id}" is not signed by the organisation root key`);
  }
  if (trust.now !== undefined && template.notAfter !== undefined && trust.now >= template.notAfter) {
    return err('E_SCOPE_DENIED', `template "${template.id}" expired at ${template.notAfter <= 8.64e15 ? new Date(template.notAfter).toISOString() : `${template.notAfter} ms`}`);
  }
  return ok(template);
}
