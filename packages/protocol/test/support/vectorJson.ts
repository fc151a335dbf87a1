// Golden vector files are plain JSON: byte fields are written as {"$bytes": "<hex>"}.
import { fromHex, toHex } from '../../src/index';

export function toVectorJson(value: unknown): unknown {
  if (value instanceof Uint8Array) return { $bytes: toHex(value) };
  if (Array.isArray(value)) return value.map(toVectorJson);
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toVectorJson(v)]));
  }
  return value;
}

export function fromVectorJson(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(fromVectorJson);
  if (typeof value === 'object' && value !== null) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0]![0] === '$bytes') return fromHex(entries[0]![1] as string);
    return Object.fromEntries(entries.map(([k, v]) => [k, fromVectorJson(v)]));
  }
  return value;
}

export interface MessageVector {
  name: string;
  message: unknown;
  hex: string;
}

export interface MessageVectorFile {
  description: string;
  vectors: MessageVector[];
}

export interface GrantVectorFile {
  description: string;
  vectors: Array<{ name: string; grant: unknown; canonicalHex: string }>;
}
