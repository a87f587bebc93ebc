import { InvalidArgumentError } from 'commander';
import { UsageError } from '../../shared/errors.js';

// Option-value parsers for commander. They throw InvalidArgumentError, which commander turns into
// "option '--x <v>' argument 'y' is invalid. <reason>" and the CLI into a usage error (exit 2).

export function parsePort(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n > 65535) throw new InvalidArgumentError('Expected a TCP port from 0 to 65535.');
  return n;
}

export function parseNonNegativeInt(value: string): number {
  if (!/^\d+$/.test(value.trim())) throw new InvalidArgumentError('Expected a whole number >= 0.');
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('Number too large.');
  return n;
}

const UNIT_MS: Readonly<Record<string, number>> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };

/** `500ms`, `10s`, `1.5m`, `1h`; a bare number means seconds (as in `docker stop -t`). Returns milliseconds. */
export function parseDuration(value: string): number {
  const m = /^(\d+(?:\.\d+)?)(ms|s|m|h)?$/.exec(value.trim());
  if (m === null) throw new InvalidArgumentError('Expected a duration like 500ms, 10s, 2m or 1h.');
  const amount = Number(m[1]);
  const unit = UNIT_MS[m[2] ?? 's'] ?? 1000;
  return Math.round(amount * unit);
}

/** Accumulates repeatable `--config key=value` into one record; a later key wins. */
export function collectKeyValue(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const eq = value.indexOf('=');
  if (eq <= 0) throw new InvalidArgumentError('Expected key=value.');
  const key = value.slice(0, eq).trim();
  if (key === '') throw new InvalidArgumentError('Expected key=value.');
  return { ...previous, [key]: value.slice(eq + 1) };
}

/**
 * A Java Integer (32 bits) or Long (64 bits) option as jopt-simple parses Kafka's tools' options, refused
 * with jopt-simple's message ("Cannot parse argument 'x' of option batch-size"). Negative values pass:
 * range checks are the command's, as in Kafka.
 */
export function parseJavaNumber(option: string, bits: 32 | 64): (value: string) => number {
  const max = bits === 32 ? 2n ** 31n - 1n : 2n ** 63n - 1n;
  return (value) => {
    const v = value.trim();
    if (!/^[+-]?\d+$/.test(v) || BigInt(v) > max || BigInt(v) < -max - 1n) throw new UsageError(`Cannot parse argument '${value}' of option ${option}`);
    return Number(v);
  };
}
