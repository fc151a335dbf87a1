import { describe, expect, it } from 'vitest';
import { keyMessageFor, modifierBits, wheelSteps } from '../src/common/keyMapping';
import { containRect, denormalisePoint, normalisePoint, toNorm } from '../src/common/pointerMapping';
import { groupCode, groupSas } from '../src/common/sessionCode';

const SURFACE = { width: 1920, height: 1080 };

describe('pointer mapping', () => {
  it('accounts for letterbox bars left/right and top/bottom', () => {
    expect(containRect({ width: 1000, height: 1000 }, SURFACE)).toEqual({ x: 0, y: 218.75, width: 1000, height: 562.5 });
    expect(containRect({ width: 2000, height: 540 }, SURFACE)).toEqual({ x: 520, y: 0, width: 960, height: 540 });
    expect(normalisePoint(500, 100, { width: 1000, height: 1000 }, SURFACE)).toBeNull(); // on the top bar
    expect(normalisePoint(100, 270, { width: 2000, height: 540 }, SURFACE)).toBeNull(); // on the left bar
    expect(normalisePoint(520, 0, { width: 2000, height: 540 }, SURFACE)).toEqual({ x: 0, y: 0 });
  });

  it('names the surface pixel under the pointer exactly as the agent maps it back', () => {
    // 1:1: element == surface.
    const p = normalisePoint(300.5, 260.5, SURFACE, SURFACE);
    expect(p).toEqual({ x: toNorm(300, 1920), y: toNorm(260, 1080) });
    expect(Math.round(((p?.x ?? 0) * 1919) / 65535)).toBe(300);
    expect(normalisePoint(1919.9, 1079.9, SURFACE, SURFACE)).toEqual({ x: 65535, y: 65535 });
    // Half size: pixel 601 of the surface sits at 300.5 in the element.
    const half = normalisePoint(300.6, 130.4, { width: 960, height: 540 }, SURFACE);
    expect(Math.round(((half?.x ?? 0) * 1919) / 65535)).toBe(601);
    const back = denormalisePoint(toNorm(960, 1920), toNorm(540, 1080), { width: 960, height: 540 }, SURFACE);
    expect(back.x).toBeCloseTo(480, 0);
  });
});

describe('keys and wheel', () => {
  it('sends the physical key with modifier bits', () => {
    expect(keyMessageFor({ type: 'keydown', code: 'Digit1', shiftKey: true, ctrlKey: false, altKey: false, metaKey: false })).toEqual({ v: 1, type: 'input.key', code: 'Digit1', down: true, modifiers: 1 });
    expect(keyMessageFor({ type: 'keyup', code: 'F12', shiftKey: false, ctrlKey: true, altKey: true, metaKey: true })).toMatchObject({ down: false, modifiers: 14 });
    expect(modifierBits({ shiftKey: true, ctrlKey: true, altKey: true, metaKey: true })).toBe(15);
  });

  it('does not send keys the protocol cannot name', () => {
    const base = { shiftKey: false, ctrlKey: false, altKey: false, metaKey: false };
    expect(keyMessageFor({ ...base, type: 'keydown', code: '' })).toBeNull();
    expect(keyMessageFor({ ...base, type: 'keydown', code: 'Key-A' })).toBeNull();
    expect(keyMessageFor({ ...base, type: 'keydown', code: 'K'.repeat(33) })).toBeNull();
    expect(keyMessageFor({ ...base, type: 'keypress', code: 'KeyA' })).toBeNull();
  });

  it('turns wheel deltas into bounded steps', () => {
    expect(wheelSteps(100, 0)).toBe(1);
    expect(wheelSteps(-300, 0)).toBe(-3);
    expect(wheelSteps(3, 0)).toBe(1);
    expect(wheelSteps(2, 1)).toBe(2);
    expect(wheelSteps(1, 2)).toBe(10);
    expect(wheelSteps(1e9, 1)).toBe(32767);
    expect(wheelSteps(Number.NaN, 0)).toBe(0);
  });
});

describe('code display', () => {
  it('groups codes and the SAS for reading aloud', () => {
    expect(groupCode('123456789')).toBe('123 456 789');
    expect(groupCode('1234567890')).toBe('1234 567 890');
    expect(groupCode('12345678901')).toBe('12 345 678 901');
    expect(groupSas('042917')).toBe('042 917');
  });
});
