// The shared rendezvous store for several relay nodes. Taking a code is one Lua script (read + replace
// with the 'used' tombstone, TTL kept), so two nodes can never both consume the same code.
import { Redis } from 'ioredis';
import { parseCodeRecord, type CodeLookup, type CodeRecord, type RendezvousStore, type SessionRecord } from './rendezvousStore';

const TAKE_CODE = `local v = redis.call('GET', KEYS[1])
if v then redis.call('SET', KEYS[1], 'used', 'KEEPTTL') end
return v`;

const INCREMENT = `local n = redis.call('INCR', KEYS[1])
if n == 1 then redis.call('PEXPIRE', KEYS[1], ARGV[1]) end
return n`;

export class RedisStore implements RendezvousStore {
  private readonly redis: Redis;

  constructor(url: string, private readonly prefix = 'tether:relay:') {
    this.redis = new Redis(url, { maxRetriesPerRequest: 2, enableOfflineQueue: true, lazyConnect: false });
    // Connection errors surface on the commands that fail; this keeps ioredis from logging them as unhandled.
    this.redis.on('error', () => undefined);
  }

  async putCode(codeKey: string, record: CodeRecord, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.prefix}code:${codeKey}`, JSON.stringify(record), 'PX', ttlMs);
  }

  async peekCode(codeKey: string): Promise<CodeLookup> {
    return parseCodeRecord(await this.redis.get(`${this.prefix}code:${codeKey}`));
  }

  async takeCode(codeKey: string): Promise<CodeLookup> {
    const value = (await this.redis.eval(TAKE_CODE, 1, `${this.prefix}code:${codeKey}`)) as string | null;
    return parseCodeRecord(value);
  }

  async deleteCode(codeKey: string): Promise<void> {
    await this.redis.del(`${this.prefix}code:${codeKey}`);
  }

  async putSession(record: SessionRecord, ttlMs: number): Promise<void> {
    await this.redis.set(`${this.prefix}session:${record.sessionId}`, JSON.stringify(record), 'PX', ttlMs);
  }

  async getSession(sessionId: string): Promise<SessionRecord | undefined> {
    const text = await this.redis.get(`${this.prefix}session:${sessionId}`);
    if (text === null) return undefined;
    try {
      const value = JSON.parse(text) as Partial<SessionRecord>;
      return typeof value.sessionId === 'string' && typeof value.nodeUrl === 'string' ? { sessionId: value.sessionId, nodeUrl: value.nodeUrl } : undefined;
    } catch {
      return undefined;
    }
  }

  async deleteSession(sessionId: string): Promise<void> {
    await this.redis.del(`${this.prefix}session:${sessionId}`);
  }

  async increment(counterKey: string, windowMs: number): Promise<number> {
    return Number(await this.redis.eval(INCREMENT, 1, `${this.prefix}count:${counterKey}`, String(windowMs)));
  }

  async readCounter(counterKey: string): Promise<number> {
    return Number((await this.redis.get(`${this.prefix}count:${counterKey}`)) ?? 0);
  }

  async close(): Promise<void> {
    await this.redis.quit().catch(() => this.redis.disconnect());
  }
}
