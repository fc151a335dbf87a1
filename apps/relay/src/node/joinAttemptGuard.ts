// Brute-force protection for session codes. Failed attempts are counted per client address and
// globally in the shared store (so every node sees them). Per address: the first few failures are free,
// then each attempt waits an exponentially growing delay, then the address is locked out for the rest of
// the failure window. Globally: past the budget, all code attempts are refused until the window rolls.
// Once an address has used its free failures, only one of its attempts is evaluated at a time on a node,
// so parallel sockets cannot skip the delay (before that, customers behind one NAT may join at once).
import type { RelayConfig } from './config';
import type { RendezvousStore } from './store/rendezvousStore';

export type Admission =
  | { ok: true; delayMs: number }
  | { ok: false; code: 'E_LOCKED_OUT' | 'E_RATE_LIMITED'; detail: string };

type GuardLimits = Pick<RelayConfig, 'failureWindowMs' | 'freeFailures' | 'baseDelayMs' | 'maxDelayMs' | 'lockoutFailures' | 'globalFailureBudget' | 'globalWindowMs'>;

export class JoinAttemptGuard {
  private readonly inFlight = new Map<string, number>();

  constructor(private readonly store: RendezvousStore, private readonly limits: GuardLimits) {}

  delayFor(failures: number): number {
    if (failures < this.limits.freeFailures) return 0;
    return Math.min(this.limits.maxDelayMs, this.limits.baseDelayMs * 2 ** (failures - this.limits.freeFailures));
  }

  /** Decides whether an attempt from `address` may be evaluated, and after what delay. Call finish() afterwards. */
  async admit(address: string): Promise<Admission> {
    const [failures, global] = await Promise.all([this.store.readCounter(`ip:${address}`), this.store.readCounter('global')]);
    if (failures >= this.limits.lockoutFailures) return { ok: false, code: 'E_LOCKED_OUT', detail: `${failures} wrong codes from this address` };
    if (global >= this.limits.globalFailureBudget) return { ok: false, code: 'E_RATE_LIMITED', detail: 'too many wrong codes on this relay' };
    const busy = this.inFlight.get(address) ?? 0;
    if (busy > 0 && failures >= this.limits.freeFailures) return { ok: false, code: 'E_RATE_LIMITED', detail: 'another attempt from this address is in progress' };
    this.inFlight.set(address, busy + 1);
    return { ok: true, delayMs: this.delayFor(failures) };
  }

  finish(address: string): void {
    const busy = (this.inFlight.get(address) ?? 1) - 1;
    if (busy <= 0) this.inFlight.delete(address);
    else this.inFlight.set(address, busy);
  }

  async recordFailure(address: string): Promise<void> {
    await Promise.all([
      this.store.increment(`ip:${address}`, this.limits.failureWindowMs),
      this.store.increment('global', this.limits.globalWindowMs),
    ]);
  }
}
