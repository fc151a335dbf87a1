import { describe, expect, it } from 'vitest';
import { clientAddress, normaliseAddress } from '../src/node/clientAddress';

describe('clientAddress', () => {
  it('uses the socket address and ignores X-Forwarded-For when no proxy is trusted', () => {
    expect(clientAddress('203.0.113.7', '1.2.3.4', [])).toBe('203.0.113.7');
    expect(clientAddress('::ffff:127.0.0.1', '1.2.3.4', [])).toBe('127.0.0.1');
  });

  it('ignores X-Forwarded-For from a peer that is not a trusted proxy', () => {
    expect(clientAddress('198.51.100.1', '1.2.3.4', ['10.0.0.1'])).toBe('198.51.100.1');
  });

  it('takes the rightmost untrusted hop behind trusted proxies', () => {
    expect(clientAddress('10.0.0.1', '6.6.6.6, 1.2.3.4', ['10.0.0.1'])).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.1', '6.6.6.6, 1.2.3.4, 10.0.0.2', ['10.0.0.1', '10.0.0.2'])).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.1', ['6.6.6.6', '1.2.3.4'], ['10.0.0.1'])).toBe('1.2.3.4');
    expect(clientAddress('10.0.0.1', undefined, ['10.0.0.1'])).toBe('10.0.0.1');
    expect(clientAddress('10.0.0.1', ' , ', ['10.0.0.1'])).toBe('10.0.0.1');
  });

  it('normalises IPv4-mapped addresses and case', () => {
    expect(normaliseAddress('::FFFF:192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseAddress('2001:DB8::1')).toBe('2001:db8::1');
  });
});
