// Relay configuration: defaults < JSON file (--config <path> or TETHER_RELAY_CONFIG) < environment
// (TETHER_RELAY_<KEY_IN_SNAKE_CASE>) < explicit overrides. Every key is validated; a bad value is a
// TetherError E_BAD_ARGUMENT naming the key and where it came from.
import { readFileSync } from 'node:fs';
import { TetherError } from '@tether/protocol';

export interface RelayConfig {
  host: string;
  port: number;
  /** Base URL for invite links (`${publicUrl}/join#<code>`); default http://<host>:<port>. */
  publicUrl: string;
  /** WebSocket URL other nodes send clients to for sessions held here; default ws://<host>:<port>/relay. */
  nodeUrl: string;
  org: string;
  /** `tether:root-pub:<base64>`; without it technicians cannot create sessions. */
  rootPublicKey: string;
  revokedSerials: string[];
  maxPayloadBytes: number;
  codeDigits: number;
  codeTtlMs: number;
  handshakeTimeoutMs: number;
  idleTimeoutMs: number;
  sessionMaxMs: number;
  rejoinGraceMs: number;
  heartbeatMs: number;
  sweepIntervalMs: number;
  videoHighWaterBytes: number;
  maxQueuedVideoBytes: number;
  bulkPauseBytes: number;
  bulkResumeBytes: number;
  hardBufferLimitBytes: number;
  failureWindowMs: number;
  freeFailures: number;
  baseDelayMs: number;
  maxDelayMs: number;
  lockoutFailures: number;
  globalFailureBudget: number;
  globalWindowMs: number;
  maxConnectionsPerIp: number;
  trustedProxies: string[];
  /** `memory` (default, one node) or a redis:// URL shared by all nodes. */
  store: string;
  storeKeyPrefix: string;
  /**
   * Recording archive (off while both archiveDir and archivePostgresUrl are empty). archiveDir holds the
   * SQLite index (index.sqlite) and the blob folders hot/ and cold/ unless PostgreSQL / S3 replace them.
   */
  archiveDir: string;
  /** postgres:// URL of the shared archive index (several relays); empty = SQLite in archiveDir. */
  archivePostgresUrl: string;
  /** S3 endpoint (path-style) for the archive's blobs; empty = the folder in archiveDir. */
  archiveS3Endpoint: string;
  archiveS3Region: string;
  archiveS3Bucket: string;
  /** cold-storage bucket; empty = the same bucket under cold/ */
  archiveS3ColdBucket: string;
  archiveS3AccessKeyId: string;
  archiveS3SecretAccessKey: string;
  /** Admin public keys (`tether:admin-pub:...`) for this relay's own org (org + rootPublicKey). */
  archiveAdminKeys: string[];
  /** JSON file: [{org, rootPublicKey: "tether:root-pub:...", adminKeys: [...], revokedSerials?: [...]}] (more organisations). */
  archiveOrganisationsFile: string;
  /** How often the retention job runs (default hourly). */
  archiveRetentionIntervalMs: number;
  /** Folder of the permission template directory (/templates/v1); empty = no directory. */
  templatesDir: string;
}

type Kind = 'string' | 'int' | 'list';
const KINDS: Record<keyof RelayConfig, Kind> = {
  host: 'string', port: 'int', publicUrl: 'string', nodeUrl: 'string', org: 'string', rootPublicKey: 'string',
  revokedSerials: 'list', maxPayloadBytes: 'int', codeDigits: 'int', codeTtlMs: 'int', handshakeTimeoutMs: 'int',
  idleTimeoutMs: 'int', sessionMaxMs: 'int', rejoinGraceMs: 'int', heartbeatMs: 'int', sweepIntervalMs: 'int',
  videoHighWaterBytes: 'int', maxQueuedVideoBytes: 'int', bulkPauseBytes: 'int', bulkResumeBytes: 'int',
  hardBufferLimitBytes: 'int', failureWindowMs: 'int', freeFailures: 'int', baseDelayMs: 'int', maxDelayMs: 'int',
  lockoutFailures: 'int', globalFailureBudget: 'int', globalWindowMs: 'int', maxConnectionsPerIp: 'int',
  trustedProxies: 'list', store: 'string', storeKeyPrefix: 'string',
  archiveDir: 'string', archivePostgresUrl: 'string', archiveS3Endpoint: 'string', archiveS3Region: 'string',
  archiveS3Bucket: 'string', archiveS3ColdBucket: 'string', archiveS3AccessKeyId: 'string', archiveS3SecretAccessKey: 'string',
  archiveAdminKeys: 'list', archiveOrganisationsFile: 'string', archiveRetentionIntervalMs: 'int',
  templatesDir: 'string',
};

const MIN = 60_000;
export const DEFAULT_RELAY_CONFIG: RelayConfig = {
  host: '127.0.0.1',
  port: 8787,
  publicUrl: '',
  nodeUrl: '',
  org: 'tether-dev',
  rootPublicKey: '',
  revokedSerials: [],
  maxPayloadBytes: 1024 * 1024,
  codeDigits: 10,
  codeTtlMs: 5 * MIN,
  handshakeTimeoutMs: 10_000,
  idleTimeoutMs: 5 * MIN,
  sessionMaxMs: 130 * MIN,
  rejoinGraceMs: 30_000,
  heartbeatMs: 15_000,
  sweepIntervalMs: 1000,
  videoHighWaterBytes: 256 * 1024,
  maxQueuedVideoBytes: 512 * 1024,
  bulkPauseBytes: 1024 * 1024,
  bulkResumeBytes: 256 * 1024,
  hardBufferLimitBytes: 16 * 1024 * 1024,
  failureWindowMs: 15 * MIN,
  freeFailures: 3,
  baseDelayMs: 250,
  maxDelayMs: 8000,
  lockoutFailures: 10,
  globalFailureBudget: 1000,
  globalWindowMs: MIN,
  maxConnectionsPerIp: 64,
  trustedProxies: [],
  store: 'memory',
  storeKeyPrefix: 'tether:relay:',
  archiveDir: '',
  archivePostgresUrl: '',
  archiveS3Endpoint: '',
  archiveS3Region: 'us-east-1',
  archiveS3Bucket: '',
  archiveS3ColdBucket: '',
  archiveS3AccessKeyId: '',
  archiveS3SecretAccessKey: '',
  archiveAdminKeys: [],
  archiveOrganisationsFile: '',
  archiveRetentionIntervalMs: 60 * MIN,
  templatesDir: '',
};

export function envNameFor(key: keyof RelayConfig): string {
  return `TETHER_RELAY_${key.replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`;
}

function bad(key: string, source: string, problem: string): TetherError {
  return new TetherError('E_BAD_ARGUMENT', `relay config "${key}" from ${source}: ${problem}`);
}

function coerce(key: keyof RelayConfig, value: unknown, source: string): RelayConfig[keyof RelayConfig] {
  const kind = KINDS[key];
  if (kind === 'string') {
    if (typeof value !== 'string') throw bad(key, source, 'must be a string');
    return value;
  }
  if (kind === 'int') {
    const n = typeof value === 'string' && /^\d+$/.test(value.trim()) ? Number(value) : value;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0) throw bad(key, source, 'must be a non-negative integer');
    return n;
  }
  if (typeof value === 'string') return value.split(',').map((s) => s.trim()).filter((s) => s.length > 0);
  if (!Array.isArray(value) || !value.every((v) => typeof v === 'string')) throw bad(key, source, 'must be a list of strings');
  return [...value] as string[];
}

function merge(target: RelayConfig, input: Record<string, unknown>, source: string): void {
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    if (!Object.prototype.hasOwnProperty.call(KINDS, key)) throw bad(key, source, 'unknown key');
    (target as unknown as Record<string, unknown>)[key] = coerce(key as keyof RelayConfig, value, source);
  }
}

function check(config: RelayConfig): RelayConfig {
  const fail = (key: keyof RelayConfig, problem: string) => bad(key, 'the merged config', problem);
  if (config.port > 65535) throw fail('port', 'must be 0-65535');
  if (config.codeDigits < 9 || config.codeDigits > 16) throw fail('codeDigits', 'must be 9-16');
  if (config.maxPayloadBytes < 1024) throw fail('maxPayloadBytes', 'must be at least 1024');
  for (const key of ['codeTtlMs', 'handshakeTimeoutMs', 'idleTimeoutMs', 'sessionMaxMs', 'heartbeatMs', 'sweepIntervalMs', 'failureWindowMs', 'globalWindowMs'] as const) {
    if (config[key] < 10) throw fail(key, 'must be at least 10 ms');
  }
  if (config.bulkResumeBytes > config.bulkPauseBytes) throw fail('bulkResumeBytes', 'must not exceed bulkPauseBytes');
  if (config.hardBufferLimitBytes < config.maxPayloadBytes) throw fail('hardBufferLimitBytes', 'must be at least maxPayloadBytes');
  if (config.lockoutFailures <= config.freeFailures) throw fail('lockoutFailures', 'must exceed freeFailures');
  if (config.org.length === 0) throw fail('org', 'must not be empty');
  if (config.store !== 'memory' && !/^rediss?:\/\//.test(config.store)) throw fail('store', 'must be "memory" or a redis:// URL');
  for (const key of ['publicUrl', 'nodeUrl'] as const) {
    if (config[key] !== '' && !/^(https?|wss?|tether):\/\/\S+$/.test(config[key])) throw fail(key, 'must be an absolute URL');
  }
  checkArchive(config, fail);
  return config;
}

function checkArchive(config: RelayConfig, fail: (key: keyof RelayConfig, problem: string) => TetherError): void {
  const enabled = config.archiveDir !== '' || config.archivePostgresUrl !== '';
  if (config.archivePostgresUrl !== '' && !/^postgres(ql)?:\/\//.test(config.archivePostgresUrl)) throw fail('archivePostgresUrl', 'must be a postgres:// URL');
  const s3 = config.archiveS3Endpoint !== '';
  if (s3) {
    if (!/^https?:\/\/\S+$/.test(config.archiveS3Endpoint)) throw fail('archiveS3Endpoint', 'must be an http(s) URL');
    for (const key of ['archiveS3Bucket', 'archiveS3AccessKeyId', 'archiveS3SecretAccessKey', 'archiveS3Region'] as const) {
      if (config[key] === '') throw fail(key, 'is required with archiveS3Endpoint');
    }
  }
  if (!enabled) return;
  if (config.archiveDir === '' && !s3) throw fail('archiveDir', 'is needed for the archive blobs unless archiveS3Endpoint is set');
  if (config.archiveRetentionIntervalMs < 1000) throw fail('archiveRetentionIntervalMs', 'must be at least 1000 ms');
  if (config.archiveAdminKeys.length === 0 && config.archiveOrganisationsFile === '') {
    throw fail('archiveAdminKeys', 'the archive needs admin keys (archiveAdminKeys) or an organisations file (archiveOrganisationsFile)');
  }
  if (config.archiveAdminKeys.length > 0 && config.rootPublicKey === '') throw fail('archiveAdminKeys', 'needs rootPublicKey (the org whose archive they administer)');
}

/** Defaults plus the given values, validated. Used by startRelay(). */
export function resolveRelayConfig(overrides: Partial<RelayConfig> = {}): RelayConfig {
  const config: RelayConfig = { ...DEFAULT_RELAY_CONFIG, revokedSerials: [], trustedProxies: [], archiveAdminKeys: [] };
  merge(config, overrides as Record<string, unknown>, 'the caller');
  return check(config);
}

export interface LoadOptions {
  argv?: readonly string[];
  env?: Record<string, string | undefined>;
  overrides?: Partial<RelayConfig>;
}

/** Reads the file named by --config or TETHER_RELAY_CONFIG, then the environment, then the overrides. */
export function loadRelayConfig(options: LoadOptions = {}): RelayConfig {
  const argv = options.argv ?? [];
  const env = options.env ?? {};
  const flag = argv.indexOf('--config');
  const file = flag >= 0 ? argv[flag + 1] : env.TETHER_RELAY_CONFIG;
  const config: RelayConfig = { ...DEFAULT_RELAY_CONFIG, revokedSerials: [], trustedProxies: [], archiveAdminKeys: [] };
  if (file) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(readFileSync(file, 'utf8'));
    } catch (e) {
      throw new TetherError('E_BAD_ARGUMENT', `relay config file ${file} could not be read as JSON: ${(e as Error).message}`);
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new TetherError('E_BAD_ARGUMENT', `relay config file ${file} must hold a JSON object`);
    merge(config, parsed as Record<string, unknown>, file);
  }
  for (const key of Object.keys(KINDS) as (keyof RelayConfig)[]) {
    const value = env[envNameFor(key)];
    if (value !== undefined) merge(config, { [key]: value }, `$${envNameFor(key)}`);
  }
  merge(config, (options.overrides ?? {}) as Record<string, unknown>, 'the caller');
  return check(config);
}
