// The configuration baked into the one-time agent at build time (organisation root key, relay URL,
// organisation name). Parsed strictly: a build with a malformed resource refuses to start.
import { decodeKey } from '@tether/crypto';
import { err, ok, parseUrl, type Result } from '@tether/protocol';

export const BAKED_CONFIG_FILE = 'tether-agent-config.json';

export interface BakedAgentConfig {
  v: 1;
  rootPublicKey: string;
  relayUrl: string;
  org: string;
  /** The organisation uses permission templates: the agent refuses consent until a valid one arrives. */
  requireTemplate?: boolean;
}

export function parseBakedConfig(value: unknown): Result<BakedAgentConfig> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err('E_BAD_ARGUMENT', 'agent config must be an object');
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => !['v', 'rootPublicKey', 'relayUrl', 'org', 'requireTemplate'].includes(k));
  if (extra.length) return err('E_BAD_ARGUMENT', `agent config has unknown fields: ${extra.join(', ')}`);
  if (v.requireTemplate !== undefined && typeof v.requireTemplate !== 'boolean') return err('E_BAD_ARGUMENT', 'requireTemplate must be true or false');
  if (v.v !== 1) return err('E_BAD_ARGUMENT', 'agent config version must be 1');
  const key = checkRootKey(v.rootPublicKey);
  if (!key.ok) return key;
  const relay = checkRelayUrl(v.relayUrl);
  if (!relay.ok) return relay;
  if (typeof v.org !== 'string' || v.org.length < 1 || v.org.length > 200) return err('E_BAD_ARGUMENT', 'organisation name must be 1..200 characters');
  return ok({ v: 1, rootPublicKey: key.value, relayUrl: relay.value, org: v.org, ...(v.requireTemplate === true ? { requireTemplate: true } : {}) });
}

/** `tether:root-pub:<base64 of 32 bytes>`; a key of another kind is named in the error. */
export function checkRootKey(value: unknown): Result<string> {
  if (typeof value !== 'string') return err('E_BAD_ARGUMENT', 'organisation root key must look like tether:root-pub:<base64 of 32 bytes>');
  const decoded = decodeKey(value.trim(), 'root-pub');
  if (!decoded.ok) return err('E_BAD_ARGUMENT', `organisation root key: ${decoded.error.detail ?? decoded.error.message}`);
  return ok(value.trim());
}

/** wss:// anywhere, ws:// only to loopback (development). */
export function checkRelayUrl(value: unknown): Result<string> {
  if (typeof value !== 'string') return err('E_BAD_ARGUMENT', 'relay URL must be a string');
  const url = parseUrl(value.trim());
  if (!url) return err('E_BAD_ARGUMENT', `relay URL is not a URL: ${value.slice(0, 100)}`);
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'wss:' && !(url.protocol === 'ws:' && loopback)) return err('E_BAD_ARGUMENT', 'relay URL must use wss:// (ws:// only to this machine)');
  if (url.username || url.password) return err('E_BAD_ARGUMENT', 'relay URL must not carry credentials');
  return ok(url.href);
}
