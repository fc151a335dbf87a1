// The console server's local recording API, shared by the server (routes) and the page (client):
// paths, the token header, limits. Every request carries the per-run token from /config.json in a
// custom header; custom headers force a CORS preflight, which the server never grants, so other web
// sites cannot call it, and they cannot read /config.json either.
export const RECORDING_API_PREFIX = '/api/recordings';
export const RECORDING_TOKEN_HEADER = 'x-tether-console-token';
export const RECORDING_OFFSET_HEADER = 'x-recording-offset';
/** Largest append body (one batch of frames); the recorder sends batches well below it. */
export const MAX_APPEND_BYTES = 16 << 20;
/** Largest sealed range one GET returns. */
export const MAX_SEALED_RANGE = 8 << 20;
/** Largest seal request (manifest + log text). */
export const MAX_SEAL_REQUEST_BYTES = 32 << 20;

const SESSION_ID = /^[A-Za-z0-9_-]{1,128}$/;

export function isRecordingId(value: unknown): value is string {
  return typeof value === 'string' && SESSION_ID.test(value);
}
