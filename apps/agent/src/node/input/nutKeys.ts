// Abstract key names (common/input/keyMap.ts) -> nut-js Key values. The names were chosen to be nut-js
// enum member names, so the compiler checks this mapping is total.
import { Key } from '@nut-tree-fork/nut-js';
import type { KeyName } from '../../common/input/keyMap';

const NUT_KEYS: { readonly [K in KeyName]: Key } = Key;

export function nutKeyFor(name: KeyName): Key {
  return NUT_KEYS[name];
}
