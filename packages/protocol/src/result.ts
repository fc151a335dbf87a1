import { TetherError, type TetherErrorCode } from './errors';

export type Result<T> = { ok: true; value: T } | { ok: false; error: TetherError };

export function ok<T>(value: T): Result<T> {
  return { ok: true, value };
}

export function err<T = never>(code: TetherErrorCode, detail?: string): Result<T> {
  return { ok: false, error: new TetherError(code, detail) };
}

/** Returns the value or throws the TetherError; for callers that treat failure as fatal. */
export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw result.error;
  return result.value;
}
