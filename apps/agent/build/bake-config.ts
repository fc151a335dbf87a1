// Bakes the organisation's settings into the one-time agent at build time: reads TETHER_ORG_ROOT_KEY
// (`tether:root-pub:<base64>`), TETHER_RELAY_URL (wss://...) and TETHER_ORG, validates them and writes
// dist/baked/tether-agent-config.json, which electron-builder ships as an extra resource.
// Usage: TETHER_ORG_ROOT_KEY=... TETHER_RELAY_URL=... TETHER_ORG=... tsx apps/agent/build/bake-config.ts [outFile]
import { decodeKey } from '@tether/crypto';
import { err, ok, type Result } from '@tether/protocol';
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BAKED_CONFIG_FILE, parseBakedConfig, type BakedAgentConfig } from '../src/common/bakedConfig';

export const DEFAULT_BAKED_CONFIG_PATH = fileURLToPath(new URL(`../dist/baked/${BAKED_CONFIG_FILE}`, import.meta.url));

export function bakedConfigFromEnv(env: Readonly<Record<string, string | undefined>>): Result<BakedAgentConfig> {
  const rootPublicKey = env.TETHER_ORG_ROOT_KEY?.trim();
  const relayUrl = env.TETHER_RELAY_URL?.trim();
  const org = env.TETHER_ORG?.trim();
  if (!rootPublicKey) return err('E_BAD_ARGUMENT', 'TETHER_ORG_ROOT_KEY is not set (tether:root-pub:<base64>, from tether-admin export-root)');
  if (!relayUrl) return err('E_BAD_ARGUMENT', 'TETHER_RELAY_URL is not set (wss://relay.example.org)');
  if (!org) return err('E_BAD_ARGUMENT', 'TETHER_ORG is not set (the organisation name in technician certificates)');
  const key = decodeKey(rootPublicKey, 'root-pub');
  if (!key.ok) return err('E_BAD_ARGUMENT', `TETHER_ORG_ROOT_KEY: ${key.error.detail ?? key.error.message}`);
  if (key.value.length !== 32) return err('E_BAD_ARGUMENT', 'TETHER_ORG_ROOT_KEY must hold a 32-byte ed25519 public key');
  const requireTemplate = env.TETHER_REQUIRE_TEMPLATE?.trim();
  if (requireTemplate !== undefined && requireTemplate !== '' && requireTemplate !== '0' && requireTemplate !== '1') return err('E_BAD_ARGUMENT', 'TETHER_REQUIRE_TEMPLATE must be 1 or 0');
  const parsed = parseBakedConfig({ v: 1, rootPublicKey, relayUrl, org, ...(requireTemplate === '1' ? { requireTemplate: true } : {}) });
  return parsed.ok ? ok(parsed.value) : parsed;
}

export async function writeBakedConfig(config: BakedAgentConfig, outFile = DEFAULT_BAKED_CONFIG_PATH): Promise<string> {
  await mkdir(dirname(outFile), { recursive: true });
  await writeFile(outFile, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o644 });
  return outFile;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const config = bakedConfigFromEnv(process.env);
  if (!config.ok) {
    console.error(`bake-config: ${config.error.message}`);
    process.exit(1);
  }
  writeBakedConfig(config.value, process.argv[2] ? resolve(process.argv[2]) : undefined).then(
    (file) => console.log(`bake-config: wrote ${file}`),
    (e: unknown) => {
      console.error(`bake-config: ${e instanceof Error ? e.message : String(e)}`);
      process.exit(1);
    },
  );
}
