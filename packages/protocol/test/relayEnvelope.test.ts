import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { equalBytes, fromHex, toHex } from '../src/index';
import {
  Lane,
  decodeClientMessage,
  decodeLaneFrame,
  decodeRelayControl,
  decodeServerMessage,
  encodeLaneFrame,
  encodeRelayControl,
  readLaneHeader,
  relayAuthMessage,
  type RelayControlMessage,
} from '../src/relay/index';

interface ControlVector { name: string; text: string; ok?: true; code?: string }
interface BinaryVector { name: string; hex: string; lane?: number; payload?: string; code?: string }
const vectors = JSON.parse(readFileSync(new URL('./vectors/relay-envelope.json', import.meta.url), 'utf8')) as {
  control: ControlVector[];
  binary: BinaryVector[];
};

describe('relay control vectors', () => {
  for (const vector of vectors.control) {
    it(vector.name, () => {
      const decoded = decodeRelayControl(vector.text);
      if (vector.ok) {
        expect(decoded.ok).toBe(true);
        if (!decoded.ok) return;
        expect(decoded.value).toEqual(JSON.parse(vector.text));
        const again = encodeRelayControl(decoded.value);
        expect(again.ok && JSON.parse(again.value)).toEqual(JSON.parse(vector.text));
      } else {
        expect(decoded.ok).toBe(false);
        if (!decoded.ok) expect(decoded.error.code).toBe(vector.code);
      }
    });
  }
});

describe('relay binary vectors', () => {
  for (const vector of vectors.binary) {
    it(vector.name, () => {
      const decoded = decodeLaneFrame(fromHex(vector.hex));
      if (vector.code) {
        expect(decoded.ok).toBe(false);
        if (!decoded.ok) expect(decoded.error.code).toBe(vector.code);
        return;
      }
      expect(decoded.ok).toBe(true);
      if (!decoded.ok) return;
      expect(decoded.value.lane).toBe(vector.lane);
      expect(toHex(decoded.value.payload)).toBe(vector.payload);
      expect(toHex(encodeLaneFrame(decoded.value.lane, decoded.value.payload))).toBe(vector.hex);
    });
  }
});

describe('relay envelope rules', () => {
  it('separates client and server directions', () => {
    const hello = '{"v":1,"t":"hello","nonce":"AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8="}';
    const join = '{"v":1,"t":"join","code":"123456789"}';
    expect(decodeServerMessage(hello).ok).toBe(true);
    const asClient = decodeClientMessage(hello);
    expect(!asClient.ok && asClient.error.code).toBe('E_UNKNOWN_TYPE');
    expect(decodeClientMessage(join).ok).toBe(true);
    const asServer = decodeServerMessage(join);
    expect(!asServer.ok && asServer.error.code).toBe('E_UNKNOWN_TYPE');
  });

  it('refuses oversized control text before parsing it', () => {
    const big = JSON.stringify({ v: 1, t: 'leave', reason: 'x'.repeat(20_000) });
    const decoded = decodeRelayControl(big);
    expect(!decoded.ok && decoded.error.code).toBe('E_OVERSIZED');
  });

  it('refuses to encode an invalid message instead of sending it', () => {
    const bad = { v: 1, t: 'join', code: '12' } as RelayControlMessage;
    const encoded = encodeRelayControl(bad);
    expect(!encoded.ok && encoded.error.code).toBe('E_MALFORMED');
  });

  it('reads the lane header without copying and rejects misuse', () => {
    const frame = encodeLaneFrame(Lane.video, new Uint8Array([9, 8, 7]));
    expect(readLaneHeader(frame)).toEqual({ ok: true, value: 1 });
    const decoded = decodeLaneFrame(frame);
    expect(decoded.ok && decoded.value.payload.buffer).toBe(frame.buffer);
    const oversized = decodeLaneFrame(frame, 4);
    expect(!oversized.ok && oversized.error.code).toBe('E_OVERSIZED');
    expect(() => encodeLaneFrame(3 as Lane, new Uint8Array())).toThrow(RangeError);
  });

  it('builds the technician proof message from the context and the nonce', () => {
    const nonce = new Uint8Array(32).fill(7);
    const message = relayAuthMessage(nonce);
    expect(new TextDecoder().decode(message.subarray(0, 20))).toBe('tether-relay-auth-v1');
    expect(equalBytes(message.subarray(20), nonce)).toBe(true);
    expect(() => relayAuthMessage(new Uint8Array(31))).toThrow(RangeError);
  });
});

describe('relay envelope fuzz', () => {
  // Deterministic PRNG so a failure reproduces.
  let seed = 0x12345678;
  const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32);

  it('never throws on random or mutated control text', () => {
    const seeds = vectors.control.map((v) => v.text);
    for (let i = 0; i < 5000; i++) {
      const base = seeds[Math.floor(next() * seeds.length)] ?? '';
      const chars = [...base];
      const edits = 1 + Math.floor(next() * 4);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (chars.length + 1));
        const op = next();
        const ch = String.fromCharCode(Math.floor(next() * 128));
        if (op < 0.33) chars.splice(at, 1);
        else if (op < 0.66) chars.splice(at, 0, ch);
        else chars[at] = ch;
      }
      const result = decodeRelayControl(chars.join(''));
      expect(typeof result.ok).toBe('boolean');
      if (!result.ok) expect(result.error.code).toMatch(/^E_(MALFORMED|OVERSIZED|UNKNOWN_TYPE|UNSUPPORTED_VERSION)$/);
      else expect(encodeRelayControl(result.value).ok).toBe(true);
    }
  });

  it('never throws on random binary frames', () => {
    for (let i = 0; i < 5000; i++) {
      const bytes = new Uint8Array(Math.floor(next() * 8)).map(() => Math.floor(next() * 256));
      const result = decodeLaneFrame(bytes);
      if (result.ok) {
        expect(bytes[0]).toBe(1);
        expect(equalBytes(encodeLaneFrame(result.value.lane, result.value.payload), bytes)).toBe(true);
      } else expect(result.error.code).toMatch(/^E_(MALFORMED|UNSUPPORTED_VERSION)$/);
    }
  });
});
