// Fuzz-style robustness: random frames, every truncation and every single-bit flip of every golden
// vector go through decodeSessionMessage, which must never throw and must return either a typed
// failure or a message that re-encodes cleanly. Seeded, so a failure reproduces.
import { describe, expect, it } from 'vitest';
import { ERROR_CODES, SESSION_MESSAGE_TAGS, decodeSessionMessage, encodeSessionMessage, fromHex, toHex } from '../src/index';
import { loadMessageVectorFiles } from './support/loadVectors';

/** mulberry32: small, fast, deterministic. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DECODE_CODES = new Set(['E_MALFORMED', 'E_OVERSIZED', 'E_UNKNOWN_TYPE', 'E_UNSUPPORTED_VERSION']);
const vectors = loadMessageVectorFiles().flatMap(({ content }) => content.vectors.map((v) => fromHex(v.hex)));
const tags = Object.values(SESSION_MESSAGE_TAGS);

/** Decodes; on success the message must re-encode and decode to an equal message. Returns the outcome. */
function check(bytes: Uint8Array): string {
  let result;
  try {
    result = decodeSessionMessage(bytes);
  } catch (e) {
    throw new Error(`decode threw on ${toHex(bytes.subarray(0, 64))}: ${String(e)}`);
  }
  if (!result.ok) {
    expect(DECODE_CODES.has(result.error.code), result.error.code).toBe(true);
    expect(ERROR_CODES).toContain(result.error.code);
    return result.error.code;
  }
  const again = decodeSessionMessage(encodeSessionMessage(result.value));
  expect(again.ok && again.value).toEqual(result.value);
  return 'ok';
}

describe('session decoder fuzz', () => {
  it('survives 20,000 random frames (half with a valid header)', () => {
    const rand = prng(0x7e7e7);
    const outcomes = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      const length = Math.floor(rand() * 96);
      const bytes = Uint8Array.from({ length }, () => Math.floor(rand() * 256));
      if (i % 2 === 0 && length >= 2) {
        bytes[0] = 1;
        bytes[1] = tags[Math.floor(rand() * tags.length)]!;
      }
      const outcome = check(bytes);
      outcomes.set(outcome, (outcomes.get(outcome) ?? 0) + 1);
    }
    // The generator must reach past the header checks, or this test proves little.
    expect(outcomes.get('E_MALFORMED') ?? 0).toBeGreaterThan(1000);
    expect(outcomes.get('ok') ?? 0).toBeGreaterThan(0);
  });

  it('survives every truncation of every vector', () => {
    for (const bytes of vectors) for (let n = 0; n <= bytes.length; n++) check(bytes.slice(0, n));
  });

  it('survives every single-bit flip of every vector', () => {
    let flips = 0;
    for (const bytes of vectors) {
      for (let i = 0; i < bytes.length; i++) {
        for (let bit = 0; bit < 8; bit++) {
          const mutated = bytes.slice();
          mutated[i] = (mutated[i] as number) ^ (1 << bit);
          check(mutated);
          flips++;
        }
      }
    }
    expect(flips).toBeGreaterThan(10_000);
  });

  it('survives random byte splices into JSON bodies', () => {
    const rand = prng(42);
    const jsonVectors = vectors.filter((b) => b[2] === 0x7b);
    for (let i = 0; i < 5000; i++) {
      const base = jsonVectors[Math.floor(rand() * jsonVectors.length)]!;
      const at = 2 + Math.floor(rand() * (base.length - 2));
      const insert = Uint8Array.from({ length: 1 + Math.floor(rand() * 4) }, () => '{}[]",:0-e.\\u'.charCodeAt(Math.floor(rand() * 13)));
      const mutated = new Uint8Array(base.length + insert.length);
      mutated.set(base.subarray(0, at));
      mutated.set(insert, at);
      mutated.set(base.subarray(at), at + insert.length);
      check(mutated);
    }
  });
});
