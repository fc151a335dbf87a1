import { describe, expect, it } from 'vitest';
import { checkConsoleRequest } from '../src/common/ipc/consoleIpc';
import { isTrustedSender } from '../src/electron-main/senderGuard';

describe('console IPC contract', () => {
  it('accepts exactly the save request it defines', () => {
    expect(checkConsoleRequest('file.save', { suggestedName: 'tether-session-abc.json', text: '{}' })).toBeUndefined();
    expect(checkConsoleRequest('shell.exec', { suggestedName: 'a', text: '' })).toMatch(/unknown request/);
    expect(checkConsoleRequest('file.save', { suggestedName: '../../.bashrc', text: '' })).toMatch(/plain file name/);
    expect(checkConsoleRequest('file.save', { suggestedName: 'a.json', text: 1 })).toMatch(/text/);
    expect(checkConsoleRequest('file.save', { suggestedName: 'a.json', text: '', extra: 1 })).toMatch(/exactly/);
    expect(checkConsoleRequest('file.save', null)).toMatch(/object/);
  });

  it('trusts only the main frame of our own origin', () => {
    const origin = 'http://127.0.0.1:41234';
    expect(isTrustedSender('http://127.0.0.1:41234/', true, origin)).toBe(true);
    expect(isTrustedSender('http://127.0.0.1:41234/', false, origin)).toBe(false);
    expect(isTrustedSender('http://127.0.0.1:9/', true, origin)).toBe(false);
    expect(isTrustedSender('https://evil.example/', true, origin)).toBe(false);
    expect(isTrustedSender(undefined, true, origin)).toBe(false);
    expect(isTrustedSender('not a url', true, origin)).toBe(false);
  });
});
