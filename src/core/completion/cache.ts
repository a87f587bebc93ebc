// Topic and group names for shell completion: from a per-cluster cache file while it is fresh,
// otherwise from the broker under a hard deadline. A completion that has to wait prints nothing
// rather than hold up the shell.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { writeFileAtomic } from '../../shared/atomic-file.js';

export const COMPLETION_KINDS = ['topics', 'groups'] as const;
export type CompletionKind = (typeof COMPLETION_KINDS)[number];

export const CACHE_TTL_MS = 30_000;
export const COMPLETION_DEADLINE_MS = 300;

/** `$XDG_CACHE_HOME/tkafka`, else `~/.cache/tkafka`. */
export function cacheDir(env: Readonly<Record<string, string | undefined>>): string {
  const xdg = env['XDG_CACHE_HOME'];
  const base = xdg !== undefined && xdg !== '' ? xdg : join(env['HOME'] ?? homedir(), '.cache');
  return join(base, 'tkafka');
}

export function cacheFile(dir: string, kind: CompletionKind, bootstrap: string): string {
  const id = createHash('sha256').update(bootstrap).digest('hex').slice(0, 16);
  return join(dir, `complete-${kind}-${id}.json`);
}

interface CacheEntry {
  time: number;
  bootstrap: string;
  names: string[];
}

/** The cached names if the entry is younger than `ttlMs`; null otherwise (missing, stale, unreadable). */
export function readCache(file: string, now: number, ttlMs = CACHE_TTL_MS): string[] | null {
  try {
    const entry = JSON.parse(readFileSync(file, 'utf8')) as Partial<CacheEntry>;
    if (typeof entry.time !== 'number' || !Array.isArray(entry.names)) return null;
    if (now - entry.time > ttlMs || entry.time > now) return null;
    return entry.names.filter((n): n is string => typeof n === 'string');
  } catch {
    return null;
  }
}

/** Best effort, atomically: a failure just means no cache next time. */
export function writeCache(file: string, bootstrap: string, names: readonly string[], now: number): void {
  try {
    const entry: CacheEntry = { time: now, bootstrap, names: [...names] };
    writeFileAtomic(file, JSON.stringify(entry), { sync: false, shared: true });
  } catch {
    // not worth failing a completion over
  }
}

/**
 * Runs `fetch` with `deadlineMs`: resolves to its names, or null when it fails or is too slow
 * (`onTimeout` then cancels it, e.g. closes the connection).
 */
export async function withDeadline(fetch: () => Promise<string[]>, deadlineMs: number, onTimeout: () => void): Promise<string[] | null> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<null>((resolve) => {
    timer = setTimeout(() => {
      onTimeout();
      resolve(null);
    }, deadlineMs);
  });
  try {
    return await Promise.race([fetch().catch(() => null), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
