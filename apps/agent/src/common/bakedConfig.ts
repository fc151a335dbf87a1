// The configuration baked into the one-time agent at build time (organisation root key, relay URL,
// organisation name). Parsed strictly: a build with a malformed resource refuses to start.
import { err, ok, type Result } from '@tether/protocol';

export const BAKED_CONFIG_FILE = 'tether-agent-config.json';
export const ROOT_KEY_PATTERN = /^tether:root-pub:[A-Za-z0-9+/]{43}=$/;

export interface BakedAgentConfig {
  v: 1;
  rootPublicKey: string;
  relayUrl: string;
  org: string;
}

export function parseBakedConfig(value: unknown): Result<BakedAgentConfig> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err('E_BAD_ARGUMENT', 'agent config must be an object');
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => !['v', 'rootPublicKey', 'relayUrl', 'org'].includes(k));
  if (extra.length) return err('E_BAD_ARGUMENT', `agent config has unknown fields: ${extra.join(', ')}`);
  if (v.v !== 1) return err('E_BAD_ARGUMENT', 'agent config version must be 1');
  const key = checkRootKey(v.rootPublicKey);
  if (!key.ok) return key;
  const relay = checkRelayUrl(v.relayUrl);
  if (!relay.ok) return relay;
  if (typeof v.org !== 'string' || v.org.length < 1 || v.org.length > 200) return err('E_BAD_ARGUMENT', 'organisation name must be 1..200 characters');
  return ok({ v: 1, rootPublicKey: key.value, relayUrl: relay.value, org: v.org });
}

/** `tether:root-pub:<base64 of 32 bytes>`. */
export function checkRootKey(value: unknown): Result<string> {
  if (typeof value !== 'string' || !ROOT_KEY_PATTERN.test(value)) return err('E_BAD_ARGUMENT', 'organisation root key must look like tether:root-pub:<base64 of 32 bytes>');
  return ok(value);
}

/** wss:// anywhere, ws:// only to loopback (development). */
export function checkRelayUrl(value: unknown): Result<string> {
  if (typeof value !== 'string') return err('E_BAD_ARGUMENT', 'relay URL must be a string');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return err('E_BAD_ARGUMENT', `relay URL is not a URL: ${value.slice(0, 100)}`);
  }
  const loopback = url.hostname === '127.0.0.1' || url.hostname === 'localhost' || url.hostname === '[::1]';
  if (url.protocol !== 'wss:' && !(url.protocol === 'ws:' && loopback)) return err('E_BAD_ARGUMENT', 'relay URL must use wss:// (ws:// only for loopback)');
  if (url.username || url.password) return err('E_BAD_ARGUMENT', 'relay URL must not carry credentials');
  return ok(url.toString());
}
