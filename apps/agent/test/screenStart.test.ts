// One capture per session, however grants arrive: a real relay on loopback, the console's TechnicianSession
// and the agent's session core. Starting a capture takes about a second (a browser starts); a second grant
// (the technician asks for more and the customer agrees) can arrive before the first capture is up, and
// must not start a second capture: two encoders would interleave their chunks in one video stream. The
// screen port here only records what the session core asks of it (it is the session core under test).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { NormRect } from '@tether/protocol';
import { makeOrg, startTestRelay, type TestOrg } from '../../relay/test/relayFixtures';
import type { RunningRelay } from '../../relay/src/node/index';
import { FULL, ScriptedCustomer, VIEW, technician, until } from '../../../tests/support/sessionHarness';
import type { AgentPorts, ScreenStream } from '../src/common/session/agentPorts';
import { coreAgent, idleScreen } from './coreAgent';

let org: TestOrg;
let relay: RunningRelay;

beforeAll(async () => {
  org = makeOrg();
  relay = await startTestRelay(org);
});
afterAll(async () => {
  await relay?.close();
});

/** A screen port whose captures take `startMs` to come up; it counts starts, closes and mask updates. */
function slowScreens(startMs: number) {
  const record = { starts: 0, closes: 0, started: 0, masks: [] as NormRect[][], resumes: 0 };
  const startScreen = async ({ masks }: { masks: NormRect[] }): Promise<ScreenStream> => {
    record.starts++;
    record.masks.push(masks);
    await new Promise((r) => setTimeout(r, startMs));
    record.started++;
    return { ...idleScreen, setMasks: (m) => void record.masks.push(m), resume: () => void record.resumes++, close: async () => void record.closes++ };
  };
  return { record, startScreen };
}

async function secured(answers: typeof VIEW[], startScreen: AgentPorts['startScreen']) {
  const customer = new ScriptedCustomer();
  customer.rating = null;
  customer.consentAnswers.push(...answers);
  const tech = technician(org, relay);
  const created = await tech.session.create();
  const session = coreAgent({ relay, org, code: created.code, customer, startScreen });
  const outcome = session.run();
  await until(() => tech.session.state === 'awaiting-consent', 10_000, 'handshake');
  return { customer, tech, session, outcome };
}

describe('the screen capture of a session', () => {
  it('is started once when an elevation is granted while the first capture is still starting', async () => {
    const { record, startScreen } = slowScreens(1500);
    const { tech, session, outcome } = await secured([{ ...VIEW, mode: 'region', shareOnlyRegion: true, region: { x: 0, y: 0, w: 0.5, h: 0.5 } }, FULL], startScreen);
    tech.session.requestConsent({ mode: 'region', clipboard: false, files: false });
    await until(() => tech.session.grant?.mode === 'region', 10_000, 'the region grant');
    tech.session.requestConsent({ mode: 'full', clipboard: true, files: true });
    await until(() => tech.session.grant?.mode === 'full', 10_000, 'the full grant');
    expect(record.started).toBe(0); // the elevation really came while the capture was starting
    await until(() => record.started === 1 && record.resumes >= 2, 10_000, 'the capture to come up');
    await new Promise((r) => setTimeout(r, 300));
    expect(record.starts).toBe(1);
    // The capture began with the region grant's masks (outside the region) and was then unmasked for full control.
    expect(record.masks[0]?.length).toBeGreaterThan(0);
    expect(record.masks.at(-1)).toEqual([]);
    session.stop();
    await outcome;
    expect(record.closes).toBe(1);
  }, 30_000);

  it('is closed when the session ends while the capture is still starting', async () => {
    const { record, startScreen } = slowScreens(1500);
    const { tech, session, outcome } = await secured([VIEW], startScreen);
    tech.session.requestConsent({ mode: 'view', clipboard: false, files: false });
    await until(() => record.starts === 1, 10_000, 'the capture to be asked for');
    session.stop();
    await outcome;
    await until(() => record.started === 1, 10_000, 'the capture to come up');
    await until(() => record.closes === 1, 2_000, 'the late capture to be closed');
    expect(record.starts).toBe(1);
  }, 30_000);
});
