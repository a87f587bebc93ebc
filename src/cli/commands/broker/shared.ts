import { defaultDataDir, resolveDataDir } from '../../../broker/daemon/paths.js';
import type { CliIO } from '../../output/io.js';

export function dataDirOf(flags: { dataDir?: string }, io: CliIO): string {
  return flags.dataDir === undefined ? defaultDataDir(io.env) : resolveDataDir(flags.dataDir, io.env);
}

/** The `--data-dir` to repeat in a suggested command, only when it is not the default. */
export function dataDirArg(dataDir: string, io: CliIO): string {
  return dataDir === defaultDataDir(io.env) ? '' : ` --data-dir ${shellQuote(dataDir)}`;
}

function shellQuote(s: string): string {
  return /^[\w./@%+=:,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}

/** `1h 2m 3s` style; sub-second uptimes show as `0s`. */
export function formatUptime(ms: number): string {
  let s = Math.floor(ms / 1000);
  const d = Math.floor(s / 86_400);
  s -= d * 86_400;
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  const parts: string[] = [];
  if (d > 0) parts.push(`${d}d`);
  if (h > 0 || d > 0) parts.push(`${h}h`);
  if (m > 0 || h > 0 || d > 0) parts.push(`${m}m`);
  parts.push(`${s}s`);
  return parts.join(' ');
}

/** Binary units like `ls -h`: `0 B`, `12.3 KiB`, `4.0 MiB`. */
export function formatBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return i === 0 ? `${n} B` : `${v.toFixed(1)} ${units[i] ?? ''}`;
}
