// The consent conversation at the terminal: shows exactly what the technician asks for, lets the customer
// choose view / region / window / full (never more than asked), clipboard, files, a time limit and, for a
// limited grant, whether only that area is shared. Empty or unclear answers refuse; a final confirmation
// restates what will be allowed.
import type { NormRect, ScopeMode } from '@tether/protocol';
import type { ConsentContext, ConsentDecision, WindowChoice } from '../../common/session/customerPrompt';
import { MAX_MINUTES, modesAllowedFor, parseChoiceNumber, parseMinutes, parseRegion, parseScopeAnswer, parseYesNo } from './answerParsing';
import type { Ask } from './terminalLines';

export interface ScreenSize {
  width: number;
  height: number;
}

const MODE_WORDS: Readonly<Record<ScopeMode, string>> = {
  view: 'VIEW ONLY (no control)',
  region: 'CONTROL LIMITED TO A REGION',
  window: 'CONTROL LIMITED TO A WINDOW',
  full: 'FULL CONTROL of mouse and keyboard',
};

export function modeWords(mode: ScopeMode): string {
  return MODE_WORDS[mode];
}

const ATTEMPTS = 3;

/** Asks until the parser accepts (at most three times); null means refuse. */
async function askUntil<T>(ask: Ask, print: (s: string) => void, question: string, parse: (a: string) => T | string): Promise<T | null> {
  for (let i = 0; i < ATTEMPTS; i++) {
    const answer = await ask(question);
    if (answer === null) return null;
    const parsed = parse(answer);
    if (typeof parsed !== 'string') return parsed;
    print(`  ${parsed}`);
  }
  print('  No valid answer: refusing.');
  return null;
}

export function describeRequest(context: ConsentContext): string[] {
  const r = context.request;
  const minutes = Math.min(MAX_MINUTES, Math.round((r.durationMs ?? MAX_MINUTES * 60_000) / 60_000));
  const lines: string[] = [];
  if (context.afterReconnect) lines.push('The connection was lost and restored. Nothing is shared until you allow it again.');
  if (context.elevation) lines.push('The technician asks for MORE than you allowed so far (elevation). Refusing keeps your current permissions.');
  lines.push(`The technician asks for: ${modeWords(r.mode)}; clipboard: ${r.clipboard ? 'yes' : 'no'}; file transfer: ${r.files ? 'yes' : 'no'}; for up to ${minutes} minutes.`);
  if (r.reason) lines.push(`Reason given: ${r.reason}`);
  return lines;
}

function pixelsToNorm(r: { x: number; y: number; w: number; h: number }, screen: ScreenSize): NormRect {
  return { x: r.x / screen.width, y: r.y / screen.height, w: r.w / screen.width, h: r.h / screen.height };
}

export async function runConsentDialog(context: ConsentContext, screen: ScreenSize, ask: Ask, print: (s: string) => void): Promise<ConsentDecision | null> {
  print('');
  for (const line of describeRequest(context)) print(line);
  const r = context.request;
  const allowed = modesAllowedFor(r.mode, context.windows.length > 0);
  const scope = await askUntil(ask, print, `What do you allow? [${allowed.join(' / ')} / no] (Enter = no):`, (a) => {
    const parsed = parseScopeAnswer(a, allowed);
    return parsed.kind === 'invalid' ? parsed.message : parsed;
  });
  if (!scope || scope.kind !== 'mode') return null;
  const mode = scope.mode;

  let region: NormRect | undefined;
  let window: WindowChoice | undefined;
  if (mode === 'region') {
    const rect = await askUntil(ask, print, `Region the technician may control, in pixels x,y,width,height (screen ${screen.width}x${screen.height}):`, (a) => parseRegion(a, screen));
    if (!rect) return null;
    region = pixelsToNorm(rect, screen);
  } else if (mode === 'window') {
    print('Windows on your screen:');
    context.windows.forEach((w, i) => print(`  ${i + 1}. ${w.title}`));
    const n = await askUntil(ask, print, 'Number of the window the technician may control:', (a) => parseChoiceNumber(a, context.windows.length));
    if (n === null) return null;
    window = context.windows[n - 1];
  }
  const limited = mode === 'region' || mode === 'window';
  const shareOnlyRegion = limited ? parseYesNo((await ask(`Share only that ${mode} (everything else is blacked out before it leaves this machine)? [y/N]:`)) ?? '') : false;
  const clipboard = mode !== 'view' && r.clipboard ? parseYesNo((await ask('Allow the clipboard (copy and paste with the technician)? [y/N]:')) ?? '') : false;
  const files = r.files ? parseYesNo((await ask('Allow file transfer (each file is still asked separately)? [y/N]:')) ?? '') : false;
  const requested = Math.max(1, Math.min(MAX_MINUTES, Math.round((r.durationMs ?? MAX_MINUTES * 60_000) / 60_000)));
  const minutes = await askUntil(ask, print, `For how many minutes? [1-${MAX_MINUTES}] (Enter = ${requested}):`, (a) => parseMinutes(a, requested));
  if (minutes === null) return null;

  const decision: ConsentDecision = {
    mode, shareOnlyRegion, clipboard, files, durationMs: minutes * 60_000,
    ...(region ? { region } : {}),
    ...(window ? { window } : {}),
  };
  print(`You are about to allow: ${describeDecision(decision, screen)}.`);
  const confirmed = parseYesNo((await ask('Confirm? [y/N]:')) ?? '');
  if (!confirmed) print('Refused: nothing was allowed.');
  return confirmed ? decision : null;
}

export function describeDecision(d: ConsentDecision, screen: ScreenSize): string {
  const parts = [modeWords(d.mode)];
  if (d.region) {
    const px = (n: number, of: number) => Math.round(n * of);
    parts.push(`region ${px(d.region.x, screen.width)},${px(d.region.y, screen.height)} ${px(d.region.w, screen.width)}x${px(d.region.h, screen.height)} px`);
  }
  if (d.window) parts.push(`window "${d.window.title}"`);
  if (d.mode === 'region' || d.mode === 'window') parts.push(d.shareOnlyRegion ? `only that ${d.mode} is shared` : 'the whole screen is visible');
  parts.push(`clipboard ${d.clipboard ? 'yes' : 'no'}`, `files ${d.files ? 'yes' : 'no'}`, `for ${Math.round(d.durationMs / 60_000)} minutes`);
  return parts.join(', ');
}
