// One segment: <base>.log (batches back to back) with its sparse .index and .timeindex.
import fs from 'node:fs';
import path from 'node:path';
import { type BatchInfo, FileWindow, batchInfoAt, readAt, scanBatches } from './batch-scan.js';
import type { FilePool, PooledFile } from './file-pool.js';
import { OffsetIndex, TimeIndex } from './index-file.js';
import { RECORD_BATCH_OVERHEAD } from '../../protocol/records/batch-header.js';

export const LOG_SUFFIX = '.log';
export const INDEX_SUFFIX = '.index';
export const TIME_INDEX_SUFFIX = '.timeindex';

const INT32_MAX = 0x7fffffff;

export function segmentFileName(baseOffset: number, suffix: string): string {
  return String(baseOffset).padStart(20, '0') + suffix;
}

function writeFully(fd: number, buf: Buffer, position: number): void {
  let done = 0;
  while (done < buf.length) done += fs.writeSync(fd, buf, done, buf.length - done, position + done);
}

export interface SegmentOpenOptions {
  /** The last segment: opened writable and checked with CRCs. */
  active: boolean;
  /** The previous run closed the log cleanly, so the active segment's indexes can be trusted. */
  cleanShutdown: boolean;
  indexIntervalBytes: number;
  /** Batches must start at or above this offset. */
  minBaseOffset: number;
  now: number;
}

export interface SegmentRecovery {
  /** Bytes cut off the end of the .log (a torn or corrupt tail). */
  truncatedBytes: number;
  reason: string | null;
  indexesRebuilt: boolean;
  /** Leader epochs in the batches read during recovery, in order: [epoch, first offset]. */
  epochs: [number, number][];
}

export class LogSegment {
  readonly baseOffset: number;
  readonly logPath: string;
  readonly offsetIndex: OffsetIndex;
  readonly timeIndex: TimeIndex;
  /** Bytes in the .log. */
  size = 0;
  /** One past the last offset in the segment (= baseOffset when empty). */
  nextOffset: number;
  /** Largest batch maxTimestamp seen, -1 if none, and the last offset of that batch. */
  maxTimestamp = -1;
  offsetOfMaxTimestamp: number;
  /** When the segment took its first append, for segment.ms; null while empty. */
  rollStartMs: number | null = null;
  /** The .log's descriptor, held by the process's file pool: it may be closed while idle and reopens on use. */
  private readonly file: PooledFile;
  private writable = false;
  private bytesSinceIndexEntry = 0;
  /** A failed append could not cut its partial bytes off: the file is longer than `size` until it can. */
  private tornTail = false;

  private constructor(dir: string, baseOffset: number, pool: FilePool, writable: boolean) {
    this.baseOffset = baseOffset;
    this.nextOffset = baseOffset;
    this.offsetOfMaxTimestamp = baseOffset;
    this.writable = writable;
    this.logPath = path.join(dir, segmentFileName(baseOffset, LOG_SUFFIX));
    this.file = pool.file(this.logPath, writable ? 'r+' : 'r');
    this.offsetIndex = new OffsetIndex(path.join(dir, segmentFileName(baseOffset, INDEX_SUFFIX)), baseOffset, pool);
    this.timeIndex = new TimeIndex(path.join(dir, segmentFileName(baseOffset, TIME_INDEX_SUFFIX)), baseOffset, pool);
  }

  /** A new, empty, writable segment (replacing any stale files of the same name). */
  static create(dir: string, baseOffset: number, pool: FilePool): LogSegment {
    const seg = new LogSegment(dir, baseOffset, pool, true);
    try {
      seg.file.fd('w+');
      pool.retrying(() => fs.writeFileSync(seg.offsetIndex.path, Buffer.alloc(0)));
      pool.retrying(() => fs.writeFileSync(seg.timeIndex.path, Buffer.alloc(0)));
    } catch (err) {
      // Out of inodes or descriptors: leave no empty files behind (the log goes on in its old segment).
      try {
        seg.deleteFiles();
      } catch {
        // The original error is the one worth reporting; recovery drops orphan index files.
      }
      throw err;
    }
    seg.offsetIndex.openForAppend();
    seg.timeIndex.openForAppend();
    return seg;
  }

  /**
   * Opens an existing segment, validating its indexes against the .log and rebuilding them when they
   * are missing or wrong. The active segment is also checked batch by batch (headers and CRC) from
   * the last index entry, or from the start after an unclean shutdown, and cut at the first torn or
   * corrupt batch.
   */
  static open(dir: string, baseOffset: number, opts: SegmentOpenOptions, pool: FilePool): { segment: LogSegment; recovery: SegmentRecovery } {
    const seg = new LogSegment(dir, baseOffset, pool, opts.active);
    let recovery: SegmentRecovery;
    try {
      seg.size = fs.fstatSync(seg.file.fd()).size;
      recovery = seg.recover(opts);
      if (seg.size > 0) {
        const first = seg.readHeader(0);
        seg.rollStartMs = first !== null && first.maxTimestamp >= 0 && first.maxTimestamp <= opts.now ? first.maxTimestamp : opts.now;
      }
    } catch (err) {
      seg.close();
      throw err;
    }
    if (opts.active) {
      seg.offsetIndex.openForAppend();
      seg.timeIndex.openForAppend();
    }
    // Opened lazily: recovery is done with the file until a read or an append needs it again.
    seg.file.release();
    return { segment: seg, recovery };
  }

  private recover(opts: SegmentOpenOptions): SegmentRecovery {
    const minBase = Math.max(opts.minBaseOffset, this.baseOffset);
    const epochs: [number, number][] = [];
    const noteEpoch = (info: BatchInfo): void => {
      const last = epochs[epochs.length - 1];
      if (info.leaderEpoch >= 0 && (last === undefined || info.leaderEpoch > last[0])) epochs.push([info.leaderEpoch, info.baseOffset]);
    };
    let trusted = !(opts.active && !opts.cleanShutdown) && this.offsetIndex.load(this.size);
    let tail: { validEnd: number; stopReason: string | null } | null = null;
    if (trusted) {
      const last = this.offsetIndex.lastEntry();
      const from = last?.position ?? 0;
      let tailMax = -1;
      let tailMaxOffset = this.baseOffset;
      let first = true;
      tail = this.scan(

        from,
        this.size,
        { verifyCrc: opts.active, minBaseOffset: last === undefined ? minBase : 0 },
        (info) => {
          // The indexed batch must be exactly the one the entry names, or the index is stale.
          if (first && last !== undefined && info.lastOffset !== last.offset) {
            trusted = false;
            return false;
          }
          first = false;
          noteEpoch(info);
          if (info.maxTimestamp > tailMax) {
            tailMax = info.maxTimestamp;
            tailMaxOffset = info.lastOffset;
          }
          this.nextOffset = info.lastOffset + 1;
          return true;
        },
      );
      // A stop before the end may be a stale index rather than a torn tail: let a full scan decide.
      if ((first && last !== undefined) || tail.stopReason !== null) trusted = false;
      if (trusted) {
        this.bytesSinceIndexEntry = tail.validEnd - from;
        if (!this.timeIndex.load(this.nextOffset)) {
          trusted = false;
        } else {
          const te = this.timeIndex.lastEntry();
          if (te !== undefined) {
            this.maxTimestamp = te.timestamp;
            this.offsetOfMaxTimestamp = te.offset;
          }
          if (tailMax > this.maxTimestamp) {
            this.maxTimestamp = tailMax;
            this.offsetOfMaxTimestamp = tailMaxOffset;
          }
        }
      }
    }
    let rebuilt = false;
    if (!trusted) {
      epochs.length = 0;
      tail = this.rebuildIndexes(opts.active, minBase, opts.indexIntervalBytes, noteEpoch);
      rebuilt = true;
    }
    const result = tail as { validEnd: number; stopReason: string | null };
    let truncatedBytes = 0;
    if (result.validEnd < this.size) {
      truncatedBytes = this.size - result.validEnd;
      this.truncateFile(result.validEnd);
    }
    // A closed segment always ends with its largest timestamp in the time index (Kafka does the same),
    // which retention and timestamp lookups rely on.
    const before = this.timeIndex.entries;
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp, false);
    if (rebuilt || truncatedBytes > 0 || this.timeIndex.entries !== before) {
      this.offsetIndex.persist();
      this.timeIndex.persist();
    }
    return { truncatedBytes, reason: truncatedBytes > 0 ? result.stopReason : null, indexesRebuilt: rebuilt, epochs };
  }

  private rebuildIndexes(verifyCrc: boolean, minBase: number, interval: number, onBatch: (info: BatchInfo) => void): { validEnd: number; stopReason: string | null } {
    this.offsetIndex.reset();
    this.timeIndex.reset();
    this.nextOffset = this.baseOffset;
    this.maxTimestamp = -1;
    this.offsetOfMaxTimestamp = this.baseOffset;
    let lastEntryPos = 0;
    const res = this.scan(0, this.size, { verifyCrc, minBaseOffset: minBase, windowBytes: 1024 * 1024 }, (info) => {
      onBatch(info);
      if (info.maxTimestamp > this.maxTimestamp) {
        this.maxTimestamp = info.maxTimestamp;
        this.offsetOfMaxTimestamp = info.lastOffset;
      }
      if (info.position - lastEntryPos > interval) {
        this.offsetIndex.append(info.lastOffset, info.position, false);
        this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp, false);
        lastEntryPos = info.position;
      }
      this.nextOffset = info.lastOffset + 1;
    });
    this.bytesSinceIndexEntry = res.validEnd - lastEntryPos;
    return res;
  }

  private truncateFile(size: number): void {
    if (this.writable) {
      fs.ftruncateSync(this.file.fd(), size);
    } else {
      // A closed segment only gets here after a crash lost unflushed pages; cut it by name.
      fs.truncateSync(this.logPath, size);
    }
    this.size = size;
    this.offsetIndex.truncateToPosition(size);
    this.timeIndex.truncateToOffset(this.nextOffset);
  }

  /** scanBatches over this .log, its descriptor pinned open for the whole walk. */
  private scan(...args: Parameters<typeof scanBatches> extends [number, ...infer R] ? R : never): ReturnType<typeof scanBatches> {
    return this.file.with((fd) => scanBatches(fd, ...args));
  }

  /** Whether `lastOffset` still fits the 4-byte relative offsets of this segment's indexes. */
  canHoldOffset(lastOffset: number): boolean {
    return lastOffset - this.baseOffset <= INT32_MAX;
  }

  append(batch: Buffer, info: { lastOffset: number; maxTimestamp: number }, indexIntervalBytes: number, now: number): void {
    if (!this.writable) throw new Error(`segment ${this.baseOffset} is not the active segment`);
    const position = this.size;
    const fd = this.file.fd();
    // Bytes of an earlier failed append are still past the end: cut them first, or a shorter batch
    // written over them would leave their tail behind it.
    if (this.tornTail) this.trimTornTail();
    try {
      writeFully(fd, batch, position);
    } catch (err) {
      // Leave no partial batch behind (disk full mid-write): `size` is unchanged, so no reader sees it,
      // and the file is cut back so a restart finds whole batches only.
      this.tornTail = true;
      try {
        this.trimTornTail();
      } catch {
        // The original error is the one worth reporting; the next append or close cuts it.
      }
      throw err;
    }
    if (position === 0) this.rollStartMs = now;
    this.size += batch.length;
    this.nextOffset = info.lastOffset + 1;
    if (info.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = info.maxTimestamp;
      this.offsetOfMaxTimestamp = info.lastOffset;
    }
    if (this.bytesSinceIndexEntry > indexIntervalBytes) {
      this.offsetIndex.append(info.lastOffset, position);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
      this.bytesSinceIndexEntry = 0;
    }
    this.bytesSinceIndexEntry += batch.length;
  }

  /**
   * Cuts what a failed append left past `size` (no-op when nothing is). Throws when it still cannot:
   * the segment must not be sealed so, or recovery would see a torn closed segment.
   */
  trimTornTail(): void {
    if (!this.tornTail) return;
    fs.ftruncateSync(this.file.fd(), this.size);
    this.tornTail = false;
  }

  /**
   * Called when a newer segment takes over appends. The segment is fsynced in the background, as
   * Kafka does on roll: a synchronous fsync would stall the event loop while the kernel writes back
   * up to a whole segment.
   */
  seal(onSyncError: (err: Error) => void): void {
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp);
    // An index that missed entries (disk full) is written whole now, or left for recovery to rebuild.
    if (this.offsetIndex.isStale) this.offsetIndex.persist();
    if (this.timeIndex.isStale) this.timeIndex.persist();
    this.offsetIndex.closeFile();
    this.timeIndex.closeFile();
    this.writable = false;
    // Idle from now on: give the descriptor back (reopened read-only when a fetch needs it).
    this.file.release();
    this.file.reopenFlags = 'r';
    // A separate fd: fsync flushes the file, whichever descriptor asks, and this one cannot be
    // closed under the pending call by close() or deleteFiles().
    fs.open(this.logPath, 'r', (openErr, fd) => {
      if (openErr !== null) {
        if (openErr.code === 'ENOENT' || this.file.closed) return; // already deleted by retention: nothing left to sync
        // Out of descriptors for a moment: sync through the pool, which makes room.
        try {
          fs.fsyncSync(this.file.fd());
        } catch (err) {
          onSyncError(err as Error);
        }
        return;
      }
      fs.fsync(fd, (syncErr) => {
        fs.close(fd, () => undefined);
        if (syncErr !== null) onSyncError(syncErr);
      });
    });
  }

  /** fsyncs the .log; the active one is reopened for it if the pool closed it (its pages may still be dirty). */
  sync(): void {
    if (this.writable || this.file.isOpen) fs.fsyncSync(this.file.fd());
  }

  /** Header of the batch at `position`, or null past the end. */
  readHeader(position: number): BatchInfo | null {
    if (position + RECORD_BATCH_OVERHEAD > this.size) return null;
    const buf = readAt(this.file.fd(), position, RECORD_BATCH_OVERHEAD);
    return batchInfoAt(buf, 0, position);
  }

  /** The first batch whose last offset is >= `offset` (the batch containing it), or null if none. */
  findBatch(offset: number, startPosition = 0): BatchInfo | null {
    if (offset >= this.nextOffset) return null;
    return this.file.with((fd) => {
      const window = new FileWindow(fd, this.size, 16 * 1024);
      let pos = Math.max(startPosition, this.offsetIndex.lookup(offset));
      while (pos < this.size) {
        const head = window.view(pos, RECORD_BATCH_OVERHEAD);
        if (head === null) return null;
        const info = batchInfoAt(head.buf, head.at, pos);
        if (info.size < RECORD_BATCH_OVERHEAD) return null;
        if (info.lastOffset >= offset) return info;
        pos += info.size;
      }
      return null;
    });
  }

  /** Visits batch headers from `position` on until `fn` returns false. */
  forEachBatch(position: number, fn: (info: BatchInfo) => boolean | void): void {
    this.scan(position, this.size, { verifyCrc: false, minBaseOffset: 0 }, (info) => fn(info));
  }

  read(position: number, length: number, into?: Buffer): Buffer {
    const n = Math.min(length, this.size - position);
    const fd = this.file.fd();
    if (into === undefined || into.length < n) return readAt(fd, position, n);
    let done = 0;
    while (done < n) {
      const r = fs.readSync(fd, into, done, n - done, position + done);
      if (r === 0) break;
      done += r;
    }
    return into.subarray(0, done);
  }

  /** The largest record timestamp, or the file's mtime when no batch has one (what Kafka uses for retention.ms). */
  largestTimestamp(): number {
    if (this.maxTimestamp >= 0) return this.maxTimestamp;
    return fs.statSync(this.logPath).mtimeMs;
  }

  close(): void {
    // Best effort: whatever is left wrong here, opening the segment again repairs (CRC scan, index rebuild).
    try {
      this.trimTornTail();
    } catch {
      // Recovery cuts the torn batch instead (this is the active segment: it is scanned with CRCs).
    }
    if (this.offsetIndex.isStale) this.offsetIndex.persist();
    if (this.timeIndex.isStale) this.timeIndex.persist();
    this.offsetIndex.closeFile();
    this.timeIndex.closeFile();
    this.file.close();
  }

  /** Closes the descriptors and writes nothing (an in-process crash: what kill -9 leaves behind). */
  abandon(): void {
    this.offsetIndex.closeFile();
    this.timeIndex.closeFile();
    this.file.close();
  }

  deleteFiles(): void {
    this.offsetIndex.closeFile();
    this.timeIndex.closeFile();
    this.file.close();
    fs.rmSync(this.offsetIndex.path, { force: true });
    fs.rmSync(this.timeIndex.path, { force: true });
    fs.rmSync(this.logPath, { force: true });
  }
}
