// Pointer moves for remote control, delivered as soon as Chromium has them. 'pointermove' is aligned to
// animation frames: while the page draws (the video plays, the annotation layer redraws) Chromium holds
// each move until its next frame, 13-15 ms on this machine with a canvas drawing every frame. The
// 'pointerrawupdate' event is dispatched when the move arrives (0.4 ms there). Chromium offers it in
// secure contexts only (https, localhost, the Electron app's own scheme); elsewhere 'pointermove' is used.
//
// Raw updates come at the mouse's own rate (125 to 1000 a second), where 'pointermove' came at most once
// a frame. MoveLimiter keeps the latency and bounds the rate: a move after a pause goes at once; moves
// closer together than MIN_MOVE_INTERVAL_MS are held and only the latest is sent, at the end of the
// interval. Every pointer position the technician stops at is sent.
export type PointerMoveEventName = 'pointerrawupdate' | 'pointermove';

/** At most one move per this many ms (250 a second), more than a 60 Hz frame's worth of smoothness. */
export const MIN_MOVE_INTERVAL_MS = 4;

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

/** Sends moves at once after a pause, and at most one per interval (the latest) while they keep coming. */
export class MoveLimiter {
  private lastSent = -Infinity;
  private pending: PointerMove | null = null;
  private timer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly send: (move: PointerMove) => void,
    private readonly intervalMs = MIN_MOVE_INTERVAL_MS,
    private readonly now: () => number = () => performance.now(),
  ) {}

  offer(move: PointerMove): void {
    const wait = this.lastSent + this.intervalMs - this.now();
    if (wait <= 0 && this.timer === undefined) {
      this.deliver(move);
      return;
    }
    this.pending = move;
    this.timer ??= setTimeout(() => this.flush(), Math.max(0, wait));
  }

  /** Sends a held move now (before a button press or release, so the press lands after it). */
  flush(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    const move = this.pending;
    this.pending = null;
    if (move) this.deliver(move);
  }

  private deliver(move: PointerMove): void {
    this.lastSent = this.now();
    this.send(move);
  }
}
