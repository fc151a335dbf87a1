// A minimal S3 REST client (path-style URLs, AWS Signature Version 4, UNSIGNED-PAYLOAD is not used:
// payloads are hashed): PUT/GET/HEAD/DELETE object, ListObjectsV2 by prefix, CopyObject.
import { createHash, createHmac } from 'node:crypto';
import { TetherError } from '@tether/protocol';

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

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string) => createHmac('sha256', key).update(data).digest();
const encodeKeyPath = (key: string) => key.split('/').map((p) => encodeURIComponent(p)).join('/');

export class S3Client {
  constructor(private readonly options: S3Options) {}

  async send(method: string, bucket: string, key: string, query: Record<string, string> = {}, body: Uint8Array = new Uint8Array(0), extra: Record<string, string> = {}): Promise<Response> {
    const url = new URL(`${this.options.endpoint.replace(/\/+$/, '')}/${bucket}/${encodeKeyPath(key)}`);
    const sortedQuery = Object.keys(query).sort().map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(query[k] as string)}`).join('&');
    const now = (this.options.now ?? (() => new Date()))();
    const amzDate = now.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}/, '');
    const day = amzDate.slice(0, 8);
    const payloadHash = sha256(body);
    const headers: Record<string, string> = { host: url.host, 'x-amz-content-sha256': payloadHash, 'x-amz-date': amzDate, ...extra };
    const names = Object.keys(headers).map((h) => h.toLowerCase()).sort();
    const lower = Object.fromEntries(Object.entries(headers).map(([k, v]) => [k.toLowerCase(), v.trim()]));
    const canonical = [method, url.pathname, sortedQuery, names.map((h) => `${h}:${lower[h]}\n`).join(''), names.join(';'), payloadHash].join('\n');
    const scope = `${day}/${this.options.region}/s3/aws4_request`;
    const toSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256(canonical)].join('\n');
    let key2: Buffer = hmac(`AWS4${this.options.secretAccessKey}`, day);
    for (const part of [this.options.region, 's3', 'aws4_request']) key2 = hmac(key2, part);
    const signature = createHmac('sha256', key2).update(toSign).digest('hex');
    headers.authorization = `AWS4-HMAC-SHA256 Credential=${this.options.accessKeyId}/${scope}, SignedHeaders=${names.join(';')}, Signature=${signature}`;
    delete headers.host;
    const response = await fetch(`${url.origin}${url.pathname}${sortedQuery ? `?${sortedQuery}` : ''}`, { method, headers, body: method === 'GET' || method === 'HEAD' ? undefined : body });
    return response;
  }

  private async expect(response: Response, what: string, allowed: number[] = []): Promise<Response> {
    if (response.ok || allowed.includes(response.status)) return response;
    throw new TetherError('E_INTERNAL', `S3 ${what} failed: HTTP ${response.status} ${(await response.text()).slice(0, 200)}`);
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
    await this.expect(await this.send('PUT', toBucket, toKey, {}, new Uint8Array(0), { 'x-amz-copy-source': `/${fromBucket}/${encodeKeyPath(fromKey)}` }), `COPY ${fromKey}`);
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

function unescapeXml(text: string): string {
  return text.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');
}
