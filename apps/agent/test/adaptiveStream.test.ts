import { describe, expect, it } from 'vitest';
import { AdaptiveStream, QUALITY_LADDER } from '../src/common/session/adaptiveStream';

const clear = { rttMs: 20, bufferedBytes: 0, droppedFrames: 0, outstandingPings: 0 };

describe('AdaptiveStream', () => {
  it('starts at full quality and stays there on a clear link', () => {
    const a = new AdaptiveStream();
    for (let i = 0; i < 20; i++) expect(a.update(clear).knobs).toEqual(QUALITY_LADDER[0]);
  });

  it('lowers frame rate first, then resolution, then bitrate, one step per congested sample', () => {
    const a = new AdaptiveStream();
    a.update(clear);
    const seen = [];
    for (let i = 0; i < QUALITY_LADDER.length + 2; i++) seen.push(a.update({ ...clear, droppedFrames: 2 }).knobs);
    expect(seen[0]).toMatchObject({ fps: 20, scale: 1 });
    expect(seen[1]).toMatchObject({ fps: 12, scale: 1 });
    expect(seen[2]).toMatchObject({ scale: 2 });
    expect(seen.at(-1)).toEqual(QUALITY_LADDER.at(-1));
    for (let i = 1; i < seen.length; i++) {
      const [p, c] = [seen[i - 1]!, seen[i]!];
      expect(c.fps <= p.fps && c.scale >= p.scale && c.bitrate <= p.bitrate).toBe(true);
    }
  });

  it('treats queueing delay, a full send buffer and unanswered pings as congestion, with a reason', () => {
    for (const sample of [
      { ...clear, rttMs: 400 },
      { ...clear, bufferedBytes: 2_000_000 },
      { ...clear, outstandingPings: 4 },
    ]) {
      const a = new AdaptiveStream();
      a.update(clear);
      const s = a.update(sample);
      expect(s.congested).toBe(true);
      expect(s.level).toBe(1);
      expect(s.reason).not.toBe('clear');
    }
  });

  it('recovers one step only after the link stayed clear for a while (no oscillation)', () => {
    const a = new AdaptiveStream({ recoverAfter: 4 });
    a.update(clear);
    for (let i = 0; i < 3; i++) a.update({ ...clear, droppedFrames: 1 });
    expect(a.level).toBe(3);
    const levels = [];
    for (let i = 0; i < 12; i++) levels.push(a.update(clear).level);
    expect(levels).toEqual([3, 3, 3, 2, 2, 2, 2, 1, 1, 1, 1, 0]);
    a.update({ ...clear, droppedFrames: 1 });
    expect(a.level).toBe(1);
  });
});
