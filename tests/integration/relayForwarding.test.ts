// Forwarding: every frame sent while both sides are connected arrives, in order, per lane; with a slow
// receiver, control still arrives in order and ahead of the video backlog, stale video is dropped, bulk
// is paused at the sender and fully delivered; a receiver that lets control pile up is cut off.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningRelay } from '../../apps/relay/src/node/index';
import type { RelayClient } from '../../apps/relay/src/node/relayClient';
import { makeOrg, metricsText, pair, sample, startTestRelay, waitFor, type TestOrg } from '../../apps/relay/test/relayFixtures';

let org: TestOrg;
let relay: RunningRelay;

beforeAll(async () => {
  org = makeOrg();
  relay = await startTestRelay(org, {
    videoHighWaterBytes: 128 * 1024,
    maxQueuedVideoBytes: 256 * 1024,
    bulkPauseBytes: 512 * 1024,
    bulkResumeBytes: 128 * 1024,
    hardBufferLimitBytes: 64 * 1024 * 1024,
  });
});
afterAll(async () => relay.close());

/** Payload = [u32 sequence][filler]; the receiver records (lane, sequence) in arrival order. */
function numbered(seq: number, size: number): Uint8Array {
  const payload = new Uint8Array(Math.max(4, size));
  new DataView(payload.buffer).setUint32(0, seq);
  payload.fill(seq & 0xff, 4);
  return payload;
}

function record(client: RelayClient): { lane: number; seq: number }[] {
  const arrivals: { lane: number; seq: number }[] = [];
  client.onFrame = (lane, payload) => arrivals.push({ lane, seq: payload.readUInt32BE(0) });
  return arrivals;
}

const seqsOf = (arrivals: { lane: number; seq: number }[], lane: number) => arrivals.filter((a) => a.lane === lane).map((a) => a.seq);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('relay forwarding', () => {
  it('delivers thousands of mixed-lane frames in both directions, all of them, in order', async () => {
    const { tech, agent } = await pair(relay.url, org);
    const atAgent = record(agent);
    const atTech = record(tech);
    const counts = [0, 0, 0];
    // A well-behaved sender keeps at most a modest window of bytes in flight (as the agent does by
    // watching its queue depth); the relay then never needs to drop anything.
    let sentBytes = 0;
    let receivedBytes = 0;
    const countingAgent = agent.onFrame;
    agent.onFrame = (lane, payload, raw) => {
      receivedBytes += raw.length;
      countingAgent(lane, payload, raw);
    };
    for (let i = 0; i < 3000; i++) {
      const lane = i % 7 === 0 ? 2 : i % 3 === 0 ? 1 : 0;
      const size = lane === 1 ? 2000 + (i % 5) * 3000 : lane === 2 ? 16 * 1024 : 40;
      const seq = counts[lane] ?? 0;
      counts[lane] = seq + 1;
      tech.sendFrame(lane as 0 | 1 | 2, numbered(seq, size));
      sentBytes += size + 2;
      agent.sendFrame(0, numbered(i, 24));
      if (sentBytes - receivedBytes > 256 * 1024) await waitFor(() => sentBytes - receivedBytes < 64 * 1024, 10_000, 'receiver to catch up');
    }
    await waitFor(() => atAgent.length === 3000 && atTech.length === 3000, 15_000, 'all frames');
    for (const lane of [0, 1, 2]) expect(seqsOf(atAgent, lane)).toEqual(range(counts[lane] as number));
    expect(seqsOf(atTech, 0)).toEqual(range(3000));
    expect(relay.metrics.videoFramesDropped).toBe(0);
    tech.close();
    agent.close();
  });

  it('with a slow receiver: control in order and ahead, stale video dropped, bulk paused and all delivered', async () => {
    const before = await metricsText(relay);
    const { tech, agent } = await pair(relay.url, org);
    const arrivals = record(agent);
    agent.socket.pause(); // the agent stops reading: its TCP window fills, then the relay's queues
    const videoFrames = 400;
    const bulkFrames = 48;
    const controlFrames = 200;
    for (let i = 0; i < videoFrames; i++) {
      tech.sendFrame(1, numbered(i, 64 * 1024));
      if (i % 2 === 0) tech.sendFrame(0, numbered(i / 2, 64));
      if (i % 8 === 0 && i / 8 < bulkFrames) tech.sendFrame(2, numbered(i / 8, 48 * 1024));
    }
    // the relay stops reading the technician (bulk backlog), so the technician's own buffer stays full
    await waitFor(() => relay.metrics.bulkPauses > sample(before, 'tether_relay_bulk_pauses_total'), 10_000, 'bulk pause');
    await new Promise((r) => setTimeout(r, 300));
    expect(tech.socket.bufferedAmount).toBeGreaterThan(0);
    agent.socket.resume();
    await waitFor(() => seqsOf(arrivals, 0).length === controlFrames && seqsOf(arrivals, 2).length === bulkFrames, 15_000, 'control and bulk');
    await new Promise((r) => setTimeout(r, 200));
    const control = seqsOf(arrivals, 0);
    const video = seqsOf(arrivals, 1);
    expect(control).toEqual(range(controlFrames));
    expect(seqsOf(arrivals, 2)).toEqual(range(bulkFrames));
    expect(video.length).toBeLessThan(videoFrames);
    expect(video).toEqual([...video].sort((a, b) => a - b)); // what arrives is in order
    expect(video.at(-1)).toBe(videoFrames - 1); // the newest frame survives, stale ones went
    // the last control frame overtook the video backlog queued at the relay
    const lastControl = arrivals.findIndex((a) => a.lane === 0 && a.seq === controlFrames - 1);
    const lastVideo = arrivals.findIndex((a) => a.lane === 1 && a.seq === videoFrames - 1);
    expect(lastControl).toBeLessThan(lastVideo);
    const after = await metricsText(relay);
    const dropped = sample(after, 'tether_relay_video_frames_dropped_total') - sample(before, 'tether_relay_video_frames_dropped_total');
    expect(dropped).toBe(videoFrames - video.length);
    expect(sample(after, 'tether_relay_bulk_pauses_total')).toBeGreaterThan(sample(before, 'tether_relay_bulk_pauses_total'));
    tech.close();
    agent.close();
  });

  it('cuts a receiver whose control backlog passes the hard limit and tells the sender why (E_BACKPRESSURE)', async () => {
    const strict = await startTestRelay(org, { hardBufferLimitBytes: 2 * 1024 * 1024, maxPayloadBytes: 1024 * 1024 });
    try {
      const { tech, agent } = await pair(strict.url, org);
      agent.socket.pause();
      for (let i = 0; i < 400; i++) tech.sendFrame(0, numbered(i, 60 * 1024));
      const peer = await tech.next('peer', 15_000);
      expect(peer.state).toBe('left');
      expect(peer.reason).toContain('E_BACKPRESSURE');
      agent.socket.resume();
      // its pipe is full, so a bye could not get through: the relay drops the TCP connection
      expect((await agent.closed).code).toBe(1006);
      expect(sample(await metricsText(strict), 'tether_relay_refusals_total{code="E_BACKPRESSURE"}')).toBe(1);
      tech.close();
    } finally {
      await strict.close();
    }
  });

  it('discards (and counts) frames sent while the other side is away', async () => {
    const { tech, agent } = await pair(relay.url, org);
    agent.drop();
    await tech.next('peer');
    const before = sample(await metricsText(relay), 'tether_relay_frames_discarded_total');
    tech.sendFrame(0, numbered(1, 10));
    await waitFor(() => relay.metrics.framesDiscardedNoPeer > before, 5000, 'discard count');
    tech.close();
  });
});
