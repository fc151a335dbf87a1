// `export-root --root DIR`: prints what agents and relays pin: the organisation name and root public key.
import { encodeKey } from '@tether/crypto';
import { parseFlags, requireString } from '../args';
import { loadOrg } from '../orgDirectory';

export function exportRoot(argv: string[]): string {
  const args = parseFlags(argv, { root: { type: 'string' } }, 'export-root');
  const org = loadOrg(requireString(args, 'root', 'export-root'));
  return JSON.stringify({ org: org.org, rootPublicKey: encodeKey('root-pub', org.rootPublicKey) }, null, 2);
}
