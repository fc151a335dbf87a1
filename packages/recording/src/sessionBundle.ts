// What is sealed and archived for one session: a manifest, the recording file and the signed log
// (JSON lines from serializeLog), in one plaintext container:
//   "TTBNDL" | u8 version (1) | u32 manifest length | manifest JSON | u64 recording length | recording
//   | u64 log length | log text (UTF-8)
// The prefix (everything before the recording) and the suffix are produced separately so the Node side can
// stream a large recording file through the sealer without holding it in memory.
import { canonicalJson, type JsonValue, type TechnicianCertificate } from '@tether/crypto';
import { ByteReader, equalBytes, err, ok, utf8Decode, utf8Encode, type Result } from '@tether/protocol';

const MAGIC = utf8Encode('TTBNDL');
const VERSION = 1;
const MAX_MANIFEST = 64 * 1024;

export interface SessionManifest {
  v: 1;
  sessionId: string;
  org: string;
  technicianSerial: string;
  certificate: TechnicianCertificate;
  customerRef?: string;
  /** epoch ms */
  startedAt: number;
  endedAt: number;
  /** hex SHA-512 of the recording file and of the log text, bound by the technician's manifest signature */
  recordingSha512: string;
  logSha512: string;
  /** base64 ed25519 signature by the technician key over manifestSigningBytes(manifest) */
  signature: string;
}

/** What the technician signs: a domain tag and the canonical JSON of the manifest without its signature. */
export function manifestSigningBytes(manifest: Omit<SessionManifest, 'signature'> & { signature?: string }): Uint8Array {
  const { signature: _ignored, ...rest } = manifest;
  return utf8Encode(`tether session manifest v1\0${canonicalJson(rest as unknown as JsonValue)}`);
}

export interface SessionBundle {
  manifest: SessionManifest;
  recording: Uint8Array;
  logText: string;
}

function u64(value: number): Uint8Array {
  const out = new Uint8Array(8);
  new DataView(out.buffer).setBigUint64(0, BigInt(value));
  return out;
}

/** Bytes before the recording: magic, version, manifest, recording length. */
export function bundlePrefix(manifest: SessionManifest, recordingLength: number): Uint8Array {
  const json = utf8Encode(JSON.stringify(manifest));
  if (json.length > MAX_MANIFEST) throw new RangeError('session manifest too large');
  const out = new Uint8Array(MAGIC.length + 1 + 4 + json.length + 8);
  out.set(MAGIC, 0);
  out[MAGIC.length] = VERSION;
  new DataView(out.buffer).setUint32(MAGIC.length + 1, json.length);
  out.set(json, MAGIC.length + 5);
  out.set(u64(recordingLength), MAGIC.length + 5 + json.length);
  return out;
}

/** Bytes after the recording: the log. */
export function bundleSuffix(logText: string): Uint8Array {
  const log = utf8Encode(logText);
  const out = new Uint8Array(8 + log.length);
  out.set(u64(log.length), 0);
  out.set(log, 8);
  return out;
}

export function parseSessionBundle(bytes: Uint8Array): Result<SessionBundle> {
  try {
    if (!equalBytes(bytes.subarray(0, MAGIC.length), MAGIC)) return err('E_MALFORMED', 'not a Tether session bundle');
    const reader = new ByteReader(bytes.subarray(MAGIC.length));
    const version = reader.u8();
    if (version !== VERSION) return err('E_UNSUPPORTED_VERSION', `session bundle version ${version} is not supported`);
    const manifestLength = reader.u32();
    if (manifestLength > MAX_MANIFEST) return err('E_MALFORMED', 'session manifest too large');
    const manifest = JSON.parse(utf8Decode(reader.raw(manifestLength))) as SessionManifest;
    if (typeof manifest !== 'object' || manifest === null || manifest.v !== 1 || typeof manifest.sessionId !== 'string') {
      return err('E_MALFORMED', 'session manifest is not valid');
    }
    const recording = reader.raw(Number(reader.u64())).slice();
    const logText = utf8Decode(reader.raw(Number(reader.u64())));
    reader.end();
    return ok({ manifest, recording, logText });
  } catch (error) {
    return err('E_MALFORMED', `session bundle unreadable: ${(error as Error).message}`);
  }
}

/** The whole plaintext bundle in one piece (for small sessions and for saving an opened download). */
export function serializeSessionBundle(bundle: SessionBundle): Uint8Array {
  const prefix = bundlePrefix(bundle.manifest, bundle.recording.length);
  const suffix = bundleSuffix(bundle.logText);
  const out = new Uint8Array(prefix.length + bundle.recording.length + suffix.length);
  out.set(prefix, 0);
  out.set(bundle.recording, prefix.length);
  out.set(suffix, prefix.length + bundle.recording.length);
  return out;
}
