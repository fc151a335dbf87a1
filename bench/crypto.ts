// `pnpm bench crypto`: frame sealing/opening throughput (64 KiB and 1 MiB frames), ed25519 sign/verify,
// and a full handshake, with tweetnacl as the only runtime crypto.
// The root workspace does not depend on the packages, so import the crypto package's source directly.
import {
  FrameOpener, FrameSealer, LANE_BULK, LANE_VIDEO, createAgentHandshake, createTechnicianHandshake, generateTechnicianKeyPair,
  issueCertificate, secureRandomBytes, signDetached, verifyDetached, warmUpFrameCrypto, LANE_CONTROL,
} from '../packages/crypto/src/index';
import { writeBenchResults } from './results';

function timeLoop(minMs: number, body: () => void): { iterations: number; ms: number } {
  for (let i = 0; i < 3; i++) body();
  const start = performance.now();
  let iterations = 0;
  while (performance.now() - start < minMs) {
    body();
    iterations++;
  }
  return { iterations, ms: performance.now() - start };
}

function frameThroughput(size: number, lane: 1 | 2) {
  const key = secureRandomBytes(32);
  const payload = secureRandomBytes(size);
  // calibrate to about one second of sealing, then seal and open exactly that many frames
  const probe = timeLoop(200, () => new FrameSealer(key).seal(lane, payload));
  const count = Math.max(20, Math.round(probe.iterations * 5));
  const sealer = new FrameSealer(key);
  const frames: Uint8Array[] = new Array<Uint8Array>(count);
  let start = performance.now();
  for (let i = 0; i < count; i++) frames[i] = sealer.seal(lane, payload);
  const sealMs = performance.now() - start;
  const opener = new FrameOpener(key);
  start = performance.now();
  for (const frame of frames) if (!opener.open(lane, frame).ok) throw new Error('open failed');
  const openMs = performance.now() - start;
  const mb = (size * count) / 1e6;
  return { frameBytes: size, frames: count, sealMBps: +(mb / (sealMs / 1000)).toFixed(1), openMBps: +(mb / (openMs / 1000)).toFixed(1) };
}

function signatures() {
  const pair = generateTechnicianKeyPair();
  const message = secureRandomBytes(64);
  const signature = signDetached(message, pair.secretKey);
  const sign = timeLoop(1000, () => signDetached(message, pair.secretKey));
  const verify = timeLoop(1000, () => verifyDetached(message, signature, pair.publicKey));
  return { signOpsPerSec: Math.round(sign.iterations / (sign.ms / 1000)), verifyOpsPerSec: Math.round(verify.iterations / (verify.ms / 1000)) };
}

function handshake() {
  const root = generateTechnicianKeyPair();
  const tech = generateTechnicianKeyPair();
  const now = Date.now();
  const certificate = issueCertificate(root.secretKey, { name: 'Bench', employeeNo: 'B-1', department: 'Bench', org: 'Bench', techPub: tech.publicKey, notBefore: now - 1000, notAfter: now + 3_600_000 });
  const run = timeLoop(1000, () => {
    const agent = createAgentHandshake({ rootPublicKey: root.publicKey, org: 'Bench', now, code: '123456789' });
    const technician = createTechnicianHandshake({ certificate, techSecretKey: tech.secretKey, code: '123456789' });
    const hello = technician.receiveAgentHello(agent.hello);
    if (!hello.ok) throw hello.error;
    const done = agent.receiveTechHello(hello.value);
    if (!done.ok) throw done.error;
    if (!technician.receiveAgentFinish(done.value.finish).ok) throw new Error('finish failed');
  });
  return { handshakeMs: +(run.ms / run.iterations).toFixed(2) };
}

/**
 * A session's control frames (an input event is about 90 bytes) one at a time, as input arrives: the
 * median microseconds to seal and to open one over 60 frames, in this fresh process (cold code), then
 * after warmUpFrameCrypto (which sessions run during their handshake). Must run before anything else here.
 */
function controlFrames() {
  const measure = () => {
    const key = secureRandomBytes(32);
    const sealer = new FrameSealer(key);
    const opener = new FrameOpener(key);
    const seal: number[] = [];
    const open: number[] = [];
    for (let i = 0; i < 60; i++) {
      const message = secureRandomBytes(90);
      let t = performance.now();
      const frame = sealer.seal(LANE_CONTROL, message);
      seal.push(performance.now() - t);
      t = performance.now();
      if (!opener.open(LANE_CONTROL, frame).ok) throw new Error('open failed');
      open.push(performance.now() - t);
    }
    const us = (v: number[]) => Math.round(([...v].sort((a, b) => a - b)[30] as number) * 1000 * 10) / 10;
    return { sealUs: us(seal), openUs: us(open) };
  };
  const cold = measure();
  const start = performance.now();
  warmUpFrameCrypto();
  const warmUpMs = Math.round(performance.now() - start);
  return { cold, warmUpMs, afterWarmUp: measure() };
}

// In this order: controlFrames first, while this process has not sealed or opened anything yet.
const results = {
  controlFrames: controlFrames(),
  frames64KiB: frameThroughput(64 * 1024, LANE_VIDEO),
  frames1MiB: frameThroughput(1024 * 1024, LANE_BULK),
  ed25519: signatures(),
  handshake: handshake(),
};
console.log('crypto benchmark (tweetnacl, single thread)');
for (const [name, value] of Object.entries(results)) console.log(`  ${name.padEnd(12)} ${JSON.stringify(value)}`);
console.log(`results written to ${writeBenchResults('crypto', results)}`);
