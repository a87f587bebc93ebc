// Printing figures: one line each, with the target next to it when there is one. Figures are
// printed, never asserted: a slow run is information, not a failure.

export const MB = 1_000_000;
export const MiB = 1024 * 1024;

export function mbps(bytes: number, ms: number): number {
  return bytes / MB / (ms / 1000);
}

export function perSec(n: number, ms: number): number {
  return n / (ms / 1000);
}

/** 1234567.8 → "1,234,568". */
export function int(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

export function fixed(n: number, digits = 1): string {
  return n.toFixed(digits);
}

export interface Target {
  /** e.g. "≥ 500 MB/s". */
  text: string;
  met: boolean;
}

export function atLeast(value: number, min: number, unit: string): Target {
  return { text: `≥ ${int(min)} ${unit}`, met: value >= min };
}

export function atMost(value: number, max: number, unit: string): Target {
  return { text: `≤ ${max.toLocaleString('en-US')} ${unit}`, met: value <= max };
}

const LABEL_WIDTH = 46;

export function figure(label: string, value: string, target?: Target): void {
  const t = target === undefined ? '' : `   [target ${target.text}: ${target.met ? 'met' : 'MISSED'}]`;
  console.log(`  ${label.padEnd(LABEL_WIDTH)} ${value}${t}`);
}

export function note(text: string): void {
  console.log(`  ${text}`);
}

export function heading(text: string): void {
  console.log(`\n${text}`);
}

/** Nearest-rank percentile of an ascending array. */
export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank] as number;
}
