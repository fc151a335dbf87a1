// Permission templates end to end on a private Xvfb: the technician's console sends the organisation's
// signed template after the handshake (policy.template), the real agent verifies it against the pinned root,
// narrows what the customer is asked, clamps what the customer answers, and masks the template's windows.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signPermissionTemplate, type PermissionTemplate, type PermissionTemplateFields } from '../../packages/recording/src/index';
import { issueCertificate } from '../../packages/crypto/src/index';
import { ORG, makeOrg, type TestOrg } from '../../apps/relay/test/relayFixtures';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import { startDecoderPage, type DecoderPage } from '../support/decoderPage';
import { allNear, hexToRgb, paintRoot, parkPointer } from '../support/decoder/captureScene';
import { FULL, ScriptedCustomer, VIEW, agentFor, startRelayForTests, technician, until } from '../support/sessionHarness';
import { startXObserver } from '../support/xObserver';
import { startXvfb, type XDisplay } from '../support/xvfb';

let x: XDisplay;
let org: TestOrg;
let relay: RunningRelay;
let decoder: DecoderPage;

const W = 1920;
const H = 1080;
const TEN_MINUTES = 600_000;

function template(fields: Partial<PermissionTemplateFields> = {}, rootSecretKey = org.root.secretKey): PermissionTemplate {
  return signPermissionTemplate(rootSecretKey, {
    id: 'helpdesk', name: 'Helpdesk', org: ORG, modes: ['view'], clipboard: false, files: false,
    maxDurationMs: TEN_MINUTES, maskTitles: [], issuedAt: Date.now(), ...fields,
  });
}

beforeAll(async () => {
  x = await startXvfb();
  ({ org, relay } = await startRelayForTests(makeOrg()));
  decoder = await startDecoderPage();
}, 60_000);

afterAll(async () => {
  await decoder?.close();
  await relay?.close();
  await x?.stop();
});

/** The test organisation with a technician certificate that names the template it must work under. */
function boundTo(templateId: string): TestOrg {
  const now = Date.now();
  const cert = issueCertificate(org.root.secretKey, {
    serial: `bound-${templateId}`, name: 'Ada Example', employeeNo: 'E-1001', department: 'Support', org: ORG,
    techPub: org.tech.publicKey, notBefore: now - 60_000, notAfter: now + 3_600_000, template: templateId,
  });
  return { ...org, cert };
}

async function connected(customer: ScriptedCustomer, t: PermissionTemplate | undefined, extra = {}, decoderPage?: DecoderPage, asOrg: TestOrg = org) {
  const tech = technician(asOrg, relay, decoderPage);
  tech.session.template = t;
  const created = await tech.session.create();
  const agent = await agentFor(org, relay, x, created.code, customer, extra);
  await until(() => tech.session.state === 'awaiting-consent' && customer.technician !== undefined, 15_000, 'handshake');
  return { tech, agent };
}

describe('permission templates in a session', () => {
  it('narrows the request and clamps a FULL 2 h answer to view, no clipboard/files, at most 10 minutes', async () => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push({ ...FULL, durationMs: 7_200_000 });
    const { tech, agent } = await connected(customer, template());
    tech.session.requestConsent({ mode: 'full', clipboard: true, files: true, durationMs: 7_200_000 });
    await until(() => tech.session.grant !== null, 10_000, 'grant');
    // The customer was never offered more than the template allows...
    expect(customer.consentAsked[0]?.request).toMatchObject({ mode: 'view', clipboard: false, files: false, durationMs: TEN_MINUTES });
    // ...and the signed grant the technician holds is clamped even though the answer was FULL for 2 h.
    const grant = tech.session.grant!;
    expect(grant).toMatchObject({ mode: 'view', clipboard: false, files: false });
    expect(grant.expiresAt - grant.issuedAt).toBeLessThanOrEqual(TEN_MINUTES);
    expect(grant.expiresAt - grant.issuedAt).toBeGreaterThan(TEN_MINUTES - 1000);
    expect(tech.session.logEntries.some((e) => e.kind === 'policy.template')).toBe(true);
    agent.session.stop();
    await agent.outcome;
  }, 60_000);

  it('refuses a template signed by another root and ends the session with the reason', async () => {
    const other = makeOrg();
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    const forged = template({ modes: ['view', 'full'], clipboard: true, files: true, maxDurationMs: 7_200_000 }, other.root.secretKey);
    const tech = technician(org, relay);
    tech.session.template = forged;
    const created = await tech.session.create();
    const agent = await agentFor(org, relay, x, created.code, customer);
    tech.session.requestConsent({ mode: 'full', clipboard: true, files: true });
    const outcome = await agent.outcome;
    expect(outcome.by).toBe('failure');
    expect(outcome.code).toBe('E_AUTH_FAILED');
    expect(outcome.reason).toMatch(/permission template was refused: template "helpdesk" is not signed by the organisation root key/);
    expect(outcome.grants).toEqual([]);
    expect(customer.failures.some((f) => f.includes('permission template was refused'))).toBe(true);
    expect(customer.consentAsked).toEqual([]);
    await until(() => tech.messages.some((m) => m.type === 'error' && m.code === 'E_AUTH_FAILED'), 5000, 'the error reaching the technician');
    expect(tech.session.grant).toBeNull();
  }, 60_000);

  it('refuses consent without a template when the agent requires one', async () => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    const { tech, agent } = await connected(customer, undefined, { requireTemplate: true });
    tech.session.requestConsent({ mode: 'full', clipboard: false, files: false, requestId: 'r1' });
    await until(() => tech.messages.some((m) => m.type === 'consent.denied'), 10_000, 'denial');
    expect(tech.messages.find((m) => m.type === 'consent.denied')).toMatchObject({ reason: expect.stringMatching(/requires a permission template/) });
    expect(customer.consentAsked).toEqual([]);
    agent.session.stop();
    await agent.outcome;
  }, 60_000);

  it("masks windows matched by the template's title rules before encoding", async () => {
    paintRoot(x, '#40a060');
    parkPointer(x);
    const vault = await startXObserver({ display: x.display, name: 'Payroll - Confidential', x: 1200, y: 300, width: 400, height: 300 });
    try {
      const customer = new ScriptedCustomer();
      customer.consentAnswers.push(VIEW);
      const { tech, agent } = await connected(customer, template({ maskTitles: ['^payroll\\b'] }), {}, decoder);
      tech.session.requestConsent({ mode: 'view', clipboard: false, files: false });
      await decoder.waitForSample([[1400 / W, 450 / H]], (rgb) => allNear(rgb, [0, 0, 0], 16), 15_000);
      await decoder.waitForSample([[0.1, 0.9]], (rgb) => allNear(rgb, hexToRgb('#40a060')), 5000);
      agent.session.stop();
      await agent.outcome;
    } finally {
      await vault.stop();
    }
  }, 60_000);
});

describe('templates bound to the technician certificate', () => {
  const DAY = 86_400_000;
  const cases: Array<[string, () => PermissionTemplate | undefined, RegExp]> = [
    ['sends no template', () => undefined, /requires the permission template "helpdesk"; the console sent none/],
    ['sends another (looser) template', () => template({ id: 'field-full', name: 'Field', modes: ['view', 'full'], clipboard: true, files: true }), /requires the permission template "helpdesk"; the console sent template "field-full" instead/],
    ['sends the named template, expired', () => template({ issuedAt: Date.now() - 2 * DAY, notAfter: Date.now() - DAY }), /requires the permission template "helpdesk"; the template it sent was refused: template "helpdesk" expired at/],
  ];
  it.each(cases)('refuses consent when the certificate names "helpdesk" and the console %s', async (_, make, why) => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    const { tech, agent } = await connected(customer, make(), {}, undefined, boundTo('helpdesk'));
    tech.session.requestConsent({ mode: 'full', clipboard: true, files: true, requestId: 'r1' });
    await until(() => tech.messages.some((m) => m.type === 'consent.denied'), 10_000, 'denial');
    expect(tech.messages.find((m) => m.type === 'consent.denied')).toMatchObject({ requestId: 'r1', reason: expect.stringMatching(why) });
    expect(tech.messages.find((m) => m.type === 'error')).toMatchObject({ code: 'E_SCOPE_DENIED', message: expect.stringMatching(why) });
    expect(customer.failures.some((f) => why.test(f))).toBe(true);
    // never a silent grant: the customer was not even asked, and nothing is granted
    expect(customer.consentAsked).toEqual([]);
    expect(tech.session.grant).toBeNull();
    agent.session.stop();
    expect((await agent.outcome).grants).toEqual([]);
  }, 60_000);

  it('asks the customer (within the template) when the console sends exactly the named template', async () => {
    const customer = new ScriptedCustomer();
    customer.consentAnswers.push(FULL);
    const { tech, agent } = await connected(customer, template({ notAfter: Date.now() + DAY }), {}, undefined, boundTo('helpdesk'));
    tech.session.requestConsent({ mode: 'full', clipboard: true, files: true });
    await until(() => tech.session.grant !== null, 10_000, 'grant');
    expect(tech.session.grant).toMatchObject({ mode: 'view', clipboard: false, files: false });
    expect(customer.failures).toEqual([]);
    agent.session.stop();
    await agent.outcome;
  }, 60_000);
});
