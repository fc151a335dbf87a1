// RecordingSink over the console server's local recording API (see recordingApi.ts). Environment-free:
// the page passes window.fetch; Node tests pass the global fetch.
import type { BlobKind } from '@tether/recording';
import { TetherError, isTetherErrorCode, type TetherErrorCode } from '@tether/protocol';
import { RECORDING_API_PREFIX, RECORDING_OFFSET_HEADER, RECORDING_TOKEN_HEADER } from './recordingApi';
import type { ClosedRecording, RecordingSink, SealRequest, SealedBlobs, StoredRecording } from './recordingSink';

interface ResponseLike {
  ok: boolean;
  status: number;
  text(): Promise<string>;
  arrayBuffer(): Promise<ArrayBuffer>;
}
export type SinkFetch = (url: string, init: { method: string; headers: Record<string, string>; body?: Uint8Array<ArrayBuffer> | string }) => Promise<ResponseLike>;

/** A refusal from the recording API: the server's code and message, the HTTP status and, for 409, its size. */
export class RecordingApiError extends TetherError {
  constructor(code: TetherErrorCode, message: string, readonly status: number, readonly size?: number) {
    super(code, message);
  }
}

export class HttpRecordingSink implements RecordingSink {
  private readonly base: string;

  /** `origin`: the console server ('' for the page's own origin); `token`: from /config.json. */
  constructor(origin: string, private readonly token: string, private readonly fetchImpl: SinkFetch) {
    this.base = origin.replace(/\/+$/, '') + RECORDING_API_PREFIX;
  }

  private async call(method: string, path: string, body?: Uint8Array | object, extra: Record<string, string> = {}): Promise<ResponseLike> {
    const headers: Record<string, string> = { [RECORDING_TOKEN_HEADER]: this.token, ...extra };
    let payload: Uint8Array<ArrayBuffer> | string | undefined;
    if (body instanceof Uint8Array) {
      headers['content-type'] = 'application/octet-stream';
      payload = body as Uint8Array<ArrayBuffer>;
    } else if (body !== undefined) {
      headers['content-type'] = 'application/json';
      payload = JSON.stringify(body);
    }
    let response: ResponseLike;
    try {
      response = await this.fetchImpl(this.base + path, { method, headers, ...(payload === undefined ? {} : { body: payload }) });
    } catch (error) {
      throw new RecordingApiError('E_PEER_GONE', `the console server is not reachable: ${(error as Error).message}`, 0);
    }
    if (response.ok) return response;
    const text = await response.text();
    let parsed: { code?: TetherErrorCode; message?: string; size?: number } = {};
    try {
      parsed = JSON.parse(text) as typeof parsed;
    } catch {
      // not JSON: keep the text as the message
    }
    throw new RecordingApiError(isTetherErrorCode(parsed.code) ? parsed.code : 'E_INTERNAL', `${method} ${RECORDING_API_PREFIX}${path}: HTTP ${response.status}: ${parsed.message ?? text}`, response.status, parsed.size);
  }

  private async json<T>(method: string, path: string, body?: Uint8Array | object, extra?: Record<string, string>): Promise<T> {
    return JSON.parse(await (await this.call(method, path, body, extra)).text()) as T;
  }

  private static id(sessionId: string): string {
    return `/${encodeURIComponent(sessionId)}`;
  }

  async create(sessionId: string, start: Uint8Array): Promise<void> {
    await this.call('PUT', HttpRecordingSink.id(sessionId), start);
  }

  async append(sessionId: string, offset: number, bytes: Uint8Array): Promise<number> {
    const answer = await this.json<{ size: number }>('POST', `${HttpRecordingSink.id(sessionId)}/append`, bytes, { [RECORDING_OFFSET_HEADER]: String(offset) });
    return answer.size;
  }

  close(sessionId: string): Promise<ClosedRecording> {
    return this.json('POST', `${HttpRecordingSink.id(sessionId)}/close`, {});
  }

  seal(sessionId: string, request: SealRequest): Promise<SealedBlobs> {
    return this.json('POST', `${HttpRecordingSink.id(sessionId)}/seal`, request);
  }

  async readSealed(sessionId: string, kind: BlobKind, offset: number, length: number): Promise<Uint8Array> {
    const response = await this.call('GET', `${HttpRecordingSink.id(sessionId)}/sealed/${kind}?offset=${offset}&length=${length}`);
    const bytes = new Uint8Array(await response.arrayBuffer());
    if (bytes.length !== length) throw new RecordingApiError('E_MALFORMED', `asked for ${length} sealed bytes, got ${bytes.length}`, response.status);
    return bytes;
  }

  async logText(sessionId: string): Promise<string> {
    return (await this.call('GET', `${HttpRecordingSink.id(sessionId)}/log`)).text();
  }

  async remove(sessionId: string): Promise<void> {
    await this.call('DELETE', HttpRecordingSink.id(sessionId));
  }

  async list(): Promise<StoredRecording[]> {
    return (await this.json<{ recordings: StoredRecording[] }>('GET', '')).recordings;
  }
}
