// What the relay does with frames it cannot accept: malformed or unknown control messages, binary frames
// with a bad header or outside a session, frames over maxPayload, and requests made twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { closeCodeFor } from '../../packages/protocol/src/index';
import { RelayClient } from '../../apps/relay/src/node/relayClient';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import { makeOrg, metricsText, pair, sample, startTestRelay, type TestOrg } from '../../apps/relay/test/relayFixtures';

let org: TestOrg;
let relay: RunningRelay;

beforeAll(async () => {
  org = makeOrg();
  relay = await startTestRelay(org, { maxPayloadBytes: 64 * 1024 + 16, handshakeTimeoutMs: 200 });
});
afterAll(async () => relay.close());

async function refusalOf(data: string | Uint8Array): Promise<{ code: string; close: number }> {
  const client = await RelayClient.connect(relay.url);
  client.sendRaw(data);
  const { bye, close } = await client.ended();
  return { code: bye.code, close: close.code };
}

describe('relay envelope rules', () => {
  it('closes on malformed or unexpected control text with the mapped close code', async () => {
    const cases: [string, string][] = [
      ['not json', 'E_MALFORMED'],
      ['{"v":1,"t":"join","code":"12"}', 'E_MALFORMED'],
      ['{"v":1,"t":"join","code":"123456789","x":1}', 'E_MALFORMED'],
      ['{"v":2,"t":"join","code":"123456789"}', 'E_UNSUPPORTED_VERSION'],
      ['{"v":1,"t":"teleport"}', 'E_UNKNOWN_TYPE'],
      ['{"v":1,"t":"hello","nonce":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}', 'E_UNKNOWN_TYPE'],
      [JSON.stringify({ v: 1, t: 'leave', reason: 'x'.repeat(20_000) }), 'E_OVERSIZED'],
      ['{"v":1,"t":"leave"}', 'E_SESSION_UNKNOWN'],
    ];
    for (const [text, code] of cases) {
      const result = await refusalOf(text);
      expect(result, text.slice(0, 40)).toEqual({ code, close: closeCodeFor(code as 'E_MALFORMED') });
    }
  });

  it('closes on binary frames with a bad header or outside a session', async () => {
    expect(await refusalOf(new Uint8Array([1]))).toEqual({ code: 'E_MALFORMED', close: 4000 });
    expect(await refusalOf(new Uint8Array([1, 7, 0]))).toEqual({ code: 'E_MALFORMED', close: 4000 });
    expect(await refusalOf(new Uint8Array([9, 0, 0]))).toEqual({ code: 'E_UNSUPPORTED_VERSION', close: 4003 });
    expect(await refusalOf(new Uint8Array([1, 0, 0]))).toEqual({ code: 'E_SESSION_UNKNOWN', close: 4054 });
  });

  it('ends a paired peer that sends a malformed binary frame, and the other side hears it left', async () => {
    const { tech, agent } = await pair(relay.url, org);
    agent.sendRaw(new Uint8Array([1, 5]));
    expect((await agent.ended()).bye.code).toBe('E_MALFORMED');
    const peer = await tech.next('peer');
    expect(peer.state).toBe('left');
    tech.close();
  });

  it('cuts a frame larger than maxPayload (1009) and counts it', async () => {
    const { tech, agent } = await pair(relay.url, org);
    agent.sendFrame(1, new Uint8Array(64 * 1024 + 100));
    const closed = await agent.closed;
    expect(closed.code).toBe(1009);
    const text = await metricsText(relay);
    expect(sample(text, 'tether_relay_refusals_total{code="E_OVERSIZED"}')).toBeGreaterThanOrEqual(1);
    expect((await tech.next('peer')).state).toBe('left');
    tech.close();
  });

  it('accepts a frame exactly at the limit', async () => {
    const { tech, agent } = await pair(relay.url, org);
    const received = new Promise<number>((resolve) => (tech.onFrame = (_lane, payload) => resolve(payload.length)));
    agent.sendFrame(1, new Uint8Array(64 * 1024 + 14));
    expect(await received).toBe(64 * 1024 + 14);
    tech.close();
    agent.close();
  });

  it('refuses a second create/join on the same connection', async () => {
    const { tech, agent, created } = await pair(relay.url, org);
    agent.sendControl({ v: 1, t: 'join', code: created.code });
    expect((await agent.ended()).bye.code).toBe('E_MALFORMED');
    tech.close();
  });

  it('closes a connection that never says what it wants', async () => {
    const idle = await RelayClient.connect(relay.url);
    const { bye, close } = await idle.ended();
    expect(bye.code).toBe('E_IDLE_TIMEOUT');
    expect(close.code).toBe(closeCodeFor('E_IDLE_TIMEOUT'));
  });

  it('serves WebSocket only on /relay', async () => {
    await expect(RelayClient.connect(relay.url.replace('/relay', '/other'))).rejects.toThrow();
  });
});
