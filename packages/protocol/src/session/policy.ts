// Policy messages: the technician hands the agent its organisation's signed permission template right after
// the handshake. The protocol only bounds the shape; the agent checks the organisation root's signature
// (@tether/recording verifyPermissionTemplate) and clamps every consent answer to it.
import { MAX_GRANT_DURATION_MS, SCOPE_MODES, type ScopeMode } from '../consentGrant';
import { jsonCodec } from './codec';
import { TEMPLATE_ID_PATTERN } from './handshake';
import { epochMsField, type ObjectSpec } from './schema';

/**
 * A permission template as it travels (field meanings: docs/archive.md, "Permission templates"); signed and
 * verified by @tether/recording, which uses this same type.
 */
export interface WirePermissionTemplate {
  v: 1;
  id: string;
  name: string;
  org: string;
  /** scopes a technician may be granted; always includes 'view' */
  modes: ScopeMode[];
  clipboard: boolean;
  files: boolean;
  /** upper bound of a grant's duration (<= the protocol's 2 h) */
  maxDurationMs: number;
  /** regular-expression sources, matched case-insensitively against window titles; matches are masked */
  maskTitles: string[];
  /** epoch ms */
  issuedAt: number;
  /**
   * Optional expiry (epoch ms, exclusive): the agent refuses the template from then on, so an older, looser
   * signed version cannot be replayed forever. Templates signed before this field existed have none.
   */
  notAfter?: number;
  /** base64 ed25519 signature by the organisation root key */
  signature: string;
}

export interface PolicyTemplateMessage {
  v: number;
  type: 'policy.template';
  template: WirePermissionTemplate;
}

export type PolicyMessage = PolicyTemplateMessage;

export const MAX_TEMPLATE_MASK_RULES = 64;
export const MAX_TEMPLATE_RULE_CHARS = 200;

const TEMPLATE_FIELDS: ObjectSpec = {
  v: { kind: 'literal', value: 1 },
  id: { kind: 'string', min: 1, max: 64, pattern: TEMPLATE_ID_PATTERN },
  name: { kind: 'string', min: 1, max: 200 },
  org: { kind: 'string', min: 1, max: 128 },
  modes: { kind: 'array', of: { kind: 'enum', values: SCOPE_MODES }, min: 1, max: SCOPE_MODES.length },
  clipboard: { kind: 'bool' },
  files: { kind: 'bool' },
  maxDurationMs: { kind: 'int', min: 60_000, max: MAX_GRANT_DURATION_MS },
  maskTitles: { kind: 'array', of: { kind: 'string', min: 1, max: MAX_TEMPLATE_RULE_CHARS }, max: MAX_TEMPLATE_MASK_RULES },
  issuedAt: epochMsField,
  notAfter: { ...epochMsField, optional: true },
  signature: { kind: 'string', min: 88, max: 88, pattern: /^[A-Za-z0-9+/]{86}==$/ },
};

function templateProblem(t: Record<string, unknown>): string | undefined {
  const modes = t.modes as string[];
  if (new Set(modes).size !== modes.length) return 'template modes must be distinct';
  if (!modes.includes('view')) return 'template modes must include view';
  if (typeof t.notAfter === 'number' && t.notAfter <= (t.issuedAt as number)) return 'template notAfter must be later than issuedAt';
  return undefined;
}

export const policyCodecs = {
  'policy.template': jsonCodec<PolicyTemplateMessage>('policy.template', 0x80, {
    template: { kind: 'object', fields: TEMPLATE_FIELDS, refine: templateProblem },
  }),
};
