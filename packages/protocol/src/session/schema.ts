// A tiny schema checker for the JSON bodies of session messages (and the consent grant).
// It checks types, bounds, enums, required/optional fields and refuses unknown fields, so a decoded
// object holds exactly the fields the schema names. Output objects are built fresh from the schema's
// own keys, so a "__proto__" (or any other unexpected) key on the input can never reach them.
// Byte fields travel as standard base64 strings on the wire and are Uint8Array in messages.
import { fromBase64, toBase64 } from '../bytes';
import { TetherError } from '../errors';

interface Optional {
  optional?: boolean;
}
export type FieldSpec = Optional &
  (
    | { kind: 'string'; min?: number; max: number; pattern?: RegExp }
    | { kind: 'int'; min: number; max: number }
    | { kind: 'number'; min: number; max: number }
    | { kind: 'bool' }
    | { kind: 'literal'; value: string | number }
    | { kind: 'enum'; values: readonly string[] }
    | { kind: 'bytes'; length: number }
    | { kind: 'object'; fields: ObjectSpec; refine?: (value: Record<string, unknown>) => string | undefined }
    | { kind: 'array'; of: FieldSpec; min?: number; max: number }
  );

export type ObjectSpec = Readonly<Record<string, FieldSpec>>;

/** Which way a value is converted: wire JSON -> message ('read') or message -> wire JSON ('write'). */
export type Direction = 'read' | 'write';

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/** True when the string has no lone UTF-16 surrogates (so it survives UTF-8 encoding unchanged). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

function fail(path: string, reason: string): never {
  throw new TetherError('E_MALFORMED', `${path || 'body'}: ${reason}`);
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

function convertObject(fields: ObjectSpec, value: unknown, path: string, dir: Direction): Record<string, unknown> {
  if (!isPlainObject(value)) fail(path, 'expected an object');
  for (const key of Object.keys(value)) {
    if (!Object.prototype.hasOwnProperty.call(fields, key)) fail(path, `unknown field ${JSON.stringify(key)}`);
  }
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(fields)) {
    const spec = fields[key] as FieldSpec;
    const field = Object.prototype.hasOwnProperty.call(value, key) ? value[key] : undefined;
    const at = path ? `${path}.${key}` : key;
    if (field === undefined) {
      if (spec.optional) continue;
      fail(at, 'required field is missing');
    }
    out[key] = convertField(spec, field, at, dir);
  }
  return out;
}

function convertField(spec: FieldSpec, value: unknown, path: string, dir: Direction): unknown {
  switch (spec.kind) {
    case 'string': {
      if (typeof value !== 'string') fail(path, 'expected a string');
      if (value.length < (spec.min ?? 0) || value.length > spec.max) fail(path, `length must be ${spec.min ?? 0}..${spec.max}`);
      if (!isWellFormedText(value)) fail(path, 'not well-formed Unicode');
      if (spec.pattern && !spec.pattern.test(value)) fail(path, 'has an invalid format');
      return value;
    }
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) fail(path, 'expected an integer');
      if (value < spec.min || value > spec.max) fail(path, `must be ${spec.min}..${spec.max}`);
      return value === 0 ? 0 : value;
    case 'number':
      if (typeof value !== 'number' || !Number.isFinite(value)) fail(path, 'expected a finite number');
      if (value < spec.min || value > spec.max) fail(path, `must be ${spec.min}..${spec.max}`);
      return value === 0 ? 0 : value;
    case 'bool':
      if (typeof value !== 'boolean') fail(path, 'expected a boolean');
      return value;
    case 'literal':
      if (value !== spec.value) fail(path, `must be ${JSON.stringify(spec.value)}`);
      return value;
    case 'enum':
      if (typeof value !== 'string' || !spec.values.includes(value)) fail(path, `must be one of ${spec.values.join(', ')}`);
      return value;
    case 'bytes':
      return convertBytes(spec.length, value, path, dir);
    case 'object': {
      const out = convertObject(spec.fields, value, path, dir);
      const problem = spec.refine?.(out);
      if (problem) fail(path, problem);
      return out;
    }
    case 'array': {
      if (!Array.isArray(value)) fail(path, 'expected an array');
      if (value.length < (spec.min ?? 0) || value.length > spec.max) fail(path, `must hold ${spec.min ?? 0}..${spec.max} items`);
      return value.map((item, i) => convertField(spec.of, item, `${path}[${i}]`, dir));
    }
  }
}

function convertBytes(length: number, value: unknown, path: string, dir: Direction): unknown {
  if (dir === 'write') {
    if (!(value instanceof Uint8Array)) fail(path, 'expected a Uint8Array');
    if (value.length !== length) fail(path, `must be exactly ${length} bytes`);
    return toBase64(value);
  }
  if (typeof value !== 'string' || value.length > Math.ceil(length / 3) * 4) fail(path, `expected base64 of ${length} bytes`);
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(value);
  } catch {
    fail(path, 'invalid base64');
  }
  if (bytes.length !== length) fail(path, `must be exactly ${length} bytes`);
  return bytes;
}

/**
 * Parsed JSON -> checked fields (byte fields decoded). Throws TetherError E_MALFORMED naming the first bad field.
 */
export function readWithSchema(fields: ObjectSpec, value: unknown, refine?: (v: Record<string, unknown>) => string | undefined): Record<string, unknown> {
  const out = convertObject(fields, value, '', 'read');
  const problem = refine?.(out);
  if (problem) fail('', problem);
  return out;
}

/**
 * Message fields -> a JSON-ready object in schema key order (deterministic bytes), byte fields as base64.
 * Invalid input is a programming error: throws TypeError naming the first bad field.
 */
export function writeWithSchema(fields: ObjectSpec, value: unknown, refine?: (v: Record<string, unknown>) => string | undefined): Record<string, unknown> {
  try {
    const out = convertObject(fields, value, '', 'write');
    const problem = refine?.(out);
    if (problem) fail('', problem);
    return out;
  } catch (e) {
    if (e instanceof TetherError) throw new TypeError(`invalid message: ${e.detail ?? e.message}`);
    throw e;
  }
}

// Shared field shapes.
export const ID_PATTERN = /^[A-Za-z0-9_-]+$/;
export const PRINTABLE_ASCII = /^[\x21-\x7e]+$/;
export const SHA256_HEX = /^[0-9a-f]{64}$/;
export const COLOR_HEX = /^#[0-9a-f]{6}$/;

export const idField = (optional = false): FieldSpec => ({ kind: 'string', min: 1, max: 64, pattern: ID_PATTERN, optional });
export const u16Field: FieldSpec = { kind: 'int', min: 0, max: 0xffff };
export const epochMsField: FieldSpec = { kind: 'int', min: 0, max: Number.MAX_SAFE_INTEGER };
export const textField = (max: number, optional = false, min = 0): FieldSpec => ({ kind: 'string', min, max, optional });
