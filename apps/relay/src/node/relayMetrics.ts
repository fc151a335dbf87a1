// Relay counters and gauges, rendered in the Prometheus text exposition format (version 0.0.4).
// The forwarding hot path only touches fixed arrays indexed by lane.
import type { TetherErrorCode } from '@tether/protocol';
import { LANE_NAMES, type Lane } from '@tether/protocol/relay';

export interface RelayGauges {
  connections: number;
  sessions: number;
  pairedSessions: number;
}

export class RelayMetrics {
  readonly bytesIn = [0, 0, 0];
  readonly bytesOut = [0, 0, 0];
  readonly framesIn = [0, 0, 0];
  readonly framesOut = [0, 0, 0];
  videoFramesDropped = 0;
  framesDiscardedNoPeer = 0;
  sessionsCreated = 0;
  sessionsPaired = 0;
  rejoins = 0;
  redirects = 0;
  bulkPauses = 0;
  readonly refusals = new Map<TetherErrorCode, number>();
  readonly sessionsEnded = new Map<TetherErrorCode, number>();

  constructor(private readonly gauges: () => RelayGauges) {}

  frameIn(lane: Lane, bytes: number): void {
    this.framesIn[lane] = (this.framesIn[lane] ?? 0) + 1;
    this.bytesIn[lane] = (this.bytesIn[lane] ?? 0) + bytes;
  }

  frameOut(lane: Lane, bytes: number): void {
    this.framesOut[lane] = (this.framesOut[lane] ?? 0) + 1;
    this.bytesOut[lane] = (this.bytesOut[lane] ?? 0) + bytes;
  }

  refused(code: TetherErrorCode): void {
    this.refusals.set(code, (this.refusals.get(code) ?? 0) + 1);
  }

  ended(code: TetherErrorCode): void {
    this.sessionsEnded.set(code, (this.sessionsEnded.get(code) ?? 0) + 1);
  }

  snapshot(): RelayGauges {
    return this.gauges();
  }

  render(): string {
    const gauges = this.gauges();
    const cpu = process.cpuUsage();
    const out: string[] = [];
    const metric = (name: string, type: 'counter' | 'gauge', help: string, samples: [labels: string, value: number][]) => {
      out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${type}`);
      for (const [labels, value] of samples) out.push(`${name}${labels} ${value}`);
    };
    const perLane = (values: number[], direction: string): [string, number][] =>
      values.map((v, lane) => [`{lane="${LANE_NAMES[lane as Lane]}",direction="${direction}"}`, v]);
    const byCode = (map: Map<TetherErrorCode, number>): [string, number][] => [...map].map(([code, n]) => [`{code="${code}"}`, n]);
    metric('tether_relay_connections_active', 'gauge', 'Open WebSocket connections.', [['', gauges.connections]]);
    metric('tether_relay_sessions_active', 'gauge', 'Sessions held by this node (waiting, paired or in a rejoin grace period).', [['', gauges.sessions]]);
    metric('tether_relay_sessions_paired', 'gauge', 'Sessions with both sides connected.', [['', gauges.pairedSessions]]);
    metric('tether_relay_sessions_created_total', 'counter', 'Sessions created by technicians.', [['', this.sessionsCreated]]);
    metric('tether_relay_sessions_joined_total', 'counter', 'Sessions an agent joined with a valid code.', [['', this.sessionsPaired]]);
    metric('tether_relay_sessions_ended_total', 'counter', 'Sessions ended, by reason.', byCode(this.sessionsEnded));
    metric('tether_relay_frames_total', 'counter', 'Binary frames, by lane and direction.', [...perLane(this.framesIn, 'in'), ...perLane(this.framesOut, 'out')]);
    metric('tether_relay_bytes_total', 'counter', 'Binary frame bytes, by lane and direction.', [...perLane(this.bytesIn, 'in'), ...perLane(this.bytesOut, 'out')]);
    metric('tether_relay_refusals_total', 'counter', 'Requests refused or connections closed with an error, by error code.', byCode(this.refusals));
    metric('tether_relay_video_frames_dropped_total', 'counter', 'Video frames dropped because the receiver was slow.', [['', this.videoFramesDropped]]);
    metric('tether_relay_frames_discarded_total', 'counter', 'Frames discarded because the other side was not connected.', [['', this.framesDiscardedNoPeer]]);
    metric('tether_relay_bulk_pauses_total', 'counter', 'Times a sender was paused because its receiver had a bulk backlog.', [['', this.bulkPauses]]);
    metric('tether_relay_rejoins_total', 'counter', 'Successful rejoins within the grace period.', [['', this.rejoins]]);
    metric('tether_relay_redirects_total', 'counter', 'Clients sent to the node that holds their session.', [['', this.redirects]]);
    metric('tether_relay_process_cpu_seconds_total', 'counter', 'CPU time used by the relay process (user + system).', [['', (cpu.user + cpu.system) / 1e6]]);
    metric('tether_relay_process_resident_memory_bytes', 'gauge', 'Resident memory of the relay process.', [['', process.memoryUsage.rss()]]);
    return `${out.join('\n')}\n`;
  }
}
