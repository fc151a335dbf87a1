// Opens the recording archive the relay config describes (or none): index in SQLite (archiveDir) or
// PostgreSQL (archivePostgresUrl), blobs in a folder (archiveDir/hot, archiveDir/cold) or S3, organisations
// from the relay's own org + archiveAdminKeys and/or archiveOrganisationsFile.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeKey } from '@tether/crypto';
import { TetherError } from '@tether/protocol';
import { decodeAdminKey } from '@tether/recording';
import type { RelayConfig } from '../config';
import type { ArchiveOrganisation } from './archiveAuth';
import type { ArchiveIndex } from './archiveIndex';
import type { BlobStore } from './blobStore';
import { FolderBlobStore } from './folderBlobStore';
import { createRelayArchive, type RelayArchive } from './index';
import { PostgresIndex } from './postgresIndex';
import { S3BlobStore } from './s3BlobStore';
import { SqliteIndex } from './sqliteIndex';

type ArchiveConfig = Pick<RelayConfig, 'org' | 'rootPublicKey' | 'revokedSerials'> & Pick<RelayConfig, Extract<keyof RelayConfig, `archive${string}`>>;

export function archiveConfigured(config: ArchiveConfig): boolean {
  return config.archiveDir !== '' || config.archivePostgresUrl !== '';
}

function bad(what: string, problem: string): TetherError {
  return new TetherError('E_BAD_ARGUMENT', `relay archive ${what}: ${problem}`);
}

function organisation(entry: unknown, where: string): ArchiveOrganisation {
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) throw bad(where, 'each organisation must be a JSON object');
  const e = entry as Record<string, unknown>;
  if (typeof e.org !== 'string' || e.org === '') throw bad(where, 'org must be a non-empty string');
  const root = decodeKey(e.rootPublicKey, 'root-pub');
  if (!root.ok) throw bad(where, `rootPublicKey of "${e.org}": ${root.error.detail ?? root.error.message}`);
  const adminKeys = e.adminKeys ?? [];
  if (!Array.isArray(adminKeys) || adminKeys.some((k) => typeof k !== 'string')) throw bad(where, `adminKeys of "${e.org}" must be a list of strings`);
  for (const key of adminKeys as string[]) {
    const decoded = decodeAdminKey(key, 'admin-pub');
    if (!decoded.ok) throw bad(where, `admin key of "${e.org}": ${decoded.error.detail ?? decoded.error.message}`);
  }
  const revoked = e.revokedSerials ?? [];
  if (!Array.isArray(revoked) || revoked.some((k) => typeof k !== 'string')) throw bad(where, `revokedSerials of "${e.org}" must be a list of strings`);
  return { org: e.org, rootPublicKey: root.value, adminKeys: adminKeys as string[], revokedSerials: revoked as string[] };
}

/** The organisations whose archives this relay serves, validated (E_BAD_ARGUMENT naming the problem). */
export function archiveOrganisations(config: ArchiveConfig): ArchiveOrganisation[] {
  const out: ArchiveOrganisation[] = [];
  if (config.archiveAdminKeys.length > 0) {
    out.push(organisation({ org: config.org, rootPublicKey: config.rootPublicKey, adminKeys: config.archiveAdminKeys, revokedSerials: config.revokedSerials }, 'archiveAdminKeys'));
  }
  if (config.archiveOrganisationsFile !== '') {
    const file = config.archiveOrganisationsFile;
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw bad(`organisations file ${file}`, `could not be read as JSON: ${(e as Error).message}`);
    }
    if (!Array.isArray(parsed)) throw bad(`organisations file ${file}`, 'must hold a JSON list');
    for (const entry of parsed) {
      const o = organisation(entry, `organisations file ${file}`);
      if (out.some((p) => p.org === o.org)) throw bad(`organisations file ${file}`, `organisation "${o.org}" is configured twice`);
      out.push(o);
    }
  }
  return out;
}

/** Opens stores and starts the retention job; undefined when the config enables no archive. */
export async function openArchiveFromConfig(config: ArchiveConfig): Promise<RelayArchive | undefined> {
  if (!archiveConfigured(config)) return undefined;
  const organisations = archiveOrganisations(config);
  if (config.archiveDir !== '') mkdirSync(config.archiveDir, { recursive: true, mode: 0o700 });
  const blobs: BlobStore = config.archiveS3Endpoint !== ''
    ? new S3BlobStore({
      endpoint: config.archiveS3Endpoint, region: config.archiveS3Region, bucket: config.archiveS3Bucket,
      accessKeyId: config.archiveS3AccessKeyId, secretAccessKey: config.archiveS3SecretAccessKey,
      ...(config.archiveS3ColdBucket ? { coldBucket: config.archiveS3ColdBucket } : {}),
    })
    : new FolderBlobStore(join(config.archiveDir, 'hot'), join(config.archiveDir, 'cold'));
  let index: ArchiveIndex;
  try {
    index = config.archivePostgresUrl !== '' ? await PostgresIndex.connect(config.archivePostgresUrl) : new SqliteIndex(join(config.archiveDir, 'index.sqlite'));
  } catch (e) {
    await blobs.close();
    throw e;
  }
  return createRelayArchive({ index, blobs, organisations, retentionIntervalMs: config.archiveRetentionIntervalMs });
}
