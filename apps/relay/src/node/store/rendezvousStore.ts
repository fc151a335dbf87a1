// What relay nodes share: one-time codes, which node holds each session, and failed-attempt counters.
// Sockets stay on the node that accepted them; the store only answers "where is this session?".

export interface CodeRecord {
  sessionId: string;
  /** The WebSocket URL of the node holding the technician's socket. */
  nodeUrl: string;
  /** epoch ms after which the code is refused as expired */
  expiresAt: number;
}

/** A code lookup: the record, 'used' once taken (kept as a tombstone until its TTL), or undefined. */
export type CodeLookup = CodeRecord | 'used' | undefined;

export interface SessionRecord {
  sessionId: string;
  nodeUrl: string;
}

export interface RendezvousStore {
  /** Stores a code under its hash; the entry (and later its 'used' tombstone) lives for ttlMs. */
  putCode(codeKey: string, record: CodeRecord, ttlMs: number): Promise<void>;
  peekCode(codeKey: string): Promise<CodeLookup>;
  /** Atomically returns the entry and replaces it with the 'used' tombstone: only one caller ever gets the record. */
  takeCode(codeKey: string): Promise<CodeLookup>;
  deleteCode(codeKey: string): Promise<void>;
  putSession(record: SessionRecord, ttlMs: number): Promise<void>;
  getSession(sessionId: string): Promise<SessionRecord | undefined>;
  deleteSession(sessionId: string): Promise<void>;
  /** Adds one to a fixed-window counter (the window starts at the first increment) and returns the new count. */
  increment(counterKey: string, windowMs: number): Promise<number>;
  readCounter(counterKey: string): Promise<number>;
  close(): Promise<void>;
}

export function parseCodeRecord(text: string | null): CodeLookup {
  if (text === null) return undefined;
  if (text === 'used') return 'used';
  try {
    const value = JSON.parse(text) as Partial<CodeRecord>;
    if (typeof value.sessionId === 'string' && typeof value.nodeUrl === 'string' && typeof value.expiresAt === 'number') {
      return { sessionId: value.sessionId, nodeUrl: value.nodeUrl, expiresAt: value.expiresAt };
    }
  } catch {
    // fall through: an unreadable entry counts as absent
  }
  return undefined;
}
