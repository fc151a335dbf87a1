// The relay's V8 flags are defined once (runtimeFlags.ts) and `pnpm relay` must pass them all.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { RELAY_NODE_FLAGS, missingRelayFlags } from '../src/node/runtimeFlags';

describe('relay runtime flags', () => {
  it('`pnpm relay` starts node with every flag in RELAY_NODE_FLAGS', () => {
    const scripts = (JSON.parse(readFileSync('package.json', 'utf8')) as { scripts: Record<string, string> }).scripts;
    const words = (scripts.relay ?? '').split(/\s+/);
    expect(words[0]).toBe('node');
    expect(RELAY_NODE_FLAGS.length).toBeGreaterThan(0);
    for (const flag of RELAY_NODE_FLAGS) expect(words).toContain(flag);
  });

  it('names the flags a process was started without (execArgv or NODE_OPTIONS)', () => {
    expect(missingRelayFlags([])).toEqual([...RELAY_NODE_FLAGS]);
    expect(missingRelayFlags([...RELAY_NODE_FLAGS, '--import', 'tsx'])).toEqual([]);
    expect(missingRelayFlags(['--import', 'tsx'], `--enable-source-maps ${RELAY_NODE_FLAGS.join(' ')}`)).toEqual([]);
  });
});
