// The single-node default: the rendezvous store in this process's memory, with lazy expiry plus a
// periodic purge so abandoned entries do not accumulate.
import type { CodeLookup, CodeRecord, RendezvousStore, SessionRecord } from './rendezvousStore';

interface Entry<T> {
  value: T;
  expiresAt: number;
}

export class MemoryStore implements RendezvousStore {
  private readonly codes = new Map<string, Entry<CodeRecord | 'used'>>();
  private readonly sessions = new Map<string, Entry<SessionRecord>>();
  private readonly counters = new Map<string, Entry<number>>();
  private readonly purgeTimer: NodeJS.Timeout;

  constructor(private readonly now: () => number = Date.now, purgeEveryMs = 30_000) {
    this.purgeTimer = setInterval(() => this.purge(), purgeEveryMs);
    this.purgeTimer.unref();
  }

  private live<T>(map: Map<string, Entry<T>>, key: string): Entry<T> | undefined {
    const entry = map.get(key);
    if (entry && entry.expiresAt <= this.now()) {
      map.delete(key);
      return undefined;
    }
    return entry;
  }

  private purge(): void {
    const now = this.now();
    for (const map of [this.codes, this.sessions, this.counters] as Map<string, Entry<unknown>>[]) {
      for (const [key, entry] of map) if (entry.expiresAt <= now) map.delete(key);
    }
  }

  async putCode(codeKey: string, record: CodeRecord, ttlMs: number): Promise<void> {
    this.codes.set(codeKey, { value: { ...record }, expiresAt: this.now() + ttlMs });
  }

  async peekCode(codeKey: string): Promise<CodeLookup> {
    return this.live(this.codes, codeKey)?.value;
  }

  async takeCode(codeKey: string): Promise<CodeLookup> {
    const entry = this.live(this.codes, codeKey);
    if (!entry) return undefined;
    const previous = entry.value;
    entry.value = 'used';
    return previous;
  }

  async deleteCode(codeKey: string): Promise<void> {
    this.codes.delete(codeKey);
  }

  async putSession(record: SessionRecord, ttlMs: number): Promise<void> {
    this.sessions.set(record.sessionId, { value: { ...record }, expiresAt: this.now() + ttlMs });
  }

  async getSession(sessionId: string): Promise<SessionRecord | undefined> {
    return this.live(this.sessions, sessionId)?.value;
  }

  async deleteSession(sessionId: string): Promise<void> {
    this.sessions.delete(sessionId);
  }

  async increment(counterKey: string, windowMs: number): Promise<number> {
    const entry = this.live(this.counters, counterKey);
    if (entry) return ++entry.value;
    this.counters.set(counterKey, { value: 1, expiresAt: this.now() + windowMs });
    return 1;
  }

  async readCounter(counterKey: string): Promise<number> {
    return this.live(this.counters, counterKey)?.value ?? 0;
  }

  async close(): Promise<void> {
    clearInterval(this.purgeTimer);
  }
}
