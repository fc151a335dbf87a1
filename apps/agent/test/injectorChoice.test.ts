// Which injector an agent uses: its own display is driven in process, any other through a child process
// bound to it (nut-js holds one display per process). Nothing is loaded or bound by asking.
import { describe, expect, it } from 'vitest';
import { injectsInProcess } from '../src/node/input/injector';

describe('choosing the injector', () => {
  it('injects in process only into the display the process itself runs on', () => {
    expect(injectsInProcess(':93', { DISPLAY: ':93' })).toBe(true);
    expect(injectsInProcess(':93', { DISPLAY: ':0' })).toBe(false);
    expect(injectsInProcess(':93', {})).toBe(false);
  });
});
