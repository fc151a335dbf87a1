import { describe, expect, it } from 'vitest';
import { canonicalJson, isJsonSafe } from '../src/index';

describe('canonical JSON', () => {
  it('sorts keys at every depth and drops whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: 'x' } })).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });

  it('writes scalars like JSON and normalises -0', () => {
    expect(canonicalJson([null, true, false, 1.5, -0, 1e21, 'é"\n\u2028'])).toBe(JSON.stringify([null, true, false, 1.5, 0, 1e21, 'é"\n\u2028']));
    expect(canonicalJson({ '\u00e9': 1, e: 2, Z: 3 })).toBe('{"Z":3,"e":2,"é":1}');
  });

  it('round-trips through JSON.parse to the same canonical text', () => {
    const value = { k: [1, 'two', { three: null }], n: -12.25, s: 'tab\there' };
    expect(canonicalJson(JSON.parse(canonicalJson(value)))).toBe(canonicalJson(value));
  });

  it('refuses values JSON cannot represent faithfully', () => {
    for (const bad of [undefined, NaN, Infinity, () => 1, 10n, Symbol('s'), new Date(0), new Uint8Array(1), { a: undefined }, [undefined]]) {
      expect(() => canonicalJson(bad), String(bad)).toThrow(TypeError);
      expect(isJsonSafe(bad)).toBe(false);
    }
    let deep: unknown = 1;
    for (let i = 0; i < 100; i++) deep = [deep];
    expect(() => canonicalJson(deep)).toThrow(TypeError);
    expect(isJsonSafe(Object.create(null))).toBe(true);
  });
});
