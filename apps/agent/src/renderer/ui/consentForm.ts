// The scope form of the consent page: mode, region or window, masking, toggles and time limit. Modes and
// toggles beyond what the technician asked for are disabled; the time limit is capped at two hours.
import { MAX_GRANT_DURATION_MS, type NormRect, type ScopeMode } from '@tether/protocol';
import type { ConsentContext, ConsentDecision } from '../../common/session/customerPrompt';
import { h } from './domBuilder';
import { MODE_LABELS } from './textFormat';

const MODES: ScopeMode[] = ['view', 'region', 'window', 'full'];
const RANK: Readonly<Record<ScopeMode, number>> = { view: 0, region: 1, window: 1, full: 2 };
export const MAX_MINUTES = MAX_GRANT_DURATION_MS / 60_000;

export interface ConsentForm {
  element: HTMLElement;
  /** The decision the form describes, or a message saying what to fix. */
  read(): ConsentDecision | string;
}

function percentInput(id: string, label: string, value: number): HTMLElement {
  return h('label', { class: 'pct' }, label, h('input', { id, type: 'number', min: '0', max: '100', step: '1', value: String(value) }), '%');
}

export function buildConsentForm(context: ConsentContext): ConsentForm {
  const { request, windows } = context;
  const requestedMinutes = Math.min(MAX_MINUTES, Math.max(1, Math.round((request.durationMs ?? MAX_GRANT_DURATION_MS) / 60_000)));
  const modeInputs = MODES.map((mode) => {
    const allowed = RANK[mode] <= RANK[request.mode] && (mode !== 'window' || windows.length > 0);
    const input = h('input', { type: 'radio', name: 'mode', value: mode, id: `mode-${mode}`, disabled: !allowed, checked: mode === request.mode && allowed });
    return { mode, input, row: h('label', { class: allowed ? 'choice' : 'choice disabled' }, input, ' ', MODE_LABELS[mode]) };
  });
  if (!modeInputs.some((m) => m.input.checked)) (modeInputs[0] as { input: HTMLInputElement }).input.checked = true;

  const regionBox = h('fieldset', { id: 'region-fields', class: 'sub' }, h('legend', {}, 'Region of the screen'),
    percentInput('region-x', 'Left', 25), percentInput('region-y', 'Top', 25), percentInput('region-w', 'Width', 50), percentInput('region-h', 'Height', 50));
  const windowSelect = h('select', { id: 'window-select' }, ...windows.map((w) => h('option', { value: w.id }, w.title || '(untitled window)')));
  const windowBox = h('fieldset', { id: 'window-fields', class: 'sub' }, h('legend', {}, 'Window'), windowSelect);
  const shareOnly = h('input', { type: 'checkbox', id: 'share-only' });
  const clipboard = h('input', { type: 'checkbox', id: 'allow-clipboard', disabled: !request.clipboard, checked: request.clipboard });
  const files = h('input', { type: 'checkbox', id: 'allow-files', disabled: !request.files, checked: request.files });
  const minutes = h('input', { type: 'number', id: 'duration-minutes', min: '1', max: String(MAX_MINUTES), step: '1', value: String(requestedMinutes) });

  const selectedMode = (): ScopeMode => (modeInputs.find((m) => m.input.checked)?.mode ?? 'view');
  const refresh = (): void => {
    const mode = selectedMode();
    regionBox.hidden = mode !== 'region';
    windowBox.hidden = mode !== 'window';
    shareOnly.disabled = mode !== 'region' && mode !== 'window';
    if (shareOnly.disabled) shareOnly.checked = false;
  };
  for (const m of modeInputs) m.input.addEventListener('change', refresh);
  refresh();

  const element = h('form', { id: 'consent-form' },
    h('fieldset', {}, h('legend', {}, 'What may the technician do?'), ...modeInputs.map((m) => m.row)),
    regionBox, windowBox,
    h('label', { class: 'choice' }, shareOnly, ' Share only this region or window (everything else is hidden)'),
    h('fieldset', {}, h('legend', {}, 'Also allow'),
      h('label', { class: 'choice' }, clipboard, ' Clipboard'),
      h('label', { class: 'choice' }, files, ' File transfer (you approve each file)')),
    h('label', { class: 'duration' }, 'Time limit ', minutes, ` minutes (at most ${MAX_MINUTES})`),
  );

  const read = (): ConsentDecision | string => {
    const mode = selectedMode();
    const mins = Number(minutes.value);
    if (!Number.isInteger(mins) || mins < 1 || mins > MAX_MINUTES) return `The time limit must be 1 to ${MAX_MINUTES} minutes.`;
    const decision: ConsentDecision = {
      mode, shareOnlyRegion: shareOnly.checked, clipboard: clipboard.checked && request.clipboard, files: files.checked && request.files, durationMs: mins * 60_000,
    };
    if (mode === 'region') {
      const region = readRegion();
      if (typeof region === 'string') return region;
      decision.region = region;
    }
    if (mode === 'window') {
      const chosen = windows.find((w) => w.id === windowSelect.value);
      if (!chosen) return 'Choose a window.';
      decision.window = chosen;
    }
    return decision;
  };
  return { element, read };
}

function readRegion(): NormRect | string {
  const pct = (id: string): number => Number((document.getElementById(id) as HTMLInputElement).value);
  const [x, y, w, hgt] = [pct('region-x'), pct('region-y'), pct('region-w'), pct('region-h')] as [number, number, number, number];
  if (![x, y, w, hgt].every((n) => Number.isFinite(n) && n >= 0 && n <= 100)) return 'Region values must be 0 to 100 %.';
  if (w <= 0 || hgt <= 0 || x + w > 100 || y + hgt > 100) return 'The region must have a size and lie within the screen.';
  return { x: x / 100, y: y / 100, w: w / 100, h: hgt / 100 };
}
