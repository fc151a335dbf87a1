// The organisation's limit on a whole session (the permission template's maxDurationMs, counted from the
// moment the session was first secured), across re-consents and reconnects. It follows the agent's clock
// port rather than a single long timer: it looks again at most every CHECK_MS, so an injected clock (tests)
// or a suspended machine that wakes up past the limit ends the session within one check.
import { startTimer, stopTimer, type TimerHandle } from '@tether/channel';

export const SESSION_TIME_LIMIT_REASON = "The organisation's time limit for this session was reached.";

const CHECK_MS = 1000;

export class SessionTimeLimit {
  private timer: TimerHandle;
  private deadline: number | undefined;

  constructor(private readonly now: () => number, private readonly onReached: () => void) {}

  /** Sets (or keeps the earlier of) the deadline, epoch ms on the agent's clock. */
  arm(deadline: number): void {
    this.deadline = this.deadline === undefined ? deadline : Math.min(this.deadline, deadline);
    this.check();
  }

  get reached(): boolean {
    return this.deadline !== undefined && this.now() >= this.deadline;
  }

  stop(): void {
    stopTimer(this.timer);
    this.timer = undefined;
    this.deadline = undefined;
  }

  private check(): void {
    stopTimer(this.timer);
    this.timer = undefined;
    if (this.deadline === undefined) return;
    const left = this.deadline - this.now();
    if (left <= 0) {
      this.deadline = undefined;
      this.onReached();
      return;
    }
    this.timer = startTimer(() => this.check(), Math.min(left, CHECK_MS));
  }
}
