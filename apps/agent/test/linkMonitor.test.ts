// LinkMonitor drives AdaptiveStream from the real ping/pong exchange: a session double records the pings
// it would send and the test answers them (or not) on the fake clock (Date.now and timers).
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { SecureSession } from '@tether/channel';
import type { SessionMessage } from '@tether/protocol';
import { LinkMonitor, MONITOR_INTERVAL_MS } from '../src/common/session/linkMonitor';
import { QUALITY_LADDER, type StreamKnobs } from '../src/common/session/adaptiveStream';

let sent: SessionMessage[];
let applied: { knobs: StreamKnobs; why: string }[];
let monitor: LinkMonitor;

function pingsSent(): number[] {
  return sent.flatMap((m) => (m.type === 'ping' ? [m.t] : []));
}

/** Runs to the next monitor tick; the pongs given come back first, `rttMs` after their ping was sent. */
function tick(answer: { t: number; rttMs: number }[] = []): void {
  for (const a of answer) {
    vi.advanceTimersByTime(Math.max(0, a.t + a.rttMs - Date.now()));
    monitor.onPong(a.t);
  }
  vi.advanceTimersByTime(MONITOR_INTERVAL_MS - (Date.now() % MONITOR_INTERVAL_MS));
}

beforeEach(() => {
  vi.useFakeTimers({ now: 0 });
  sent = [];
  applied = [];
  const session = { send: (m: SessionMessage) => sent.push(m), stats: { videoDropped: 0 } } as unknown as SecureSession;
  monitor = new LinkMonitor({ session, bufferedAmount: () => 0, now: () => Date.now(), apply: (knobs, why) => applied.push({ knobs, why }), maxFps: 30 });
  monitor.start();
});

afterEach(() => {
  monitor.stop();
  vi.useRealTimers();
});

describe('LinkMonitor', () => {
  it('pings every tick and stays at full quality while pongs come back fast', () => {
    tick();
    for (let i = 0; i < 10; i++) tick([{ t: pingsSent().at(-1)!, rttMs: 50 }]);
    expect(pingsSent().length).toBe(11);
    expect(applied).toEqual([]);
    expect(monitor.roundTripMs).toBe(50);
  });

  it('counts one slow pong once: a single step down, not one per tick until the next pong', () => {
    tick();
    for (let i = 0; i < 3; i++) tick([{ t: pingsSent().at(-1)!, rttMs: 50 }]);
    // One pong comes back late (queueing behind a keyframe); the next ones are answered later than a tick.
    tick([{ t: pingsSent().at(-1)!, rttMs: 450 }]);
    tick();
    tick();
    expect(applied.map((a) => a.knobs)).toEqual([QUALITY_LADDER[1]]);
    expect(applied[0]!.why).toMatch(/round trip 450 ms \(best 50 ms\)/);
    expect(monitor.roundTripMs).toBe(450);
  });

  it('still steps down at every tick while slow pongs keep coming, and when pings go unanswered', () => {
    tick();
    tick([{ t: pingsSent().at(-1)!, rttMs: 40 }]);
    for (let i = 0; i < 3; i++) tick([{ t: pingsSent().at(-1)!, rttMs: 400 }]);
    expect(applied.map((a) => a.knobs)).toEqual([QUALITY_LADDER[1], QUALITY_LADDER[2], QUALITY_LADDER[3]]);
    for (let i = 0; i < 4; i++) tick(); // no answers at all
    expect(applied.at(-1)!.why).toMatch(/pings unanswered/);
    expect(applied.at(-1)!.knobs).toEqual(QUALITY_LADDER.at(-1));
  });
});
