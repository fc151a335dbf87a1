// `rejoin`: a side that dropped comes back within the grace period with its resume token. The other
// side hears `peer rejoined` (for the agent, consent must then be asked again: that is the agent's job).
import type { RejoinMessage } from '@tether/protocol/relay';
import type { RelayConnection } from '../relayConnection';
import type { RelayContext } from '../relayContext';
import { redirect } from './redirect';

export async function handleRejoin(ctx: RelayContext, connection: RelayConnection, message: RejoinMessage): Promise<void> {
  const admission = await ctx.guard.admit(connection.address);
  if (!admission.ok) return connection.bye(admission.code, admission.detail);
  try {
    const session = ctx.sessions.get(message.sessionId);
    if (!session || session.ended) {
      const record = await ctx.store.getSession(message.sessionId);
      if (record && record.nodeUrl !== ctx.nodeUrl) return redirect(ctx, connection, record.nodeUrl);
      await ctx.guard.recordFailure(connection.address);
      return connection.bye('E_SESSION_UNKNOWN');
    }
    if (connection.closed) return;
    const resumeToken = session.rejoin(message.role, message.resumeToken, connection);
    if (!resumeToken) {
      await ctx.guard.recordFailure(connection.address);
      return connection.bye('E_SESSION_UNKNOWN', 'the resume token does not match');
    }
    connection.send({ v: 1, t: 'joined', sessionId: session.id, resumeToken });
  } finally {
    ctx.guard.finish(connection.address);
  }
}
