// Applying a permission template where the customer decides: the agent's consent dialog offers no more
// than the template allows, and whatever the customer (or a compromised UI) answers is clamped to it
// before the grant is signed. Pure functions; the agent calls them with its ConsentDecision.
import type { NormRect, ScopeMode } from '@tether/protocol';
import type { PermissionTemplate } from './permissionTemplate';

/** The part of a consent decision a template limits (the agent's ConsentDecision has this shape). */
export interface TemplateLimitedDecision {
  mode: ScopeMode;
  region?: NormRect;
  window?: unknown;
  shareOnlyRegion: boolean;
  clipboard: boolean;
  files: boolean;
  durationMs: number;
}

export interface ClampedDecision<D extends TemplateLimitedDecision> {
  /**
   * null when the decision cannot be narrowed without sharing MORE than the customer chose (a region- or
   * window-only share in a mode the template forbids): ask the customer again.
   */
  decision: D | null;
  /** what was reduced, for the log and the customer ("mode full -> view", ...); empty when nothing was */
  changes: string[];
}

const RANK: Record<ScopeMode, number> = { view: 0, region: 1, window: 1, full: 2 };

function narrowerMode(decision: TemplateLimitedDecision, allowed: readonly ScopeMode[]): ScopeMode {
  // Take the widest allowed mode that is narrower than the one asked for and that the decision can fill in
  // (a region grant needs a region, a window grant a window); 'view' is always allowed.
  const candidates = allowed
    .filter((m) => RANK[m] < RANK[decision.mode] || m === decision.mode)
    .filter((m) => (m === 'region' ? decision.region !== undefined : m === 'window' ? decision.window !== undefined : true))
    .sort((a, b) => RANK[b] - RANK[a]);
  return candidates[0] ?? 'view';
}

export function clampDecisionToTemplate<D extends TemplateLimitedDecision>(decision: D, template: PermissionTemplate): ClampedDecision<D> {
  const changes: string[] = [];
  const out: D = { ...decision };
  if (!template.modes.includes(decision.mode)) {
    if (decision.shareOnlyRegion && (decision.mode === 'region' || decision.mode === 'window')) {
      return { decision: null, changes: [`mode ${decision.mode} is not allowed by template "${template.name}", and a wider mode would share more of the screen`] };
    }
    out.mode = narrowerMode(decision, template.modes);
    changes.push(`mode ${decision.mode} -> ${out.mode}`);
  }
  if (out.mode !== 'region') delete out.region;
  if (out.mode !== 'window') delete out.window;
  if (out.mode === 'view' || out.mode === 'full') out.shareOnlyRegion = false;
  if (decision.clipboard && !template.clipboard) {
    out.clipboard = false;
    changes.push('clipboard off');
  }
  if (decision.files && !template.files) {
    out.files = false;
    changes.push('file transfer off');
  }
  if (!(decision.durationMs <= template.maxDurationMs)) {
    out.durationMs = template.maxDurationMs;
    changes.push(`duration ${decision.durationMs} ms -> ${template.maxDurationMs} ms`);
  }
  return { decision: out, changes };
}

/** What the consent dialog may offer at most (grey out the rest). */
export function templateOffer(template: PermissionTemplate): { modes: ScopeMode[]; clipboard: boolean; files: boolean; maxDurationMs: number } {
  return { modes: [...template.modes], clipboard: template.clipboard, files: template.files, maxDurationMs: template.maxDurationMs };
}

/** The template's window-title rules, compiled the way the agent's `sensitiveTitles` option uses them. */
export function templateMaskRules(template: PermissionTemplate): RegExp[] {
  return template.maskTitles.map((rule) => new RegExp(rule, 'i'));
}
