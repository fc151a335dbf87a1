// The organisation's permission template as the agent applies it: verified against the pinned root key
// (so a technician cannot forge looser limits), then every consent request is narrowed before the customer
// sees it, every answer is clamped before the grant is signed, and the template's title rules add masks.
import { clampDecisionToTemplate, templateMaskRules, verifyPermissionTemplate, type PermissionTemplate } from '@tether/recording';
import { DEFAULT_GRANT_DURATION_MS, TetherError, type ConsentRequestMessage, type NormRect } from '@tether/protocol';
import type { ConsentDecision, WindowChoice } from './customerPrompt';

export class SessionTemplate {
  private current: PermissionTemplate | undefined;
  private rules: RegExp[] = [];

  constructor(private readonly trust: { rootPublicKey: Uint8Array; org: string }) {}

  get template(): PermissionTemplate | undefined {
    return this.current;
  }

  /** Verifies and adopts the template; a bad one (or a different one later in the session) throws. */
  adopt(value: unknown): PermissionTemplate {
    const verified = verifyPermissionTemplate(value, this.trust);
    if (!verified.ok) throw new TetherError(verified.error.code, `The technician's permission template was refused: ${verified.error.detail ?? verified.error.message}`);
    if (this.current && this.current.signature !== verified.value.signature) {
      throw new TetherError('E_SCOPE_DENIED', `The technician switched permission templates during the session ("${this.current.name}" -> "${verified.value.name}").`);
    }
    this.current = verified.value;
    this.rules = templateMaskRules(verified.value);
    return verified.value;
  }

  /** The request narrowed to the template, so the customer is never offered what it forbids. */
  narrowRequest(request: ConsentRequestMessage): ConsentRequestMessage {
    const t = this.current;
    if (!t) return request;
    const asked = { mode: request.mode, shareOnlyRegion: false, clipboard: request.clipboard, files: request.files, durationMs: request.durationMs ?? DEFAULT_GRANT_DURATION_MS };
    const narrowed = clampDecisionToTemplate(asked, t).decision ?? { ...asked, mode: 'view' as const };
    return { ...request, mode: narrowed.mode, clipboard: narrowed.clipboard, files: narrowed.files, durationMs: narrowed.durationMs };
  }

  /** The customer's answer clamped to the template; decision null = it cannot be narrowed without sharing more. */
  clampDecision(decision: ConsentDecision): { decision: ConsentDecision | null; changes: string[] } {
    const t = this.current;
    if (!t) return { decision, changes: [] };
    // An unset duration means "the default" (2 h) to the grant builder: make it explicit so it is capped too.
    const explicit = { ...decision, durationMs: decision.durationMs > 0 ? decision.durationMs : DEFAULT_GRANT_DURATION_MS };
    return clampDecisionToTemplate(explicit, t);
  }

  get masksTitles(): boolean {
    return this.rules.length > 0;
  }

  /** Rectangles of the windows whose titles match the template's rules. */
  maskRects(windows: readonly WindowChoice[]): NormRect[] {
    if (this.rules.length === 0) return [];
    return windows.filter((w) => this.rules.some((r) => r.test(w.title))).map((w) => ({ ...w.rect }));
  }
}
