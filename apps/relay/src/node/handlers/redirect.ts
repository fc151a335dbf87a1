// Scale-out: a session lives on the node holding the technician's socket. Any other node that is asked
// about it answers `redirect {url}` and closes; the client repeats the same request there.
import type { RelayConnection } from '../relayConnection';
import type { RelayContext } from '../relayContext';

export function redirect(ctx: RelayContext, connection: RelayConnection, url: string): void {
  ctx.metrics.redirects++;
  connection.send({ v: 1, t: 'redirect', url });
  connection.closeNormally('redirect');
}
