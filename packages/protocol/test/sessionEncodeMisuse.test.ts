// Encoding a message that breaks the contract is a programming error: TypeError or RangeError, never bytes.
import { describe, expect, it } from 'vitest';
import { MAX_CLIPBOARD_BYTES, MAX_FILE_CHUNK_BYTES, encodeSessionMessage, type SessionMessage } from '../src/index';
import { FAMILIES, GRANTS } from './vectors/samples';

const cases: Array<[string, unknown, typeof TypeError | typeof RangeError]> = [
  ['unknown type', { v: 1, type: 'shell.exec' }, TypeError],
  ['not an object', 'ping', TypeError],
  ['version 2', { v: 2, type: 'ping', t: 1 }, RangeError],
  ['version missing', { type: 'ping', t: 1 }, RangeError],
  ['x beyond 65535', { v: 1, type: 'input.pointerMove', surfaceId: 0, x: 65536, y: 0 }, RangeError],
  ['fractional y', { v: 1, type: 'input.pointerMove', surfaceId: 0, x: 0, y: 0.5 }, RangeError],
  ['button 3', { v: 1, type: 'input.pointerButton', surfaceId: 0, x: 0, y: 0, button: 3, down: true }, RangeError],
  ['down as 1', { v: 1, type: 'input.pointerButton', surfaceId: 0, x: 0, y: 0, button: 0, down: 1 }, TypeError],
  ['wheel dx 32768', { v: 1, type: 'input.wheel', surfaceId: 0, x: 0, y: 0, dx: 32768, dy: 0 }, RangeError],
  ['key code with a dash', { v: 1, type: 'input.key', code: 'Key-A', down: true, modifiers: 0 }, TypeError],
  ['modifiers 16', { v: 1, type: 'input.key', code: 'KeyA', down: true, modifiers: 16 }, RangeError],
  ['clipboard lone surrogate', { v: 1, type: 'clipboard.text', text: 'a\ud800' }, TypeError],
  ['clipboard too large', { v: 1, type: 'clipboard.text', text: 'x'.repeat(MAX_CLIPBOARD_BYTES + 1) }, RangeError],
  ['file chunk too large', { v: 1, type: 'file.chunk', fileId: 'f', offset: 0, data: new Uint8Array(MAX_FILE_CHUNK_BYTES + 1) }, RangeError],
  ['file chunk bad id', { v: 1, type: 'file.chunk', fileId: 'a/b', offset: 0, data: new Uint8Array(1) }, TypeError],
  ['video codec hevc', { v: 1, type: 'video.chunk', seq: 0, timestampUs: 0, keyframe: true, codec: 'hevc', surfaceId: 0, width: 1, height: 1, data: new Uint8Array(1) }, TypeError],
  ['video width 0', { v: 1, type: 'video.chunk', seq: 0, timestampUs: 0, keyframe: true, codec: 'vp8', surfaceId: 0, width: 0, height: 1, data: new Uint8Array(1) }, RangeError],
  ['ephPub of 31 bytes', { ...FAMILIES.handshake![0], ephPub: new Uint8Array(31) }, TypeError],
  ['no versions offered', { ...FAMILIES.handshake![0], versions: [] }, RangeError],
  ['certificate with an extra field', { ...FAMILIES.handshake![2], certificate: { ...(FAMILIES.handshake![2] as { certificate: object }).certificate, x: 1 } }, TypeError],
  ['chat text too long', { v: 1, type: 'chat.message', id: 'm', from: 'customer', text: 'x'.repeat(4001), ts: 1 }, TypeError],
  ['unknown field', { v: 1, type: 'ping', t: 1, extra: true }, TypeError],
  ['bad enum', { v: 1, type: 'session.pause', by: 'admin' }, TypeError],
  ['signature as base64 text', { v: 1, type: 'consent.grant', grant: GRANTS[0]!.grant, signature: 'AAAA' }, TypeError],
  ['invalid grant', { v: 1, type: 'consent.grant', grant: { ...GRANTS[0]!.grant, mode: 'window' }, signature: new Uint8Array(64) }, TypeError],
];

describe('encodeSessionMessage refuses messages that break the contract', () => {
  it.each(cases)('%s', (_, msg, errorClass) => {
    expect(() => encodeSessionMessage(msg as SessionMessage)).toThrow(errorClass);
  });

  it('treats an optional field set to undefined as absent', () => {
    const withUndefined = encodeSessionMessage({ v: 1, type: 'session.pause', by: 'customer', reason: undefined });
    expect(withUndefined).toEqual(encodeSessionMessage({ v: 1, type: 'session.pause', by: 'customer' }));
  });
});
