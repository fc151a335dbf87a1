// Routes each frame a client sends. Text frames are relay control messages (validated on decode);
// binary frames are forwarded after reading their two header bytes. Anything else ends the connection
// with the decode error's code.
import { toBase64 } from '@tether/protocol';
import { LANE_HEADER_BYTES, RELAY_ENVELOPE_VERSION, decodeClientMessage, isLane } from '@tether/protocol/relay';
import { handleCreate } from './handlers/createHandler';
import { handleJoin } from './handlers/joinHandler';
import { handleRejoin } from './handlers/rejoinHandler';
import type { RelayConnection } from './relayConnection';
import type { RelayContext } from './relayContext';

export function greet(connection: RelayConnection): void {
  connection.send({ v: 1, t: 'hello', nonce: toBase64(connection.nonce) });
}

export function onBinary(ctx: RelayContext, connection: RelayConnection, frame: Buffer): void {
  if (frame.length < LANE_HEADER_BYTES) return connection.bye('E_MALFORMED', 'binary frame without a lane header');
  if (frame[0] !== RELAY_ENVELOPE_VERSION) return connection.bye('E_UNSUPPORTED_VERSION', `relay envelope version ${String(frame[0])}`);
  const lane = frame[1];
  if (!isLane(lane)) return connection.bye('E_MALFORMED', `unknown lane ${String(lane)}`);
  const session = connection.session;
  if (!session) return connection.bye('E_SESSION_UNKNOWN', 'binary frames are only accepted inside a session');
  ctx.metrics.frameIn(lane, frame.length);
  session.forward(connection, lane, frame);
}

export function onText(ctx: RelayContext, connection: RelayConnection, text: string): void {
  const decoded = decodeClientMessage(text);
  if (!decoded.ok) return connection.bye(decoded.error.code, decoded.error.detail);
  const message = decoded.value;
  if (message.t === 'leave') {
    if (!connection.session) return connection.bye('E_SESSION_UNKNOWN', 'leave outside a session');
    return connection.session.left(connection, message.reason);
  }
  if (connection.session || connection.busy) return connection.bye('E_MALFORMED', `"${message.t}" is only allowed once, before a session`);
  connection.busy = true;
  const handled =
    message.t === 'create' ? handleCreate(ctx, connection, message)
    : message.t === 'join' ? handleJoin(ctx, connection, message)
    : handleRejoin(ctx, connection, message);
  handled
    .catch((error: unknown) => connection.bye('E_INTERNAL', error instanceof Error ? error.message : String(error)))
    .finally(() => {
      connection.busy = false;
    });
}
