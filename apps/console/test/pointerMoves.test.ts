// Which event carries control moves: Chromium's 'pointerrawupdate' (not held for the next animation
// frame) where the page has it, else 'pointermove'; and the listener follows that choice.
import { describe, expect, it } from 'vitest';
import { listenPointerMoves, pointerMoveEventName } from '../src/renderer/pointerMoves';

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
