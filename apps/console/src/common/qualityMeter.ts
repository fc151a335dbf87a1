// Connection quality as the technician sees it: frames per second and bitrate over a sliding window of
// received video chunks, and the round trip measured by ping/pong.
export interface QualitySample {
  fps: number;
  bitrate: number;
  rttMs: number | null;
}

export class QualityMeter {
  private readonly frames: Array<{ at: number; bytes: number }> = [];
  private rtt: number | null = null;

  constructor(private readonly windowMs = 2000) {}

  frame(at: number, bytes: number): void {
    this.frames.push({ at, bytes });
    this.trim(at);
  }

  pong(sentAt: number, now: number): void {
    const sample = Math.max(0, now - sentAt);
    this.rtt = this.rtt === null ? sample : Math.round(this.rtt * 0.7 + sample * 0.3);
  }

  sample(now: number): QualitySample {
    this.trim(now);
    const seconds = this.windowMs / 1000;
    const bytes = this.frames.reduce((n, f) => n + f.bytes, 0);
    return { fps: Math.round((this.frames.length / seconds) * 10) / 10, bitrate: Math.round((bytes * 8) / seconds), rttMs: this.rtt };
  }

  private trim(now: number): void {
    while (this.frames.length > 0 && (this.frames[0] as { at: number }).at < now - this.windowMs) this.frames.shift();
  }
}

/** "1.2 Mbit/s", "850 kbit/s". */
export function formatBitrate(bitsPerSecond: number): string {
  if (bitsPerSecond >= 1_000_000) return `${(bitsPerSecond / 1_000_000).toFixed(1)} Mbit/s`;
  return `${Math.round(bitsPerSecond / 1000)} kbit/s`;
}
