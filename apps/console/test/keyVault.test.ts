import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeKey, generateTechnicianKeyPair } from '@tether/crypto';
import { MIN_VAULT_ITERATIONS, openKeyVault, parseKeyVault, sealKeyVault, type VaultCrypto } from '../src/common/keyVault';

const wc = webcrypto as unknown as VaultCrypto;
const pair = generateTechnicianKeyPair();
const keyText = encodeKey('tech-sec', pair.secretKey);

describe('key vault', () => {
  it('opens with the right passphrase and returns the secret key', async () => {
    const vault = await sealKeyVault(keyText, 'a long passphrase', wc, MIN_VAULT_ITERATIONS);
    expect(vault.kdf).toMatchObject({ name: 'PBKDF2-SHA-256', iterations: MIN_VAULT_ITERATIONS });
    expect(JSON.stringify(vault)).not.toContain(keyText.split(':')[2]);
    expect(await openKeyVault(JSON.parse(JSON.stringify(vault)), 'a long passphrase', wc)).toEqual(pair.secretKey);
  });

  it('refuses a wrong passphrase and an edited header with E_AUTH_FAILED', async () => {
    const vault = await sealKeyVault(keyText, 'a long passphrase', wc, MIN_VAULT_ITERATIONS);
    await expect(openKeyVault(vault, 'a long passphrasf', wc)).rejects.toMatchObject({ code: 'E_AUTH_FAILED', message: expect.stringContaining('wrong passphrase') });
    await expect(openKeyVault({ ...vault, kdf: { ...vault.kdf, iterations: MIN_VAULT_ITERATIONS + 1 } }, 'a long passphrase', wc)).rejects.toMatchObject({ code: 'E_AUTH_FAILED' });
  });

  it('refuses malformed vaults, weak settings and things that are not technician keys', async () => {
    expect(() => parseKeyVault({ kind: 'something' })).toThrow(expect.objectContaining({ code: 'E_MALFORMED' }));
    const vault = await sealKeyVault(keyText, 'a long passphrase', wc, MIN_VAULT_ITERATIONS);
    expect(() => parseKeyVault({ ...vault, kdf: { ...vault.kdf, iterations: 1000 } })).toThrow(/iteration count/);
    expect(() => parseKeyVault({ ...vault, cipher: { ...vault.cipher, iv: 'AAAA' } })).toThrow(/bad field length/);
    await expect(sealKeyVault(keyText, 'short', wc, MIN_VAULT_ITERATIONS)).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    await expect(sealKeyVault(encodeKey('tech-pub', pair.publicKey), 'a long passphrase', wc)).rejects.toMatchObject({ code: 'E_BAD_ARGUMENT' });
    await expect(sealKeyVault(keyText, 'a long passphrase', wc, 1000)).rejects.toThrow(RangeError);
  });
});
