// `init-org --org NAME --out DIR [--force]`: root key pair, archive key pair and an empty signed revocation list.
import { encodeKey, generateArchiveKeyPair, generateRootKeyPair, issueRevocationList } from '@tether/crypto';
import { parseFlags, requireString } from '../args';
import { orgPaths, writeOutputFiles } from '../keyFiles';

export function initOrg(argv: string[]): string {
  const args = parseFlags(argv, { org: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean' } }, 'init-org');
  const org = requireString(args, 'org', 'init-org').trim();
  const out = requireString(args, 'out', 'init-org');
  const root = generateRootKeyPair();
  const archive = generateArchiveKeyPair();
  const revocations = issueRevocationList(root.secretKey, { org, issuedAt: Date.now(), serials: [] });
  const paths = orgPaths(out);
  const rootPub = encodeKey('root-pub', root.publicKey);
  const archivePub = encodeKey('archive-pub', archive.publicKey);
  writeOutputFiles(out, [
    { path: paths.rootSec, content: `${encodeKey('root-sec', root.secretKey)}\n`, secret: true },
    { path: paths.archiveSec, content: `${encodeKey('archive-sec', archive.secretKey)}\n`, secret: true },
    { path: paths.rootPub, content: `${rootPub}\n`, secret: false },
    { path: paths.archivePub, content: `${archivePub}\n`, secret: false },
    { path: paths.orgJson, content: `${JSON.stringify({ org, rootPublicKey: rootPub, archivePublicKey: archivePub }, null, 2)}\n`, secret: false },
    { path: paths.revocations, content: `${JSON.stringify(revocations, null, 2)}\n`, secret: false },
  ], args.flags.force === true);
  return [`organisation "${org}" created in ${out}`, `root public key: ${rootPub}`, `archive public key: ${archivePub}`,
    'keep root.sec and archive.sec offline; they are written with mode 0600'].join('\n');
}
