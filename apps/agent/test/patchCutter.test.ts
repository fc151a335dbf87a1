import { describe, expect, it } from 'vitest';
import { videoPatchPixels, type VideoPatchMessage } from '@tether/protocol';
import { cutPatch, patchBox } from '../src/common/capture/patchCutter';
import { MAX_PATCH_BACKLOG_BYTES, MAX_PATCH_PIXELS, PatchBudget } from '../src/common/capture/patchBudget';
import type { FramePlanes } from '../src/common/capture/dirtyRect';

const W = 20;
const H = 10;
const I420: FramePlanes = { format: 'I420', width: W, height: H, layout: [{ offset: 0, stride: W }, { offset: W * H, stride: W / 2 }, { offset: W * H + (W / 2) * (H / 2), stride: W / 2 }] };

/** A frame whose every byte says where it is: Y = 0..199 by position, U = 1000+i, V = 2000+i (mod 256). */
function labelledI420(): Uint8Array {
  const f = new Uint8Array(W * H * 1.5);
  for (let i = 0; i < W * H; i++) f[i] = i & 0xff;
  for (let i = 0; i < 50; i++) { f[W * H + i] = (100 + i) & 0xff; f[W * H + 50 + i] = (200 + i) & 0xff; }
  return f;
}

function asMessage(cut: ReturnType<typeof cutPatch>): VideoPatchMessage {
  return { v: 1, type: 'video.patch', timestampUs: 0, surfaceId: 0, colour: { matrix: null, primaries: null, transfer: null, fullRange: false }, ...cut };
}

describe('cutPatch', () => {
  it('widens I420 boxes to even edges and cuts exactly the covered Y, U and V bytes', () => {
    expect(patchBox({ x: 3, y: 1, width: 4, height: 2 }, I420)).toEqual({ x: 2, y: 0, width: 6, height: 4 });
    expect(patchBox({ x: 19, y: 9, width: 1, height: 1 }, I420)).toEqual({ x: 18, y: 8, width: 2, height: 2 });
    const cut = cutPatch(labelledI420(), I420, { x: 3, y: 1, width: 4, height: 2 });
    expect(cut).toMatchObject({ x: 2, y: 0, width: 6, height: 4, frameWidth: W, frameHeight: H, format: 'I420', pixelBytes: 6 * 4 + 2 * 3 * 2 });
    const pixels = videoPatchPixels(asMessage(cut));
    const y = [0, 1, 2, 3].flatMap((r) => [2, 3, 4, 5, 6, 7].map((c) => r * W + c));
    const u = [0, 1].flatMap((r) => [1, 2, 3].map((c) => 100 + r * 10 + c));
    const v = [0, 1].flatMap((r) => [1, 2, 3].map((c) => 200 + r * 10 + c));
    expect([...pixels]).toEqual([...y, ...u, ...v]);
  });

  it('cuts BGRA rows past the stride padding, reports it as BGRX, and packs solid areas as runs', () => {
    const planes: FramePlanes = { format: 'BGRA', width: 8, height: 4, layout: [{ offset: 16, stride: 8 * 4 + 8 }] };
    const frame = new Uint8Array(16 + 40 * 4).fill(9);
    frame[16 + 2 * 40 + 3 * 4] = 77; // pixel (3, 2), first byte
    const cut = cutPatch(frame, planes, { x: 3, y: 2, width: 2, height: 2 });
    expect(cut).toMatchObject({ x: 3, y: 2, width: 2, height: 2, format: 'BGRX' });
    const pixels = videoPatchPixels(asMessage(cut));
    expect([...pixels]).toEqual([77, 9, 9, 9, ...new Array(12).fill(9)]);
    const solid = cutPatch(new Uint8Array(300 * 300 * 1.5).fill(235), { ...I420, width: 300, height: 300, layout: [{ offset: 0, stride: 300 }, { offset: 90000, stride: 150 }, { offset: 112500, stride: 150 }] }, { x: 0, y: 0, width: 300, height: 300 });
    expect(solid.packing).toBe('runs');
    expect(solid.data.length).toBeLessThan(solid.pixelBytes / 50);
  });
});

describe('PatchBudget', () => {
  it('refuses large changes and a busy socket, allows small ones', () => {
    const budget = new PatchBudget(4_000_000);
    expect(budget.allows({ x: 0, y: 0, width: 100, height: 100 }, 0, 0)).toBe(true);
    expect(budget.allows({ x: 0, y: 0, width: 1000, height: Math.ceil(MAX_PATCH_PIXELS / 1000) + 1 }, 0, 0)).toBe(false);
    expect(budget.allows({ x: 0, y: 0, width: 10, height: 10 }, MAX_PATCH_BACKLOG_BYTES + 1, 0)).toBe(false);
  });

  it('keeps the average within its share of the bitrate and refills with time', () => {
    const budget = new PatchBudget(800_000); // 100 kB/s of video -> 25 kB/s of patches
    const box = { x: 0, y: 0, width: 10, height: 10 };
    let sent = 0;
    for (let t = 0; t <= 10_000; t += 10) {
      if (budget.allows(box, 0, t)) { budget.spend(5000, t); sent += 5000; }
    }
    // 10 s at 25 kB/s plus the 1 s burst, plus at most one patch of debt.
    expect(sent).toBeGreaterThan(240_000);
    expect(sent).toBeLessThanOrEqual(25_000 * 11 + 5000);
    budget.setBitrate(50_000);
    budget.spend(100_000, 10_000);
    expect(budget.allows(box, 0, 10_000)).toBe(false);
    expect(budget.allows(box, 0, 20_000)).toBe(true);
  });
});
