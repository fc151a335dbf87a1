// Shared set-up for relay tests: an organisation (root key, a certified technician), a relay on
// 127.0.0.1 port 0 with small timeouts, and a helper that pairs a technician with an agent.
import { encodeKey, generateRootKeyPair, generateTechnicianKeyPair, issueCertificate, type KeyPair, type TechnicianCertificate } from '../../../packages/crypto/src/index';
import { startRelay, type RelayConfig, type RunningRelay, type StartOptions } from '../src/node/index';
import { RelayClient } from '../src/node/relayClient';
import type { CreatedMessage, JoinedMessage } from '../../../packages/protocol/src/relay/index';

export const ORG = 'acme-support';

export interface TestOrg {
  root: KeyPair;
  tech: KeyPair;
  cert: TechnicianCertificate;
  rootPublicKeyText: string;
}

export function makeOrg(overrides: Partial<{ org: string; notBefore: number; notAfter: number; serial: string }> = {}): TestOrg {
  const root = generateRootKeyPair();
  const tech = generateTechnicianKeyPair();
  const now = Date.now();
  const cert = issueCertificate(root.secretKey, {
    serial: overrides.serial ?? 'tech-0001',
    name: 'Ada Example',
    employeeNo: 'E-1001',
    department: 'Support',
    org: overrides.org ?? ORG,
    techPub: tech.publicKey,
    notBefore: overrides.notBefore ?? now - 60_000,
    notAfter: overrides.notAfter ?? now + 3_600_000,
  });
  return { root, tech, cert, rootPublicKeyText: encodeKey('root-pub', root.publicKey) };
}

export function certFor(org: TestOrg, fields: Partial<{ org: string; notBefore: number; notAfter: number; serial: string }>): TechnicianCertificate {
  const now = Date.now();
  return issueCertificate(org.root.secretKey, {
    serial: fields.serial ?? 'tech-0002',
    name: 'Ada Example',
    employeeNo: 'E-1001',
    department: 'Support',
    org: fields.org ?? ORG,
    techPub: org.tech.publicKey,
    notBefore: fields.notBefore ?? now - 60_000,
    notAfter: fields.notAfter ?? now + 3_600_000,
  });
}

/** Small, test-friendly limits; each test overrides what it exercises. */
export function testConfig(org: TestOrg, overrides: Partial<RelayConfig> = {}): Partial<RelayConfig> {
  return {
    port: 0,
    org: ORG,
    rootPublicKey: org.rootPublicKeyText,
    baseDelayMs: 5,
    maxDelayMs: 50,
    ...overrides,
  };
}

export async function startTestRelay(org: TestOrg, overrides: Partial<RelayConfig> = {}, options: StartOptions = {}): Promise<RunningRelay> {
  return startRelay(testConfig(org, overrides), options);
}

export async function createSession(relayUrl: string, org: TestOrg): Promise<{ tech: RelayClient; created: CreatedMessage }> {
  const tech = await RelayClient.connect(relayUrl);
  tech.create(org.cert, org.tech.secretKey);
  const created = await tech.next('created');
  return { tech, created };
}

export interface Pair {
  tech: RelayClient;
  agent: RelayClient;
  created: CreatedMessage;
  joined: JoinedMessage;
}

export async function pair(relayUrl: string, org: TestOrg): Promise<Pair> {
  const { tech, created } = await createSession(relayUrl, org);
  const agent = await RelayClient.connect(relayUrl);
  agent.sendControl({ v: 1, t: 'join', code: created.code });
  const joined = await agent.next('joined');
  await tech.next('peer');
  return { tech, agent, created, joined };
}

export async function waitFor(check: () => boolean, timeoutMs = 5000, what = 'condition'): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}

export async function metricsText(relay: RunningRelay): Promise<string> {
  const res = await fetch(`${relay.httpUrl}/metrics`);
  return res.text();
}

/** The value of one sample in Prometheus text, e.g. sample(text, 'tether_relay_refusals_total{code="E_CODE_INVALID"}'). */
export function sample(text: string, series: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : 0;
}
