import { describe, expect, it } from 'vitest';
import { parseUrl } from '../src/index';

describe('parseUrl', () => {
  it('parses absolute URLs and refuses anything else without throwing', () => {
    expect(parseUrl('wss://relay.example:8443/relay#x')).toMatchObject({ protocol: 'wss:', hostname: 'relay.example', port: '8443', pathname: '/relay', hash: '#x' });
    expect(parseUrl('ws://user:pw@127.0.0.1/')).toMatchObject({ username: 'user', password: 'pw' });
    expect(parseUrl('/join#123', 'https://h.example')?.href).toBe('https://h.example/join#123');
    for (const bad of ['', 'relay.example', 'http://', '::']) expect(parseUrl(bad)).toBeUndefined();
  });
});
