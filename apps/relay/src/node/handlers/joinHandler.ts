// `join`: the agent presents the code. Rate limits first (delay, lockout, global budget), then the code
// is consumed atomically; a wrong, used or expired code counts as a failed attempt.
import type { JoinMessage } from '@tether/protocol/relay';
import type { RelayConnection } from '../relayConnection';
import type { RelayContext } from '../relayContext';
import { codeKey } from '../sessionSecrets';
import { redirect } from './redirect';

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export async function handleJoin(ctx: RelayContext, connection: RelayConnection, message: JoinMessage): Promise<void> {
  const admission = await ctx.guard.admit(connection.address);
  if (!admission.ok) return connection.bye(admission.code, admission.detail);
  try {
    if (admission.delayMs > 0) await sleep(admission.delayMs);
    if (connection.closed) return;
    const key = codeKey(message.code);
    const seen = await ctx.store.peekCode(key);
    if (seen && seen !== 'used' && seen.nodeUrl !== ctx.nodeUrl && seen.expiresAt > Date.now()) return redirect(ctx, connection, seen.nodeUrl);
    const taken = await ctx.store.takeCode(key);
    if (taken === undefined || taken === 'used' || taken.expiresAt <= Date.now()) {
      await ctx.guard.recordFailure(connection.address);
      return connection.bye(taken === undefined ? 'E_CODE_INVALID' : taken === 'used' ? 'E_CODE_USED' : 'E_CODE_EXPIRED');
    }
    const session = ctx.sessions.get(taken.sessionId);
    if (!session || session.ended) return connection.bye('E_SESSION_ENDED', 'the technician is no longer waiting for this code');
    if (connection.closed) return;
    const resumeToken = session.attach('agent', connection);
    ctx.metrics.sessionsPaired++;
    connection.send({ v: 1, t: 'joined', sessionId: session.id, resumeToken });
    session.announceJoin();
  } finally {
    ctx.guard.finish(connection.address);
  }
}
