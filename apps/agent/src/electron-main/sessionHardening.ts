// Applies the security policy to Electron: the app:// scheme for our pages (with CSP headers), permission
// and navigation refusals, no window.open, no <webview>. Everything decided here is in securityPolicy.ts.
import { app, net, protocol, type Session } from 'electron';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { UI_SCHEME, WINDOW_OPEN_DECISION, allowNavigation, allowPermission, uiAssetPath, uiResponseHeaders } from './securityPolicy';

/** Must run before app 'ready'. */
export function registerUiScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: UI_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: false, corsEnabled: false } }]);
}

export function serveUiFiles(uiRoot: string): void {
  protocol.handle(UI_SCHEME, async (request) => {
    const file = uiAssetPath(request.url);
    if (!file || request.method !== 'GET') return new Response('not found', { status: 404 });
    const response = await net.fetch(pathToFileURL(join(uiRoot, file)).toString());
    if (!response.ok) return new Response('not found', { status: 404 });
    return new Response(await response.arrayBuffer(), { status: 200, headers: uiResponseHeaders(file) });
  });
}

export function hardenSession(session: Session, captureOrigin: () => string | undefined): void {
  session.setPermissionRequestHandler((_wc, permission, callback, details) => {
    const mediaTypes = 'mediaTypes' in details ? details.mediaTypes : undefined;
    callback(allowPermission({ permission, requestingUrl: details.requestingUrl, ...(mediaTypes ? { mediaTypes } : {}) }, captureOrigin()));
  });
  session.setPermissionCheckHandler((_wc, permission, requestingOrigin) => allowPermission({ permission, requestingUrl: requestingOrigin }, captureOrigin()));
  app.on('web-contents-created', (_event, contents) => {
    contents.setWindowOpenHandler(() => WINDOW_OPEN_DECISION);
    contents.on('will-navigate', (event, url) => {
      if (!allowNavigation(contents.getURL(), url)) event.preventDefault();
    });
    contents.on('will-redirect', (event, url) => {
      if (!allowNavigation(contents.getURL(), url)) event.preventDefault();
    });
    contents.on('will-attach-webview', (event) => event.preventDefault());
  });
}
