// Loads an organisation directory created by `init-org`: its name, root keys and current revocation list.
import { decodeKey, signingPublicKeyOf, verifyRevocationList, type RevocationList } from '@tether/crypto';
import { equalBytes } from '@tether/protocol';
import { CliError } from './cliError';
import { orgPaths, readJson, readKeyFile } from './keyFiles';

export interface OrgDirectory {
  org: string;
  rootPublicKey: Uint8Array;
  revocations: RevocationList;
}

export function loadOrg(dir: string): OrgDirectory {
  const paths = orgPaths(dir);
  const info = readJson(paths.orgJson, 'organisation file');
  if (typeof info !== 'object' || info === null || typeof (info as { org?: unknown }).org !== 'string') {
    throw new CliError(`${paths.orgJson} does not name an organisation`);
  }
  const { org, rootPublicKey: rootText } = info as { org: string; rootPublicKey?: unknown };
  const rootPub = decodeKey(rootText, 'root-pub');
  if (!rootPub.ok) throw new CliError(`${paths.orgJson}: ${rootPub.error.detail ?? rootPub.error.message}`);
  const revocations = verifyRevocationList(readJson(paths.revocations, 'revocation list'), { rootPublicKey: rootPub.value, org });
  if (!revocations.ok) throw new CliError(`${paths.revocations}: ${revocations.error.message}`);
  return { org, rootPublicKey: rootPub.value, revocations: revocations.value };
}

/** The root secret key, checked against the organisation's published root public key. */
export function loadRootSecret(dir: string, org: OrgDirectory): Uint8Array {
  const path = orgPaths(dir).rootSec;
  const secret = readKeyFile(path, 'root-sec');
  if (!equalBytes(signingPublicKeyOf(secret), org.rootPublicKey)) throw new CliError(`${path} does not belong to the root public key in org.json`);
  return secret;
}
