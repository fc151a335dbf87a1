// End of session: the agent counter-signs the log head, both sides exchange the report summary,
// and the customer rates the session.
import { SCOPE_MODES, type ScopeMode } from '../consentGrant';
import { jsonCodec } from './codec';
import { FILE_DIRECTIONS, FILE_NAME_PATTERN, type FileDirection } from './files';
import { MAX_CERTIFICATE_TEXT_CHARS, SIGNATURE_BYTES } from './handshake';
import { MAX_FILE_NAME_CHARS, MAX_FILE_SIZE_BYTES, MAX_RATING_COMMENT_CHARS, MAX_REPORT_BODY_BYTES, MAX_REPORT_NOTES_CHARS } from './limits';
import { PRINTABLE_ASCII, epochMsField, textField, type FieldSpec } from './schema';

/** SHA-512 hash of the log head entry (see @tether/crypto sessionLogEntry). */
export const HEAD_HASH_BYTES = 64;
export const MAX_REPORT_FILES = 256;
export type SessionOutcome = 'completed' | 'customer-stopped' | 'technician-stopped' | 'timeout' | 'link-lost' | 'aborted';
export const SESSION_OUTCOMES: readonly SessionOutcome[] = ['completed', 'customer-stopped', 'technician-stopped', 'timeout', 'link-lost', 'aborted'];

export interface LogHeadSignRequestMessage {
  v: number;
  type: 'log.headSignRequest';
  /** Index of the log entry whose hash is the head. */
  index: number;
  headHash: Uint8Array;
}

export interface LogHeadSignatureMessage {
  v: number;
  type: 'log.headSignature';
  index: number;
  headHash: Uint8Array;
  /** ed25519 signature of the head by the agent's session key. */
  signature: Uint8Array;
}

export interface ReportSummary {
  sessionId: string;
  startedAt: number;
  endedAt: number;
  outcome: SessionOutcome;
  technician: { name: string; employeeNo: string; department: string; org: string };
  /** Every scope granted during the session, in order. */
  scopes: ScopeMode[];
  files: Array<{ name: string; size: number; direction: FileDirection }>;
  counts: { chatMessages: number; inputEvents: number; inputRefused: number };
  notes?: string;
}

export interface ReportSummaryMessage extends ReportSummary {
  v: number;
  type: 'report.summary';
}

export interface RatingMessage {
  v: number;
  type: 'rating';
  stars: 1 | 2 | 3 | 4 | 5;
  comment?: string;
}

export type ReportMessage = LogHeadSignRequestMessage | LogHeadSignatureMessage | ReportSummaryMessage | RatingMessage;

const indexField: FieldSpec = { kind: 'int', min: 0, max: Number.MAX_SAFE_INTEGER };
const countField: FieldSpec = { kind: 'int', min: 0, max: Number.MAX_SAFE_INTEGER };

export const reportCodecs = {
  'log.headSignRequest': jsonCodec<LogHeadSignRequestMessage>('log.headSignRequest', 0x70, {
    index: indexField,
    headHash: { kind: 'bytes', length: HEAD_HASH_BYTES },
  }),
  'log.headSignature': jsonCodec<LogHeadSignatureMessage>('log.headSignature', 0x71, {
    index: indexField,
    headHash: { kind: 'bytes', length: HEAD_HASH_BYTES },
    signature: { kind: 'bytes', length: SIGNATURE_BYTES },
  }),
  'report.summary': jsonCodec<ReportSummaryMessage>(
    'report.summary',
    0x72,
    {
      sessionId: { kind: 'string', min: 1, max: 128, pattern: PRINTABLE_ASCII },
      startedAt: epochMsField,
      endedAt: epochMsField,
      outcome: { kind: 'enum', values: SESSION_OUTCOMES },
      technician: {
        kind: 'object',
        fields: {
          name: textField(MAX_CERTIFICATE_TEXT_CHARS), employeeNo: textField(MAX_CERTIFICATE_TEXT_CHARS),
          department: textField(MAX_CERTIFICATE_TEXT_CHARS), org: textField(MAX_CERTIFICATE_TEXT_CHARS),
        },
      },
      scopes: { kind: 'array', max: 64, of: { kind: 'enum', values: SCOPE_MODES } },
      files: {
        kind: 'array',
        max: MAX_REPORT_FILES,
        of: {
          kind: 'object',
          fields: {
            name: { kind: 'string', min: 1, max: MAX_FILE_NAME_CHARS, pattern: FILE_NAME_PATTERN },
            size: { kind: 'int', min: 0, max: MAX_FILE_SIZE_BYTES },
            direction: { kind: 'enum', values: FILE_DIRECTIONS },
          },
        },
      },
      counts: { kind: 'object', fields: { chatMessages: countField, inputEvents: countField, inputRefused: countField } },
      notes: textField(MAX_REPORT_NOTES_CHARS, true),
    },
    {
      maxBodyBytes: MAX_REPORT_BODY_BYTES,
      refine: (r) => ((r.endedAt as number) < (r.startedAt as number) ? 'endedAt is before startedAt' : undefined),
    },
  ),
  rating: jsonCodec<RatingMessage>('rating', 0x73, {
    stars: { kind: 'int', min: 1, max: 5 },
    comment: textField(MAX_RATING_COMMENT_CHARS, true),
  }),
};
