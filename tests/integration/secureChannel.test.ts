// The end-to-end channel over a real relay on loopback: pairing, the authenticated handshake (both sides
// agree on keys and the short authentication string), sealed messages on every lane, refusal of a forged
// technician, and frames tampered with in transit are dropped and reported, never delivered.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { generateRootKeyPair } from '../../packages/crypto/src/index';
import type { SessionMessage } from '../../packages/protocol/src/index';
import { RelayLink, establishAsAgent, establishAsTechnician, type WebSocketLike } from '../../packages/channel/src/index';
import { signTechnicianProof, type RunningRelay } from '../../apps/relay/src/node/index';
import { ORG, makeOrg, startTestRelay, type TestOrg } from '../../apps/relay/test/relayFixtures';

const openSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;
let org: TestOrg;
let relay: RunningRelay;

beforeAll(async () => {
  org = makeOrg();
  relay = await startTestRelay(org);
});
afterAll(async () => relay.close());

async function connectPair(agentRoot = org.root.publicKey) {
  const tech = await RelayLink.open(relay.url, openSocket, {
    kind: 'technician',
    certificate: org.cert as unknown as Record<string, unknown>,
    signProof: (nonce) => signTechnicianProof(org.tech.secretKey, nonce),
  });
  const code = tech.created?.code as string;
  const agent = await RelayLink.open(relay.url, openSocket, { kind: 'agent', code });
  const techSide = establishAsTechnician(tech.link, { certificate: org.cert, techSecretKey: org.tech.secretKey, code });
  const agentSide = establishAsAgent(agent.link, { rootPublicKey: agentRoot, org: ORG, now: Date.now(), code });
  return { tech, agent, techSide, agentSide };
}

function collect(session: { setHandlers(h: { onMessage?: (m: SessionMessage) => void; onRejected?: (e: Error & { code: string }) => void }): void }) {
  const messages: SessionMessage[] = [];
  const rejected: string[] = [];
  session.setHandlers({ onMessage: (m) => messages.push(m), onRejected: (e) => rejected.push(e.code) });
  return { messages, rejected };
}

const until = async (check: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 10));
  }
};

describe('secure channel through the relay', () => {
  it('agrees on keys and SAS, and carries sealed messages on every lane both ways', async () => {
    const { tech, agent, techSide, agentSide } = await connectPair();
    const [t, a] = await Promise.all([techSide, agentSide]);
    expect(t.keys.sas).toMatch(/^\d{6}$/);
    expect(t.keys.sas).toBe(a.keys.sas);
    expect(a.keys.peerCertificate?.name).toBe('Ada Example');
    const atAgent = collect(a.session);
    const atTech = collect(t.session);
    t.session.send({ v: 1, type: 'chat.message', id: 'c1', from: 'technician', text: 'hello ✓', ts: 1 });
    await t.session.sendBulk({ v: 1, type: 'file.chunk', fileId: 'f1', offset: 0, data: new Uint8Array([9, 8, 7]) });
    for (let seq = 0; seq < 20; seq++) {
      a.session.sendVideo({ v: 1, type: 'video.chunk', seq, timestampUs: seq * 1000, keyframe: seq === 0, codec: 'vp8', surfaceId: 0, width: 64, height: 48, data: new Uint8Array(1000).fill(seq) });
    }
    a.session.send({ v: 1, type: 'ping', t: 42 });
    await until(() => atAgent.messages.length === 2 && atTech.messages.length === 21);
    expect(atAgent.messages.map((m) => m.type)).toEqual(['chat.message', 'file.chunk']);
    expect(atAgent.messages[0]).toMatchObject({ text: 'hello ✓' });
    const video = atTech.messages.filter((m) => m.type === 'video.chunk');
    expect(video.map((m) => (m.type === 'video.chunk' ? m.seq : -1))).toEqual([...Array(20).keys()]);
    expect(atTech.rejected).toEqual([]);
    tech.link.leave('done');
    agent.link.leave('done');
  });

  it('refuses a technician whose certificate does not chain to the pinned root, on both sides', async () => {
    const otherRoot = generateRootKeyPair().publicKey;
    const { tech, agent, techSide, agentSide } = await connectPair(otherRoot);
    await expect(agentSide).rejects.toMatchObject({ code: 'E_CERT_BAD_SIGNATURE' });
    await expect(techSide).rejects.toMatchObject({ code: 'E_CERT_BAD_SIGNATURE' });
    tech.link.leave('done');
    agent.link.leave('done');
  });

  it('drops frames tampered with, replayed or injected by whoever sits in the middle, and goes on', async () => {
    const { tech, agent, techSide, agentSide } = await connectPair();
    const [t, a] = await Promise.all([techSide, agentSide]);
    const atAgent = collect(a.session);
    // Capture what the technician's socket sends so we can replay and tamper with real sealed frames.
    const socket = tech.link.webSocket;
    const sent: Uint8Array[] = [];
    let tamperNext = false;
    const realSend = socket.send.bind(socket);
    socket.send = (data: string | Uint8Array) => {
      if (data instanceof Uint8Array) {
        sent.push(data.slice());
        if (tamperNext) {
          tamperNext = false;
          const flipped = data.slice();
          flipped[flipped.length - 1] = (flipped[flipped.length - 1] as number) ^ 1;
          realSend(flipped); // tampered copy, carrying the counter the receiver expects next
        }
      }
      realSend(data);
    };
    t.session.send({ v: 1, type: 'ping', t: 1 });
    await until(() => atAgent.messages.length === 1);
    realSend(sent[0] as Uint8Array); // replay of a frame already delivered
    realSend(new Uint8Array([1, 0, 1, 2, 3])); // truncated junk on the control lane
    tamperNext = true;
    t.session.send({ v: 1, type: 'ping', t: 2 });
    await until(() => atAgent.messages.length === 2 && atAgent.rejected.length === 3);
    expect(atAgent.rejected).toEqual(['E_REPLAY', 'E_MALFORMED', 'E_DECRYPT_FAILED']);
    expect(atAgent.messages).toMatchObject([{ type: 'ping', t: 1 }, { type: 'ping', t: 2 }]);
    tech.link.leave('done');
    agent.link.leave('done');
  });
});
