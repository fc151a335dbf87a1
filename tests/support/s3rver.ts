// A real S3-compatible server for tests: s3rver in this process on a free loopback port, storing objects in
// a temporary folder that stop() removes. Credentials are s3rver's fixed test pair. s3rver checks
// the access key id but NOT SigV4 signatures (its V4 check is unimplemented), so a wrong secret is accepted:
// put tests/support/s3SigV4Proxy.ts (startSigV4Proxy) in front of it to have signatures verified.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// s3rver is a dev dependency of the relay (the only package that speaks S3); resolve it from there.
const requireFromRelay = createRequire(new URL('../../apps/relay/package.json', import.meta.url));

interface S3rverInstance {
  run(): Promise<{ address: string; port: number }>;
  close(): Promise<void>;
}
type S3rverClass = new (options: {
  address: string; port: number; silent: boolean; directory: string; configureBuckets: { name: string; configs: string[] }[];
}) => S3rverInstance;

export interface TestS3 {
  endpoint: string;
  region: string;
  accessKeyId: string;
  secretAccessKey: string;
  stop(): Promise<void>;
}

export async function startS3rver(buckets: string[]): Promise<TestS3> {
  const S3rver = requireFromRelay('s3rver') as S3rverClass;
  const directory = await mkdtemp(join(tmpdir(), 'tether-s3rver-'));
  const server = new S3rver({ address: '127.0.0.1', port: 0, silent: true, directory, configureBuckets: buckets.map((name) => ({ name, configs: [] })) });
  try {
    const { port } = await server.run();
    return {
      endpoint: `http://127.0.0.1:${port}`, region: 'us-east-1', accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER',
      stop: async () => {
        await server.close();
        await rm(directory, { recursive: true, force: true });
      },
    };
  } catch (e) {
    await rm(directory, { recursive: true, force: true });
    throw e;
  }
}
