// The hidden capture window: loads the capture page (renderer/capture, served by the Node core's loopback
// capture server) and answers its getDisplayMedia call with the entire primary screen. No preload: the
// page talks to the core over its own token-authenticated loopback link.
import { BrowserWindow, desktopCapturer, screen, type Session } from 'electron';
import { buildWebPreferences } from './securityPolicy';

export function installDisplayMediaHandler(session: Session, isCaptureFrame: (url: string) => boolean): void {
  session.setDisplayMediaRequestHandler((request, callback) => {
    if (!request.frame || !isCaptureFrame(request.frame.url)) {
      callback({});
      return;
    }
    void desktopCapturer.getSources({ types: ['screen'], thumbnailSize: { width: 0, height: 0 } }).then(
      (sources) => {
        const primary = String(screen.getPrimaryDisplay().id);
        const source = sources.find((s) => s.display_id === primary) ?? sources[0];
        callback(source ? { video: source } : {});
      },
      () => callback({}),
    );
  });
}

export function openCaptureWindow(pageUrl: string): BrowserWindow {
  const win = new BrowserWindow({
    show: false,
    width: 320,
    height: 240,
    skipTaskbar: true,
    webPreferences: buildWebPreferences({ backgroundThrottling: false }),
  });
  void win.loadURL(pageUrl);
  return win;
}
