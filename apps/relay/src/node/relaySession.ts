// One paired (or waiting) session on this node: the technician's and the agent's endpoints, forwarding
// between them, the rejoin grace period when one side drops, and teardown of both sides with a reason.
import type { TetherErrorCode } from '@tether/protocol';
import type { Lane, RelayRole } from '@tether/protocol/relay';
import type { RelayConnection } from './relayConnection';
import type { RelayMetrics } from './relayMetrics';
import { generateToken, tokenHash, tokenMatches } from './sessionSecrets';

interface Endpoint {
  connection: RelayConnection | undefined;
  tokenHash: Buffer;
  graceTimer: NodeJS.Timeout | undefined;
  /** ever connected: the agent endpoint is empty until someone joins with the code */
  present: boolean;
}

export interface SessionTimings {
  rejoinGraceMs: number;
}

export class RelaySession {
  readonly createdAt = Date.now();
  lastActivity = Date.now();
  pairedAt: number | undefined;
  ended = false;
  private readonly endpoints: Record<RelayRole, Endpoint>;

  constructor(
    readonly id: string,
    readonly codeKey: string,
    readonly codeExpiresAt: number,
    private readonly timings: SessionTimings,
    private readonly metrics: RelayMetrics,
    private readonly onEnded: (session: RelaySession, code: TetherErrorCode) => void,
  ) {
    const empty = (): Endpoint => ({ connection: undefined, tokenHash: Buffer.alloc(32), graceTimer: undefined, present: false });
    this.endpoints = { technician: empty(), agent: empty() };
  }

  get paired(): boolean {
    return this.endpoints.technician.connection !== undefined && this.endpoints.agent.connection !== undefined;
  }

  get agentJoined(): boolean {
    return this.endpoints.agent.present;
  }

  peerOf(connection: RelayConnection): RelayConnection | undefined {
    const role = connection.role;
    if (!role || this.endpoints[role].connection !== connection) return undefined;
    return this.endpoints[role === 'technician' ? 'agent' : 'technician'].connection;
  }

  /** Attaches a connection to a role and returns its fresh resume token. Replaces (and cuts) a stale socket. */
  attach(role: RelayRole, connection: RelayConnection): string {
    const endpoint = this.endpoints[role];
    const stale = endpoint.connection;
    if (stale && stale !== connection) {
      // end first (its scheduler releases any pause it put on the peer), then detach so its close is not a drop
      stale.end('E_SESSION_ENDED', 'replaced by a newer connection for the same session');
      stale.session = undefined;
    }
    if (endpoint.graceTimer) clearTimeout(endpoint.graceTimer);
    endpoint.graceTimer = undefined;
    const token = generateToken();
    endpoint.tokenHash = tokenHash(token);
    endpoint.connection = connection;
    endpoint.present = true;
    connection.session = this;
    connection.role = role;
    if (this.paired && this.pairedAt === undefined) this.pairedAt = Date.now();
    this.lastActivity = Date.now();
    return token;
  }

  /** The agent joined with the code: tell the technician. */
  announceJoin(): void {
    this.endpoints.technician.connection?.send({ v: 1, t: 'peer', state: 'joined' });
    const tech = this.endpoints.technician;
    if (!tech.connection && tech.graceTimer) {
      this.endpoints.agent.connection?.send({ v: 1, t: 'peer', state: 'left', reason: 'the technician is reconnecting', graceMs: this.timings.rejoinGraceMs });
    }
  }

  /** A rejoin: checks the resume token for that role; on success the other side hears 'rejoined'. */
  rejoin(role: RelayRole, token: string, connection: RelayConnection): string | undefined {
    const endpoint = this.endpoints[role];
    if (!endpoint.present || !tokenMatches(token, endpoint.tokenHash)) return undefined;
    const fresh = this.attach(role, connection);
    this.metrics.rejoins++;
    this.peerOf(connection)?.send({ v: 1, t: 'peer', state: 'rejoined' });
    return fresh;
  }

  forward(from: RelayConnection, lane: Lane, frame: Buffer): void {
    this.lastActivity = Date.now();
    const to = this.peerOf(from);
    if (!to) {
      this.metrics.framesDiscardedNoPeer++;
      return;
    }
    to.sender.sendFrame(lane, frame);
  }

  /** A socket went away without `leave`: keep the session for the grace period and tell the other side. */
  dropped(connection: RelayConnection, reason: string): void {
    const role = connection.role;
    if (this.ended || !role || this.endpoints[role].connection !== connection) return;
    const endpoint = this.endpoints[role];
    endpoint.connection = undefined;
    this.peerOfRole(role)?.send({ v: 1, t: 'peer', state: 'left', reason, graceMs: this.timings.rejoinGraceMs });
    endpoint.graceTimer = setTimeout(() => {
      endpoint.graceTimer = undefined;
      this.end('E_PEER_GONE', `the ${role} did not come back within ${Math.round(this.timings.rejoinGraceMs / 1000)} s`);
    }, this.timings.rejoinGraceMs);
  }

  private peerOfRole(role: RelayRole): RelayConnection | undefined {
    return this.endpoints[role === 'technician' ? 'agent' : 'technician'].connection;
  }

  /** One side asked to end the session. */
  left(connection: RelayConnection, reason: string | undefined): void {
    const who = connection.role === 'agent' ? 'the customer' : 'the technician';
    this.end('E_SESSION_ENDED', reason ? `${who} ended the session: ${reason}` : `${who} ended the session`);
  }

  /** Tears down both sides with the same code and message. */
  end(code: TetherErrorCode, message: string): void {
    if (this.ended) return;
    this.ended = true;
    for (const endpoint of Object.values(this.endpoints)) {
      if (endpoint.graceTimer) clearTimeout(endpoint.graceTimer);
      endpoint.graceTimer = undefined;
      const connection = endpoint.connection;
      endpoint.connection = undefined;
      if (connection) {
        connection.session = undefined;
        connection.end(code, message);
      }
    }
    this.metrics.ended(code);
    this.onEnded(this, code);
  }
}
