// The capture page's loopback WebSocket to the Node core: binary frames out (encoded chunks), JSON
// control in, JSON events out. The URL's token authenticates the page to the Node side.
import { decodeCaptureControl } from '../../common/capture/captureControl';
import type { CaptureControl, CapturePageEvent } from '../../common/capture/captureTypes';

export class PageLink {
  private constructor(private readonly socket: WebSocket) {}

  static connect(url: string, onControl: (control: CaptureControl) => void, onClosed: () => void): Promise<PageLink> {
    return new Promise((resolve, reject) => {
      const socket = new WebSocket(url);
      socket.binaryType = 'arraybuffer';
      const link = new PageLink(socket);
      socket.onopen = () => resolve(link);
      socket.onerror = () => reject(new Error('capture link failed to connect'));
      socket.onclose = () => onClosed();
      socket.onmessage = (event: MessageEvent) => {
        if (typeof event.data !== 'string') return link.send({ type: 'error', code: 'E_MALFORMED', message: 'binary control frame' });
        const decoded = decodeCaptureControl(event.data);
        if (decoded.ok) onControl(decoded.value);
        else link.send({ type: 'error', code: decoded.error.code, message: decoded.error.message });
      };
    });
  }

  /** Bytes queued in the socket and not yet handed to the network. */
  get buffered(): number {
    return this.socket.bufferedAmount;
  }

  get open(): boolean {
    return this.socket.readyState === WebSocket.OPEN;
  }

  send(event: CapturePageEvent): void {
    if (this.open) this.socket.send(JSON.stringify(event));
  }

  sendBinary(bytes: Uint8Array): void {
    if (this.open) this.socket.send(bytes);
  }

  close(): void {
    this.socket.close(1000, 'capture stopped');
  }
}
