// Shared set-up for handshake tests: an organisation root, a certified technician and a runner that
// passes messages between the two sides through optional tampering hooks.
import { createAgentHandshake, createTechnicianHandshake, generateRootKeyPair, generateTechnicianKeyPair, issueCertificate, type AgentFinish, type AgentHandshakeOptions, type AgentHello, type TechHello, type TechnicianHandshakeOptions } from '../src/index';

export const NOW = 1_750_000_000_000;
export const root = generateRootKeyPair();
export const tech = generateTechnicianKeyPair();
export const certificate = issueCertificate(root.secretKey, {
  serial: 'T-1', name: 'Ada Lovelace', employeeNo: 'E-1001', department: 'Support', org: 'Acme',
  techPub: tech.publicKey, notBefore: NOW - 1000, notAfter: NOW + 86_400_000,
});

export interface Tamper {
  agent?: Partial<AgentHandshakeOptions>;
  tech?: Partial<TechnicianHandshakeOptions>;
  hello?: (m: AgentHello) => AgentHello;
  techHello?: (m: TechHello) => TechHello;
  finish?: (m: AgentFinish) => AgentFinish;
}

export function runHandshake(t: Tamper = {}) {
  const agent = createAgentHandshake({ rootPublicKey: root.publicKey, org: 'Acme', now: NOW, code: '123456789', ...t.agent });
  const technician = createTechnicianHandshake({ certificate, techSecretKey: tech.secretKey, code: '123456789', ...t.tech });
  const techHello = technician.receiveAgentHello(t.hello ? t.hello(agent.hello) : agent.hello);
  if (!techHello.ok) return { stage: 'techHello' as const, error: techHello.error, agent };
  const agentResult = agent.receiveTechHello(t.techHello ? t.techHello(techHello.value) : techHello.value);
  if (!agentResult.ok) return { stage: 'agent' as const, error: agentResult.error, agent };
  const techResult = technician.receiveAgentFinish(t.finish ? t.finish(agentResult.value.finish) : agentResult.value.finish);
  if (!techResult.ok) return { stage: 'finish' as const, error: techResult.error, agent };
  return { stage: 'done' as const, agentKeys: agentResult.value.keys, techKeys: techResult.value, agent, techHello: techHello.value };
}

export function flip(bytes: Uint8Array, index = 0): Uint8Array {
  const copy = bytes.slice();
  copy[index] = (copy[index] as number) ^ 1;
  return copy;
}
