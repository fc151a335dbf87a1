// Canonical JSON for hashing: object keys sorted by UTF-16 code units, no whitespace, numbers and strings
// as JSON.stringify writes them. Only JSON-safe values are accepted (plain objects, arrays, strings,
// finite numbers, booleans, null); anything else throws TypeError, so a hash never silently drops data.
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

const MAX_DEPTH = 64;

export function canonicalJson(value: unknown): string {
  return write(value, 0);
}

function write(value: unknown, depth: number): string {
  if (depth > MAX_DEPTH) throw new TypeError('value nests too deeply for canonical JSON');
  if (value === null || typeof value === 'boolean') return String(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new TypeError('canonical JSON cannot hold NaN or Infinity');
    return JSON.stringify(Object.is(value, -0) ? 0 : value);
  }
  if (typeof value === 'string') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map((item) => write(item, depth + 1)).join(',')}]`;
  if (typeof value === 'object') {
    const proto = Object.getPrototypeOf(value) as unknown;
    if (proto !== Object.prototype && proto !== null) throw new TypeError('canonical JSON accepts only plain objects');
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record).sort();
    return `{${keys.map((key) => `${JSON.stringify(key)}:${write(record[key], depth + 1)}`).join(',')}}`;
  }
  throw new TypeError(`canonical JSON cannot hold a ${typeof value}`);
}

/** True when canonicalJson would accept the value. */
export function isJsonSafe(value: unknown): value is JsonValue {
  try {
    write(value, 0);
    return true;
  } catch {
    return false;
  }
}
