// Control moves: Chromium's 'pointerrawupdate' (not held for the next animation frame) where the page has
// it, else 'pointermove'; the listener follows that choice; and the limiter sends a move after a pause at
// once, holds moves closer together than its interval and sends only the latest at the interval's end.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { MIN_MOVE_INTERVAL_MS, MoveLimiter, listenPointerMoves, pointerMoveEventName, type PointerMove } from '../src/renderer/pointerMoves';

const move = (x: number): PointerMove => ({ type: 'pointerrawupdate', clientX: x, clientY: 0, timeStamp: 0 });

describe('pointer moves for control', () => {
  it('uses pointerrawupdate where the page offers it, pointermove elsewhere', () => {
    expect(pointerMoveEventName({ onpointerrawupdate: null })).toBe('pointerrawupdate');
    expect(pointerMoveEventName({})).toBe('pointermove');
  });

  it('listens to that event only, and stops listening when asked', () => {
    const target = new EventTarget();
    // Node's Event stands in for the page's PointerEvent: only its type matters here.
    const seen: string[] = [];
    const stop = listenPointerMoves(target, (e) => seen.push(e.type), { onpointerrawupdate: null });
    target.dispatchEvent(new Event('pointermove'));
    target.dispatchEvent(new Event('pointerrawupdate'));
    stop();
    target.dispatchEvent(new Event('pointerrawupdate'));
    expect(seen).toEqual(['pointerrawupdate']);
  });
});

describe('move limiter', () => {
  let clock = 0;
  let sent: number[];
  let limiter: MoveLimiter;
  beforeEach(() => {
    vi.useFakeTimers();
    clock = 1000;
    sent = [];
    limiter = new MoveLimiter((m) => sent.push(m.clientX), MIN_MOVE_INTERVAL_MS, () => clock);
  });
  afterEach(() => vi.useRealTimers());
  const advance = (ms: number): void => {
    clock += ms;
    vi.advanceTimersByTime(ms);
  };

  it('sends a move after a pause at once, without waiting on a timer', () => {
    limiter.offer(move(1));
    expect(sent).toEqual([1]);
    advance(50);
    limiter.offer(move(2));
    expect(sent).toEqual([1, 2]);
  });

  it('holds moves that come faster than the interval and sends only the latest when it ends', () => {
    limiter.offer(move(1));
    advance(1);
    limiter.offer(move(2));
    advance(1);
    limiter.offer(move(3));
    expect(sent).toEqual([1]);
    advance(MIN_MOVE_INTERVAL_MS - 2);
    expect(sent).toEqual([1, 3]);
    advance(100);
    expect(sent).toEqual([1, 3]);
  });

  it('at a 1000 Hz mouse sends at most one move per interval, and the last position always', () => {
    for (let i = 1; i <= 100; i++) {
      limiter.offer(move(i));
      advance(1);
    }
    advance(MIN_MOVE_INTERVAL_MS);
    expect(sent.length).toBeLessThanOrEqual(100 / MIN_MOVE_INTERVAL_MS + 1);
    expect(sent.at(-1)).toBe(100);
  });

  it('flush sends a held move at once (before a button press), and nothing when none is held', () => {
    limiter.offer(move(1));
    limiter.offer(move(2));
    limiter.flush();
    expect(sent).toEqual([1, 2]);
    limiter.flush();
    advance(100);
    expect(sent).toEqual([1, 2]);
  });
});
