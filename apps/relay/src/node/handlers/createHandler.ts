// `create`: a technician proves its certificate (chained to the pinned organisation root) and its key
// (signature over this connection's nonce), and receives a one-time session code and an invite link.
import { fromBase64 } from '@tether/protocol';
import type { CreateMessage } from '@tether/protocol/relay';
import { certificatePublicKey, verifyCertificate } from '@tether/crypto';
import type { RelayConnection } from '../relayConnection';
import type { RelayContext } from '../relayContext';
import { RelaySession } from '../relaySession';
import { codeKey, generateSessionCode, generateToken } from '../sessionSecrets';
import { verifyTechnicianProof } from '../technicianProof';

/** A code's store entry outlives its expiry by this much, so late attempts hear "expired", not "invalid". */
export const CODE_TOMBSTONE_MS = 60 * 60 * 1000;

export async function handleCreate(ctx: RelayContext, connection: RelayConnection, message: CreateMessage): Promise<void> {
  if (!ctx.rootPublicKey) return connection.bye('E_AUTH_FAILED', 'this relay has no organisation root key configured');
  const verified = verifyCertificate(message.cert, {
    rootPublicKey: ctx.rootPublicKey,
    org: ctx.config.org,
    now: Date.now(),
    revocations: ctx.config.revokedSerials,
  });
  if (!verified.ok) return connection.bye(verified.error.code, verified.error.detail);
  if (!verifyTechnicianProof(certificatePublicKey(verified.cert), connection.nonce, fromBase64(message.proof))) {
    return connection.bye('E_AUTH_FAILED', 'the proof is not a signature of this connection\'s nonce by the certified key');
  }
  const code = generateSessionCode(ctx.config.codeDigits);
  const key = codeKey(code);
  const sessionId = generateToken();
  const expiresAt = Date.now() + ctx.config.codeTtlMs;
  const session = new RelaySession(sessionId, key, expiresAt, ctx.config, ctx.metrics, (ended) => {
    ctx.sessions.delete(ended.id);
    void ctx.store.deleteSession(ended.id).catch(() => undefined);
  });
  await ctx.store.putCode(key, { sessionId, nodeUrl: ctx.nodeUrl, expiresAt }, ctx.config.codeTtlMs + CODE_TOMBSTONE_MS);
  await ctx.store.putSession({ sessionId, nodeUrl: ctx.nodeUrl }, ctx.config.sessionMaxMs + ctx.config.rejoinGraceMs);
  if (connection.closed) return; // the technician left while the store answered
  ctx.sessions.set(sessionId, session);
  const resumeToken = session.attach('technician', connection);
  ctx.metrics.sessionsCreated++;
  connection.send({ v: 1, t: 'created', sessionId, code, expiresAt, inviteUrl: `${ctx.publicUrl}/join#${code}`, resumeToken });
}
