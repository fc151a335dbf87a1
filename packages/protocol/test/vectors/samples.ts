// Sample messages for the golden vectors, one family per file. generate.ts encodes them with the
// current implementation and writes session-<family>.json; the tests compare against the committed files.
import type { ConsentGrant, SessionMessage } from '../../src/index';

/** Deterministic filler bytes: start, start+1, ... (mod 256). */
export function filler(length: number, start: number): Uint8Array {
  return Uint8Array.from({ length }, (_, i) => (start + i) & 0xff);
}

const certificate = {
  v: 1 as const,
  serial: '0f3a9c2e',
  name: 'Ada Lovelace',
  employeeNo: 'E-1815',
  department: 'Field Support',
  org: 'Example Org',
  techPub: 'AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=',
  notBefore: 1_700_000_000_000,
  notAfter: 1_731_536_000_000,
  signature: 'QEFCQ0RFRkdISUpLTE1OT1BRUlNUVVZXWFlaW1xdXl9gYWJjZGVmZ2hpamtsbW5vcHFyc3R1dnd4eXp7fH1+fw==',
};

export const GRANTS: Array<{ name: string; grant: ConsentGrant }> = [
  {
    name: 'full control with clipboard and files',
    grant: { v: 1, grantId: 'g-1', sessionId: 'S1234', mode: 'full', shareOnlyRegion: false, clipboard: true, files: true, issuedAt: 1_700_000_000_000, expiresAt: 1_700_007_200_000 },
  },
  {
    name: 'view only, one hour',
    grant: { v: 1, grantId: 'g-view', sessionId: 'S1234', mode: 'view', shareOnlyRegion: false, clipboard: false, files: false, issuedAt: 1_700_000_000_000, expiresAt: 1_700_003_600_000 },
  },
  {
    name: 'region limited, share only the region',
    grant: {
      v: 1, grantId: 'g-2', sessionId: 'S1234', mode: 'region', region: { x: 0.25, y: 0.125, w: 0.5, h: 0.75 },
      shareOnlyRegion: true, clipboard: false, files: false, issuedAt: 1_700_000_000_000, expiresAt: 1_700_001_800_000,
    },
  },
  {
    name: 'window limited',
    grant: {
      v: 1, grantId: 'g-3', sessionId: 'S1234', mode: 'window', window: { title: 'Rechnung – Büro', rect: { x: 0, y: 0, w: 1, h: 0.5 } },
      shareOnlyRegion: false, clipboard: true, files: false, issuedAt: 1_700_000_000_000, expiresAt: 1_700_000_060_000,
    },
  },
];

const grant = GRANTS[2]!.grant;
/** a base64 text of 64 zero bytes: the shape of a template signature (the wire does not check it) */
const SIG_FILLER = 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA==';

export const FAMILIES: Record<string, SessionMessage[]> = {
  handshake: [
    { v: 1, type: 'hs.agentHello', versions: [1], ephPub: filler(32, 0x10), nonce: filler(32, 0x40), sessionPub: filler(32, 0x80) },
    { v: 1, type: 'hs.agentHello', versions: [1, 2, 65535], ephPub: filler(32, 0), nonce: filler(32, 0), sessionPub: filler(32, 0) },
    { v: 1, type: 'hs.techHello', version: 1, ephPub: filler(32, 0x20), certificate, signature: filler(64, 0xa0) },
    { v: 1, type: 'hs.techHello', version: 1, ephPub: filler(32, 0x20), certificate: { ...certificate, template: 'helpdesk-view' }, signature: filler(64, 0xa0) },
    { v: 1, type: 'hs.agentFinish', signature: filler(64, 0xc0) },
    { v: 1, type: 'hs.abort', code: 'E_CERT_REVOKED', message: 'certificate serial 0f3a9c2e is revoked' },
  ],
  consent: [
    { v: 1, type: 'consent.request', mode: 'full', clipboard: true, files: false },
    { v: 1, type: 'consent.request', requestId: 'r-7', mode: 'region', clipboard: false, files: true, durationMs: 3_600_000, reason: 'Need to fix the printer settings' },
    { v: 1, type: 'consent.grant', grant, signature: filler(64, 0x33) },
    { v: 1, type: 'consent.grant', grant: GRANTS[3]!.grant, signature: filler(64, 0x44) },
    { v: 1, type: 'consent.denied', requestId: 'r-7', reason: 'Not now' },
    { v: 1, type: 'consent.denied', reason: '' },
    { v: 1, type: 'consent.revoke', permission: 'control' },
    { v: 1, type: 'consent.revoke', permission: 'all' },
  ],
  control: [
    { v: 1, type: 'session.pause', by: 'customer' },
    { v: 1, type: 'session.pause', by: 'link', reason: 'connection lost' },
    { v: 1, type: 'session.resume' },
    { v: 1, type: 'session.stop', by: 'timeout', reason: 'the 2 hour limit was reached' },
    { v: 1, type: 'ping', t: 1_700_000_000_123 },
    { v: 1, type: 'pong', t: 0 },
    { v: 1, type: 'error', code: 'E_SCOPE_DENIED', message: 'input outside the granted region' },
  ],
  input: [
    { v: 1, type: 'input.pointerMove', surfaceId: 0, x: 32768, y: 65535 },
    { v: 1, type: 'input.pointerButton', surfaceId: 1, x: 100, y: 200, button: 2, down: true },
    { v: 1, type: 'input.pointerButton', surfaceId: 1, x: 0, y: 0, button: 0, down: false },
    { v: 1, type: 'input.wheel', surfaceId: 0, x: 1, y: 2, dx: -3, dy: 32767 },
    { v: 1, type: 'input.key', code: 'KeyA', down: true, modifiers: 1 | 2 },
    { v: 1, type: 'input.key', code: 'ShiftLeft', down: false, modifiers: 0 },
    { v: 1, type: 'clipboard.text', text: 'héllo ✓ 🚀' },
    { v: 1, type: 'clipboard.text', text: '\ufeffkeeps the BOM' },
    { v: 1, type: 'clipboard.text', text: '' },
  ],
  chat: [
    { v: 1, type: 'chat.message', id: 'm1', from: 'technician', text: 'Hello! Can you open the settings?', ts: 1_700_000_000_000 },
    { v: 1, type: 'chat.message', id: 'm2', from: 'customer', text: 'Ja, gerne — \u{1F44D}', ts: 1_700_000_001_000 },
    { v: 1, type: 'annotation.stroke', id: 's1', surfaceId: 0, tool: 'arrow', color: '#ff8800', width: 4, points: [[0, 0], [32768, 16384], [65535, 65535]] },
    { v: 1, type: 'annotation.clear' },
  ],
  files: [
    { v: 1, type: 'file.offer', fileId: 'f1', name: 'report (final).pdf', size: 123456, sha256: 'ab'.repeat(32), direction: 'toCustomer' },
    { v: 1, type: 'file.answer', fileId: 'f1', accepted: true },
    { v: 1, type: 'file.answer', fileId: 'f1', accepted: false, reason: 'too large' },
    { v: 1, type: 'file.chunk', fileId: 'f1', offset: 65536, data: filler(16, 0xf0) },
    { v: 1, type: 'file.chunk', fileId: 'f_2-x', offset: 2 ** 40, data: new Uint8Array(0) },
    { v: 1, type: 'file.resume', fileId: 'f1', offset: 131072 },
    { v: 1, type: 'file.done', fileId: 'f1', sha256: '0123456789abcdef'.repeat(4) },
    { v: 1, type: 'file.error', fileId: 'f1', code: 'E_SCOPE_DENIED', message: 'file transfer was revoked' },
  ],
  stream: [
    { v: 1, type: 'stream.surfaces', surfaces: [{ id: 0, name: 'Screen 1', width: 1920, height: 1080, primary: true }, { id: 1, name: 'Screen 2', width: 1280, height: 1024, primary: false }] },
    { v: 1, type: 'stream.surfaces', surfaces: [] },
    { v: 1, type: 'stream.select', surfaceId: 1 },
    { v: 1, type: 'stream.config', codec: 'avc1', codecString: 'avc1.640028', width: 1920, height: 1080, fps: 30, bitrate: 4_000_000 },
    { v: 1, type: 'stream.codecs', decoders: ['avc1.640028', 'vp8', 'vp09.00.10.08', 'av01.0.04M.08'] },
    { v: 1, type: 'stream.keyframeRequest' },
    { v: 1, type: 'stream.stats', rttMs: 42.5, fps: 29.97, bitrate: 2_500_000, queue: 3 },
    { v: 1, type: 'video.chunk', seq: 7, timestampUs: 1_234_567_890, keyframe: true, codec: 'vp9', surfaceId: 0, width: 1920, height: 1080, data: filler(24, 0x00) },
    { v: 1, type: 'video.chunk', seq: 0xffffffff, timestampUs: Number.MAX_SAFE_INTEGER, keyframe: false, codec: 'av1', surfaceId: 65535, width: 1, height: 65535, data: new Uint8Array(0) },
    {
      v: 1, type: 'video.patch', timestampUs: 1_234_567_890, surfaceId: 0, x: 2, y: 4, width: 2, height: 2, frameWidth: 1920, frameHeight: 1080, format: 'I420', packing: 'raw',
      colour: { matrix: 'smpte170m', primaries: 'smpte170m', transfer: 'smpte170m', fullRange: false }, data: filler(6, 0x10),
    },
    {
      v: 1, type: 'video.patch', timestampUs: Number.MAX_SAFE_INTEGER, surfaceId: 65535, x: 65534, y: 0, width: 1, height: 3, frameWidth: 65535, frameHeight: 3, format: 'BGRX', packing: 'runs',
      colour: { matrix: null, primaries: 'bt709', transfer: 'iec61966-2-1', fullRange: true }, data: Uint8Array.from([133, 0xff, 3, 1, 2, 3, 4]),
    },
  ],
  report: [
    { v: 1, type: 'log.headSignRequest', index: 41, headHash: filler(64, 0x55) },
    { v: 1, type: 'log.headSignature', index: 41, headHash: filler(64, 0x55), signature: filler(64, 0x66) },
    {
      v: 1, type: 'report.summary', sessionId: 'S1234', startedAt: 1_700_000_000_000, endedAt: 1_700_000_900_000, outcome: 'completed',
      technician: { name: 'Ada Lovelace', employeeNo: 'E-1815', department: 'Field Support', org: 'Example Org' },
      scopes: ['view', 'full'], files: [{ name: 'report.pdf', size: 123456, direction: 'toCustomer' }],
      counts: { chatMessages: 4, inputEvents: 1200, inputRefused: 2 }, notes: 'Printer driver reinstalled.',
    },
    { v: 1, type: 'rating', stars: 5, comment: 'Quick and friendly.' },
    { v: 1, type: 'rating', stars: 1 },
  ],
  policy: [
    {
      v: 1, type: 'policy.template', template: {
        v: 1, id: 'helpdesk-view', name: 'Helpdesk (view only)', org: 'Example Org', modes: ['view'], clipboard: false, files: false,
        maxDurationMs: 600_000, maskTitles: ['password', '^Bank'], issuedAt: 1_700_000_000_000, signature: SIG_FILLER,
      },
    },
    {
      v: 1, type: 'policy.template', template: {
        v: 1, id: 'field_2', name: 'Field support', org: 'Example Org', modes: ['full', 'region', 'window', 'view'], clipboard: true, files: true,
        maxDurationMs: 7_200_000, maskTitles: [], issuedAt: 0, signature: SIG_FILLER,
      },
    },
    {
      v: 1, type: 'policy.template', template: {
        v: 1, id: 'helpdesk', name: 'Helpdesk (expires)', org: 'Example Org', modes: ['view', 'region'], clipboard: true, files: false,
        maxDurationMs: 60_000, maskTitles: [], issuedAt: 1_700_000_000_000, notAfter: 1_707_776_000_000, signature: SIG_FILLER,
      },
    },
  ],
};
