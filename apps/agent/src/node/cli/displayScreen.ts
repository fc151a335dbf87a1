// The X display the headless agent shares: from --display or $DISPLAY, its size read with xdpyinfo.
import { execFile } from 'node:child_process';
import { err, ok, type Result } from '@tether/protocol';

export interface SharedDisplay {
  display: string;
  width: number;
  height: number;
}

const DISPLAY_NAME = /^[A-Za-z0-9._/-]*:\d{1,5}(\.\d{1,3})?$/;

/** Parses "dimensions:    1920x1080 pixels (508x285 millimeters)" from xdpyinfo output (first screen). */
export function screenSizeFromXdpyinfo(output: string): { width: number; height: number } | undefined {
  const m = /dimensions:\s+(\d+)x(\d+)\s+pixels/.exec(output);
  if (!m) return undefined;
  return { width: Number(m[1]), height: Number(m[2]) };
}

export async function openSharedDisplay(requested: string | undefined, env: Readonly<Record<string, string | undefined>>): Promise<Result<SharedDisplay>> {
  const display = requested ?? env.DISPLAY;
  if (!display) return err('E_BAD_ARGUMENT', 'no X display: set DISPLAY or pass --display :N');
  if (!DISPLAY_NAME.test(display)) return err('E_BAD_ARGUMENT', `not an X display name: ${display.slice(0, 60)}`);
  const output = await new Promise<string | Error>((resolve) => {
    execFile('xdpyinfo', ['-display', display], { timeout: 5000, maxBuffer: 4 * 1024 * 1024 }, (error, stdout) => resolve(error ? error : stdout));
  });
  if (output instanceof Error) {
    const missing = (output as NodeJS.ErrnoException).code === 'ENOENT';
    return err('E_BAD_ARGUMENT', missing ? 'xdpyinfo is not installed (package x11-utils)' : `cannot open X display ${display}`);
  }
  const size = screenSizeFromXdpyinfo(output);
  if (!size) return err('E_BAD_ARGUMENT', `cannot read the screen size of ${display}`);
  return ok({ display, ...size });
}
