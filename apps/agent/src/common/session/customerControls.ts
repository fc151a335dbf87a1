// What the customer can do at any moment, from any front end: the session core implements this.
import type { NormRect, RevocablePermission } from '@tether/protocol';

export interface CustomerControls {
  /** Stops the stream and all input at once; nothing resumes until resume(). */
  pause(): void;
  resume(): void;
  /** Withdraws one permission ('control' leaves view only; 'all' ends sharing). */
  revoke(permission: RevocablePermission): void;
  /** Ends the session for both sides. */
  stop(reason?: string): void;
  sendChat(text: string): void;
  /** Customer-drawn privacy masks (normalised rects), applied to pixels before encoding. */
  setMasks(masks: NormRect[]): void;
  /** Sends a file the customer picked to the technician (needs the files permission). */
  sendFile(path: string): Promise<string>;
}
