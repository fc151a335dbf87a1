// Human-readable renderings shared by the pages.
import type { ScopeMode } from '@tether/protocol';

export const MODE_LABELS: Readonly<Record<ScopeMode, string>> = {
  view: 'View only',
  region: 'Control limited to a region',
  window: 'Control limited to one window',
  full: 'Full control',
};

export function formatBytes(size: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let value = size;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return unit === 0 ? `${size} bytes` : `${value.toFixed(1)} ${units[unit]}`;
}

/** 'a1b2c3...' -> 'A1B2 C3..', groups of four for reading aloud. */
export function formatFingerprint(hex: string): string {
  return (hex.toUpperCase().match(/.{1,4}/g) ?? []).join(' ');
}

export function formatSas(sas: string): string {
  return `${sas.slice(0, 3)} ${sas.slice(3)}`;
}

export function formatRemaining(ms: number): string {
  if (ms <= 0) return '0:00';
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}` : `${m}:${String(s).padStart(2, '0')}`;
}
