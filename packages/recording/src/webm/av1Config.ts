// AV1 for Matroska: CodecPrivate is an av1C record followed by the sequence header OBU, taken from the
// first keyframe. Profile, level and tier are read from the sequence header; the colour fields assume the
// 8-bit 4:2:0 streams WebCodecs produces.
const OBU_SEQUENCE_HEADER = 1;

class BitReader {
  private bit = 0;
  constructor(private readonly bytes: Uint8Array) {}
  read(n: number): number {
    let value = 0;
    for (let i = 0; i < n; i++) {
      const byte = this.bytes[this.bit >> 3];
      if (byte === undefined) throw new RangeError('sequence header cut short');
      value = value * 2 + ((byte >> (7 - (this.bit & 7))) & 1);
      this.bit++;
    }
    return value;
  }
}

function leb128(bytes: Uint8Array, offset: number): { value: number; length: number } {
  let value = 0;
  for (let i = 0; i < 8; i++) {
    const byte = bytes[offset + i];
    if (byte === undefined) throw new RangeError('leb128 cut short');
    value += (byte & 0x7f) * 2 ** (7 * i);
    if ((byte & 0x80) === 0) return { value, length: i + 1 };
  }
  throw new RangeError('leb128 too long');
}

function findSequenceHeader(data: Uint8Array): { obu: Uint8Array; payload: Uint8Array } | undefined {
  let offset = 0;
  while (offset < data.length) {
    const header = data[offset] as number;
    const type = (header >> 3) & 0x0f;
    const hasExtension = (header & 0x04) !== 0;
    const hasSize = (header & 0x02) !== 0;
    if (!hasSize) return undefined;
    const headerLength = 1 + (hasExtension ? 1 : 0);
    const size = leb128(data, offset + headerLength);
    const payloadStart = offset + headerLength + size.length;
    const end = payloadStart + size.value;
    if (type === OBU_SEQUENCE_HEADER) return { obu: data.subarray(offset, end), payload: data.subarray(payloadStart, end) };
    offset = end;
  }
  return undefined;
}

export function av1ConfigFromKeyframe(keyframe: Uint8Array): Uint8Array | undefined {
  try {
    const found = findSequenceHeader(keyframe);
    if (!found) return undefined;
    const bits = new BitReader(found.payload);
    const profile = bits.read(3);
    bits.read(1); // still_picture
    const reduced = bits.read(1);
    let level = 0;
    let tier = 0;
    if (reduced) {
      level = bits.read(5);
    } else {
      if (bits.read(1)) return undefined; // timing_info_present: not produced by WebCodecs; not parsed here
      const displayDelay = bits.read(1);
      bits.read(5); // operating_points_cnt_minus_1 (the first point decides)
      bits.read(12);
      level = bits.read(5);
      if (level > 7) tier = bits.read(1);
      if (displayDelay && bits.read(1)) bits.read(4);
    }
    const out = new Uint8Array(4 + found.obu.length);
    out[0] = 0x81; // marker + version 1
    out[1] = (profile << 5) | level;
    out[2] = (tier << 7) | 0x0c; // 8-bit, chroma_subsampling_x = y = 1 (4:2:0)
    out[3] = 0;
    out.set(found.obu, 4);
    return out;
  } catch {
    return undefined;
  }
}
