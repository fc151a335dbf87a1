// `pnpm console:protect-key --key tech.sec --out tech.vault.json [--force]`: seals a technician secret key
// into a passphrase-protected key vault (PBKDF2-SHA-256 + AES-256-GCM). The passphrase comes from
// TETHER_KEY_PASSPHRASE or is read from stdin (one line). User errors print one line and exit 2.
import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { webcrypto } from 'node:crypto';
import { sealKeyVault, type VaultCrypto } from '../common/keyVault';

function fail(message: string): never {
  console.error(`protect-key: ${message}`);
  process.exit(2);
}

async function readPassphrase(): Promise<string> {
  const fromEnv = process.env.TETHER_KEY_PASSPHRASE;
  if (fromEnv) return fromEnv;
  if (process.stdin.isTTY) process.stderr.write('Passphrase: ');
  const rl = createInterface({ input: process.stdin });
  for await (const line of rl) {
    rl.close();
    return line;
  }
  return '';
}

let values: { key?: string; out?: string; force?: boolean };
try {
  ({ values } = parseArgs({ options: { key: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } } }));
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
if (!values.key || !values.out) fail('usage: --key tech.sec --out tech.vault.json [--force]');
if (existsSync(values.out) && !values.force) fail(`${values.out} exists; pass --force to overwrite it`);
const keyText = await readFile(values.key, 'utf8').catch(() => fail(`cannot read ${values.key}`));
try {
  const vault = await sealKeyVault(keyText, await readPassphrase(), webcrypto as unknown as VaultCrypto);
  await writeFile(values.out, `${JSON.stringify(vault, null, 2)}\n`, { mode: 0o600, flag: values.force ? 'w' : 'wx' });
  console.log(`wrote ${values.out} (PBKDF2-SHA-256, ${vault.kdf.iterations} iterations, AES-256-GCM)`);
} catch (e) {
  fail(e instanceof Error ? e.message : String(e));
}
