// The relay node: an HTTP server (GET /healthz, GET /metrics) with the WebSocket endpoint at /relay.
// Owns the connection set, the heartbeat (ping/pong; a silent socket is cut and its session enters the
// rejoin grace period) and the sweep that enforces code expiry, idle and absolute session timeouts.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { clientAddress } from './clientAddress';
import { greet, onBinary, onText } from './messageDispatch';
import { RelayConnection } from './relayConnection';
import type { RelayContext } from './relayContext';

export const RELAY_PATH = '/relay';

/**
 * The heartbeat is spread over this many ticks per period: each connection is pinged once a period, in
 * the tick of its slot. Pinging thousands of sockets in one go stalled the loop for tens of ms (and the
 * pongs came back as one burst): every forwarded frame waited behind it.
 */
export const HEARTBEAT_SLICES = 16;

export class RelayServer {
  readonly http: Server;
  private readonly wss: WebSocketServer;
  private readonly perAddress = new Map<string, number>();
  private readonly heartbeat: NodeJS.Timeout;
  private heartbeatSlice = 0;
  private readonly sweep: NodeJS.Timeout;

  constructor(private readonly ctx: RelayContext) {
    this.wss = new WebSocketServer({
      noServer: true,
      maxPayload: ctx.config.maxPayloadBytes,
      perMessageDeflate: false,
      clientTracking: false,
    });
    this.http = createServer((req, res) => this.onRequest(req, res));
    this.http.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    this.heartbeat = setInterval(() => this.beat(), Math.max(1, Math.floor(ctx.config.heartbeatMs / HEARTBEAT_SLICES)));
    this.sweep = setInterval(() => this.sweepSessions(), ctx.config.sweepIntervalMs);
  }

  private onRequest(req: IncomingMessage, res: ServerResponse): void {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      const body = JSON.stringify({ ok: true, node: this.ctx.nodeUrl, ...this.ctx.metrics.snapshot() });
      res.writeHead(200, { 'content-type': 'application/json' }).end(body);
    } else if (req.method === 'GET' && path === '/metrics') {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4; charset=utf-8' }).end(this.ctx.metrics.render());
    } else {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
    }
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== RELAY_PATH) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
      return;
    }
    const address = clientAddress(req.socket.remoteAddress, req.headers['x-forwarded-for'], this.ctx.config.trustedProxies);
    const open = this.perAddress.get(address) ?? 0;
    if (open >= this.ctx.config.maxConnectionsPerIp) {
      this.ctx.metrics.refused('E_RATE_LIMITED');
      socket.end('HTTP/1.1 429 Too Many Requests\r\nConnection: close\r\n\r\n');
      return;
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, address));
  }

  private onConnection(ws: WebSocket, address: string): void {
    const ctx = this.ctx;
    const connection = new RelayConnection(ws, address, ctx.config, ctx.metrics);
    ctx.connections.add(connection);
    this.perAddress.set(address, (this.perAddress.get(address) ?? 0) + 1);
    const handshake = setTimeout(() => {
      if (!connection.session && !connection.busy) connection.bye('E_IDLE_TIMEOUT', 'no create, join or rejoin in time');
    }, ctx.config.handshakeTimeoutMs);
    ws.on('pong', () => (connection.alive = true));
    ws.on('message', (data, isBinary) => {
      connection.alive = true;
      if (connection.closed) return;
      const buffer = Array.isArray(data) ? Buffer.concat(data) : Buffer.isBuffer(data) ? data : Buffer.from(data);
      if (isBinary) onBinary(ctx, connection, buffer);
      else onText(ctx, connection, buffer.toString('utf8'));
    });
    ws.on('error', (error: Error & { code?: string }) => {
      // ws reports protocol violations here (oversized, bad opcode, invalid UTF-8) and then closes.
      if (error.code === 'WS_ERR_UNSUPPORTED_MESSAGE_LENGTH') ctx.metrics.refused('E_OVERSIZED');
      else ctx.metrics.refused('E_MALFORMED');
    });
    ws.on('close', (code, reason) => {
      clearTimeout(handshake);
      connection.markClosed();
      ctx.connections.delete(connection);
      const left = (this.perAddress.get(address) ?? 1) - 1;
      if (left <= 0) this.perAddress.delete(address);
      else this.perAddress.set(address, left);
      const session = connection.session;
      // Still attached: it dropped, or the relay cut it for an error. Either way the other side may wait for it.
      const why = connection.closedBecause ?? (reason.length > 0 ? reason.toString('utf8') : `connection lost (${code})`);
      if (session) session.dropped(connection, why.slice(0, 500));
    });
    greet(connection);
  }

  /** One slice of the heartbeat: the connections of this tick's slot are checked and pinged. */
  private beat(): void {
    const slice = this.heartbeatSlice;
    this.heartbeatSlice = (slice + 1) % HEARTBEAT_SLICES;
    for (const connection of this.ctx.connections) {
      if (connection.id % HEARTBEAT_SLICES !== slice) continue;
      if (connection.paused) continue; // we stopped reading it on purpose; its pongs wait in the socket
      if (!connection.alive) {
        connection.socket.terminate();
        continue;
      }
      connection.alive = false;
      connection.socket.ping();
    }
  }

  private sweepSessions(): void {
    const now = Date.now();
    const { idleTimeoutMs, sessionMaxMs } = this.ctx.config;
    for (const session of this.ctx.sessions.values()) {
      if (!session.agentJoined && now >= session.codeExpiresAt) session.end('E_CODE_EXPIRED', 'nobody joined with the code before it expired');
      else if (now - session.createdAt >= sessionMaxMs) session.end('E_SESSION_TIMEOUT', `the session reached its limit of ${Math.round(sessionMaxMs / 60_000)} min`);
      else if (session.agentJoined && now - session.lastActivity >= idleTimeoutMs) session.end('E_IDLE_TIMEOUT', `no traffic for ${Math.round(idleTimeoutMs / 1000)} s`);
    }
  }

  listen(port: number, host: string): Promise<number> {
    return new Promise((resolve, reject) => {
      this.http.once('error', reject);
      this.http.listen(port, host, () => {
        this.http.off('error', reject);
        const address = this.http.address();
        resolve(typeof address === 'object' && address ? address.port : port);
      });
    });
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    clearInterval(this.sweep);
    for (const session of [...this.ctx.sessions.values()]) session.end('E_SESSION_ENDED', 'the relay is shutting down');
    for (const connection of this.ctx.connections) connection.socket.terminate();
    this.wss.close();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
