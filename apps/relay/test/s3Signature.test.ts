// signS3Request (the signer S3Client uses) against AWS's published Signature Version 4 examples for S3,
// and cross-checked against a second implementation (@smithy/signature-v4, the AWS SDK's signer).
//
// Source of the example values: Amazon S3 API Reference, "Examples: Signature Calculations in AWS
// Signature Version 4" / "Authenticating Requests: Using the Authorization Header"
// (docs.aws.amazon.com/AmazonS3/latest/API/sig-v4-header-based-auth.html): examplebucket, region
// us-east-1, 20130524T000000Z, access key AKIAIOSFODNN7EXAMPLE and secret
// wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY (with "/" before "bPxRfi": the "+" variant of the key does NOT
// give the documented signatures). Found through the search tool: a verbatim copy of that page is
// ForeverPyrite/r2client aws_sigv4/examples.md; the GET signature also appears in cloudyr/aws.signature's
// tests. The four examples: GET Object (Range), PUT Object (test$file.text, REDUCED_REDUNDANCY),
// GET Bucket Lifecycle (?lifecycle) and GET Bucket / List Objects (?max-keys=2&prefix=J).
import { Sha256 } from '@aws-crypto/sha256-js';
import { SignatureV4 } from '@smithy/signature-v4';
import { describe, expect, it } from 'vitest';
import { amzDate, payloadSha256, s3CanonicalPath, s3CanonicalQuery, signS3Request, uriEncode, type S3RequestToSign } from '../src/node/archive/s3Signature';

const credentials = { accessKeyId: 'AKIAIOSFODNN7EXAMPLE', secretAccessKey: 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY', region: 'us-east-1' };
const time = new Date(Date.UTC(2013, 4, 24, 0, 0, 0));
const host = 'examplebucket.s3.amazonaws.com';
const EMPTY = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

interface AwsExample {
  name: string;
  request: S3RequestToSign;
  canonicalRequest: string[];
  stringToSignHash: string;
  signedHeaders: string;
  signature: string;
}

const examples: AwsExample[] = [
  {
    name: 'GET Object with a Range header',
    request: { method: 'GET', path: '/test.txt', headers: { Host: host, Range: 'bytes=0-9' }, payloadHash: payloadSha256('') },
    canonicalRequest: [
      'GET', '/test.txt', '', `host:${host}`, 'range:bytes=0-9', `x-amz-content-sha256:${EMPTY}`, 'x-amz-date:20130524T000000Z', '',
      'host;range;x-amz-content-sha256;x-amz-date', EMPTY,
    ],
    stringToSignHash: '7344ae5b7ee6c3e7e6b0fe0640412a37625d1fbfff95c48bbb2dc43964946972',
    signedHeaders: 'host;range;x-amz-content-sha256;x-amz-date',
    signature: 'f0e8bdb87c964420e857bd35b5d6ed310bd44f0170aba48dd91039c6036bdb41',
  },
  {
    name: 'PUT Object with a signed payload, a Date header and a storage class',
    request: {
      method: 'PUT', path: '/test$file.text', payloadHash: payloadSha256('Welcome to Amazon S3.'),
      headers: { Host: host, Date: 'Fri, 24 May 2013 00:00:00 GMT', 'x-amz-storage-class': 'REDUCED_REDUNDANCY' },
    },
    canonicalRequest: [
      'PUT', '/test%24file.text', '', 'date:Fri, 24 May 2013 00:00:00 GMT', `host:${host}`,
      'x-amz-content-sha256:44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072', 'x-amz-date:20130524T000000Z',
      'x-amz-storage-class:REDUCED_REDUNDANCY', '', 'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
      '44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072',
    ],
    stringToSignHash: '9e0e90d9c76de8fa5b200d8c849cd5b8dc7a3be3951ddb7f6a76b4158342019d',
    signedHeaders: 'date;host;x-amz-content-sha256;x-amz-date;x-amz-storage-class',
    signature: '98ad721746da40c64f1a55b78f14c238d841ea1380cd77a1b5971af0ece108bd',
  },
  {
    name: 'GET Bucket Lifecycle (a query parameter without value)',
    request: { method: 'GET', path: '/', query: { lifecycle: '' }, headers: { Host: host }, payloadHash: payloadSha256('') },
    canonicalRequest: [
      'GET', '/', 'lifecycle=', `host:${host}`, `x-amz-content-sha256:${EMPTY}`, 'x-amz-date:20130524T000000Z', '',
      'host;x-amz-content-sha256;x-amz-date', EMPTY,
    ],
    stringToSignHash: '9766c798316ff2757b517bc739a67f6213b4ab36dd5da2f94eaebf79c77395ca',
    signedHeaders: 'host;x-amz-content-sha256;x-amz-date',
    signature: 'fea454ca298b7da1c68078a5d1bdbfbbe0d65c699e0f91ac7a200a0136783543',
  },
  {
    name: 'GET Bucket (List Objects) with sorted query parameters',
    request: { method: 'GET', path: '/', query: { prefix: 'J', 'max-keys': '2' }, headers: { Host: host }, payloadHash: payloadSha256('') },
    canonicalRequest: [
      'GET', '/', 'max-keys=2&prefix=J', `host:${host}`, `x-amz-content-sha256:${EMPTY}`, 'x-amz-date:20130524T000000Z', '',
      'host;x-amz-content-sha256;x-amz-date', EMPTY,
    ],
    stringToSignHash: 'df57d21db20da04d7fa30298dd4488ba3a2b47ca3a489c74750e0f1e7df1b9b7',
    signedHeaders: 'host;x-amz-content-sha256;x-amz-date',
    signature: '34b48302e7b5fa45bde8084f4b7868a86f0a534bc59db6670ed5711ef69dc6f7',
  },
];

describe('signS3Request against the AWS S3 SigV4 examples', () => {
  it.each(examples)('$name', (example) => {
    const signed = signS3Request(example.request, credentials, time);
    expect(signed.canonicalRequest).toBe(example.canonicalRequest.join('\n'));
    expect(signed.stringToSign).toBe(['AWS4-HMAC-SHA256', '20130524T000000Z', '20130524/us-east-1/s3/aws4_request', example.stringToSignHash].join('\n'));
    expect(signed.signature).toBe(example.signature);
    expect(signed.headers.authorization).toBe(
      `AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/aws4_request,SignedHeaders=${example.signedHeaders},Signature=${example.signature}`,
    );
    expect(signed.headers['x-amz-date']).toBe('20130524T000000Z');
    expect(signed.headers['x-amz-content-sha256']).toBe(example.request.payloadHash);
  });

  it('gives another signature for another secret, region or time (the check can fail)', () => {
    const [get] = examples;
    if (!get) throw new Error('no example');
    expect(signS3Request(get.request, { ...credentials, secretAccessKey: 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY' }, time).signature).not.toBe(get.signature);
    expect(signS3Request(get.request, { ...credentials, region: 'eu-west-1' }, time).signature).not.toBe(get.signature);
    expect(signS3Request(get.request, credentials, new Date(time.getTime() + 1000)).signature).not.toBe(get.signature);
  });

  it('refuses to sign without a host header', () => {
    expect(() => signS3Request({ method: 'GET', path: '/', headers: {}, payloadHash: EMPTY }, credentials, time)).toThrow(TypeError);
  });
});

describe('S3 encoding rules', () => {
  it('percent-encodes everything but unreserved characters, once, keeping slashes in paths', () => {
    expect(uriEncode("a-b_c.d~e !'()*+=&/$é")).toBe('a-b_c.d~e%20%21%27%28%29%2A%2B%3D%26%2F%24%C3%A9');
    expect(s3CanonicalPath('/bucket/hot/acme%2fsupport/x (1).org/0000000000000000')).toBe('/bucket/hot/acme%252fsupport/x%20%281%29.org/0000000000000000');
    expect(s3CanonicalQuery({ prefix: 'hot/a b/', 'list-type': '2', 'continuation-token': '1/+=' })).toBe('continuation-token=1%2F%2B%3D&list-type=2&prefix=hot%2Fa%20b%2F');
    expect(amzDate(new Date(Date.UTC(2024, 1, 29, 23, 59, 58, 999)))).toBe('20240229T235958Z');
  });
});

describe('signS3Request against @smithy/signature-v4', () => {
  const requests: { method: string; path: string; query?: Record<string, string>; body: string }[] = [
    { method: 'PUT', path: '/tether-hot/hot/acme%2fsupport/session-1.org/0000000000070000', body: 'ciphertext bytes' },
    { method: 'GET', path: '/tether-hot/', query: { 'list-type': '2', prefix: "hot/o'rg (x)/s*1.org/", 'continuation-token': 'ab/c+d==' }, body: '' },
    { method: 'DELETE', path: '/b/k ~!$&=@:,;é', body: '' },
    { method: 'HEAD', path: '/b/', body: '' },
  ];

  it.each(requests)('$method $path', async (request) => {
    const headers = { host: '127.0.0.1:9000', 'x-amz-copy-source': '/b/a  b' };
    const ours = signS3Request({ ...request, headers, payloadHash: payloadSha256(request.body) }, credentials, new Date(Date.UTC(2025, 0, 2, 3, 4, 5)));
    // smithy encodes the decoded path itself (uriEscapePath: true encodes once) and the query too
    const smithy = new SignatureV4({ credentials, region: credentials.region, service: 's3', sha256: Sha256, uriEscapePath: true });
    const signed = await smithy.sign(
      { method: request.method, protocol: 'http:', hostname: '127.0.0.1', port: 9000, path: request.path, query: request.query ?? {}, headers: { ...headers }, body: request.body },
      { signingDate: new Date(Date.UTC(2025, 0, 2, 3, 4, 5)) },
    );
    const theirs = /Signature=([0-9a-f]{64})/.exec(String(signed.headers.authorization))?.[1];
    expect(theirs).toMatch(/^[0-9a-f]{64}$/);
    expect(ours.signature).toBe(theirs);
  });
});
