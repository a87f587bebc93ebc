const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/**
 * `--from-time`: epoch milliseconds (`1700000000000`), an ISO date or date-time
 * (`2024-05-01`, `2024-05-01T12:00:00Z`), or a time relative to now (`-15m`, `-2h`, `-30s`,
 * `-1d`, `-500ms`). Returns epoch milliseconds, or undefined when the text is none of these.
 */
export function parseFromTime(text: string, now: number = Date.now()): number | undefined {
  const v = text.trim();
  if (/^\d+$/.test(v)) {
    const n = Number(v);
    return Number.isSafeInteger(n) ? n : undefined;
  }
  const rel = /^-(\d+(?:\.\d+)?)(ms|s|m|h|d)$/.exec(v);
  if (rel !== null) return Math.round(now - Number(rel[1]) * (UNIT_MS[rel[2] ?? 's'] ?? 1000));
  // Only ISO-8601 shapes: Date.parse also accepts loose formats whose meaning depends on the platform.
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:?\d{2})?)?$/.test(v)) return undefined;
  const ms = Date.parse(v.replace(' ', 'T'));
  return Number.isNaN(ms) ? undefined : ms;
}
