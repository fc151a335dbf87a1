// Public entry of the relay: startRelay(config) -> { url, port, close(), metrics }.
import { decodeKey } from '@tether/crypto';
import { TetherError } from '@tether/protocol';
import { resolveRelayConfig, type RelayConfig } from './config';
import { JoinAttemptGuard } from './joinAttemptGuard';
import type { RelayContext } from './relayContext';
import { RelayMetrics } from './relayMetrics';
import { RELAY_PATH, RelayServer } from './relayServer';
import { MemoryStore } from './store/memoryStore';
import { RedisStore } from './store/redisStore';
import type { RendezvousStore } from './store/rendezvousStore';
import { mountArchive, type RelayArchive } from './archive/index';
import { mountTemplates, type TemplateDirectory } from './templates/templateDirectory';

export { DEFAULT_RELAY_CONFIG, envNameFor, loadRelayConfig, resolveRelayConfig, type RelayConfig } from './config';
export { RelayMetrics } from './relayMetrics';
export { MemoryStore } from './store/memoryStore';
export { RedisStore } from './store/redisStore';
export type { CodeLookup, CodeRecord, RendezvousStore, SessionRecord } from './store/rendezvousStore';
export { signTechnicianProof, verifyTechnicianProof } from './technicianProof';
export { clientAddress } from './clientAddress';
export { RELAY_PATH } from './relayServer';

export interface RunningRelay {
  /** ws://host:port/relay */
  url: string;
  /** http://host:port (healthz, metrics) */
  httpUrl: string;
  port: number;
  config: RelayConfig;
  metrics: RelayMetrics;
  close(): Promise<void>;
}

export interface StartOptions {
  /** Use this store instead of the one named by config.store (tests share one between nodes). */
  store?: RendezvousStore;
  /** The recording archive (createRelayArchive in ./archive): its HTTP API is served under /archive/v1. */
  archive?: Pick<RelayArchive, 'http'>;
  /** The permission template directory (createTemplateDirectory in ./templates): served under /templates/v1. */
  templates?: Pick<TemplateDirectory, 'http'>;
}

export async function startRelay(input: Partial<RelayConfig> = {}, options: StartOptions = {}): Promise<RunningRelay> {
  const config = resolveRelayConfig({ port: 0, ...input });
  let rootPublicKey: Uint8Array | undefined;
  if (config.rootPublicKey !== '') {
    const decoded = decodeKey(config.rootPublicKey, 'root-pub');
    if (!decoded.ok) throw new TetherError('E_BAD_ARGUMENT', `relay config "rootPublicKey": ${decoded.error.detail ?? decoded.error.message}`);
    rootPublicKey = decoded.value;
  }
  const ownsStore = !options.store;
  const store = options.store ?? (config.store === 'memory' ? new MemoryStore() : new RedisStore(config.store, config.storeKeyPrefix));
  const ctx: RelayContext = {
    config,
    nodeUrl: '',
    publicUrl: '',
    rootPublicKey,
    store,
    metrics: undefined as unknown as RelayMetrics,
    guard: new JoinAttemptGuard(store, config),
    sessions: new Map(),
    connections: new Set(),
  };
  ctx.metrics = new RelayMetrics(() => {
    let paired = 0;
    for (const session of ctx.sessions.values()) if (session.paired) paired++;
    return { connections: ctx.connections.size, sessions: ctx.sessions.size, pairedSessions: paired };
  });
  const server = new RelayServer(ctx);
  if (options.archive) mountArchive(server.http, options.archive);
  if (options.templates) mountTemplates(server.http, options.templates);
  let port: number;
  try {
    port = await server.listen(config.port, config.host);
  } catch (error) {
    await server.close();
    if (ownsStore) await store.close();
    throw error;
  }
  const hostPart = config.host.includes(':') ? `[${config.host}]` : config.host;
  ctx.nodeUrl = config.nodeUrl || `ws://${hostPart}:${port}${RELAY_PATH}`;
  ctx.publicUrl = (config.publicUrl || `http://${hostPart}:${port}`).replace(/\/+$/, '');
  let closing: Promise<void> | undefined;
  return {
    url: `ws://${hostPart}:${port}${RELAY_PATH}`,
    httpUrl: `http://${hostPart}:${port}`,
    port,
    config,
    metrics: ctx.metrics,
    close: () => {
      closing ??= server.close().then(() => (ownsStore ? store.close() : undefined));
      return closing;
    },
  };
}
