// AWS Signature Version 4 for S3 requests (header form, signed payload), as a pure function: the same
// inputs always give the same canonical request, string to sign and Authorization header. S3Client signs
// every request with it; apps/relay/test/s3Signature.test.ts checks it against AWS's published examples.
// S3 rules: the path is URI-encoded once (not twice, unlike other services), every byte except
// A-Z a-z 0-9 - _ . ~ is percent-encoded, and x-amz-content-sha256 carries the payload hash.
import { createHash, createHmac } from 'node:crypto';

export interface S3Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  region: string;
}

export interface S3RequestToSign {
  method: string;
  /** decoded path, e.g. "/bucket/some key" or "/test$file.text"; encoded here */
  path: string;
  /** decoded query parameters; a parameter without value is "" ("?lifecycle" = {lifecycle: ''}) */
  query?: Record<string, string>;
  /** headers to sign besides x-amz-date and x-amz-content-sha256; must include host */
  headers: Record<string, string>;
  /** hex SHA-256 of the body (see payloadSha256) */
  payloadHash: string;
}

export interface SignedS3Request {
  canonicalRequest: string;
  stringToSign: string;
  signature: string;
  /** the headers to send: the given ones (lower-cased) + x-amz-date, x-amz-content-sha256, authorization */
  headers: Record<string, string>;
}

const ALGORITHM = 'AWS4-HMAC-SHA256';

/** RFC 3986 encoding as SigV4 wants it (encodeURIComponent leaves !'()* alone; SigV4 does not). */
export function uriEncode(text: string): string {
  return encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** The path as it is sent and signed: each segment encoded, slashes kept. */
export function s3CanonicalPath(path: string): string {
  return path.split('/').map(uriEncode).join('/');
}

/** The query as it is sent and signed: encoded names and values, sorted by encoded name. */
export function s3CanonicalQuery(query: Record<string, string> = {}): string {
  return Object.entries(query)
    .map(([name, value]) => [uriEncode(name), uriEncode(value)] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`)
    .join('&');
}

/** "20130524T000000Z" */
export function amzDate(time: Date): string {
  return time.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
}

export function payloadSha256(body: Uint8Array | string): string {
  return createHash('sha256').update(body).digest('hex');
}

function signingKey(secretAccessKey: string, day: string, region: string): Buffer {
  let key = createHmac('sha256', `AWS4${secretAccessKey}`).update(day).digest();
  for (const part of [region, 's3', 'aws4_request']) key = createHmac('sha256', key).update(part).digest();
  return key;
}

export function signS3Request(request: S3RequestToSign, credentials: S3Credentials, time: Date): SignedS3Request {
  const date = amzDate(time);
  const day = date.slice(0, 8);
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(request.headers)) headers[name.toLowerCase()] = value;
  if (headers.host === undefined) throw new TypeError('SigV4: the host header must be signed');
  headers['x-amz-date'] = date;
  headers['x-amz-content-sha256'] = request.payloadHash;
  const names = Object.keys(headers).sort();
  const canonicalHeaders = names.map((name) => `${name}:${(headers[name] as string).trim().replace(/\s+/g, ' ')}\n`).join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    request.method, s3CanonicalPath(request.path), s3CanonicalQuery(request.query), canonicalHeaders, signedHeaders, request.payloadHash,
  ].join('\n');
  const scope = `${day}/${credentials.region}/s3/aws4_request`;
  const stringToSign = [ALGORITHM, date, scope, payloadSha256(canonicalRequest)].join('\n');
  const signature = createHmac('sha256', signingKey(credentials.secretAccessKey, day, credentials.region)).update(stringToSign).digest('hex');
  headers.authorization = `${ALGORITHM} Credential=${credentials.accessKeyId}/${scope},SignedHeaders=${signedHeaders},Signature=${signature}`;
  return { canonicalRequest, stringToSign, signature, headers };
}
