// Pointer moves for remote control, delivered as soon as Chromium has them. 'pointermove' is aligned to
// animation frames: while the page draws (the video plays, the annotation layer redraws) Chromium holds
// each move until its next frame, 13-15 ms on this machine with a canvas drawing every frame. The
// 'pointerrawupdate' event is dispatched when the move arrives (0.4 ms there). Chromium offers it in
// secure contexts only (https, localhost, the Electron app's own scheme); elsewhere 'pointermove' is used.
export type PointerMoveEventName = 'pointerrawupdate' | 'pointermove';

/** What a control move needs of the event (a PointerEvent in the page; kept DOM-free for Node tests). */
export interface PointerMove {
  type: string;
  clientX: number;
  clientY: number;
  /** When the browser took the input (ms, the page's performance clock). */
  timeStamp: number;
}

/** The soonest pointer-move event this page (or `scope`, for tests) dispatches. */
export function pointerMoveEventName(scope: object = globalThis): PointerMoveEventName {
  return 'onpointerrawupdate' in scope ? 'pointerrawupdate' : 'pointermove';
}

/** Calls `onMove` for every pointer move over `target`, by the soonest event; returns the un-listener. */
export function listenPointerMoves(target: EventTarget, onMove: (event: PointerMove) => void, scope: object = globalThis): () => void {
  const type = pointerMoveEventName(scope);
  const listener = (event: Event): void => onMove(event as unknown as PointerMove);
  target.addEventListener(type, listener);
  return () => target.removeEventListener(type, listener);
}
