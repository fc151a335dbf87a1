// The organisation's permission template as the agent applies it: verified against the pinned root key
// (so a technician cannot forge looser limits), tied to the template the technician's certificate names
// (so a technician holding several cannot pick the loosest, or none), refused once expired, then every
// consent request is narrowed before the customer sees it, every answer is clamped before the grant is
// signed, and the template's title rules add masks.
import { clampDecisionToTemplate, templateMaskRules, verifyPermissionTemplate, type PermissionTemplate } from '@tether/recording';
import { DEFAULT_GRANT_DURATION_MS, TetherError, type ConsentRequestMessage, type NormRect } from '@tether/protocol';
import type { ConsentDecision, WindowChoice } from './customerPrompt';

/** What adopting a template led to: adopted, or refused without ending the session (consent stays refused). */
export type TemplateAdoption = { ok: true; template: PermissionTemplate } | { ok: false; reason: string };

/** Why consent is refused (the technician gets E_SCOPE_DENIED), or undefined when it may be asked. */
export interface ConsentRefusal {
  reason: string;
  /** true: the certificate's template binding (tell both sides); false: the agent's requireTemplate option */
  binding: boolean;
}

export class SessionTemplate {
  private current: PermissionTemplate | undefined;
  private rules: RegExp[] = [];
  private required: string | undefined;
  private refused: string | undefined;

  constructor(private readonly trust: { rootPublicKey: Uint8Array; org: string }, private readonly now: () => number) {}

  get template(): PermissionTemplate | undefined {
    return this.current;
  }

  /** The template id the verified certificate names (undefined: the certificate binds none). */
  get requiredId(): string | undefined {
    return this.required;
  }

  /** Called after each handshake with the verified certificate's `template` field. */
  bindTo(templateId: string | undefined): void {
    this.required = templateId;
  }

  /**
   * Verifies the template. Throws (the session must end) for a forged, foreign or malformed one, or a
   * switch to another template mid-session; returns a refusal for an expired one or one other than the
   * certificate names (consent is then refused with that reason, the session goes on).
   */
  adopt(value: unknown): TemplateAdoption {
    const verified = verifyPermissionTemplate(value, { ...this.trust, now: this.now() });
    if (!verified.ok && verified.error.code === 'E_SCOPE_DENIED') return this.refuse(`the template it sent was refused: ${verified.error.detail ?? verified.error.message}`);
    if (!verified.ok) throw new TetherError(verified.error.code, `The technician's permission template was refused: ${verified.error.detail ?? verified.error.message}`);
    const t = verified.value;
    if (this.required !== undefined && t.id !== this.required) return this.refuse(`the console sent template "${t.id}" instead`);
    if (this.current && this.current.signature !== t.signature) {
      throw new TetherError('E_SCOPE_DENIED', `The technician switched permission templates during the session ("${this.current.name}" -> "${t.name}").`);
    }
    this.current = t;
    this.refused = undefined;
    this.rules = templateMaskRules(t);
    return { ok: true, template: t };
  }

  private refuse(why: string): TemplateAdoption {
    this.refused = why;
    return { ok: false, reason: why };
  }

  /** Whether a consent request must be refused before the customer is asked anything. */
  consentRefusal(requireTemplate: boolean): ConsentRefusal | undefined {
    const t = this.current;
    const expired = t?.notAfter !== undefined && this.now() >= t.notAfter;
    if (this.required !== undefined) {
      const need = `This technician's certificate requires the permission template "${this.required}"`;
      if (t && expired) return { reason: `${need}, and it has expired.`, binding: true };
      if (t && t.id !== this.required) return { reason: `${need}; the session is under template "${t.id}".`, binding: true };
      if (t) return undefined;
      return { reason: `${need}; ${this.refused ?? 'the console sent none'}.`, binding: true };
    }
    if (t && expired) return { reason: `The permission template "${t.id}" has expired.`, binding: true };
    if (!t && this.refused) return { reason: `The technician's permission template: ${this.refused}.`, binding: true };
    if (requireTemplate && !t) return { reason: 'This organisation requires a permission template; the console sent none.', binding: false };
    return undefined;
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
