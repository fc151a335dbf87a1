// A signature-checking front for a test S3 server (s3rver does not verify SigV4): a loopback HTTP proxy
// that re-computes every request's AWS Signature Version 4 with an INDEPENDENT implementation, the AWS
// SDK's @smithy/signature-v4 (+ @aws-crypto/sha256-js), and forwards only requests whose signature
// matches. Like S3 it also checks the credential scope (known key, region, service, day), the clock
// (more than 15 min off = RequestTimeTooSkewed) and that x-amz-content-sha256 is the SHA-256 of the body
// received (XAmzContentSHA256Mismatch); UNSIGNED-PAYLOAD is refused unless allowed. Refusals are S3's XML
// errors with S3's status codes. smithy removes a `date` header before signing, so requests that sign
// `date` would be refused here although S3 accepts them; our client does not sign `date`.
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface SigV4ProxyOptions {
  /** the S3 server behind, e.g. http://127.0.0.1:4568 */
  upstream: string;
  region: string;
  /** access key id -> secret access key */
  keys: Record<string, string>;
  maxSkewMs?: number;
  allowUnsignedPayload?: boolean;
  now?: () => Date;
}

export interface SigV4ProxyEntry {
  method: string;
  path: string;
  payloadHash: string | undefined;
  bodyLength: number;
  /** undefined = verified and forwarded; else S3's error code */
  refused: string | undefined;
}

export interface SigV4Proxy {
  endpoint: string;
  /** every request seen, in order */
  log: SigV4ProxyEntry[];
  stop(): Promise<void>;
}

class Refusal extends Error {
  constructor(readonly status: number, readonly code: string, message: string) {
    super(message);
  }
}

const AUTH = /^AWS4-HMAC-SHA256 Credential=([^,\s]+),\s*SignedHeaders=([a-z0-9;-]+),\s*Signature=([0-9a-f]{64})$/;
const AMZ_DATE = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/;

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const parts: Buffer[] = [];
    req.on('data', (part: Buffer) => parts.push(part));
    req.on('end', () => resolve(Buffer.concat(parts)));
    req.on('error', reject);
  });
}

function decodeOrRefuse(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    throw new Refusal(400, 'InvalidURI', `Couldn't parse the specified URI: ${text}`);
  }
}

/** Decoded query parameters ("+" is not a space in S3 signing; a client must send %2B / %20). */
function parseQuery(search: string): Record<string, string> {
  const query: Record<string, string> = {};
  for (const pair of search.replace(/^\?/, '').split('&').filter(Boolean)) {
    const at = pair.indexOf('=');
    query[decodeOrRefuse(at < 0 ? pair : pair.slice(0, at))] = at < 0 ? '' : decodeOrRefuse(pair.slice(at + 1));
  }
  return query;
}

function headerValue(req: IncomingMessage, name: string): string | undefined {
  const value = req.headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

async function verify(req: IncomingMessage, body: Buffer, options: SigV4ProxyOptions): Promise<void> {
  const authorization = headerValue(req, 'authorization');
  if (!authorization) throw new Refusal(403, 'AccessDenied', 'Access Denied (no Authorization header)');
  const auth = AUTH.exec(authorization);
  if (!auth) throw new Refusal(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed.');
  const [, credential = '', signedHeaderList = '', signature = ''] = auth;
  const [accessKeyId = '', day, region, service, terminator, ...rest] = credential.split('/');
  const secretAccessKey = options.keys[accessKeyId];
  if (secretAccessKey === undefined) throw new Refusal(403, 'InvalidAccessKeyId', 'The AWS Access Key Id you provided does not exist in our records.');
  if (region !== options.region) throw new Refusal(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; the region '${region}' is wrong; expecting '${options.region}'`);
  if (service !== 's3' || terminator !== 'aws4_request' || rest.length > 0) throw new Refusal(400, 'AuthorizationHeaderMalformed', 'The authorization header is malformed; bad credential scope.');

  const signedHeaders = signedHeaderList.split(';');
  for (const required of ['host', 'x-amz-date', 'x-amz-content-sha256']) {
    if (!signedHeaders.includes(required)) throw new Refusal(403, 'AccessDenied', `${required} must be a signed header`);
  }
  const amzDate = headerValue(req, 'x-amz-date') ?? '';
  const parts = AMZ_DATE.exec(amzDate);
  if (!parts) throw new Refusal(403, 'AccessDenied', 'x-amz-date is missing or malformed');
  const signingDate = new Date(Date.UTC(Number(parts[1]), Number(parts[2]) - 1, Number(parts[3]), Number(parts[4]), Number(parts[5]), Number(parts[6])));
  if (day !== amzDate.slice(0, 8)) throw new Refusal(400, 'AuthorizationHeaderMalformed', `The authorization header is malformed; Invalid credential date "${day}". This date is not the same as X-Amz-Date: "${amzDate.slice(0, 8)}".`);
  const now = (options.now ?? (() => new Date()))();
  if (Math.abs(now.getTime() - signingDate.getTime()) > (options.maxSkewMs ?? 15 * 60_000)) {
    throw new Refusal(403, 'RequestTimeTooSkewed', 'The difference between the request time and the current time is too large.');
  }

  const declaredHash = headerValue(req, 'x-amz-content-sha256');
  if (declaredHash === 'UNSIGNED-PAYLOAD') {
    if (!options.allowUnsignedPayload) throw new Refusal(403, 'AccessDenied', 'UNSIGNED-PAYLOAD is not accepted here; sign the payload hash');
  } else if (declaredHash !== createHash('sha256').update(body).digest('hex')) {
    throw new Refusal(400, 'XAmzContentSHA256Mismatch', "The provided 'x-amz-content-sha256' header does not match what was computed.");
  }

  // Re-sign the request as received, with only the headers the client says it signed.
  const url = new URL(req.url ?? '/', 'http://proxy.invalid');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = headerValue(req, name);
    if (value === undefined) throw new Refusal(403, 'SignatureDoesNotMatch', `signed header ${name} is missing`);
    headers[name] = value;
  }
  const signer = new SignatureV4({ credentials: { accessKeyId, secretAccessKey }, region: options.region, service: 's3', sha256: Sha256, uriEscapePath: true });
  const decodedPath = url.pathname.split('/').map(decodeOrRefuse).join('/');
  const resigned = await signer.sign(
    { method: req.method ?? 'GET', protocol: 'http:', hostname: url.hostname, path: decodedPath, query: parseQuery(url.search), headers, body },
    { signingDate, signableHeaders: new Set(signedHeaders) },
  );
  const expected = /Signature=([0-9a-f]{64})/.exec(String(resigned.headers.authorization))?.[1] ?? '';
  if (expected.length !== signature.length || !timingSafeEqual(Buffer.from(expected), Buffer.from(signature))) {
    throw new Refusal(403, 'SignatureDoesNotMatch', 'The request signature we calculated does not match the signature you provided. Check your key and signing method.');
  }
}

function sendError(res: ServerResponse, method: string | undefined, refusal: Refusal): void {
  const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  const xml = `<?xml version="1.0" encoding="UTF-8"?>\n<Error><Code>${refusal.code}</Code><Message>${escape(refusal.message)}</Message><RequestId>sigv4-proxy</RequestId></Error>`;
  res.writeHead(refusal.status, { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) });
  res.end(method === 'HEAD' ? undefined : xml);
}

function forward(req: IncomingMessage, body: Buffer, res: ServerResponse, upstream: URL): void {
  const headers: OutgoingHttpHeaders = { ...req.headers, host: upstream.host, 'content-length': body.length };
  delete headers['transfer-encoding'];
  delete headers.connection;
  const out = httpRequest({ hostname: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (upstreamRes) => {
    const answer: OutgoingHttpHeaders = { ...upstreamRes.headers };
    delete answer['transfer-encoding'];
    delete answer.connection;
    void readBody(upstreamRes).then((data) => {
      if (req.method !== 'HEAD') answer['content-length'] = data.length;
      res.writeHead(upstreamRes.statusCode ?? 502, answer);
      res.end(req.method === 'HEAD' ? undefined : data);
    }, () => res.destroy());
  });
  out.on('error', () => sendError(res, req.method, new Refusal(502, 'BadGateway', 'the S3 server behind the proxy did not answer')));
  out.end(body);
}

export async function startSigV4Proxy(options: SigV4ProxyOptions): Promise<SigV4Proxy> {
  const upstream = new URL(options.upstream);
  const log: SigV4ProxyEntry[] = [];
  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const entry: SigV4ProxyEntry = { method: req.method ?? '', path: req.url ?? '', payloadHash: headerValue(req, 'x-amz-content-sha256'), bodyLength: body.length, refused: undefined };
      log.push(entry);
      try {
        await verify(req, body, options);
      } catch (e) {
        const refusal = e instanceof Refusal ? e : new Refusal(500, 'InternalError', `verifier failed: ${(e as Error).message}`);
        entry.refused = refusal.code;
        sendError(res, req.method, refusal);
        return;
      }
      forward(req, body, res, upstream);
    })().catch(() => res.destroy());
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    endpoint: `http://127.0.0.1:${port}`,
    log,
    stop: () => new Promise<void>((resolve, reject) => {
      server.closeAllConnections();
      server.close((e) => (e ? reject(e) : resolve()));
    }),
  };
}
