// Protocol version negotiation: the highest version both sides support, or a typed failure.
// There is no fallback to an older, weaker or unauthenticated mode.
import { err, ok, type Result } from './result';

export const PROTOCOL_VERSION = 1;
export const SUPPORTED_VERSIONS: readonly number[] = [1];

export function negotiateVersion(ours: readonly number[], theirs: readonly number[]): Result<number> {
  if (!Array.isArray(theirs) || theirs.length === 0 || theirs.length > 32) {
    return err('E_UNSUPPORTED_VERSION', 'the peer offered no usable version list');
  }
  let best = -1;
  for (const v of theirs) {
    if (!Number.isInteger(v) || v < 1 || v > 0xffff) return err('E_MALFORMED', 'invalid version number offered');
    if (ours.includes(v) && v > best) best = v;
  }
  if (best < 0) return err('E_UNSUPPORTED_VERSION', `we support [${ours.join(', ')}], the peer offered [${theirs.join(', ')}]`);
  return ok(best);
}
