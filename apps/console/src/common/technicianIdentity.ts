// Sign-in: the technician's certificate (certificate.json from `tether-admin issue`) and secret key
// (a key vault protected by a passphrase, or — for tests and first use — the plain key text) must belong
// together and be valid now. Failures are TetherErrors with a message the technician can act on.
import { decodeKey, parseCertificate, signingPublicKeyOf, type TechnicianCertificate } from '@tether/crypto';
import { TetherError, equalBytes, fromBase64 } from '@tether/protocol';
import { openKeyVault, VAULT_KIND, type VaultCrypto } from './keyVault';
import type { TechnicianIdentity } from './technicianSession';
import type { SignedInTechnician } from './stores/sessionStore';

function parseJson(text: string, what: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new TetherError('E_MALFORMED', `${what} is not valid JSON`);
  }
}

export function readCertificate(text: string): TechnicianCertificate {
  const parsed = parseCertificate(parseJson(text, 'the certificate file'));
  if (!parsed.ok) throw new TetherError('E_MALFORMED', `the certificate file is not a Tether certificate: ${parsed.problem}`);
  return parsed.cert;
}

/** Opens the key file: a vault (JSON) needs the passphrase; plain key text is accepted as is. */
export async function readSecretKey(text: string, passphrase: string, webCrypto: VaultCrypto): Promise<Uint8Array> {
  const trimmed = text.trim();
  if (trimmed.startsWith('{')) {
    const vault = parseJson(trimmed, 'the key file');
    if ((vault as { kind?: unknown }).kind !== VAULT_KIND) throw new TetherError('E_MALFORMED', 'the key file is neither a key vault nor a technician key');
    if (!passphrase) throw new TetherError('E_AUTH_FAILED', 'enter the passphrase of your key vault');
    return openKeyVault(vault, passphrase, webCrypto);
  }
  const key = decodeKey(trimmed, 'tech-sec');
  if (!key.ok) throw new TetherError('E_MALFORMED', `the key file is not a technician key: ${key.error.detail ?? key.error.message}`);
  return key.value;
}

export async function signIn(certificateText: string, keyText: string, passphrase: string, webCrypto: VaultCrypto, now: number): Promise<{ identity: TechnicianIdentity; who: SignedInTechnician }> {
  const certificate = readCertificate(certificateText);
  const secretKey = await readSecretKey(keyText, passphrase, webCrypto);
  if (!equalBytes(signingPublicKeyOf(secretKey), fromBase64(certificate.techPub))) {
    throw new TetherError('E_AUTH_FAILED', 'this key does not belong to this certificate');
  }
  if (now < certificate.notBefore) throw new TetherError('E_CERT_NOT_YET_VALID', `the certificate is valid from ${new Date(certificate.notBefore).toISOString()}`);
  if (now >= certificate.notAfter) throw new TetherError('E_CERT_EXPIRED', `the certificate expired on ${new Date(certificate.notAfter).toISOString()}; ask your administrator for a new one`);
  const { name, employeeNo, department, org, serial, notAfter } = certificate;
  return { identity: { certificate, secretKey }, who: { name, employeeNo, department, org, serial, notAfter } };
}
