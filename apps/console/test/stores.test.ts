import { describe, expect, it } from 'vitest';
import type { ConsentGrant } from '@tether/protocol';
import { QualityMeter, formatBitrate } from '../src/common/qualityMeter';
import { appendLine, createChatStore } from '../src/common/stores/chatStore';
import { createFilesStore, progressOf, updateTransfer } from '../src/common/stores/filesStore';
import { applyGrant, createSessionStore } from '../src/common/stores/sessionStore';
import { applySurfaces, createViewStore } from '../src/common/stores/viewStore';
import { VideoSequence } from '../src/common/videoSequence';

const grant = (mode: ConsentGrant['mode'], files = false): ConsentGrant => ({
  v: 1, grantId: `g-${mode}`, sessionId: 's', mode, shareOnlyRegion: false, clipboard: false, files, issuedAt: 1, expiresAt: 2,
});

describe('session store', () => {
  it('records every grant and answers a pending elevation', () => {
    const store = createSessionStore();
    store.setState((s) => applyGrant(s, grant('view')));
    store.setState({ elevation: { status: 'pending', requested: { mode: 'full', clipboard: false, files: true } } });
    store.setState((s) => applyGrant(s, grant('full', true)));
    const s = store.getState();
    expect(s.grant?.mode).toBe('full');
    expect(s.scopes.map((g) => g.mode)).toEqual(['view', 'full']);
    expect(s.elevation.status).toBe('granted');
    store.setState((x) => applyGrant(x, null));
    expect(store.getState().grant).toBeNull();
    expect(store.getState().scopes).toHaveLength(2);
  });
});

describe('view store', () => {
  it('keeps the selected surface when it still exists, else takes the primary one', () => {
    const store = createViewStore();
    const surfaces = [{ id: 0, name: 'left', width: 1920, height: 1080, primary: false }, { id: 3, name: 'right', width: 2560, height: 1440, primary: true }];
    store.setState((s) => applySurfaces(s, surfaces));
    expect(store.getState().selectedSurface).toBe(0);
    store.setState({ selectedSurface: 7 });
    store.setState((s) => applySurfaces(s, surfaces));
    expect(store.getState().selectedSurface).toBe(3);
  });
});

describe('chat store', () => {
  it('appends each message once and counts unread customer messages', () => {
    const store = createChatStore();
    const line = { id: 'a', from: 'customer' as const, text: 'hi', ts: 1 };
    store.setState((s) => appendLine(s, line));
    store.setState((s) => appendLine(s, line));
    store.setState((s) => appendLine(s, { ...line, from: 'technician' }));
    expect(store.getState().lines).toHaveLength(2);
    expect(store.getState().unread).toBe(1);
  });
});

describe('files store', () => {
  it('updates one transfer and reports progress', () => {
    const store = createFilesStore();
    const row = { fileId: 'f', name: 'a.txt', size: 200, sha256: '', direction: 'toCustomer' as const, status: 'sending' as const, sent: 50, resumes: 0, message: '' };
    store.setState({ transfers: [row, { ...row, fileId: 'g' }] });
    store.setState((s) => updateTransfer(s, 'f', { sent: 150 }));
    expect(store.getState().transfers.map(progressOf)).toEqual([0.75, 0.25]);
    expect(progressOf({ ...row, size: 0, status: 'done' })).toBe(1);
  });
});

describe('video sequence', () => {
  it('waits for a keyframe, skips after a gap and asks for a keyframe once', () => {
    const seq = new VideoSequence();
    expect(seq.accept(5, false)).toBe('skip-and-request-keyframe');
    expect(seq.accept(6, false)).toBe('skip');
    expect(seq.accept(7, true)).toBe('decode');
    expect(seq.accept(8, false)).toBe('decode');
    expect(seq.accept(10, false)).toBe('skip-and-request-keyframe');
    expect(seq.accept(11, false)).toBe('skip');
    expect(seq.accept(12, true)).toBe('decode');
    seq.decoderFailed();
    expect(seq.accept(13, false)).toBe('skip');
    expect(seq.accept(0xffffffff, true)).toBe('decode');
    expect(seq.accept(0, false)).toBe('decode'); // wraps without a gap
  });
});

describe('quality meter', () => {
  it('measures fps and bitrate over the window and smooths the round trip', () => {
    const q = new QualityMeter(1000);
    for (let i = 0; i < 30; i++) q.frame(10_000 + i * 33, 12_500);
    expect(q.sample(11_000)).toMatchObject({ fps: 30, bitrate: 3_000_000, rttMs: null });
    q.pong(100, 140);
    q.pong(200, 300);
    expect(q.sample(11_000).rttMs).toBe(58);
    expect(q.sample(20_000)).toMatchObject({ fps: 0, bitrate: 0 });
    expect(formatBitrate(3_000_000)).toBe('3.0 Mbit/s');
    expect(formatBitrate(850_000)).toBe('850 kbit/s');
  });
});
