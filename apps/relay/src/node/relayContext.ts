// What every handler on a relay node shares.
import type { RelayConfig } from './config';
import type { JoinAttemptGuard } from './joinAttemptGuard';
import type { RelayConnection } from './relayConnection';
import type { RelayMetrics } from './relayMetrics';
import type { RelaySession } from './relaySession';
import type { RendezvousStore } from './store/rendezvousStore';

export interface RelayContext {
  config: RelayConfig;
  /** This node's WebSocket URL, as recorded in the store for redirects. */
  nodeUrl: string;
  /** Base of invite links. */
  publicUrl: string;
  rootPublicKey: Uint8Array | undefined;
  store: RendezvousStore;
  metrics: RelayMetrics;
  guard: JoinAttemptGuard;
  sessions: Map<string, RelaySession>;
  connections: Set<RelayConnection>;
}
