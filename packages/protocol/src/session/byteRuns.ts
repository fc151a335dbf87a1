// The "runs" packing of a video.patch: byte runs, cheap enough to run on every small screen change
// (a solid 300x300 I420 area packs from 135 kB to about 3 kB; anti-aliased text packs about 2:1).
// Control byte c < 128: c + 1 literal bytes follow. c >= 128: the next byte repeats c - 125 times (3..130).
// Unpacking is bounded by the expected length, so a crafted payload cannot grow past it.
import { TetherError } from '../errors';

const MIN_RUN = 3;
const MAX_RUN = 130;
const MAX_LITERAL = 128;

/** Packs `input`; the output is at most input.length + ceil(input.length / 128) bytes. */
export function packByteRuns(input: Uint8Array): Uint8Array {
  const out = new Uint8Array(input.length + Math.ceil(input.length / MAX_LITERAL) + 1);
  let o = 0;
  let i = 0;
  let literalStart = 0;
  const flushLiterals = (end: number): void => {
    let s = literalStart;
    while (s < end) {
      const n = Math.min(MAX_LITERAL, end - s);
      out[o++] = n - 1;
      out.set(input.subarray(s, s + n), o);
      o += n;
      s += n;
    }
  };
  const n = input.length;
  while (i < n) {
    const b = input[i] as number;
    let run = 1;
    while (i + run < n && run < MAX_RUN && input[i + run] === b) run++;
    if (run >= MIN_RUN) {
      flushLiterals(i);
      out[o++] = run + 125;
      out[o++] = b;
      i += run;
      literalStart = i;
    } else {
      i += run;
    }
  }
  flushLiterals(n);
  return out.slice(0, o);
}

/** The length `packed` unpacks to, checked without unpacking; E_MALFORMED for a cut-off stream. */
export function byteRunsLength(packed: Uint8Array): number {
  let total = 0;
  let i = 0;
  while (i < packed.length) {
    const c = packed[i++] as number;
    const count = c < 128 ? c + 1 : c - 125;
    const payload = c < 128 ? count : 1;
    if (i + payload > packed.length) throw new TetherError('E_MALFORMED', 'video.patch runs: the payload is cut off');
    i += payload;
    total += count;
  }
  return total;
}

/** Unpacks into exactly `expectedLength` bytes; anything else is E_MALFORMED. */
export function unpackByteRuns(packed: Uint8Array, expectedLength: number): Uint8Array {
  const out = new Uint8Array(expectedLength);
  let o = 0;
  let i = 0;
  while (i < packed.length) {
    const c = packed[i++] as number;
    if (c < 128) {
      const count = c + 1;
      if (i + count > packed.length) throw new TetherError('E_MALFORMED', 'video.patch runs: a literal runs past the payload');
      if (o + count > expectedLength) throw new TetherError('E_MALFORMED', 'video.patch runs: unpacks to more than the patch holds');
      out.set(packed.subarray(i, i + count), o);
      i += count;
      o += count;
    } else {
      const count = c - 125;
      if (i >= packed.length) throw new TetherError('E_MALFORMED', 'video.patch runs: a run has no byte');
      if (o + count > expectedLength) throw new TetherError('E_MALFORMED', 'video.patch runs: unpacks to more than the patch holds');
      out.fill(packed[i++] as number, o, o + count);
      o += count;
    }
  }
  if (o !== expectedLength) throw new TetherError('E_MALFORMED', `video.patch runs: unpacks to ${o} bytes, the patch holds ${expectedLength}`);
  return out;
}
