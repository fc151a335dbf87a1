// What the agent asks of the person at the machine. One interface, two front ends: the terminal prompt of
// the headless CLI and the Electron windows (consent, sharing indicator, chat, annotation overlay, file
// approvals, rating). The session core calls these; it never touches a UI directly.
import type { AnnotationStrokeMessage, ChatMessage, ConsentRequestMessage, FileOfferMessage, NormRect, ScopeMode } from '@tether/protocol';

/** The technician as verified by the handshake (certificate chained to the pinned organisation root). */
export interface VerifiedTechnician {
  name: string;
  employeeNo: string;
  department: string;
  org: string;
  serial: string;
  /** Hex fingerprint of the certificate, for support staff to compare. */
  fingerprint: string;
  /** Certificate validity end, epoch ms. */
  notAfter: number;
  /** 6-digit short authentication string; the technician's console shows the same digits. */
  sas: string;
}

/** A window the customer may limit control to. rect is normalised to the captured surface. */
export interface WindowChoice {
  id: string;
  title: string;
  rect: NormRect;
}

/** The customer's answer to a consent (or elevation) request. */
export interface ConsentDecision {
  mode: ScopeMode;
  region?: NormRect;
  window?: WindowChoice;
  /** Mask everything outside the region/window before encoding. */
  shareOnlyRegion: boolean;
  clipboard: boolean;
  files: boolean;
  /** Capped at 2 h by the session core. */
  durationMs: number;
}

export interface ConsentContext {
  technician: VerifiedTechnician;
  request: ConsentRequestMessage;
  /** True when the technician asks for more than the current grant (elevation). */
  elevation: boolean;
  /** True when the link dropped and came back: consent is asked again before anything resumes. */
  afterReconnect: boolean;
  windows: WindowChoice[];
}

export type SessionPhase = 'connecting' | 'verifying' | 'awaiting-consent' | 'sharing' | 'paused' | 'reconnecting' | 'ended';

export interface SessionStatus {
  phase: SessionPhase;
  /** Why the session is paused or ended, in words a customer understands. */
  reason?: string;
  /** The grant in force, for the always-visible sharing indicator. */
  mode?: ScopeMode;
  clipboard?: boolean;
  files?: boolean;
  expiresAt?: number;
}

export interface IncomingFile {
  offer: FileOfferMessage;
  /** Where the file will be saved if accepted. */
  destination: string;
}

export interface Rating {
  stars: 1 | 2 | 3 | 4 | 5;
  comment?: string;
}

export interface CustomerPrompt {
  /** Shown as soon as the technician is verified, before any consent question. */
  showTechnician(technician: VerifiedTechnician): void;
  /** A verification failure or any other reason the session cannot go on. */
  showFailure(message: string): void;
  /** Resolves with the customer's decision, or null when they refuse. */
  askConsent(context: ConsentContext): Promise<ConsentDecision | null>;
  /** Per-file approval: files reach the disk only after this resolves true. */
  askFileApproval(file: IncomingFile): Promise<boolean>;
  /** The technician wants to download a file from this machine. */
  askFileSend?(file: { name: string; size: number; sha256: string }): Promise<boolean>;
  showStatus(status: SessionStatus): void;
  showChat(message: ChatMessage): void;
  showAnnotation(stroke: AnnotationStrokeMessage | { type: 'annotation.clear' }): void;
  /** Offered at the end; null when the customer skips it. */
  askRating(): Promise<Rating | null>;
}
