// The organisation's limit on the whole session: a real relay on loopback, the console's TechnicianSession
// and the agent's session core, with the agent's clock port moved forward (the template minimum is a
// minute, so time is injected rather than waited for). Screen and input ports are inert here: the limit
// is the session core's job, and nothing in this test is streamed or injected.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPermissionTemplate, type PermissionTemplate } from '@tether/recording';
import { ORG, makeOrg, startTestRelay, type TestOrg } from '../../relay/test/relayFixtures';
import type { RunningRelay } from '../../relay/src/node/index';
import { ScriptedCustomer, VIEW, technician, until } from '../../../tests/support/sessionHarness';
import type { AgentSession } from '../src/common/session/agentSession';
import { coreAgent } from './coreAgent';
import { SESSION_TIME_LIMIT_REASON } from '../src/common/session/sessionTimeLimit';

let org: TestOrg;
let relay: RunningRelay;

beforeAll(async () => {
  org = makeOrg();
  relay = await startTestRelay(org);
});
afterAll(async () => {
  await relay?.close();
});

function agentWithClock(code: string, customer: ScriptedCustomer, clock: { offset: number }, log: string[]): AgentSession {
  return coreAgent({ relay, org, code, customer, now: () => Date.now() + clock.offset, log: (line) => log.push(line) });
}

function template(maxDurationMs: number): PermissionTemplate {
  return signPermissionTemplate(org.root.secretKey, {
    id: 'helpdesk', name: 'Helpdesk', org: ORG, modes: ['view'], clipboard: false, files: false, maxDurationMs, maskTitles: [], issuedAt: Date.now(),
  });
}

async function sharingSession(t: PermissionTemplate | undefined) {
  const clock = { offset: 0 };
  const log: string[] = [];
  const customer = new ScriptedCustomer();
  customer.rating = null;
  customer.consentAnswers.push({ ...VIEW, durationMs: 7_200_000 });
  const tech = technician(org, relay);
  tech.session.template = t;
  const created = await tech.session.create();
  const agent = agentWithClock(created.code, customer, clock, log);
  const outcome = agent.run();
  await until(() => tech.session.state === 'awaiting-consent', 10_000, 'handshake');
  tech.session.requestConsent({ mode: 'view', clipboard: false, files: false });
  await until(() => tech.session.grant !== null, 10_000, 'grant');
  return { clock, log, customer, tech, agent, outcome };
}

describe("the template's maxDurationMs ends the whole session", () => {
  it('ends it on both sides with the reason once the limit has passed since the session was secured', async () => {
    const { clock, log, customer, tech, outcome } = await sharingSession(template(60_000));
    clock.offset = 30_000;
    await new Promise((r) => setTimeout(r, 1500));
    expect(tech.session.state).not.toBe('ended');
    clock.offset = 61_000;
    const end = await outcome;
    expect(end).toMatchObject({ by: 'timeout', reason: SESSION_TIME_LIMIT_REASON });
    expect(await tech.session.ended).toBe(SESSION_TIME_LIMIT_REASON);
    expect(tech.messages.find((m) => m.type === 'session.stop')).toMatchObject({ by: 'timeout', reason: SESSION_TIME_LIMIT_REASON });
    expect(customer.statuses.at(-1)).toMatchObject({ phase: 'ended', reason: SESSION_TIME_LIMIT_REASON });
    expect(log).toContain(`session ended: ${SESSION_TIME_LIMIT_REASON}`);
  }, 30_000);

  it('does not end a session without a template (only the grant limits it)', async () => {
    const { clock, tech, agent, outcome } = await sharingSession(undefined);
    clock.offset = 3 * 3_600_000;
    await new Promise((r) => setTimeout(r, 1500));
    expect(tech.session.state).toBe('connected');
    agent.stop();
    expect((await outcome).by).toBe('customer');
  }, 30_000);
});
