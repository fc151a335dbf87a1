// A minimal S3 REST client (path-style URLs, AWS Signature Version 4 from s3Signature.ts with signed
// payloads: x-amz-content-sha256 is the body's SHA-256, never UNSIGNED-PAYLOAD): PUT/GET/DELETE object,
// ListObjectsV2 by prefix, CopyObject. A refusal becomes an S3RequestError (a TetherError E_INTERNAL that
// names S3's error code), an unreachable endpoint a TetherError too.
import { TetherError } from '@tether/protocol';
import { payloadSha256, s3CanonicalPath, s3CanonicalQuery, signS3Request } from './s3Signature';

export interface S3Options {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  bucket: string;
  /** bucket for cold storage (default: the same bucket under the prefix "cold/") */
  coldBucket?: string;
  now?: () => Date;
}

/** S3 codes that mean the credentials, region or clock are wrong, not the request. */
const CREDENTIAL_CODES = new Set(['SignatureDoesNotMatch', 'InvalidAccessKeyId', 'RequestTimeTooSkewed', 'AuthorizationHeaderMalformed', 'AccessDenied', 'InvalidToken', 'ExpiredToken']);

/** S3 answered with an error; `s3Code` is S3's <Code> (e.g. SignatureDoesNotMatch), `status` the HTTP status. */
export class S3RequestError extends TetherError {
  constructor(readonly what: string, readonly status: number, readonly s3Code: string | undefined, s3Message: string | undefined) {
    const hint = s3Code && CREDENTIAL_CODES.has(s3Code) ? ' (check the archive S3 access key, secret key, region and this server\'s clock)' : '';
    super('E_INTERNAL', `S3 refused ${what}: HTTP ${status}${s3Code ? ` ${s3Code}` : ''}${s3Message ? `: ${s3Message}` : ''}${hint}`);
    this.name = 'S3RequestError';
  }
}

export class S3Client {
  private readonly endpoint: URL;

  constructor(private readonly options: S3Options) {
    this.endpoint = new URL(options.endpoint);
  }

  async send(method: string, bucket: string, key: string, query: Record<string, string> = {}, body: Uint8Array = new Uint8Array(0), extra: Record<string, string> = {}): Promise<Response> {
    const basePath = this.endpoint.pathname.replace(/\/+$/, '');
    const path = `${decodeURIComponent(basePath)}/${bucket}/${key}`;
    const { headers } = signS3Request(
      { method, path, query, headers: { host: this.endpoint.host, ...extra }, payloadHash: payloadSha256(body) },
      this.options, (this.options.now ?? (() => new Date()))(),
    );
    delete headers.host; // fetch sets it from the URL (same value)
    const queryText = s3CanonicalQuery(query);
    const url = `${this.endpoint.origin}${s3CanonicalPath(path)}${queryText ? `?${queryText}` : ''}`;
    try {
      return await fetch(url, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body });
    } catch (e) {
      throw new TetherError('E_INTERNAL', `S3 endpoint ${this.endpoint.origin} unreachable (${method} ${bucket}/${key}): ${(e as Error).cause instanceof Error ? ((e as Error).cause as Error).message : (e as Error).message}`);
    }
  }

  private async expect(response: Response, what: string, allowed: number[] = []): Promise<Response> {
    if (response.ok || allowed.includes(response.status)) return response;
    const xml = await response.text().catch(() => '');
    const field = (name: string) => { const m = new RegExp(`<${name}>([\\s\\S]*?)</${name}>`).exec(xml)?.[1]; return m === undefined ? undefined : unescapeXml(m).slice(0, 300); };
    throw new S3RequestError(what, response.status, field('Code'), field('Message'));
  }

  async putObject(bucket: string, key: string, body: Uint8Array): Promise<void> {
    await this.expect(await this.send('PUT', bucket, key, {}, body), `PUT ${key}`);
  }

  async getObject(bucket: string, key: string): Promise<Uint8Array> {
    const response = await this.expect(await this.send('GET', bucket, key), `GET ${key}`);
    return new Uint8Array(await response.arrayBuffer());
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await this.expect(await this.send('DELETE', bucket, key), `DELETE ${key}`, [404]);
  }

  async copyObject(fromBucket: string, fromKey: string, toBucket: string, toKey: string): Promise<void> {
    await this.expect(await this.send('PUT', toBucket, toKey, {}, new Uint8Array(0), { 'x-amz-copy-source': s3CanonicalPath(`/${fromBucket}/${fromKey}`) }), `COPY ${fromKey}`);
  }

  async createBucket(bucket: string): Promise<void> {
    await this.expect(await this.send('PUT', bucket, ''), `create bucket ${bucket}`, [409]);
  }

  /** Keys and sizes under a prefix, in key order (all pages). */
  async list(bucket: string, prefix: string): Promise<{ key: string; size: number }[]> {
    const out: { key: string; size: number }[] = [];
    let token: string | undefined;
    do {
      const query: Record<string, string> = { 'list-type': '2', prefix };
      if (token) query['continuation-token'] = token;
      const xml = await (await this.expect(await this.send('GET', bucket, '', query), `LIST ${prefix}`)).text();
      for (const match of xml.matchAll(/<Contents>([\s\S]*?)<\/Contents>/g)) {
        const body = match[1] as string;
        const key = /<Key>([\s\S]*?)<\/Key>/.exec(body)?.[1];
        const size = /<Size>(\d+)<\/Size>/.exec(body)?.[1];
        if (key !== undefined && size !== undefined) out.push({ key: unescapeXml(key), size: Number(size) });
      }
      token = /<IsTruncated>true<\/IsTruncated>/.test(xml) ? unescapeXml(/<NextContinuationToken>([\s\S]*?)<\/NextContinuationToken>/.exec(xml)?.[1] ?? '') : undefined;
    } while (token);
    return out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  }
}

const XML_ENTITIES: Record<string, string> = { lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' };

/** Named and numeric (&#39; &#x27;) XML character references, in one pass (so "&amp;lt;" stays "&lt;"). */
function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|lt|gt|quot|apos|amp);/g, (whole, name: string) => {
    if (!name.startsWith('#')) return XML_ENTITIES[name] ?? whole;
    const code = name[1] === 'x' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
