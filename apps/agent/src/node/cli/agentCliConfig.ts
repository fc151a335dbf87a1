// Where the headless agent gets the organisation's pinned root key, relay URL and organisation name:
// flags, else environment (TETHER_ORG_ROOT_KEY, TETHER_RELAY_URL, TETHER_ORG: the names bake-config
// reads), else a config file in the baked format ({ v: 1, rootPublicKey, relayUrl, org }) named by
// --config or TETHER_AGENT_CONFIG, else the file bake-config wrote for this build. Every value is
// checked here so a mistake fails with one clear line before anything connects.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { err, ok, type Result } from '@tether/protocol';
import { checkRelayUrl, checkRootKey } from '../../common/bakedConfig';
import type { CliArguments } from './cliArguments';

export const BAKED_CONFIG_FILE_NAME = 'tether-agent-config.json';
/** Where apps/agent/build/bake-config.ts writes by default. */
export const DEFAULT_BAKED_CONFIG_PATH = fileURLToPath(new URL(`../../../dist/baked/${BAKED_CONFIG_FILE_NAME}`, import.meta.url));

export interface AgentCliConfig {
  relayUrl: string;
  rootPublicKey: string;
  org: string;
  /** From --require-template or the config file: refuse consent until a valid permission template arrives. */
  requireTemplate: boolean;
}

type Partial3 = Partial<Omit<AgentCliConfig, 'requireTemplate'>> & { requireTemplate?: boolean };

export async function resolveAgentConfig(args: Pick<CliArguments, 'relay' | 'rootKey' | 'org' | 'config'> & { requireTemplate?: boolean }, env: Readonly<Record<string, string | undefined>>, defaultConfigPath = DEFAULT_BAKED_CONFIG_PATH): Promise<Result<AgentCliConfig>> {
  const named = args.config ?? env.TETHER_AGENT_CONFIG;
  const path = named ?? (existsSync(defaultConfigPath) ? defaultConfigPath : undefined);
  let fromFile: Partial3 = {};
  if (path) {
    const loaded = await loadConfigFile(path);
    if (!loaded.ok) return loaded;
    fromFile = loaded.value;
  }
  const pick = (flag: string | undefined, envName: string, file: string | undefined) => flag ?? (env[envName]?.trim() || undefined) ?? file;
  const rootKey = pick(args.rootKey, 'TETHER_ORG_ROOT_KEY', fromFile.rootPublicKey);
  const relay = pick(args.relay, 'TETHER_RELAY_URL', fromFile.relayUrl);
  const org = pick(args.org, 'TETHER_ORG', fromFile.org);
  if (!rootKey) return err('E_BAD_ARGUMENT', 'no organisation root key: pass --root-key tether:root-pub:... (from tether-admin export-root) or a --config file');
  const key = checkRootKey(rootKey);
  if (!key.ok) return key;
  if (!relay) return err('E_BAD_ARGUMENT', 'no relay URL: pass --relay wss://... or a --config file');
  const url = checkRelayUrl(relay);
  if (!url.ok) return url;
  if (!org) return err('E_BAD_ARGUMENT', 'no organisation name: pass --org NAME or a --config file');
  if (org.length > 200) return err('E_BAD_ARGUMENT', 'organisation name must be 1..200 characters');
  // A template requirement can be added by a flag or the file, never taken away by a flag.
  return ok({ rootPublicKey: key.value, relayUrl: url.value, org, requireTemplate: args.requireTemplate === true || fromFile.requireTemplate === true });
}

async function loadConfigFile(path: string): Promise<Result<Partial3>> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    return err('E_BAD_ARGUMENT', `cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return err('E_BAD_ARGUMENT', `config file ${path} is not JSON`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return err('E_BAD_ARGUMENT', `config file ${path} must hold an object`);
  const v = value as Record<string, unknown>;
  const extra = Object.keys(v).filter((k) => !['v', 'rootPublicKey', 'relayUrl', 'org', 'requireTemplate'].includes(k));
  if (extra.length) return err('E_BAD_ARGUMENT', `config file ${path} has unknown fields: ${extra.join(', ')}`);
  if (v.v !== 1) return err('E_BAD_ARGUMENT', `config file ${path}: version must be 1`);
  if (v.requireTemplate !== undefined && typeof v.requireTemplate !== 'boolean') return err('E_BAD_ARGUMENT', `config file ${path}: requireTemplate must be true or false`);
  const out: Partial3 = v.requireTemplate === true ? { requireTemplate: true } : {};
  for (const field of ['rootPublicKey', 'relayUrl', 'org'] as const) {
    const f = v[field];
    if (f === undefined) continue;
    if (typeof f !== 'string') return err('E_BAD_ARGUMENT', `config file ${path}: ${field} must be a string`);
    out[field] = f;
  }
  return ok(out);
}
