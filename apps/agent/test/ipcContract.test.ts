// The IPC contract's runtime validators (both directions) and the bridge built on them.
import { describe, expect, it } from 'vitest';
import {
  EVENT_NAMES, PAGE_EVENTS, PAGE_REQUESTS, REQUEST_NAMES, UI_PAGES, eventChannel, requestChannel, requestNameOf,
  validateEvent, validateReply, validateRequest,
} from '../src/common/ipc/ipcContract';
import { createTetherBridge } from '../src/common/ipc/tetherBridge';

const technician = { name: 'Ada', employeeNo: 'E1', department: 'Desk', org: 'Example', serial: 's1', fingerprint: 'ab'.repeat(16), notAfter: 1_900_000_000_000, sas: '123456' };
const context = {
  technician,
  request: { v: 1, type: 'consent.request', mode: 'full', clipboard: true, files: false },
  elevation: false, afterReconnect: false,
  windows: [{ id: 'w1', title: 'Editor', rect: { x: 0, y: 0, w: 0.5, h: 0.5 } }],
};
const decision = { mode: 'region', region: { x: 0.1, y: 0.1, w: 0.5, h: 0.5 }, shareOnlyRegion: true, clipboard: false, files: false, durationMs: 3_600_000 };

describe('request validators', () => {
  it('accept well-formed requests', () => {
    expect(validateRequest('ui.ready', { page: 'consent' }).ok).toBe(true);
    expect(validateRequest('consent.answer', { requestId: 'q-1', decision }).ok).toBe(true);
    expect(validateRequest('consent.answer', { requestId: 'q-1', decision: null }).ok).toBe(true);
    expect(validateRequest('consent.answer', { requestId: 'q', decision: { mode: 'window', window: context.windows[0], shareOnlyRegion: false, clipboard: true, files: true, durationMs: 7_200_000 } }).ok).toBe(true);
    expect(validateRequest('rating.answer', { requestId: 'r', rating: { stars: 5, comment: 'great' } }).ok).toBe(true);
    expect(validateRequest('control.stop', {}).ok).toBe(true);
    expect(validateRequest('control.revoke', { permission: 'all' }).ok).toBe(true);
    expect(validateRequest('masks.set', { masks: [{ x: 0, y: 0, w: 1, h: 1 }] }).ok).toBe(true);
  });

  it.each([
    ['unknown field', 'ui.ready', { page: 'consent', extra: 1 }, 'not an allowed field'],
    ['unknown page', 'ui.ready', { page: 'devtools' }, 'must be one of'],
    ['__proto__ key', 'control.pause', JSON.parse('{"__proto__": {"x": 1}}'), 'not an allowed field'],
    ['not a plain object', 'control.pause', [], 'plain object'],
    ['duration above 2 h', 'consent.answer', { requestId: 'q', decision: { ...decision, durationMs: 7_200_001 } }, 'durationMs'],
    ['zero duration', 'consent.answer', { requestId: 'q', decision: { ...decision, durationMs: 0 } }, 'durationMs'],
    ['region missing for region mode', 'consent.answer', { requestId: 'q', decision: { ...decision, region: undefined } }, 'region must be present'],
    ['region with full mode', 'consent.answer', { requestId: 'q', decision: { ...decision, mode: 'full', shareOnlyRegion: false } }, 'region must be present'],
    ['share-only with view', 'consent.answer', { requestId: 'q', decision: { mode: 'view', shareOnlyRegion: true, clipboard: false, files: false, durationMs: 1 } }, 'shareOnlyRegion'],
    ['region off screen', 'consent.answer', { requestId: 'q', decision: { ...decision, region: { x: 0.8, y: 0, w: 0.5, h: 0.5 } } }, 'within the screen'],
    ['empty region', 'consent.answer', { requestId: 'q', decision: { ...decision, region: { x: 0, y: 0, w: 0, h: 0.5 } } }, 'not be empty'],
    ['NaN in region', 'consent.answer', { requestId: 'q', decision: { ...decision, region: { x: Number.NaN, y: 0, w: 0.5, h: 0.5 } } }, 'number'],
    ['bad request id', 'file.answer', { requestId: 'a b', accepted: true }, 'format'],
    ['accepted not boolean', 'file.answer', { requestId: 'a', accepted: 'yes' }, 'true or false'],
    ['six stars', 'rating.answer', { requestId: 'r', rating: { stars: 6 } }, 'stars'],
    ['comment too long', 'rating.answer', { requestId: 'r', rating: { stars: 3, comment: 'x'.repeat(2001) } }, 'comment'],
    ['empty chat', 'chat.send', { text: '' }, 'text'],
    ['chat too long', 'chat.send', { text: 'x'.repeat(4001) }, 'text'],
    ['lone surrogate', 'chat.send', { text: 'a\ud800' }, 'well-formed'],
    ['unknown permission', 'control.revoke', { permission: 'root' }, 'must be one of'],
    ['too many masks', 'masks.set', { masks: Array.from({ length: 33 }, () => ({ x: 0, y: 0, w: 1, h: 1 })) }, 'items'],
    ['payload to pause', 'control.pause', { now: true }, 'not an allowed field'],
  ] as const)('refuse %s', (_what, name, payload, problem) => {
    const result = validateRequest(name, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.error.code).toBe('E_MALFORMED');
      expect(result.error.message).toContain(problem);
    }
  });
});

describe('event validators', () => {
  it('accept well-formed events', () => {
    expect(validateEvent('technician', technician).ok).toBe(true);
    expect(validateEvent('consent.ask', { requestId: 'q', context }).ok).toBe(true);
    expect(validateEvent('status', { phase: 'sharing', mode: 'view', clipboard: false, files: false, expiresAt: 1 }).ok).toBe(true);
    expect(validateEvent('chat', { v: 1, type: 'chat.message', id: 'm', from: 'technician', text: 'hi', ts: 1 }).ok).toBe(true);
    expect(validateEvent('annotation', { type: 'annotation.clear' }).ok).toBe(true);
    expect(validateEvent('annotation', { v: 1, type: 'annotation.stroke', id: 's', surfaceId: 0, tool: 'laser', color: '#00ff00', width: 3, points: [[0, 65535]] }).ok).toBe(true);
    expect(validateEvent('file.ask', { requestId: 'f', file: { offer: { v: 1, type: 'file.offer', fileId: 'x', name: 'a.txt', size: 3, sha256: '0'.repeat(64), direction: 'toCustomer' }, destination: '/tmp/a.txt' } }).ok).toBe(true);
  });

  it.each([
    ['SAS with letters', 'technician', { ...technician, sas: '12345a' }],
    ['SAS of 5 digits', 'technician', { ...technician, sas: '12345' }],
    ['fingerprint not hex', 'technician', { ...technician, fingerprint: 'zz'.repeat(16) }],
    ['name too long', 'technician', { ...technician, name: 'x'.repeat(201) }],
    ['missing org', 'technician', { ...technician, org: undefined }],
    ['unknown phase', 'status', { phase: 'hacked' }],
    ['stroke point out of range', 'annotation', { v: 1, type: 'annotation.stroke', id: 's', surfaceId: 0, tool: 'pen', color: '#000000', width: 3, points: [[0, 65536]] }],
    ['stroke colour upper-case', 'annotation', { v: 1, type: 'annotation.stroke', id: 's', surfaceId: 0, tool: 'pen', color: '#FF0000', width: 3, points: [[0, 0]] }],
    ['stroke too wide', 'annotation', { v: 1, type: 'annotation.stroke', id: 's', surfaceId: 0, tool: 'pen', color: '#000000', width: 65, points: [[0, 0]] }],
    ['no stroke points', 'annotation', { v: 1, type: 'annotation.stroke', id: 's', surfaceId: 0, tool: 'pen', color: '#000000', width: 1, points: [] }],
    ['file name with a path', 'file.ask', { requestId: 'f', file: { offer: { v: 1, type: 'file.offer', fileId: 'x', name: '../evil', size: 3, sha256: '0'.repeat(64), direction: 'toCustomer' }, destination: '/tmp' } }],
    ['window list entry with extra field', 'consent.ask', { requestId: 'q', context: { ...context, windows: [{ ...context.windows[0], pid: 3 }] } }],
    ['request mode unknown', 'consent.ask', { requestId: 'q', context: { ...context, request: { ...context.request, mode: 'admin' } } }],
  ] as const)('refuse %s', (_what, name, payload) => {
    const result = validateEvent(name, payload);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('E_MALFORMED');
  });

  it('replies are either ok or a typed failure', () => {
    expect(validateReply({ ok: true }).ok).toBe(true);
    expect(validateReply({ ok: false, code: 'E_SCOPE_DENIED', message: 'no' }).ok).toBe(true);
    expect(validateReply({ ok: false, code: 'E_NOPE', message: 'no' }).ok).toBe(false);
    expect(validateReply({ ok: true, extra: 1 }).ok).toBe(false);
    expect(validateReply('ok').ok).toBe(false);
  });
});

describe('channels and page allow-lists', () => {
  it('names every channel with the tether: prefix and maps channels back', () => {
    for (const name of REQUEST_NAMES) {
      expect(requestChannel(name).startsWith('tether:')).toBe(true);
      expect(requestNameOf(requestChannel(name))).toBe(name);
    }
    for (const name of EVENT_NAMES) expect(eventChannel(name).startsWith('tether:event:')).toBe(true);
    expect(requestNameOf('tether:eval')).toBeUndefined();
    expect(requestNameOf('ui.ready')).toBeUndefined();
    expect(requestNameOf('tether:constructor')).toBeUndefined();
  });

  it('gives each page only what it needs', () => {
    for (const page of UI_PAGES) expect(PAGE_REQUESTS[page]).toContain('ui.ready');
    expect(PAGE_REQUESTS.overlay).toEqual(['ui.ready']);
    expect(PAGE_REQUESTS.chat).not.toContain('consent.answer');
    expect(PAGE_REQUESTS.consent).not.toContain('control.stop');
    expect(PAGE_EVENTS.overlay).toEqual(['annotation']);
  });
});

describe('bridge', () => {
  function transport(reply: unknown = { ok: true }) {
    const sent: { channel: string; payload: unknown }[] = [];
    const listeners = new Map<string, (p: unknown) => void>();
    const invalid: string[] = [];
    const bridge = createTetherBridge({
      invoke: async (channel, payload) => {
        sent.push({ channel, payload });
        return reply;
      },
      subscribe: (channel, listener) => {
        listeners.set(channel, listener);
        return () => listeners.delete(channel);
      },
      onInvalidEvent: (event, problem) => invalid.push(`${event}: ${problem}`),
    });
    return { bridge, sent, listeners, invalid };
  }

  it('sends valid requests on their channel and returns the reply', async () => {
    const t = transport();
    expect(await t.bridge.answerConsent('q1', null)).toEqual({ ok: true });
    expect(await t.bridge.stop()).toEqual({ ok: true });
    expect(t.sent).toEqual([{ channel: 'tether:consent.answer', payload: { requestId: 'q1', decision: null } }, { channel: 'tether:control.stop', payload: {} }]);
  });

  it('never sends an invalid request and reports it as E_MALFORMED', async () => {
    const t = transport();
    const reply = await t.bridge.sendChat('');
    expect(reply).toMatchObject({ ok: false, code: 'E_MALFORMED' });
    expect(t.sent).toEqual([]);
  });

  it('turns an off-contract reply into a typed failure', async () => {
    const t = transport({ ok: 'sure' });
    expect(await t.bridge.pause()).toMatchObject({ ok: false, code: 'E_MALFORMED' });
  });

  it('delivers valid events and drops invalid ones', () => {
    const t = transport();
    const got: unknown[] = [];
    const off = t.bridge.on('status', (s) => got.push(s));
    const deliver = t.listeners.get('tether:event:status');
    deliver?.({ phase: 'paused' });
    deliver?.({ phase: 'paused', sneaky: true });
    expect(got).toEqual([{ phase: 'paused' }]);
    expect(t.invalid).toHaveLength(1);
    off();
    expect(t.listeners.has('tether:event:status')).toBe(false);
    expect(() => t.bridge.on('eval' as 'status', () => undefined)).toThrow(TypeError);
  });
});
