// Entry point of the capture page (bundled by the Node side, or loaded by the Electron capture window).
// The page URL carries the loopback link: ?link=<ws url path>&token=<random token>. The page connects,
// says `ready`, and waits for `start` from Node before asking for the screen.
import type { CaptureControl } from '../../common/capture/captureTypes';
import { CapturePipeline } from './capturePipeline';
import { PageLink } from './pageLink';

function linkUrl(): string {
  const params = new URLSearchParams(location.search);
  const token = params.get('token');
  if (!token) throw new Error('capture page opened without a link token');
  const url = new URL('/capture-link', location.href);
  url.protocol = location.protocol === 'https:' ? 'wss:' : 'ws:';
  url.searchParams.set('token', token);
  return url.toString();
}

function setStatus(text: string): void {
  const el = document.getElementById('status');
  if (el) el.textContent = text;
}

async function main(): Promise<void> {
  let pipeline: CapturePipeline | null = null;
  let link: PageLink | null = null;
  const onControl = (control: CaptureControl): void => {
    if (pipeline) return pipeline.handle(control);
    if (control.type !== 'start') {
      link?.send({ type: 'error', code: 'E_BAD_ARGUMENT', message: `${control.type} before start` });
      return;
    }
    const { type: _type, ...options } = control;
    const current = new CapturePipeline(link as PageLink, options);
    pipeline = current;
    setStatus('sharing the screen');
    current.start().catch((e: unknown) => {
      link?.send({ type: 'error', code: 'E_INTERNAL', message: `screen capture failed: ${e instanceof Error ? e.message : String(e)}` });
      current.stop('screen capture failed');
    });
  };
  link = await PageLink.connect(linkUrl(), onControl, () => {
    pipeline?.stop('link closed');
    setStatus('stopped');
  });
  link.send({ type: 'ready', userAgent: navigator.userAgent });
}

main().catch((e: unknown) => setStatus(`capture page error: ${e instanceof Error ? e.message : String(e)}`));
