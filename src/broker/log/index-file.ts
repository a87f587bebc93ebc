// Sparse offset and time indexes of one segment. Kept in memory (a few MiB for a full 1 GiB segment)
// and mirrored to plain append-only files in Kafka's entry layout. The files are never trusted blindly:
// recovery validates them and rebuilds them from the .log when anything looks wrong.
import fs from 'node:fs';
import { writeFileAtomic } from '../fs/atomic.js';
import type { FilePool, PooledFile } from './file-pool.js';

const INT32_MAX = 0x7fffffff;

function readWholeFile(path: string, pool: FilePool): Buffer | null {
  try {
    return pool.retrying(() => fs.readFileSync(path));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function writeFully(fd: number, buf: Buffer, position: number | null): void {
  let done = 0;
  while (done < buf.length) {
    done += fs.writeSync(fd, buf, done, buf.length - done, position === null ? null : position + done);
  }
}

abstract class IndexFile {
  readonly path: string;
  readonly baseOffset: number;
  protected readonly pool: FilePool;
  /** The append handle while the segment is active (opened by the pool on the first entry written). */
  private file: PooledFile | null = null;
  /**
   * An entry write failed (disk full): the file was removed, since a partial entry would misalign
   * every later one. Memory still holds every entry; the next entry rewrites the whole file.
   */
  private stale = false;

  constructor(path: string, baseOffset: number, pool: FilePool) {
    this.path = path;
    this.baseOffset = baseOffset;
    this.pool = pool;
  }

  abstract get entries(): number;
  protected abstract encode(from: number, to: number): Buffer;

  /** Makes entries go to the file too, one write each, through a pooled append handle. */
  openForAppend(): void {
    this.file ??= this.pool.file(this.path, 'a');
  }

  closeFile(): void {
    if (this.file !== null) {
      this.file.close();
      this.file = null;
    }
  }

  /** Whether the file lacks entries memory holds (a write failed and no rewrite has worked since). */
  get isStale(): boolean {
    return this.stale;
  }

  /**
   * Writes entry `index` to the file. Never throws: an index is rebuildable from the .log, so a
   * failed index write must not fail the append whose batch is already written.
   */
  protected writeEntry(index: number): void {
    if (this.file === null) return;
    if (this.stale) {
      this.persist();
      return;
    }
    try {
      writeFully(this.file.fd(), this.encode(index, index + 1), null);
    } catch {
      this.dropFile();
    }
  }

  /**
   * Rewrites the whole file from memory (after a rebuild or truncation, or to repair a failed entry
   * write). Returns false when that failed: the file is then removed, and opening the segment
   * rebuilds it from the .log.
   */
  persist(): boolean {
    const appending = this.file !== null;
    this.closeFile();
    let ok = true;
    try {
      this.pool.retrying(() => writeFileAtomic(this.path, this.encode(0, this.entries), false));
      this.stale = false;
    } catch {
      ok = false;
    }
    if (appending) this.openForAppend();
    if (!ok) this.dropFile();
    return ok;
  }

  /** Removes the file (which needs no free space) and marks it stale. */
  private dropFile(): void {
    const appending = this.file !== null;
    this.closeFile();
    this.stale = true;
    try {
      fs.rmSync(this.path, { force: true });
    } catch {
      // Left as it is: load() validates it against the .log and rebuilds what does not match.
    }
    if (appending) this.openForAppend();
  }

  deleteFile(): void {
    this.closeFile();
    fs.rmSync(this.path, { force: true });
  }

  sync(): void {
    if (this.file?.isOpen === true) fs.fsyncSync(this.file.fd());
  }
}

/** Entries: (last offset of a batch, file position of that batch). 8 bytes: relative offset, position. */
export class OffsetIndex extends IndexFile {
  private offsets: number[] = [];
  private positions: number[] = [];

  get entries(): number {
    return this.offsets.length;
  }

  lastEntry(): { offset: number; position: number } | undefined {
    const n = this.offsets.length;
    if (n === 0) return undefined;
    return { offset: this.offsets[n - 1] as number, position: this.positions[n - 1] as number };
  }

  /**
   * Loads and sanity-checks the file: whole entries, strictly increasing offsets and positions, all
   * positions inside the log. Returns false (index left empty) when missing or invalid.
   */
  load(logSize: number): boolean {
    this.offsets = [];
    this.positions = [];
    const buf = readWholeFile(this.path, this.pool);
    if (buf === null || buf.length % 8 !== 0) return false;
    let prevRel = -1;
    let prevPos = -1;
    for (let p = 0; p < buf.length; p += 8) {
      const rel = buf.readInt32BE(p);
      const pos = buf.readInt32BE(p + 4);
      if (rel <= prevRel || pos <= prevPos || pos >= logSize) {
        this.offsets = [];
        this.positions = [];
        return false;
      }
      this.offsets.push(this.baseOffset + rel);
      this.positions.push(pos);
      prevRel = rel;
      prevPos = pos;
    }
    return true;
  }

  reset(): void {
    this.offsets = [];
    this.positions = [];
  }

  append(offset: number, position: number, write = true): void {
    const n = this.offsets.length;
    if (n > 0 && (offset <= (this.offsets[n - 1] as number) || position <= (this.positions[n - 1] as number))) return;
    if (offset - this.baseOffset > INT32_MAX) return;
    this.offsets.push(offset);
    this.positions.push(position);
    if (write) this.writeEntry(n);
  }

  /** Position of the last indexed batch whose last offset is <= `offset` (0 when none). */
  lookup(offset: number): number {
    let lo = 0;
    let hi = this.offsets.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.offsets[mid] as number) <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? 0 : (this.positions[found] as number);
  }

  /** Drops entries at or beyond `position`; returns whether anything was dropped. */
  truncateToPosition(position: number): boolean {
    let n = this.positions.length;
    while (n > 0 && (this.positions[n - 1] as number) >= position) n--;
    if (n === this.positions.length) return false;
    this.offsets.length = n;
    this.positions.length = n;
    return true;
  }

  protected encode(from: number, to: number): Buffer {
    const buf = Buffer.allocUnsafe((to - from) * 8);
    for (let i = from; i < to; i++) {
      buf.writeInt32BE((this.offsets[i] as number) - this.baseOffset, (i - from) * 8);
      buf.writeInt32BE(this.positions[i] as number, (i - from) * 8 + 4);
    }
    return buf;
  }
}

/** Entries: (largest timestamp so far, offset where it was seen). 12 bytes: int64 ts, relative offset. */
export class TimeIndex extends IndexFile {
  private timestamps: number[] = [];
  private offsets: number[] = [];

  get entries(): number {
    return this.timestamps.length;
  }

  lastEntry(): { timestamp: number; offset: number } | undefined {
    const n = this.timestamps.length;
    if (n === 0) return undefined;
    return { timestamp: this.timestamps[n - 1] as number, offset: this.offsets[n - 1] as number };
  }

  /** Loads and checks: whole entries, strictly increasing timestamps, non-decreasing offsets below `nextOffset`. */
  load(nextOffset: number): boolean {
    this.reset();
    const buf = readWholeFile(this.path, this.pool);
    if (buf === null || buf.length % 12 !== 0) return false;
    let prevTs = -Infinity;
    let prevOff = -1;
    for (let p = 0; p < buf.length; p += 12) {
      const ts = Number(buf.readBigInt64BE(p));
      const off = this.baseOffset + buf.readInt32BE(p + 8);
      if (ts <= prevTs || off < prevOff || off < this.baseOffset || off >= nextOffset) {
        this.reset();
        return false;
      }
      this.timestamps.push(ts);
      this.offsets.push(off);
      prevTs = ts;
      prevOff = off;
    }
    return true;
  }

  reset(): void {
    this.timestamps = [];
    this.offsets = [];
  }

  /** Appends only when `timestamp` is larger than the last entry's (entries are a running max). */
  maybeAppend(timestamp: number, offset: number, write = true): void {
    const n = this.timestamps.length;
    if (timestamp < 0) return;
    if (n > 0 && (timestamp <= (this.timestamps[n - 1] as number) || offset < (this.offsets[n - 1] as number))) return;
    if (offset - this.baseOffset > INT32_MAX) return;
    this.timestamps.push(timestamp);
    this.offsets.push(offset);
    if (write) this.writeEntry(n);
  }

  /** Offset of the last entry with timestamp <= `timestamp` (the segment base when none). */
  lookup(timestamp: number): number {
    let lo = 0;
    let hi = this.timestamps.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.timestamps[mid] as number) <= timestamp) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found < 0 ? this.baseOffset : (this.offsets[found] as number);
  }

  /** Drops entries at or beyond `offset`; returns whether anything was dropped. */
  truncateToOffset(offset: number): boolean {
    let n = this.offsets.length;
    while (n > 0 && (this.offsets[n - 1] as number) >= offset) n--;
    if (n === this.offsets.length) return false;
    this.timestamps.length = n;
    this.offsets.length = n;
    return true;
  }

  protected encode(from: number, to: number): Buffer {
    const buf = Buffer.allocUnsafe((to - from) * 12);
    for (let i = from; i < to; i++) {
      buf.writeBigInt64BE(BigInt(this.timestamps[i] as number), (i - from) * 12);
      buf.writeInt32BE((this.offsets[i] as number) - this.baseOffset, (i - from) * 12 + 8);
    }
    return buf;
  }
}
