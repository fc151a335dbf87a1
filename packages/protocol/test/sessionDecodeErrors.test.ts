import { describe, expect, it } from 'vitest';
import {
  MAX_CLIPBOARD_BYTES, MAX_FILE_CHUNK_BYTES, MAX_JSON_BODY_BYTES, MAX_SESSION_MESSAGE_BYTES, MAX_VIDEO_CHUNK_BYTES,
  decodeSessionMessage, decodeVideoChunk, fromHex, toBase64, utf8Encode, type PolicyTemplateMessage, type SessionMessageType, type TechHelloMessage,
} from '../src/index';
import { loadMessageVectorFiles } from './support/loadVectors';
import { decodeCode, frame, jsonFrame } from './support/sessionFrames';
import { FAMILIES, GRANTS } from './vectors/samples';

const vectors = loadMessageVectorFiles().flatMap(({ content }) => content.vectors);
/** Types whose last field runs to the end of the frame, so extra bytes are part of it. */
const REST_OF_FRAME: SessionMessageType[] = ['clipboard.text', 'file.chunk', 'video.chunk'];
const typeOf = (v: { message: unknown }) => (v.message as { type: SessionMessageType }).type;

describe('decodeSessionMessage: framing', () => {
  it('refuses short frames, wrong versions, unknown tags and non-bytes', () => {
    expect(decodeCode(new Uint8Array(0))).toBe('E_MALFORMED');
    expect(decodeCode(Uint8Array.of(1))).toBe('E_MALFORMED');
    expect(decodeCode(Uint8Array.of(0, 0x23, 0x7b, 0x7d))).toBe('E_UNSUPPORTED_VERSION');
    expect(decodeCode(Uint8Array.of(2, 0x23, 0x7b, 0x7d))).toBe('E_UNSUPPORTED_VERSION');
    for (const tag of [0x00, 0x05, 0x14, 0x2f, 0x35, 0x43, 0x56, 0x68, 0x74, 0xff]) expect(decodeCode(Uint8Array.of(1, tag, 0x7b, 0x7d))).toBe('E_UNKNOWN_TYPE');
    expect(decodeSessionMessage('0123' as unknown as Uint8Array).ok).toBe(false);
    expect(decodeSessionMessage(null as unknown as Uint8Array).ok).toBe(false);
  });

  it('enforces maxBytes and the per-type limits with E_OVERSIZED', () => {
    const ping = jsonFrame('ping', { t: 1 });
    expect(decodeCode(ping, ping.length)).toBe('ok');
    expect(decodeCode(ping, ping.length - 1)).toBe('E_OVERSIZED');
    expect(decodeCode(new Uint8Array(MAX_SESSION_MESSAGE_BYTES + 1).fill(1))).toBe('E_OVERSIZED');
    expect(decodeCode(jsonFrame('chat.message', ' '.repeat(MAX_JSON_BODY_BYTES + 1)))).toBe('E_OVERSIZED');
    expect(decodeCode(frame('clipboard.text', new Uint8Array(MAX_CLIPBOARD_BYTES + 1).fill(0x61)))).toBe('E_OVERSIZED');
    expect(decodeCode(frame('clipboard.text', new Uint8Array(MAX_CLIPBOARD_BYTES).fill(0x61)))).toBe('ok');
    const chunkHead = [1, 0x61, 0, 0, 0, 0, 0, 0, 0, 0];
    expect(decodeCode(frame('file.chunk', [...chunkHead, ...new Uint8Array(MAX_FILE_CHUNK_BYTES + 1)]))).toBe('E_OVERSIZED');
    const videoHead = [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 1, 0, 1];
    expect(decodeCode(frame('video.chunk', [...videoHead, ...new Uint8Array(MAX_VIDEO_CHUNK_BYTES)]))).toBe('ok');
    expect(decodeCode(frame('video.chunk', [...videoHead, ...new Uint8Array(MAX_VIDEO_CHUNK_BYTES + 1)]))).toBe('E_OVERSIZED');
    expect(decodeCode(frame('input.pointerMove', new Uint8Array(100)))).toBe('E_MALFORMED');
  });

  it.each(vectors.map((v) => [v.name, v] as const))('%s: a trailing byte is refused (or absorbed by a rest-of-frame payload)', (_, v) => {
    const bytes = fromHex(v.hex + '00');
    expect(decodeCode(bytes)).toBe(REST_OF_FRAME.includes(typeOf(v)) ? 'ok' : 'E_MALFORMED');
  });

  it.each(vectors.filter((v) => !REST_OF_FRAME.includes(typeOf(v))).map((v) => [v.name, v] as const))('%s: every truncation is refused', (_, v) => {
    const bytes = fromHex(v.hex);
    for (let n = 2; n < bytes.length; n++) expect(decodeCode(bytes.subarray(0, n)), `length ${n}`).toBe('E_MALFORMED');
  });
});

const TEMPLATE = (FAMILIES.policy![0] as PolicyTemplateMessage).template;

describe('decodeSessionMessage: JSON bodies are schema-checked', () => {
  const bad: Array<[string, SessionMessageType, unknown]> = [
    // wrong field types
    ['t as string', 'ping', { t: '1' }],
    ['fractional t', 'pong', { t: 1.5 }],
    ['clipboard flag as string', 'consent.request', { mode: 'full', clipboard: 'yes', files: false }],
    ['chat text as number', 'chat.message', { id: 'm', from: 'customer', text: 5, ts: 1 }],
    ['body is an array', 'session.resume', []],
    ['body is null', 'annotation.clear', null],
    ['surfaces not an array', 'stream.surfaces', { surfaces: {} }],
    ['missing required field', 'session.stop', { by: 'customer' }],
    ['null for an optional field', 'session.pause', { by: 'customer', reason: null }],
    // unknown fields and prototype tricks
    ['unknown field', 'ping', { t: 1, extra: 1 }],
    ['unknown field on an empty schema', 'stream.keyframeRequest', { x: 1 }],
    ['unknown nested field', 'stream.surfaces', { surfaces: [{ id: 0, name: 'a', width: 1, height: 1, primary: true, dpi: 2 }] }],
    ['__proto__ key', 'ping', '{"t":1,"__proto__":{"polluted":true}}'],
    ['constructor key', 'ping', '{"t":1,"constructor":{"prototype":{"polluted":true}}}'],
    ['toString key', 'session.resume', '{"toString":1}'],
    // bad enums
    ['pause by admin', 'session.pause', { by: 'admin' }],
    ['pause by timeout', 'session.pause', { by: 'timeout' }],
    ['revoke view', 'consent.revoke', { permission: 'view' }],
    ['codec h265', 'stream.config', { codec: 'hevc', codecString: 'hvc1', width: 1, height: 1, fps: 1, bitrate: 1 }],
    ['tool eraser', 'annotation.stroke', { id: 's', surfaceId: 0, tool: 'eraser', color: '#000000', width: 1, points: [[0, 0]] }],
    ['unknown error code', 'hs.abort', { code: 'E_NOPE', message: '' }],
    ['direction sideways', 'file.offer', { fileId: 'f', name: 'a', size: 1, sha256: 'a'.repeat(64), direction: 'sideways' }],
    ['mode all', 'consent.request', { mode: 'all', clipboard: false, files: false }],
    // out-of-range numbers and bounds
    ['stars 0', 'rating', { stars: 0 }],
    ['stars 6', 'rating', { stars: 6 }],
    ['stars 4.5', 'rating', { stars: 4.5 }],
    ['comment too long', 'rating', { stars: 3, comment: 'x'.repeat(2001) }],
    ['chat text too long', 'chat.message', { id: 'm', from: 'customer', text: 'x'.repeat(4001), ts: 1 }],
    ['chat text empty', 'chat.message', { id: 'm', from: 'customer', text: '', ts: 1 }],
    ['negative ping', 'ping', { t: -1 }],
    ['unsafe integer', 'ping', { t: 2 ** 53 }],
    ['duration above 2 h', 'consent.request', { mode: 'full', clipboard: false, files: false, durationMs: 7_200_001 }],
    ['file too large', 'file.offer', { fileId: 'f', name: 'a', size: 2 ** 40 + 1, sha256: 'a'.repeat(64), direction: 'toCustomer' }],
    ['too many points', 'annotation.stroke', { id: 's', surfaceId: 0, tool: 'pen', color: '#000000', width: 1, points: Array.from({ length: 2049 }, () => [0, 0]) }],
    ['point beyond 65535', 'annotation.stroke', { id: 's', surfaceId: 0, tool: 'pen', color: '#000000', width: 1, points: [[0, 65536]] }],
    ['point with 3 coordinates', 'annotation.stroke', { id: 's', surfaceId: 0, tool: 'pen', color: '#000000', width: 1, points: [[0, 1, 2]] }],
    ['short colour', 'annotation.stroke', { id: 's', surfaceId: 0, tool: 'pen', color: '#fff', width: 1, points: [[0, 0]] }],
    ['fps 0', 'stream.config', { codec: 'vp8', codecString: 'vp8', width: 1, height: 1, fps: 0, bitrate: 1 }],
    ['infinite-ish rtt', 'stream.stats', { rttMs: 1e308, fps: 1, bitrate: 1, queue: 0 }],
    ['17 surfaces', 'stream.surfaces', { surfaces: Array.from({ length: 17 }, (_, i) => ({ id: i, name: 's', width: 1, height: 1, primary: false })) }],
    ['id with a space', 'chat.message', { id: 'a b', from: 'customer', text: 'x', ts: 1 }],
    ['lone surrogate', 'chat.message', '{"id":"m","from":"customer","text":"\\ud800","ts":1}'],
    ['endedAt before startedAt', 'report.summary', { ...FAMILIES.report![2], v: undefined, type: undefined, endedAt: 1 }],
    // file names
    ['name with a slash', 'file.offer', { fileId: 'f', name: 'a/b', size: 1, sha256: 'a'.repeat(64), direction: 'toCustomer' }],
    ['name with a backslash', 'file.offer', { fileId: 'f', name: '..\\x', size: 1, sha256: 'a'.repeat(64), direction: 'toCustomer' }],
    ['name ..', 'file.offer', { fileId: 'f', name: '..', size: 1, sha256: 'a'.repeat(64), direction: 'toCustomer' }],
    ['name with NUL', 'file.offer', { fileId: 'f', name: 'a\u0000b', size: 1, sha256: 'a'.repeat(64), direction: 'toCustomer' }],
    ['upper-case sha256', 'file.done', { fileId: 'f', sha256: 'A'.repeat(64) }],
    // byte fields
    ['head hash of 31 bytes', 'log.headSignRequest', { index: 0, headHash: toBase64(new Uint8Array(31)) }],
    ['head hash not base64', 'log.headSignRequest', { index: 0, headHash: '!'.repeat(44) }],
    ['signature of 63 bytes', 'consent.grant', { grant: GRANTS[0]!.grant, signature: toBase64(new Uint8Array(63)) }],
    ['grant region missing', 'consent.grant', { grant: { ...GRANTS[0]!.grant, mode: 'region' }, signature: toBase64(new Uint8Array(64)) }],
    ['grant of 3 hours', 'consent.grant', { grant: { ...GRANTS[0]!.grant, expiresAt: GRANTS[0]!.grant.issuedAt + 3 * 3_600_000 }, signature: toBase64(new Uint8Array(64)) }],
    // permission templates (policy.template)
    ['template without view', 'policy.template', { template: { ...TEMPLATE, modes: ['full'] } }],
    ['template with a repeated mode', 'policy.template', { template: { ...TEMPLATE, modes: ['view', 'view'] } }],
    ['template of 3 hours', 'policy.template', { template: { ...TEMPLATE, maxDurationMs: 3 * 3_600_000 } }],
    ['template with 65 mask rules', 'policy.template', { template: { ...TEMPLATE, maskTitles: Array.from({ length: 65 }, () => 'x') } }],
    ['template with an empty mask rule', 'policy.template', { template: { ...TEMPLATE, maskTitles: [''] } }],
    ['template with an extra field', 'policy.template', { template: { ...TEMPLATE, admin: true } }],
    ['template signature too short', 'policy.template', { template: { ...TEMPLATE, signature: 'AAAA' } }],
    ['template version 2', 'policy.template', { template: { ...TEMPLATE, v: 2 } }],
    ['template expiring before it was issued', 'policy.template', { template: { ...TEMPLATE, notAfter: TEMPLATE.issuedAt } }],
    ['template with a fractional notAfter', 'policy.template', { template: { ...TEMPLATE, notAfter: 1.5 } }],
    ['template with an id that has a space', 'policy.template', { template: { ...TEMPLATE, id: 'help desk' } }],
    // not JSON
    ['truncated JSON', 'ping', '{"t":1'],
    ['empty body', 'session.resume', ''],
    ['two JSON values', 'session.resume', '{}{}'],
  ];
  it.each(bad)('%s -> E_MALFORMED', (_, type, body) => {
    expect(decodeCode(jsonFrame(type, body))).toBe('E_MALFORMED');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('refuses invalid UTF-8 in a JSON body', () => {
    expect(decodeCode(frame('session.stop', [0x7b, 0xff, 0x7d]))).toBe('E_MALFORMED');
  });

  it('accepts whitespace and any key order (JSON is not required to be canonical)', () => {
    expect(decodeCode(jsonFrame('session.pause', ' { "reason" : "x" , "by" : "customer" } '))).toBe('ok');
  });
});

describe('decodeSessionMessage: binary layouts', () => {
  const point = [0, 1, 0, 2, 0, 3];
  const cases: Array<[string, SessionMessageType, number[]]> = [
    ['pointer button 3', 'input.pointerButton', [...point, 3, 1]],
    ['pointer down byte 2', 'input.pointerButton', [...point, 0, 2]],
    ['key down byte 2', 'input.key', [2, 0, 1, 0x41]],
    ['key modifiers 16', 'input.key', [1, 16, 1, 0x41]],
    ['key code with a dash', 'input.key', [1, 0, 2, 0x41, 0x2d]],
    ['key code empty', 'input.key', [1, 0, 0]],
    ['key code of 33', 'input.key', [1, 0, 33, ...new Array<number>(33).fill(0x41)]],
    ['key length beyond the frame', 'input.key', [1, 0, 5, 0x41]],
    ['clipboard invalid UTF-8', 'clipboard.text', [0xc3, 0x28]],
    ['file id empty', 'file.chunk', [0, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['file id with a slash', 'file.chunk', [1, 0x2f, 0, 0, 0, 0, 0, 0, 0, 0]],
    ['file offset beyond 2^40', 'file.chunk', [1, 0x61, 0, 0, 1, 0, 0, 0, 0, 1]],
    ['video codec 4', 'video.chunk', [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 4, 0, 0, 0, 1, 0, 1]],
    ['video flags 2', 'video.chunk', [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 1, 0, 1]],
    ['video width 0', 'video.chunk', [0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1]],
    ['video timestamp beyond 2^53', 'video.chunk', [0, 0, 0, 1, 0, 0x20, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1]],
    ['agentHello offering 0 versions', 'hs.agentHello', [0, ...new Array<number>(96).fill(0)]],
    ['agentHello offering 17 versions', 'hs.agentHello', [17, ...new Array<number>(34 + 96).fill(0)]],
    ['techHello certificate not JSON', 'hs.techHello', [0, 1, ...new Array<number>(96).fill(0), 0x7b]],
    ['techHello certificate missing', 'hs.techHello', [0, 1, ...new Array<number>(96).fill(0)]],
  ];
  it.each(cases)('%s -> E_MALFORMED', (_, type, body) => {
    expect(decodeCode(frame(type, body))).toBe('E_MALFORMED');
  });

  it('checks the certificate in hs.techHello for shape', () => {
    const techHello = FAMILIES.handshake![2] as TechHelloMessage;
    const withCert = (cert: unknown) => frame('hs.techHello', [0, 1, ...new Array<number>(96).fill(0), ...utf8Encode(JSON.stringify(cert))]);
    expect(decodeCode(withCert(techHello.certificate))).toBe('ok');
    expect(decodeCode(withCert({ ...techHello.certificate, extra: 1 }))).toBe('E_MALFORMED');
    expect(decodeCode(withCert({ ...techHello.certificate, v: 2 }))).toBe('E_MALFORMED');
    expect(decodeCode(withCert({ ...techHello.certificate, techPub: 'AAAA' }))).toBe('E_MALFORMED');
    expect(decodeCode(withCert({ ...techHello.certificate, notAfter: '2030' }))).toBe('E_MALFORMED');
    // the optional template binding: a valid id passes, anything else is refused
    expect(decodeCode(withCert({ ...techHello.certificate, template: 'helpdesk' }))).toBe('ok');
    expect(decodeCode(withCert({ ...techHello.certificate, template: '' }))).toBe('E_MALFORMED');
    expect(decodeCode(withCert({ ...techHello.certificate, template: 'help desk' }))).toBe('E_MALFORMED');
    expect(decodeCode(withCert({ ...techHello.certificate, template: 7 }))).toBe('E_MALFORMED');
    const { name: _name, ...noName } = techHello.certificate;
    expect(decodeCode(withCert(noName))).toBe('E_MALFORMED');
  });

  it('decodeVideoChunk insists on the type', () => {
    const result = decodeVideoChunk(jsonFrame('ping', { t: 1 }));
    expect(result.ok ? 'ok' : result.error.code).toBe('E_UNKNOWN_TYPE');
  });
});
