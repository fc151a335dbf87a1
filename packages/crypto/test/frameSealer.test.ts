import { describe, expect, it } from 'vitest';
import nacl from 'tweetnacl';
import { equalBytes } from '@tether/protocol';
import { FRAME_OVERHEAD, FrameOpener, FrameSealer, LANE_BULK, LANE_CONTROL, LANE_VIDEO, warmUpFrameCrypto } from '../src/index';

const key = nacl.randomBytes(32);
const bytes = (...values: number[]) => new Uint8Array(values);
function codeOf(result: { ok: boolean; error?: { code: string } }) {
  return result.ok ? 'ok' : result.error!.code;
}

describe('frame sealing', () => {
  it('round-trips on every lane, including empty and large frames', () => {
    const sealer = new FrameSealer(key);
    const opener = new FrameOpener(key);
    for (const lane of [LANE_CONTROL, LANE_VIDEO, LANE_BULK] as const) {
      for (const plaintext of [new Uint8Array(0), bytes(1, 2, 3), nacl.randomBytes(1 << 20)]) {
        const frame = sealer.seal(lane, plaintext);
        expect(frame.length).toBe(plaintext.length + FRAME_OVERHEAD);
        const opened = opener.open(lane, frame);
        expect(opened.ok && equalBytes(opened.value, plaintext)).toBe(true);
      }
    }
  });

  it('matches nacl.secretbox with the documented nonce layout', () => {
    const frame = new FrameSealer(key).seal(LANE_VIDEO, bytes(9, 8, 7));
    const nonce = new Uint8Array(24);
    nonce[0] = 1;
    expect(frame.subarray(8)).toEqual(nacl.secretbox(bytes(9, 8, 7), nonce, key));
    expect(frame.subarray(0, 8)).toEqual(new Uint8Array(8));
  });

  it('rejects replay and reordering on control and bulk without advancing state', () => {
    for (const lane of [LANE_CONTROL, LANE_BULK] as const) {
      const sealer = new FrameSealer(key);
      const opener = new FrameOpener(key);
      const [f0, f1, f2] = [sealer.seal(lane, bytes(0)), sealer.seal(lane, bytes(1)), sealer.seal(lane, bytes(2))];
      expect(codeOf(opener.open(lane, f1!))).toBe('E_REPLAY');
      expect(codeOf(opener.open(lane, f0!))).toBe('ok');
      expect(codeOf(opener.open(lane, f0!))).toBe('E_REPLAY');
      expect(codeOf(opener.open(lane, f2!))).toBe('E_REPLAY');
      expect(codeOf(opener.open(lane, f1!))).toBe('ok');
      expect(codeOf(opener.open(lane, f2!))).toBe('ok');
    }
  });

  it('allows and counts gaps on video but never going back', () => {
    const sealer = new FrameSealer(key);
    const opener = new FrameOpener(key);
    const frames = Array.from({ length: 6 }, (_, i) => sealer.seal(LANE_VIDEO, bytes(i)));
    expect(codeOf(opener.open(LANE_VIDEO, frames[0]!))).toBe('ok');
    expect(codeOf(opener.open(LANE_VIDEO, frames[3]!))).toBe('ok');
    expect(opener.droppedVideoFrames).toBe(2);
    expect(codeOf(opener.open(LANE_VIDEO, frames[2]!))).toBe('E_REPLAY');
    expect(codeOf(opener.open(LANE_VIDEO, frames[3]!))).toBe('E_REPLAY');
    expect(codeOf(opener.open(LANE_VIDEO, frames[5]!))).toBe('ok');
    expect(opener.droppedVideoFrames).toBe(3);
  });

  it('binds the lane and the direction key', () => {
    const sealer = new FrameSealer(key);
    const frame = sealer.seal(LANE_CONTROL, bytes(1));
    expect(codeOf(new FrameOpener(key).open(LANE_BULK, frame))).toBe('E_DECRYPT_FAILED');
    expect(codeOf(new FrameOpener(nacl.randomBytes(32)).open(LANE_CONTROL, frame))).toBe('E_DECRYPT_FAILED');
    expect(codeOf(new FrameOpener(key).open(7, frame))).toBe('E_MALFORMED');
  });

  it('rejects every flipped byte and truncation, and a failure does not advance the counter', () => {
    const frame = new FrameSealer(key).seal(LANE_CONTROL, nacl.randomBytes(40));
    const opener = new FrameOpener(key);
    for (let i = 0; i < frame.length; i++) {
      const tampered = frame.slice();
      tampered[i] = (tampered[i] as number) ^ 0x40;
      const code = codeOf(opener.open(LANE_CONTROL, tampered));
      // the counter bytes: a far-future counter is out of order (or out of range); the rest fails the MAC
      expect(code, `byte ${i}`).toBe(i < 8 ? (i < 2 ? 'E_MALFORMED' : 'E_REPLAY') : 'E_DECRYPT_FAILED');
    }
    expect(codeOf(opener.open(LANE_CONTROL, frame.subarray(0, FRAME_OVERHEAD - 1)))).toBe('E_MALFORMED');
    expect(codeOf(opener.open(LANE_CONTROL, frame.subarray(0, frame.length - 1)))).toBe('E_DECRYPT_FAILED');
    expect(codeOf(opener.open(LANE_CONTROL, frame))).toBe('ok');
  });

  it('throws on misuse', () => {
    expect(() => new FrameSealer(new Uint8Array(16))).toThrow(RangeError);
    expect(() => new FrameSealer(key).seal(3 as 0, bytes(1))).toThrow(RangeError);
    expect(() => new FrameSealer(key).seal(0, 'x' as unknown as Uint8Array)).toThrow(TypeError);
  });
});

describe('warmUpFrameCrypto', () => {
  it('runs once per process and leaves real sealers and openers untouched', () => {
    const key = new Uint8Array(32).fill(5);
    const sealer = new FrameSealer(key);
    const opener = new FrameOpener(key);
    const before = sealer.seal(LANE_CONTROL, new Uint8Array([1, 2, 3]));
    expect(warmUpFrameCrypto(50)).toBe(true);
    expect(warmUpFrameCrypto(50)).toBe(false);
    // The counters of existing sessions are their own: frame 0 then frame 1, both open in order.
    const after = sealer.seal(LANE_CONTROL, new Uint8Array([4, 5]));
    expect(Array.from(before.subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
    expect(Array.from(after.subarray(0, 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 1]);
    const first = opener.open(LANE_CONTROL, before);
    const second = opener.open(LANE_CONTROL, after);
    expect(first.ok && Array.from(first.value)).toEqual([1, 2, 3]);
    expect(second.ok && Array.from(second.value)).toEqual([4, 5]);
  });
});
