// The consent grant as defined by @tether/protocol (packages/protocol/src/consentGrant.ts), re-exported
// for the input code so its imports stay local.
export type { ConsentGrant, NormRect, ScopeMode, RevocablePermission } from '@tether/protocol';
