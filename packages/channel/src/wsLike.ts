// The part of a WebSocket the channel uses. Both the browser's WebSocket and the `ws` package satisfy it,
// so the channel runs unchanged in the console (browser/Electron renderer) and in the Node agent.
export interface MessageEventLike {
  data: unknown;
}

export interface CloseEventLike {
  code: number;
  reason: string;
}

export interface WebSocketLike {
  binaryType: string;
  readonly bufferedAmount: number;
  readonly readyState: number;
  send(data: string | Uint8Array): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: 'message', listener: (event: MessageEventLike) => void): void;
  addEventListener(type: 'close', listener: (event: CloseEventLike) => void): void;
  addEventListener(type: 'open' | 'error', listener: (event: unknown) => void): void;
}

export const WS_OPEN = 1;

/** Converts whatever a socket delivered for a binary message into a Uint8Array view (no copy where possible). */
export function binaryData(data: unknown): Uint8Array | undefined {
  if (data instanceof Uint8Array) return data;
  if (data instanceof ArrayBuffer) return new Uint8Array(data);
  if (Array.isArray(data) && data.every((d) => d instanceof Uint8Array)) {
    const parts = data as Uint8Array[];
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let o = 0;
    for (const p of parts) {
      out.set(p, o);
      o += p.length;
    }
    return out;
  }
  return undefined;
}
