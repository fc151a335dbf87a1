// A short, genuinely signed session log for archive tests: handshake (naming a fresh agent session key),
// a view grant, one chat line and the end, counter-signed by that agent key, as a real session leaves it.
import { SessionLogWriter, generateTechnicianKeyPair, logCounterSignaturePayload, signDetached, type LogEntry } from '../../packages/crypto/src/index';
import { toBase64 } from '../../packages/protocol/src/index';

export interface SignedLogOptions {
  /** epoch ms of the handshake entry */
  start: number;
  chatText?: string;
  /** ms after `start` of the grant, the chat line and the end (timeline tests place them) */
  at?: { grant: number; chat: number; end: number };
}

export function signedSessionLog(techSecretKey: Uint8Array, options: SignedLogOptions): LogEntry[] {
  const { start, chatText = 'hello', at = { grant: 10, chat: 20, end: 30 } } = options;
  const agent = generateTechnicianKeyPair();
  const log = new SessionLogWriter(techSecretKey);
  log.append('handshake', { sas: '123456', agentSessionPub: toBase64(agent.publicKey) }, start);
  log.append('consent.grant', { mode: 'view' }, start + at.grant);
  log.append('chat', { text: chatText }, start + at.chat);
  const last = log.append('session.ended', { reason: 'done' }, start + at.end);
  const attached = log.attachCounterSignature(last.index, signDetached(logCounterSignaturePayload(last.hash), agent.secretKey), agent.publicKey);
  if (!attached.ok) throw attached.error;
  return log.entries;
}
