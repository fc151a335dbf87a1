// H.264 for Matroska: WebCodecs emits Annex B (start codes, SPS/PPS in keyframes); Matroska wants an
// avcC record in CodecPrivate and 4-byte length-prefixed NAL units in each block.
import { concatBytes } from '@tether/protocol';

export function splitAnnexB(data: Uint8Array): Uint8Array[] {
  const nals: Uint8Array[] = [];
  let start = -1;
  let i = 0;
  while (i + 2 < data.length) {
    if (data[i] === 0 && data[i + 1] === 0 && data[i + 2] === 1) {
      if (start >= 0) nals.push(trimTrailingZeros(data.subarray(start, i)));
      i += 3;
      start = i;
    } else {
      i++;
    }
  }
  if (start >= 0 && start < data.length) nals.push(data.subarray(start));
  return nals.filter((nal) => nal.length > 0);
}

function trimTrailingZeros(nal: Uint8Array): Uint8Array {
  let end = nal.length;
  while (end > 0 && nal[end - 1] === 0) end--;
  return nal.subarray(0, end);
}

export const nalType = (nal: Uint8Array): number => (nal[0] as number) & 0x1f;

/** avcC (ISO/IEC 14496-15) from the first SPS and PPS found in an Annex B keyframe; undefined if absent. */
export function avcConfigFromAnnexB(keyframe: Uint8Array): Uint8Array | undefined {
  const nals = splitAnnexB(keyframe);
  const sps = nals.find((nal) => nalType(nal) === 7);
  const pps = nals.find((nal) => nalType(nal) === 8);
  if (!sps || !pps || sps.length < 4) return undefined;
  const out = new Uint8Array(11 + sps.length + pps.length);
  out.set([1, sps[1] as number, sps[2] as number, sps[3] as number, 0xff, 0xe1, sps.length >> 8, sps.length & 0xff]);
  out.set(sps, 8);
  out.set([1, pps.length >> 8, pps.length & 0xff], 8 + sps.length);
  out.set(pps, 11 + sps.length);
  return out;
}

/** An Annex B access unit as 4-byte length-prefixed NAL units (what avcC with lengthSizeMinusOne = 3 announces). */
export function annexBToLengthPrefixed(data: Uint8Array): Uint8Array {
  const nals = splitAnnexB(data);
  if (nals.length === 0) return data; // no start codes: already length-prefixed
  const parts: Uint8Array[] = [];
  for (const nal of nals) {
    const prefix = new Uint8Array(4);
    new DataView(prefix.buffer).setUint32(0, nal.length);
    parts.push(prefix, nal);
  }
  return concatBytes(...parts);
}
