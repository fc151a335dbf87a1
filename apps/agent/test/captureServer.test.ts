// The loopback capture server: serves the bundled page, and accepts exactly one link socket, only
// with the token from the page URL. Real HTTP and WebSocket on 127.0.0.1.
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { startCaptureServer, type CaptureServer } from '../src/node/capture/captureServer';

function connect(url: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url);
    ws.on('open', () => {
      resolve('open');
      ws.close();
    });
    ws.on('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.on('error', () => resolve(-1));
  });
}

describe('capture server', () => {
  let server: CaptureServer | null = null;
  afterEach(async () => {
    await server?.close();
    server = null;
  });

  it('serves the page and its bundled script on 127.0.0.1', async () => {
    server = await startCaptureServer();
    const page = new URL(server.pageUrl);
    expect(page.hostname).toBe('127.0.0.1');
    expect(page.searchParams.get('token')?.length).toBeGreaterThanOrEqual(32);
    const html = await (await fetch(page)).text();
    expect(html).toContain('/capture.js');
    const script = await fetch(new URL('/capture.js', page));
    expect(script.headers.get('content-type')).toContain('javascript');
    expect(await script.text()).toContain('getDisplayMedia');
    expect((await fetch(new URL('/etc/passwd', page))).status).toBe(404);
  });

  it('accepts the link only with the right token, and only once', async () => {
    server = await startCaptureServer();
    const page = new URL(server.pageUrl);
    const link = (token: string): string => `ws://${page.host}/capture-link?token=${token}`;
    expect(await connect(link('wrong'))).toBe(403);
    expect(await connect(`ws://${page.host}/capture-link`)).toBe(403);
    expect(await connect(link(page.searchParams.get('token') as string))).toBe('open');
    const socket = await server.connection;
    expect(socket).toBeDefined();
    expect(await connect(link(page.searchParams.get('token') as string))).toBe(403);
  });
});
