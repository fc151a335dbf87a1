// The console's ports in a browser or Electron renderer: native WebSocket, WebCrypto, the clock, and the
// recording sink (the console server's local recording API, with the token from /config.json).
import type { WebSocketLike } from '@tether/channel';
import { relayHttpOrigin, type FetchLike } from '@tether/recording';
import type { ConsolePorts } from '../common/consoleController';
import type { VaultCrypto } from '../common/keyVault';
import type { ConsoleOrgConfig } from '../common/orgKeys';
import { HttpRecordingSink, type SinkFetch } from '../common/recording/recordingHttpSink';
import type { RecordingPort } from '../common/recording/sessionRecording';
import { relayTemplateSource } from './templateSource';

/** What /config.json tells the page (see consoleServer.ts). */
export interface ConsolePageConfig {
  relayUrl: string;
  org?: ConsoleOrgConfig;
  recording?: { token: string };
}

/** Records into the console server; archives to the relay when the organisation is configured. */
export function browserRecording(config: ConsolePageConfig): RecordingPort | undefined {
  if (!config.recording?.token) return undefined;
  const pageFetch = (url: string, init: object) => fetch(url, init as RequestInit);
  return {
    sink: new HttpRecordingSink('', config.recording.token, pageFetch as unknown as SinkFetch),
    archive: config.org ? { relayHttpUrl: relayHttpOrigin(config.relayUrl), fetch: pageFetch as unknown as FetchLike } : null,
  };
}

function hex(bytes: Uint8Array): string {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

export function browserPorts(config: ConsolePageConfig): ConsolePorts {
  const recording = browserRecording(config);
  return {
    relayUrl: config.relayUrl,
    openSocket: (url) => new WebSocket(url) as unknown as WebSocketLike,
    webCrypto: globalThis.crypto as unknown as VaultCrypto,
    sha256Hex: async (bytes) => hex(new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>))),
    randomId: () => hex(crypto.getRandomValues(new Uint8Array(12))),
    now: () => Date.now(),
    decoders: supportedDecoders,
    // the permission template the technician's certificate names, from the relay's template directory
    template: relayTemplateSource(config.relayUrl),
    ...(recording ? { recording } : {}),
  };
}

/** The agent's encoders, best first; the console offers those its WebCodecs decoder supports. */
const CANDIDATES = ['avc1.640028', 'vp8', 'vp09.00.10.08', 'av01.0.04M.08'];

async function supportedDecoders(): Promise<string[]> {
  if (typeof VideoDecoder === 'undefined') return [];
  const ok: string[] = [];
  for (const codec of CANDIDATES) {
    const support = await VideoDecoder.isConfigSupported({ codec, codedWidth: 1920, codedHeight: 1080 }).catch(() => undefined);
    if (support?.supported) ok.push(codec);
  }
  return ok;
}
