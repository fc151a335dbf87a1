// While sharing, samples the link every tick: pings the technician over the control lane (round trip),
// reads the socket's send buffer and the sender's dropped video frames, and lets AdaptiveStream pick the
// stream's knobs. Knob changes go to the encoder at once and are reported to the technician (stream.stats).
import { startTimer, stopTimer, type SecureSession, type TimerHandle } from '@tether/channel';
import { PROTOCOL_VERSION } from '@tether/protocol';
import { AdaptiveStream, type StreamKnobs } from './adaptiveStream';

export const MONITOR_INTERVAL_MS = 500;
const PING_GIVE_UP_MS = 10_000;

export interface LinkMonitorDeps {
  session: SecureSession;
  bufferedAmount: () => number;
  now: () => number;
  apply: (knobs: StreamKnobs, reason: string) => void;
  intervalMs?: number;
  /** The capture's frame rate at full quality. */
  maxFps?: number;
}

export class LinkMonitor {
  private readonly adaptation: AdaptiveStream;
  private readonly pings = new Set<number>();
  private timer: TimerHandle;
  private lastRtt: number | undefined;
  /**
   * The longest round trip measured since the last sample; undefined when no pong came back since. Each
   * measurement is judged once: one slow pong must not count as congestion again at every tick until the
   * next pong (in the constrained benchmark one 233 ms pong stepped the stream down three times in a row,
   * on a 5 Mbit/s link that carries the stream). A link that stops answering is caught by the unanswered
   * pings.
   */
  private freshRtt: number | undefined;
  private droppedSeen: number;
  private knobs: StreamKnobs;

  constructor(private readonly deps: LinkMonitorDeps) {
    this.adaptation = new AdaptiveStream(deps.maxFps ? { maxFps: deps.maxFps } : {});
    this.droppedSeen = deps.session.stats.videoDropped;
    this.knobs = this.adaptation.knobs;
  }

  get roundTripMs(): number | undefined {
    return this.lastRtt;
  }

  start(): void {
    const interval = this.deps.intervalMs ?? MONITOR_INTERVAL_MS;
    const tick = (): void => {
      this.timer = startTimer(tick, interval);
      this.sample();
    };
    this.timer = startTimer(tick, interval);
  }

  stop(): void {
    stopTimer(this.timer);
    this.timer = undefined;
    this.pings.clear();
  }

  onPong(t: number): void {
    if (!this.pings.delete(t)) return;
    this.lastRtt = Math.max(0, this.deps.now() - t);
    this.freshRtt = Math.max(this.freshRtt ?? 0, this.lastRtt);
  }

  private sample(): void {
    const { session, now } = this.deps;
    const t = now();
    for (const sent of this.pings) if (t - sent > PING_GIVE_UP_MS) this.pings.delete(sent);
    const dropped = session.stats.videoDropped;
    const rttMs = this.freshRtt;
    this.freshRtt = undefined;
    const state = this.adaptation.update({
      ...(rttMs !== undefined ? { rttMs } : {}),
      bufferedBytes: this.deps.bufferedAmount(),
      droppedFrames: dropped - this.droppedSeen,
      outstandingPings: this.pings.size,
    });
    const recentDrops = dropped - this.droppedSeen;
    this.droppedSeen = dropped;
    const k = state.knobs;
    if (k.fps !== this.knobs.fps || k.scale !== this.knobs.scale || k.bitrate !== this.knobs.bitrate) {
      this.knobs = k;
      this.deps.apply(k, state.reason);
      session.send({ v: PROTOCOL_VERSION, type: 'stream.stats', rttMs: Math.round(this.lastRtt ?? 0), fps: k.fps, bitrate: k.bitrate, queue: Math.min(recentDrops, 1_000_000) });
    }
    this.pings.add(t);
    session.send({ v: PROTOCOL_VERSION, type: 'ping', t });
  }
}
