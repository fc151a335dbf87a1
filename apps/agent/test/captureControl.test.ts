import { describe, expect, it } from 'vitest';
import { decodeCaptureControl, decodeCapturePageEvent, validateMasks } from '../src/common/capture/captureControl';
import { DEFAULT_CAPTURE_OPTIONS } from '../src/common/capture/captureTypes';
import { captureStartOptions } from '../src/node/capture/captureRequest';

const codeOf = (r: { ok: boolean; error?: { code: string } }): string | undefined => (r.ok ? undefined : r.error?.code);

describe('capture control messages', () => {
  it('accepts every well-formed control message', () => {
    const messages = [
      { type: 'start', ...DEFAULT_CAPTURE_OPTIONS, masks: [{ x: 0, y: 0, w: 1, h: 0.5 }] },
      { type: 'setMasks', masks: [] },
      { type: 'setConfig', scale: 2 },
      { type: 'setConfig', fps: 5, bitrate: 1_000_000 },
      { type: 'requestKeyframe' },
      { type: 'pause' },
      { type: 'resume' },
      { type: 'getStats', id: 3 },
      { type: 'stop' },
    ];
    for (const m of messages) expect(decodeCaptureControl(JSON.stringify(m))).toEqual({ ok: true, value: m });
  });

  it('rejects bad input with a typed error', () => {
    expect(codeOf(decodeCaptureControl('{'))).toBe('E_MALFORMED');
    expect(codeOf(decodeCaptureControl('[1]'))).toBe('E_MALFORMED');
    expect(codeOf(decodeCaptureControl('{"type":"format-disk"}'))).toBe('E_UNKNOWN_TYPE');
    expect(codeOf(decodeCaptureControl('{"type":"setConfig","scale":0}'))).toBe('E_BAD_ARGUMENT');
    expect(codeOf(decodeCaptureControl('{"type":"setConfig","bitrate":1500000.5}'))).toBe('E_BAD_ARGUMENT');
    expect(codeOf(decodeCaptureControl('{"type":"setMasks","masks":[{"x":0.5,"y":0,"w":0.6,"h":0.1}]}'))).toBe('E_BAD_ARGUMENT');
    expect(codeOf(decodeCaptureControl('{"type":"setMasks","masks":[{"x":"0","y":0,"w":0.1,"h":0.1}]}'))).toBe('E_BAD_ARGUMENT');
    expect(codeOf(decodeCaptureControl(JSON.stringify({ type: 'start', ...DEFAULT_CAPTURE_OPTIONS, codecs: ['hevc'] })))).toBe('E_BAD_ARGUMENT');
    expect(codeOf(decodeCaptureControl(JSON.stringify({ type: 'start', ...DEFAULT_CAPTURE_OPTIONS, codecs: [] })))).toBe('E_BAD_ARGUMENT');
    expect(codeOf(decodeCaptureControl('x'.repeat(70_000)))).toBe('E_OVERSIZED');
  });

  it('takes a sampling rate from the encoded rate up to 120 and refuses one below the encoded rate', () => {
    const start = (fps: number, sampleFps: unknown) => decodeCaptureControl(JSON.stringify({ type: 'start', ...DEFAULT_CAPTURE_OPTIONS, fps, sampleFps }));
    expect(start(60, 120)).toMatchObject({ ok: true, value: { fps: 60, sampleFps: 120 } });
    expect(start(30, 30)).toMatchObject({ ok: true, value: { fps: 30, sampleFps: 30 } });
    expect(codeOf(start(60, 30))).toBe('E_BAD_ARGUMENT');
    expect(codeOf(start(60, 121))).toBe('E_BAD_ARGUMENT');
    expect(codeOf(start(30, undefined))).toBe('E_BAD_ARGUMENT');
    expect(codeOf(start(30, '60'))).toBe('E_BAD_ARGUMENT');
  });

  it('caps the number of masks', () => {
    const many = Array.from({ length: 65 }, () => ({ x: 0, y: 0, w: 0.1, h: 0.1 }));
    expect(() => validateMasks(many)).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
  });

  it('decodes page events and rejects unknown ones', () => {
    const configured = { type: 'configured', codec: 'vp8', codecString: 'vp8', width: 960, height: 540, sourceWidth: 1920, sourceHeight: 1080 };
    expect(decodeCapturePageEvent(JSON.stringify(configured))).toEqual({ ok: true, value: configured });
    expect(decodeCapturePageEvent('{"type":"error","code":"E_NOPE","message":"m"}')).toEqual({
      ok: true,
      value: { type: 'error', code: 'E_INTERNAL', message: 'm' },
    });
    expect(codeOf(decodeCapturePageEvent('{"type":"configured","codec":"vp8"}'))).toBe('E_MALFORMED');
    expect(codeOf(decodeCapturePageEvent('{"type":"hello"}'))).toBe('E_UNKNOWN_TYPE');
  });
});

describe('capture request defaults', () => {
  it('fills defaults and validates the display', () => {
    expect(captureStartOptions({ display: ':93' })).toEqual(DEFAULT_CAPTURE_OPTIONS);
    expect(() => captureStartOptions({ display: 'evil:0' })).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
    expect(() => captureStartOptions({ display: ':1', fps: 0 })).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
  });

  it('samples the screen at twice the encoded rate (at most 120) unless told otherwise', () => {
    expect(captureStartOptions({ display: ':93' }).sampleFps).toBe(60);
    expect(captureStartOptions({ display: ':93', fps: 60 }).sampleFps).toBe(120);
    expect(captureStartOptions({ display: ':93', fps: 5 }).sampleFps).toBe(10);
    expect(captureStartOptions({ display: ':93', fps: 30, sampleFps: 30 }).sampleFps).toBe(30);
    expect(() => captureStartOptions({ display: ':93', fps: 30, sampleFps: 20 })).toThrow(expect.objectContaining({ code: 'E_BAD_ARGUMENT' }));
  });
});
