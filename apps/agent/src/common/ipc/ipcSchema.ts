// A small hand-written validator kit for the IPC contract. Every check is strict: objects must be plain,
// unknown fields are refused (so are __proto__ / constructor keys), strings and arrays have bounds,
// numbers are finite and within range. A check returns a problem string, or undefined when the value fits.
import { isWellFormedText } from '@tether/protocol';

export type Check = (value: unknown, path: string) => string | undefined;

export function isPlainRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

export const bool: Check = (v, p) => (typeof v === 'boolean' ? undefined : `${p} must be true or false`);

export function text(min: number, max: number, pattern?: RegExp): Check {
  return (v, p) => {
    if (typeof v !== 'string') return `${p} must be a string`;
    if (v.length < min || v.length > max) return `${p} must be ${min}..${max} characters`;
    if (!isWellFormedText(v)) return `${p} is not well-formed text`;
    if (pattern && !pattern.test(v)) return `${p} has an invalid format`;
    return undefined;
  };
}

export function int(min: number, max: number): Check {
  return (v, p) => (typeof v === 'number' && Number.isInteger(v) && v >= min && v <= max ? undefined : `${p} must be an integer in ${min}..${max}`);
}

export function num(min: number, max: number): Check {
  return (v, p) => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? undefined : `${p} must be a number in ${min}..${max}`);
}

export function oneOf<T extends string | number>(values: readonly T[]): Check {
  return (v, p) => (values.includes(v as T) ? undefined : `${p} must be one of ${values.join(', ')}`);
}

export function literal(value: string | boolean): Check {
  return (v, p) => (v === value ? undefined : `${p} must be ${JSON.stringify(value)}`);
}

export function list(of: Check, min: number, max: number): Check {
  return (v, p) => {
    if (!Array.isArray(v)) return `${p} must be an array`;
    if (v.length < min || v.length > max) return `${p} must hold ${min}..${max} items`;
    for (let i = 0; i < v.length; i++) {
      const problem = of(v[i], `${p}[${i}]`);
      if (problem) return problem;
    }
    return undefined;
  };
}

export function nullable(check: Check): Check {
  return (v, p) => (v === null ? undefined : check(v, p));
}

/** The first check that accepts wins; the problem reported is the last one's. */
export function anyOf(...checks: Check[]): Check {
  return (v, p) => {
    let last: string | undefined = `${p} matches no allowed shape`;
    for (const check of checks) {
      last = check(v, p);
      if (!last) return undefined;
    }
    return last;
  };
}

export interface Field {
  check: Check;
  optional?: boolean;
}

export const optional = (check: Check): Field => ({ check, optional: true });

/** A strict object: only the named fields, required ones present, optional ones absent or valid. */
export function record(fields: Readonly<Record<string, Check | Field>>, refine?: (v: Record<string, unknown>, p: string) => string | undefined): Check {
  const entries = Object.entries(fields).map(([name, spec]) => [name, typeof spec === 'function' ? { check: spec } : spec] as const);
  const known = new Set(entries.map(([name]) => name));
  return (v, p) => {
    if (!isPlainRecord(v)) return `${p} must be a plain object`;
    for (const key of Object.keys(v)) if (!known.has(key)) return `${p}.${key} is not an allowed field`;
    for (const [name, field] of entries) {
      const present = Object.prototype.hasOwnProperty.call(v, name) && v[name] !== undefined;
      if (!present) {
        if (field.optional) continue;
        return `${p}.${name} is missing`;
      }
      const problem = field.check(v[name], `${p}.${name}`);
      if (problem) return problem;
    }
    return refine ? refine(v, p) : undefined;
  };
}
