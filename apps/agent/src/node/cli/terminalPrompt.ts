// The headless agent's CustomerPrompt: everything the session core asks or shows, as plain lines on a
// terminal. It prints the verified technician and the SAS, runs the consent and file dialogs, shows chat
// and status, turns commands typed while sharing into customer controls, and offers the rating.
import type { AnnotationStrokeMessage, ChatMessage, ScopeMode } from '@tether/protocol';
import type { CustomerControls } from '../../common/session/customerControls';
import type { ConsentContext, ConsentDecision, CustomerPrompt, IncomingFile, Rating, SessionPhase, SessionStatus, VerifiedTechnician } from '../../common/session/customerPrompt';
import { MAX_MINUTES, parseRating, parseSharingCommand, parseYesNo } from './answerParsing';
import { describeDecision, describeRequest, runConsentDialog, type ScreenSize } from './consentDialog';
import type { IdleVerdict, TerminalLines } from './terminalLines';

export const COMMAND_HELP = "type 'p' pause, 'r' resume, 'c' revoke control, 's' stop";

/** What the customer decided during the session, for the closing summary. */
export interface PromptRecord {
  technician?: VerifiedTechnician;
  /** The relay accepted the code and the technician's identity was being checked. */
  reachedVerification: boolean;
  failures: string[];
  consentRefusals: number;
  decisions: string[];
  filesAccepted: string[];
  filesDeclined: string[];
  rating?: Rating;
}

export class TerminalPrompt implements CustomerPrompt {
  readonly record: PromptRecord = { reachedVerification: false, failures: [], consentRefusals: 0, decisions: [], filesAccepted: [], filesDeclined: [] };
  private controls: CustomerControls | undefined;
  private phase: SessionPhase = 'connecting';
  private lastStatusLine = '';
  private annotating = false;

  constructor(
    private readonly lines: TerminalLines,
    private readonly screen: ScreenSize,
    /** --yes-view-only: a first (or after-reconnect) request is answered with view only, without asking. */
    private readonly autoViewOnly = false,
  ) {
    lines.idleHandler = (line) => this.onIdleLine(line);
  }

  /** The session's controls, once it exists: commands typed at the prompt call them. */
  attachControls(controls: CustomerControls): void {
    this.controls = controls;
  }

  get currentPhase(): SessionPhase {
    return this.phase;
  }

  showTechnician(t: VerifiedTechnician): void {
    this.record.technician = t;
    const p = (s: string) => this.lines.print(s);
    p('');
    p('Verified technician (certificate signed by your organisation):');
    p(`  Name:          ${t.name}`);
    p(`  Employee no.:  ${t.employeeNo}`);
    p(`  Department:    ${t.department}`);
    p(`  Organisation:  ${t.org}`);
    p(`  Certificate:   ${t.fingerprint} (serial ${t.serial}, valid until ${new Date(t.notAfter).toISOString()})`);
    p(`Security code: ${t.sas}`);
    p('Ask the technician to read out the security code on their screen. It must be exactly the same.');
    p("If it differs, someone is in between: type 's' and Enter to stop.");
  }

  showFailure(message: string): void {
    this.record.failures.push(message);
    this.lines.print(`Stopped: ${message}`);
  }

  askConsent(context: ConsentContext): Promise<ConsentDecision | null> {
    if (this.autoViewOnly && !context.elevation) return Promise.resolve(this.grantViewOnly(context));
    return this.lines.dialog(async (ask) => {
      const decision = await runConsentDialog(context, this.screen, ask, (s) => this.lines.print(s));
      if (decision) this.record.decisions.push(describeDecision(decision, this.screen));
      else this.record.consentRefusals++;
      return decision;
    });
  }

  private grantViewOnly(context: ConsentContext): ConsentDecision {
    const minutes = Math.max(1, Math.min(MAX_MINUTES, Math.round((context.request.durationMs ?? MAX_MINUTES * 60_000) / 60_000)));
    const decision: ConsentDecision = { mode: 'view', shareOnlyRegion: false, clipboard: false, files: false, durationMs: minutes * 60_000 };
    this.lines.print('');
    for (const line of describeRequest(context)) this.lines.print(line);
    this.lines.print(`Allowed without asking (--yes-view-only): ${describeDecision(decision, this.screen)}.`);
    this.record.decisions.push(describeDecision(decision, this.screen));
    return decision;
  }

  askFileApproval(file: IncomingFile): Promise<boolean> {
    return this.lines.dialog(async (ask) => {
      const o = file.offer;
      this.lines.print('');
      this.lines.print(`The technician wants to send you a file: ${o.name} (${formatBytes(o.size)}, sha256 ${o.sha256})`);
      this.lines.print(`It would be saved as: ${file.destination}`);
      const yes = parseYesNo((await ask('Accept this file? [y/N]:')) ?? '');
      (yes ? this.record.filesAccepted : this.record.filesDeclined).push(o.name);
      return yes;
    });
  }

  askFileSend(file: { name: string; size: number; sha256: string }): Promise<boolean> {
    return this.lines.dialog(async (ask) => {
      this.lines.print(`The technician wants to copy a file from this machine: ${file.name} (${formatBytes(file.size)}, sha256 ${file.sha256})`);
      return parseYesNo((await ask('Send this file to the technician? [y/N]:')) ?? '');
    });
  }

  showStatus(status: SessionStatus): void {
    this.phase = status.phase;
    if (status.phase === 'verifying') this.record.reachedVerification = true;
    if (status.phase === 'ended') this.lines.cancelDialogs();
    const line = this.statusLine(status);
    if (line && line !== this.lastStatusLine) this.lines.print(line);
    this.lastStatusLine = line;
  }

  showChat(message: ChatMessage): void {
    const who = message.from === 'technician' ? (this.record.technician?.name ?? 'Technician') : 'You';
    this.lines.print(`[chat] ${who}: ${message.text}`);
  }

  showAnnotation(stroke: AnnotationStrokeMessage | { type: 'annotation.clear' }): void {
    if (stroke.type === 'annotation.clear') {
      if (this.annotating) this.lines.print('[the technician cleared their drawing]');
      this.annotating = false;
    } else if (!this.annotating) {
      this.annotating = true;
      this.lines.print('[the technician is drawing on the shared screen to show you something]');
    }
  }

  askRating(): Promise<Rating | null> {
    return this.lines.dialog(async (ask) => {
      this.lines.print('');
      let stars: Rating['stars'] | null = null;
      for (let i = 0; i < 3; i++) {
        const answer = await ask('How was the help? Rate 1-5 (Enter to skip):');
        if (answer === null) return null;
        const parsed = parseRating(answer);
        if (typeof parsed !== 'string') {
          stars = parsed;
          break;
        }
        this.lines.print(`  ${parsed}`);
      }
      if (stars === null) return null;
      const comment = ((await ask('A comment for the technician (Enter to skip):')) ?? '').trim().slice(0, 2000);
      const rating: Rating = comment ? { stars, comment } : { stars };
      this.record.rating = rating;
      return rating;
    });
  }

  private statusLine(s: SessionStatus): string {
    const name = this.record.technician?.name ?? 'the technician';
    switch (s.phase) {
      case 'connecting':
        return 'Connecting to the relay...';
      case 'verifying':
        return 'Verifying the technician...';
      case 'awaiting-consent':
        return s.reason ? `Waiting: ${s.reason}` : `Waiting for ${name} to ask for access (type 's' to stop).`;
      case 'sharing':
        return `SHARING your screen with ${name} (${sharingMode(s)}) — ${COMMAND_HELP}`;
      case 'paused':
        return `PAUSED — nothing is shared. ${s.reason ?? ''} Type 'r' to resume, 's' to stop.`.replace(/\s+/g, ' ').trim();
      case 'reconnecting':
        return `NOT SHARING — ${s.reason ?? 'the connection dropped.'}`;
      case 'ended':
        return `Session ended: ${s.reason ?? 'done.'}`;
    }
  }

  private onIdleLine(line: string): IdleVerdict {
    const controls = this.controls;
    if (!controls || this.phase === 'ended' || this.phase === 'connecting' || this.phase === 'verifying') return 'unclaimed';
    const command = parseSharingCommand(line);
    switch (command.kind) {
      case 'pause':
        controls.pause();
        return 'handled';
      case 'resume':
        controls.resume();
        return 'handled';
      case 'revoke':
        controls.revoke(command.permission);
        this.lines.print(`You revoked ${command.permission}.`);
        return 'handled';
      case 'stop':
        this.lines.print('Stopping the session...');
        controls.stop();
        return 'handled';
      case 'chat':
        controls.sendChat(command.text);
        return 'handled';
      case 'send':
        this.lines.print(`Offering ${command.path} to the technician...`);
        controls.sendFile(command.path).then(
          (sha256) => this.lines.print(`The technician received ${command.path} (SHA-256 ${sha256}).`),
          (e: unknown) => this.lines.print(`The file was not sent: ${e instanceof Error ? e.message : String(e)}`),
        );
        return 'handled';
      case 'help':
        this.lines.print(`Commands: ${COMMAND_HELP}, 'c clipboard' / 'c files' revoke those, '> text' chats with the technician, 'f <path>' sends them a file.`);
        return 'handled';
      case 'unknown':
        return line.trim() === '' ? 'handled' : 'unclaimed';
    }
  }
}

function sharingMode(s: SessionStatus): string {
  const words: Record<ScopeMode, string> = { view: 'view only', region: 'control limited to a region', window: 'control limited to a window', full: 'full control' };
  const extras = [s.clipboard ? 'clipboard' : '', s.files ? 'files' : ''].filter(Boolean);
  const until = s.expiresAt ? `, until ${new Date(s.expiresAt).toLocaleTimeString()}` : '';
  return `${s.mode ? words[s.mode] : 'view only'}${extras.length ? ` + ${extras.join(' + ')}` : ''}${until}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KiB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MiB`;
  return `${(n / 1024 ** 3).toFixed(2)} GiB`;
}
