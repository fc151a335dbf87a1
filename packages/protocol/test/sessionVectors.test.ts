import { describe, expect, it } from 'vitest';
import {
  SESSION_MESSAGE_TAGS, SESSION_MESSAGE_TYPES, decodeSessionMessage, decodeVideoChunk, encodeSessionMessage, encodeVideoChunk,
  fromHex, sessionLaneFor, toHex, type SessionMessage,
} from '../src/index';
import { loadMessageVectorFiles } from './support/loadVectors';
import { fromVectorJson } from './support/vectorJson';

const files = loadMessageVectorFiles();
const vectors = files.flatMap(({ file, content }) => content.vectors.map((v) => ({ file, ...v })));

describe('session message golden vectors', () => {
  it('cover every message type', () => {
    expect(files.map((f) => f.file)).toEqual([
      'session-chat.json', 'session-consent.json', 'session-control.json', 'session-files.json',
      'session-handshake.json', 'session-input.json', 'session-policy.json', 'session-report.json', 'session-stream.json',
    ]);
    const covered = new Set(vectors.map((v) => (v.message as { type: string }).type));
    expect([...SESSION_MESSAGE_TYPES].sort()).toEqual([...covered].sort());
  });

  it.each(vectors.map((v) => [`${v.file}: ${v.name}`, v] as const))('%s encodes to the committed bytes and decodes back', (_, vector) => {
    const message = fromVectorJson(vector.message) as SessionMessage;
    expect(toHex(encodeSessionMessage(message))).toBe(vector.hex);
    const decoded = decodeSessionMessage(fromHex(vector.hex));
    if (!decoded.ok) throw decoded.error;
    expect(decoded.value).toEqual(message);
    expect(Object.keys(decoded.value).sort()).toEqual(Object.keys(message).sort());
    expect(fromHex(vector.hex)[1]).toBe(SESSION_MESSAGE_TAGS[message.type]);
  });
});

// A second, independent writer of the fixed binary layouts (plain byte arrays, no DataView, no codec code),
// so the committed vectors are checked against the documented layouts and not only against themselves.
const be16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const be32 = (n: number) => [...be16(Math.floor(n / 0x10000)), ...be16(n % 0x10000)];
const be64 = (n: number) => [...be32(Math.floor(n / 2 ** 32)), ...be32(n % 2 ** 32)];
const hex = (bytes: number[]) => toHex(Uint8Array.from(bytes));

describe('fixed binary layouts match the documented bytes', () => {
  it('input', () => {
    expect(toHex(encodeSessionMessage({ v: 1, type: 'input.pointerMove', surfaceId: 258, x: 513, y: 65534 }))).toBe(hex([1, 0x30, 1, 2, 2, 1, 0xff, 0xfe]));
    expect(toHex(encodeSessionMessage({ v: 1, type: 'input.pointerButton', surfaceId: 0, x: 1, y: 2, button: 1, down: true }))).toBe(hex([1, 0x31, 0, 0, 0, 1, 0, 2, 1, 1]));
    expect(toHex(encodeSessionMessage({ v: 1, type: 'input.wheel', surfaceId: 0, x: 0, y: 0, dx: -1, dy: -32768 }))).toBe(hex([1, 0x32, 0, 0, 0, 0, 0, 0, 0xff, 0xff, 0x80, 0x00]));
    expect(toHex(encodeSessionMessage({ v: 1, type: 'input.key', code: 'Enter', down: false, modifiers: 8 }))).toBe(hex([1, 0x33, 0, 8, 5, ...[...'Enter'].map((c) => c.charCodeAt(0))]));
  });

  it('video.chunk and file.chunk', () => {
    const data = Uint8Array.from([9, 8, 7]);
    const video = encodeVideoChunk({ v: 1, type: 'video.chunk', seq: 0x01020304, timestampUs: 2 ** 40 + 5, keyframe: true, codec: 'av1', surfaceId: 3, width: 1920, height: 1080, data });
    expect(toHex(video)).toBe(hex([1, 0x66, ...be32(0x01020304), ...be64(2 ** 40 + 5), 1, 3, ...be16(3), ...be16(1920), ...be16(1080), 9, 8, 7]));
    const file = encodeSessionMessage({ v: 1, type: 'file.chunk', fileId: 'ab', offset: 2 ** 33 + 1, data });
    expect(toHex(file)).toBe(hex([1, 0x52, 2, 0x61, 0x62, ...be64(2 ** 33 + 1), 9, 8, 7]));
  });

  it('video.patch', () => {
    const patch = encodeSessionMessage({
      v: 1, type: 'video.patch', timestampUs: 2 ** 40 + 5, surfaceId: 3, x: 258, y: 4, width: 2, height: 1, frameWidth: 1280, frameHeight: 720, format: 'BGRX', packing: 'raw',
      colour: { matrix: 'bt709', primaries: 'smpte170m', transfer: 'iec61966-2-1', fullRange: true }, data: Uint8Array.from([1, 2, 3, 4, 5, 6, 7, 8]),
    });
    expect(toHex(patch)).toBe(hex([1, 0x67, ...be64(2 ** 40 + 5), ...be16(3), ...be16(258), ...be16(4), ...be16(2), ...be16(1), ...be16(1280), ...be16(720), 2, 0, 2, 3, 3, 1, 1, 2, 3, 4, 5, 6, 7, 8]));
  });

  it('decodeVideoChunk returns a view into the frame, not a copy', () => {
    const frame = encodeVideoChunk({ v: 1, type: 'video.chunk', seq: 1, timestampUs: 1, keyframe: false, codec: 'avc1', surfaceId: 0, width: 2, height: 2, data: Uint8Array.from([1, 2, 3]) });
    const decoded = decodeVideoChunk(frame);
    if (!decoded.ok) throw decoded.error;
    expect(decoded.value.data.buffer).toBe(frame.buffer);
    expect(decoded.value.data.byteOffset).toBe(22);
  });

  it('lanes: video on 1, file chunks and file.done on 2, everything else on 0', () => {
    const lanes = Object.fromEntries(SESSION_MESSAGE_TYPES.map((t) => [t, sessionLaneFor(t)]));
    expect(Object.entries(lanes).filter(([, l]) => l !== 0)).toEqual([['file.chunk', 2], ['file.done', 2], ['video.chunk', 1], ['video.patch', 1]]);
  });
});
