// Events an X client received, in order, and waiting for one that matches: shared by the xev observer
// and the X event tap. The owner adds events and calls notify() once per batch it read.

export interface EventLog<E> {
  events: E[];
  /** Wakes the waiters after events were added. */
  notify(): void;
  /** The first event (already received or still to come) that matches; rejects after timeoutMs. */
  waitFor(pred: (e: E) => boolean, timeoutMs: number): Promise<E>;
}

/** `failure(timeoutMs, seen)` words the timeout error (seen: how many events had come by then). */
export function createEventLog<E>(failure: (timeoutMs: number, seen: number) => string): EventLog<E> {
  const events: E[] = [];
  const waiters = new Set<() => void>();
  return {
    events,
    notify() {
      for (const w of waiters) w();
    },
    waitFor(pred, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = (): boolean => {
          const hit = events.find(pred);
          if (!hit) return false;
          waiters.delete(check);
          clearTimeout(timer);
          resolve(hit);
          return true;
        };
        const timer = setTimeout(() => {
          waiters.delete(check);
          reject(new Error(failure(timeoutMs, events.length)));
        }, timeoutMs);
        if (!check()) waiters.add(check);
      });
    },
  };
}
