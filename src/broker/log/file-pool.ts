// One process-wide pool of the file descriptors the partition logs hold (segment .log files and the
// .index/.timeindex append handles). A handle opens on first use and stays open while it is used; once
// more than `capacity` are open the least recently used ones that nobody is reading through right now
// (not pinned) are closed, and reopen transparently on their next use. Closing loses nothing: written
// bytes are in the page cache whichever descriptor wrote them, and fsync flushes the file through any
// descriptor. Kafka keeps every segment open and asks for a large `ulimit -n`; with 10,000 partitions
// that is 30,000+ descriptors, so here the cap (`log.max.open.files`, default half the process's
// limit) keeps the rest of the limit for sockets and short-lived files.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';

/** Errors that mean "no descriptor left" (this process's limit, or the system's). */
export function isFdExhaustion(err: unknown): boolean {
  const code = (err as NodeJS.ErrnoException | null)?.code;
  return code === 'EMFILE' || code === 'ENFILE';
}

/** The process's soft RLIMIT_NOFILE, or null when it cannot be read. */
export function processFdLimit(): number | null {
  try {
    const m = /^Max open files\s+(\d+|unlimited)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    if (m !== null) return m[1] === 'unlimited' ? null : Number(m[1]);
  } catch {
    // Not Linux: ask a shell, which inherits our limits.
  }
  try {
    const out = execFileSync('/bin/sh', ['-c', 'ulimit -n'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    const n = Number(out);
    return Number.isSafeInteger(n) && n > 0 ? n : null;
  } catch {
    return null;
  }
}

/** The smallest pool worth having: a few partitions' active segments and the files a scan reads. */
export const MIN_OPEN_FILES = 16;
/** Used when the process's limit is unknown or unlimited. */
const FALLBACK_OPEN_FILES = 4096;

/** Half the process's descriptor limit (at least MIN_OPEN_FILES). */
export function defaultMaxOpenFiles(limit: number | null = processFdLimit()): number {
  if (limit === null) return FALLBACK_OPEN_FILES;
  return Math.max(MIN_OPEN_FILES, Math.floor(limit / 2));
}

/** A file the pool may close behind its owner's back; `fd()` reopens it. */
export class PooledFile {
  readonly path: string;
  /** How it is opened again after the pool closed it (never truncating: 'r', 'r+' or 'a'). */
  reopenFlags: string;
  private readonly pool: FilePool;
  /** The open descriptor, or null while closed. */
  handle: number | null = null;
  /** Readers holding the descriptor across calls that may open other files: not closed meanwhile. */
  pins = 0;
  /** False once the owner closed it: `fd()` then refuses instead of reopening. */
  private live = true;

  constructor(pool: FilePool, filePath: string, reopenFlags: string) {
    this.pool = pool;
    this.path = filePath;
    this.reopenFlags = reopenFlags;
  }

  /** The open descriptor, opening it (`flags` the first time, when given) if the pool closed it. */
  fd(flags?: string): number {
    if (this.handle !== null) {
      this.pool.touch(this);
      return this.handle;
    }
    if (!this.live) throw new Error(`${this.path} is closed`);
    return this.pool.open(this, flags ?? this.reopenFlags);
  }

  /** Runs `fn` with the descriptor, which stays open (and the same number) until `fn` returns. */
  with<T>(fn: (fd: number) => T): T {
    const fd = this.fd();
    this.pins++;
    try {
      return fn(fd);
    } finally {
      this.pins--;
    }
  }

  /** Whether the owner closed it for good. */
  get closed(): boolean {
    return !this.live;
  }

  get isOpen(): boolean {
    return this.handle !== null;
  }

  /** Closes the descriptor now (if open); `fd()` may open it again. */
  release(): void {
    this.pool.close(this);
  }

  /** Closes it for good: the owner is done with the file. */
  close(): void {
    this.live = false;
    this.pool.close(this);
  }
}

export class FilePool {
  private cap: number;
  /** Open handles, least recently used first (a Map keeps insertion order). */
  private readonly lru = new Map<PooledFile, true>();
  /** The handle used last: using it again costs no reordering (the append path's common case). */
  private last: PooledFile | null = null;
  /** Descriptors the pool closed to stay under its cap or to recover from EMFILE (for metrics and tests). */
  evictions = 0;

  constructor(capacity: number) {
    this.cap = Math.max(1, capacity);
  }

  get capacity(): number {
    return this.cap;
  }

  /** Changes the cap, closing handles at once if there are now too many. */
  setCapacity(capacity: number): void {
    this.cap = Math.max(1, capacity);
    this.shrinkTo(this.cap);
  }

  /** Descriptors open through the pool. */
  get openCount(): number {
    return this.lru.size;
  }

  file(filePath: string, reopenFlags: string): PooledFile {
    return new PooledFile(this, filePath, reopenFlags);
  }

  touch(f: PooledFile): void {
    if (this.last === f) return;
    this.lru.delete(f);
    this.lru.set(f, true);
    this.last = f;
  }

  open(f: PooledFile, flags: string): number {
    this.shrinkTo(this.cap - 1);
    const fd = this.retrying(() => fs.openSync(f.path, flags));
    f.handle = fd;
    this.lru.set(f, true);
    this.last = f;
    return fd;
  }

  close(f: PooledFile): void {
    if (f.handle === null) return;
    const fd = f.handle;
    f.handle = null;
    this.lru.delete(f);
    if (this.last === f) this.last = null;
    fs.closeSync(fd);
  }

  /**
   * Runs `fn`; when it fails for want of a descriptor, closes the idle half of the pool and tries
   * once more. For the short-lived files the logs open next to the pooled ones (index rewrites,
   * checkpoints), so the pool, not they, gives way when the process runs short.
   */
  retrying<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      if (!isFdExhaustion(err) || this.lru.size === 0) throw err;
      this.shrinkTo(Math.floor(this.lru.size / 2));
      return fn();
    }
  }

  /** Closes least recently used unpinned handles until at most `target` remain open. */
  private shrinkTo(target: number): void {
    if (this.lru.size <= target) return;
    for (const f of this.lru.keys()) {
      if (this.lru.size <= target) break;
      if (f.pins > 0) continue;
      this.evictions++;
      this.close(f);
    }
  }
}

let shared: FilePool | null = null;

/** The process's pool: the descriptor limit is the process's, whichever broker (or test) opens logs. */
export function sharedFilePool(): FilePool {
  shared ??= new FilePool(defaultMaxOpenFiles());
  return shared;
}
