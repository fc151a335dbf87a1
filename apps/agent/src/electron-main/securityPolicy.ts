// The security settings of the agent's windows, as plain values and functions (no Electron import), so
// they are unit-tested under Node and applied unchanged by the Electron main process.
import { UI_PAGES, type UiPage } from '../common/ipc/ipcContract';

/** Our pages are served from a privileged custom scheme: app://ui/<page>.html. */
export const UI_SCHEME = 'app';
export const UI_HOST = 'ui';

/** No inline script or style, no eval, nothing from elsewhere; the pages need only their own files. */
const CSP_DIRECTIVES = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "connect-src 'none'",
  "font-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
];

/** Sent as a response header for every UI file. */
export const UI_CONTENT_SECURITY_POLICY = [...CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');
/** The same policy in each page's meta tag (frame-ancestors is only honoured as a header, so it is left out). */
export const UI_META_CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');

export interface HardenedWebPreferences {
  contextIsolation: true;
  sandbox: true;
  nodeIntegration: false;
  nodeIntegrationInWorker: false;
  nodeIntegrationInSubFrames: false;
  webSecurity: true;
  allowRunningInsecureContent: false;
  experimentalFeatures: false;
  webviewTag: false;
  navigateOnDragDrop: false;
  spellcheck: false;
  devTools: boolean;
  preload?: string;
  backgroundThrottling?: boolean;
}

/** webPreferences for every window: UI pages get the preload; the capture window gets none. */
export function buildWebPreferences(options: { preload?: string; devTools?: boolean; backgroundThrottling?: boolean }): HardenedWebPreferences {
  const prefs: HardenedWebPreferences = {
    contextIsolation: true,
    sandbox: true,
    nodeIntegration: false,
    nodeIntegrationInWorker: false,
    nodeIntegrationInSubFrames: false,
    webSecurity: true,
    allowRunningInsecureContent: false,
    experimentalFeatures: false,
    webviewTag: false,
    navigateOnDragDrop: false,
    spellcheck: false,
    devTools: options.devTools ?? false,
  };
  if (options.preload !== undefined) prefs.preload = options.preload;
  if (options.backgroundThrottling !== undefined) prefs.backgroundThrottling = options.backgroundThrottling;
  return prefs;
}

export function uiPageUrl(page: UiPage): string {
  return `${UI_SCHEME}://${UI_HOST}/${page}.html`;
}

/** The page a URL belongs to, when it is exactly one of our pages (query and hash ignored). */
export function uiPageOfUrl(url: string): UiPage | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${UI_SCHEME}:` || parsed.host !== UI_HOST || parsed.username || parsed.password || parsed.port) return undefined;
  const match = /^\/([a-z]+)\.html$/.exec(parsed.pathname);
  const page = match?.[1];
  return page && (UI_PAGES as readonly string[]).includes(page) ? (page as UiPage) : undefined;
}

/** Our windows never navigate: every load happens through loadURL from main. */
export function allowNavigation(_from: string, _to: string): boolean {
  return false;
}

/** window.open and target=_blank are always denied. */
export const WINDOW_OPEN_DECISION = { action: 'deny' } as const;

/**
 * Permission requests: only the hidden capture window, on its exact loopback origin, may ask for screen
 * capture ('media' with video only is how getDisplayMedia is checked). Everything else is refused.
 */
export function allowPermission(request: { permission: string; requestingUrl: string; mediaTypes?: readonly string[] }, captureOrigin: string | undefined): boolean {
  if (!captureOrigin) return false;
  let origin: string;
  try {
    origin = new URL(request.requestingUrl).origin;
  } catch {
    return false;
  }
  if (origin !== captureOrigin) return false;
  if (request.permission === 'display-capture') return true;
  if (request.permission === 'media') return (request.mediaTypes ?? []).every((type) => type === 'video');
  return false;
}

/** The capture page's origin: loopback http only (a secure context for getDisplayMedia), else undefined. */
export function captureOriginOf(pageUrl: string): string | undefined {
  try {
    const url = new URL(pageUrl);
    if (url.protocol !== 'http:' || url.hostname !== '127.0.0.1' || url.username || url.password) return undefined;
    return url.origin;
  } catch {
    return undefined;
  }
}

/** Maps app://ui/<file> to a file inside the UI folder; anything else (traversal, other hosts) is refused. */
export function uiAssetPath(url: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  if (parsed.protocol !== `${UI_SCHEME}:` || parsed.host !== UI_HOST) return undefined;
  const match = /^\/([a-z][a-zA-Z0-9-]*\.(?:html|js|css))$/.exec(parsed.pathname);
  return match?.[1];
}

export const UI_CONTENT_TYPES: Readonly<Record<string, string>> = {
  html: 'text/html; charset=utf-8',
  js: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
};

/** Headers added to every UI response (in addition to the meta tag in each page). */
export function uiResponseHeaders(fileName: string): Record<string, string> {
  const ext = fileName.slice(fileName.lastIndexOf('.') + 1);
  return {
    'content-type': UI_CONTENT_TYPES[ext] ?? 'application/octet-stream',
    'content-security-policy': UI_CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'cache-control': 'no-store',
  };
}
