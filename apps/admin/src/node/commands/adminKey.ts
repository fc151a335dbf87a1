// `admin-key --out DIR [--force]`: an ed25519 key pair that signs admin requests to the relay's archive API.
// admin.sec (0600) stays with the admin; admin.pub goes into the relay's archive configuration.
import { generateTechnicianKeyPair } from '@tether/crypto';
import { encodeAdminKey } from '@tether/recording';
import { join } from 'node:path';
import { parseFlags, requireString } from '../args';
import { writeOutputFiles } from '../keyFiles';

export function adminKey(argv: string[]): string {
  const args = parseFlags(argv, { out: { type: 'string' }, force: { type: 'boolean' } }, 'admin-key');
  const out = requireString(args, 'out', 'admin-key');
  const pair = generateTechnicianKeyPair();
  const publicText = encodeAdminKey('admin-pub', pair.publicKey);
  writeOutputFiles(out, [
    { path: join(out, 'admin.sec'), content: `${encodeAdminKey('admin-sec', pair.secretKey)}\n`, secret: true },
    { path: join(out, 'admin.pub'), content: `${publicText}\n`, secret: false },
  ], args.flags.force === true);
  return [`admin key pair written to ${out} (admin.sec is mode 0600)`, `admin public key: ${publicText}`,
    'add the public key to the relay archive configuration (archive.organisations[].adminKeys)'].join('\n');
}
