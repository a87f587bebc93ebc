// The durable log of one partition: a directory of segments named by base offset, appended to from the
// broker's event loop with synchronous writes (page cache; fsync only per flush.messages / flush.ms, on
// roll and on close), read back as whole stored batches, trimmed by retention, DeleteRecords and
// compaction. Layout and recovery follow Kafka's LogSegment/LocalLog (see RECORDS.md §4-6).
// Over 600 lines: append, read, roll, retention and recovery all move the same segment list and
// offsets under one set of invariants; segment files, indexes, scanning and compaction are their own modules.
import fs from 'node:fs';
import path from 'node:path';
import { crc32c } from '@node-rs/crc32';
import {
  ATTRIBUTES,
  BASE_OFFSET,
  BATCH_LENGTH,
  CRC,
  LAST_OFFSET_DELTA,
  LOG_OVERHEAD,
  MAGIC,
  MAX_TIMESTAMP,
  PARTITION_LEADER_EPOCH,
  RECORD_BATCH_OVERHEAD,
  TIMESTAMP_TYPE_BIT,
} from '../../protocol/records/batch-header.js';
import type { ValidatedBatch } from '../../protocol/records/validate.js';
import type { Clock, Timer } from '../../shared/clock.js';
import type { Logger } from '../../shared/logger.js';
import { readInt64, writeInt64 } from './batch-scan.js';
import { type CleanerSettings, type CleanerView, DEFAULT_CLEANER_SETTINGS, cleanPass, cleanedPathsOf, removeCleanedFiles } from './cleaner.js';
import type { CleanerStats } from './compactor.js';
import { type LogConfig, hasDeletePolicy } from './config.js';
import { CorruptRecordError, KafkaStorageError, LogClosedError, OffsetOutOfRangeError, RecordTooLargeError, isStorageFailure } from './errors.js';
import { writeFileAtomic } from '../fs/atomic.js';
import { type FilePool, sharedFilePool } from './file-pool.js';
import { LeaderEpochCache } from './leader-epoch.js';
import { findRecordByTimestamp, offsetOfMaxTimestamp } from './record-walk.js';
import { INDEX_SUFFIX, LOG_SUFFIX, LogSegment, TIME_INDEX_SUFFIX, segmentFileName } from './segment.js';

export const LOG_START_OFFSET_FILE = 'log-start-offset-checkpoint';
export const LEADER_EPOCH_FILE = 'leader-epoch-checkpoint';
export const CLEAN_SHUTDOWN_FILE = '.clean-shutdown';
/** Per partition here (Kafka keeps one per log dir): the offset below which the log is clean. */
export const CLEANER_CHECKPOINT_FILE = 'cleaner-offset-checkpoint';

const SEGMENT_FILE = /^(\d{20})\.(log|index|timeindex)$/;
const EMPTY = Buffer.alloc(0);

export interface AppendOptions {
  /**
   * Stamped into the batch and tracked for OffsetForLeaderEpoch. Defaults to the log's current
   * leader epoch (what every writer should stamp), so no writer needs to pass it.
   */
  leaderEpoch?: number;
  /**
   * Becomes the batch's maxTimestamp, with the LogAppendTime attribute bit and a recomputed CRC.
   * Defaults to the clock's now when message.timestamp.type is LogAppendTime; unset otherwise.
   * The decision is the log's: the produce path does not pass it.
   */
  logAppendTime?: number;
}

export interface AppendResult {
  baseOffset: number;
  lastOffset: number;
  /** The stamped append time (Produce response logAppendTime), or -1 for CreateTime. */
  logAppendTime: number;
}

export interface ReadResult {
  /** The offset is below the log start or above the log end: answer OFFSET_OUT_OF_RANGE. */
  outOfRange: boolean;
  /** Whole stored batches, the first one containing the requested offset. Empty at the log end. */
  records: Buffer;
  logStartOffset: number;
  logEndOffset: number;
}

export interface TimestampAndOffset {
  offset: number;
  timestamp: number;
  /** Leader epoch of the batch holding the record, -1 when unknown. */
  leaderEpoch: number;
}

export interface PartitionLogOptions {
  /** Receives recovery warnings (truncated tails, rebuilt indexes) and background fsync failures. */
  logger?: Logger;
  /** Where the segment and index descriptors are held; default the process's pool (file-pool.ts). */
  files?: FilePool;
  /** The broker's disk switch: while `full`, appends fail as on a full disk (fault injection). */
  disk?: VirtualDisk;
}

/** Lets a test make every append of a broker's logs fail with KAFKA_STORAGE_ERROR (ENOSPC). */
export interface VirtualDisk {
  full: boolean;
}

export interface OpenReport {
  /** Bytes cut from torn or corrupt segment tails. */
  truncatedBytes: number;
  /** Segments whose indexes were rebuilt from the .log. */
  rebuiltIndexes: number;
  cleanShutdown: boolean;
}

/**
 * The checkpointed log start offset, 0 when missing or not a whole "<offset>\n" (a torn file could
 * read as a prefix of its digits); the first segment's base offset then bounds it from below.
 */
function readLogStartCheckpoint(file: string): number {
  try {
    const m = /^(\d+)\n$/.exec(fs.readFileSync(file, 'utf8'));
    const n = m === null ? 0 : Number(m[1]);
    return Number.isSafeInteger(n) ? n : 0;
  } catch {
    return 0;
  }
}

function readCleanerCheckpoint(file: string): number {
  try {
    const n = Number(fs.readFileSync(file, 'utf8').trim());
    return Number.isSafeInteger(n) && n >= 0 ? n : -1;
  } catch {
    return -1;
  }
}

/** The error a write to a full disk fails with (what isStorageFailure recognizes). */
function virtualDiskFull(dir: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`ENOSPC: no space left on device (virtual disk full), write '${dir}'`), { code: 'ENOSPC', errno: -28, syscall: 'write', path: dir });
}

export class PartitionLog {
  readonly dir: string;
  private cfg: LogConfig;
  private readonly clock: Clock;
  private segments: LogSegment[] = [];
  private startOffset = 0;
  private readonly epochs: LeaderEpochCache;
  private unflushedMessages = 0;
  private flushTimer: Timer | null = null;
  private closed = false;
  /** The cleaner's first dirty offset (Kafka's cleaner-offset-checkpoint), -1 when never cleaned; read lazily. */
  private cleanerCheckpoint: number | null = null;
  private readonly logger: Logger | undefined;
  private readonly pool: FilePool;
  private disk: VirtualDisk | undefined;
  /** Parked fetches reading this log: woken by the next append (or a broker-wide notice). */
  private readonly appendWaiters = new Set<() => void>();
  /** When the current run of failed appends began (disk full), null while appends work. */
  private failing: number | null = null;
  /** What recovery found when the log was opened. */
  readonly openReport: OpenReport;

  private constructor(dir: string, config: LogConfig, clock: Clock, logger: Logger | undefined, pool: FilePool) {
    this.dir = dir;
    this.logger = logger;
    this.pool = pool;
    this.cfg = { ...config };
    this.clock = clock;
    this.epochs = new LeaderEpochCache(path.join(dir, LEADER_EPOCH_FILE));
    this.openReport = { truncatedBytes: 0, rebuiltIndexes: 0, cleanShutdown: false };
  }

  /** Opens (creating if needed) the partition directory `dir` and recovers it. */
  static open(dir: string, config: LogConfig, clock: Clock, opts: PartitionLogOptions = {}): PartitionLog {
    fs.mkdirSync(dir, { recursive: true });
    const log = new PartitionLog(dir, config, clock, opts.logger, opts.files ?? sharedFilePool());
    log.disk = opts.disk;
    try {
      log.load();
    } catch (err) {
      // Nothing half open: give back the descriptors of the segments opened so far.
      for (const seg of log.segments) seg.close();
      log.closed = true;
      throw err;
    }
    return log;
  }

  private load(): void {
    const markerPath = path.join(this.dir, CLEAN_SHUTDOWN_FILE);
    const clean = fs.existsSync(markerPath);
    // From here on a crash must count as unclean.
    fs.rmSync(markerPath, { force: true });
    this.openReport.cleanShutdown = clean;

    const bases = new Set<number>();
    const files = this.pool.retrying(() => fs.readdirSync(this.dir));
    for (const name of files) {
      if (name.endsWith('.tmp') || name.endsWith('.cleaned') || name.endsWith('.swap') || name.endsWith('.deleted')) {
        // Leftovers of an interrupted atomic write or compaction: the originals are intact.
        fs.rmSync(path.join(this.dir, name), { force: true });
        continue;
      }
      const m = SEGMENT_FILE.exec(name);
      if (m?.[2] === 'log') bases.add(Number(m[1]));
    }
    for (const name of files) {
      const m = SEGMENT_FILE.exec(name);
      if (m !== null && m[2] !== 'log' && !bases.has(Number(m[1]))) fs.rmSync(path.join(this.dir, name), { force: true });
    }
    const sorted = [...bases].sort((a, b) => a - b);
    const checkpoint = readLogStartCheckpoint(path.join(this.dir, LOG_START_OFFSET_FILE));
    const epochCheckpoint = this.epochs.load();
    const recoveredEpochs: [number, number][] = [];

    const now = this.clock.now();
    let minBase = 0;
    for (let i = 0; i < sorted.length; i++) {
      const base = sorted[i] as number;
      const last = i === sorted.length - 1;
      const opts = { active: last, cleanShutdown: clean, indexIntervalBytes: this.cfg.indexIntervalBytes, minBaseOffset: minBase, now };
      let { segment, recovery } = LogSegment.open(this.dir, base, opts, this.pool);
      if (recovery.truncatedBytes > 0) {
        this.openReport.truncatedBytes += recovery.truncatedBytes;
        this.logger?.warn(`Truncated ${recovery.truncatedBytes} invalid bytes (${recovery.reason ?? 'invalid batch'}) at the end of ${segment.logPath} during recovery`);
      }
      if (recovery.truncatedBytes > 0 && !last) {
        // Unflushed pages of a closed segment were lost (power failure): what follows no longer
        // continues it, so drop the later segments and keep appending here, as Kafka does.
        const later = sorted.slice(i + 1);
        this.logger?.warn(`Deleting ${later.length} segment(s) after the truncated ${segment.logPath}`);
        for (const b of later) {
          for (const suffix of [LOG_SUFFIX, INDEX_SUFFIX, TIME_INDEX_SUFFIX]) fs.rmSync(path.join(this.dir, segmentFileName(b, suffix)), { force: true });
        }
        sorted.length = i + 1;
        segment.close();
        ({ segment, recovery } = LogSegment.open(this.dir, base, { ...opts, active: true }, this.pool));
      }
      if (recovery.indexesRebuilt) this.openReport.rebuiltIndexes++;
      recoveredEpochs.push(...recovery.epochs);
      this.segments.push(segment);
      minBase = segment.nextOffset;
    }

    this.recoverEpochs(epochCheckpoint, recoveredEpochs);
    if (this.segments.length === 0) this.segments.push(LogSegment.create(this.dir, checkpoint, this.pool));
    this.startOffset = Math.max(checkpoint, this.first().baseOffset);
    if (this.startOffset > this.logEndOffset) {
      // Everything below the checkpointed start is gone; restart the log there so offsets never repeat.
      for (const seg of this.segments) seg.deleteFiles();
      this.segments = [LogSegment.create(this.dir, this.startOffset, this.pool)];
    }
    this.epochs.truncateFromEnd(this.logEndOffset);
    this.epochs.truncateFromStart(this.startOffset);
    this.deleteSegmentsBelowStart();
  }

  /**
   * Epochs newer than the checkpoint's, seen in the batches recovery read, are added. A damaged or
   * missing checkpoint of a log that holds data is rebuilt from every batch header (recovery reads only
   * the tails), so OffsetForLeaderEpoch answers what the log says.
   */
  private recoverEpochs(state: 'ok' | 'missing' | 'damaged', recovered: [number, number][]): void {
    let changed = false;
    if (state !== 'ok' && this.segments.some((s) => s.size > 0)) {
      for (const seg of this.segments) {
        seg.forEachBatch(0, (info) => {
          if (this.epochs.extend(info.leaderEpoch, info.baseOffset)) changed = true;
        });
      }
      this.logger?.warn(`Rebuilt the ${state} ${this.epochs.path} from the log: ${this.epochs.all().length} epoch(s)`);
    } else {
      for (const [epoch, offset] of recovered) if (this.epochs.extend(epoch, offset)) changed = true;
    }
    if (changed && !this.epochs.checkpoint()) this.logger?.warn(`Could not write ${this.epochs.path}; it is rebuilt on the next open`);
  }

  private first(): LogSegment {
    return this.segments[0] as LogSegment;
  }

  private active(): LogSegment {
    return this.segments[this.segments.length - 1] as LogSegment;
  }

  private ensureOpen(): void {
    if (this.closed) throw new LogClosedError(`log ${this.dir} is closed`);
  }

  get config(): Readonly<LogConfig> {
    return this.cfg;
  }

  get logStartOffset(): number {
    return this.startOffset;
  }

  /** Next offset to be assigned. On a single node this is also the high watermark. */
  get logEndOffset(): number {
    return this.active().nextOffset;
  }

  get highWatermark(): number {
    return this.logEndOffset;
  }

  sizeInBytes(): number {
    let total = 0;
    for (const seg of this.segments) total += seg.size;
    return total;
  }

  segmentCount(): number {
    return this.segments.length;
  }

  /** Base offsets of the segments, oldest first. */
  segmentBaseOffsets(): number[] {
    return this.segments.map((s) => s.baseOffset);
  }

  updateConfig(partial: Partial<LogConfig>): void {
    this.cfg = { ...this.cfg, ...partial };
    if (partial.flushMs !== undefined) {
      this.cancelFlushTimer();
      this.armFlushTimer();
    }
  }

  /**
   * The one way to append, for every writer (produce, markers, coordinator records): one v2 batch
   * (validated by the caller), assigned offsets from the log end. The buffer is stamped in place
   * (baseOffset, the leader epoch, and for LogAppendTime the timestamp, attribute bit and CRC), so the
   * caller's slice then holds the stored bytes; then the fetches parked on this log are woken.
   */
  append(input: Buffer | ValidatedBatch, opts: AppendOptions = {}): AppendResult {
    this.ensureOpen();
    const batch = Buffer.isBuffer(input) ? input : input.batch;
    const size = batch.length;
    // A produced batch comes validated (protocol/records/validate.ts, against this log's
    // max.message.bytes): only internal writers' batches are checked here.
    if (Buffer.isBuffer(input)) this.checkInternalBatch(batch);
    const lastOffsetDelta = batch.readInt32BE(LAST_OFFSET_DELTA);
    if (size > this.cfg.segmentBytes) {
      throw new RecordTooLargeError(`batch of ${size} bytes exceeds segment.bytes ${this.cfg.segmentBytes}`);
    }

    const baseOffset = this.logEndOffset;
    const lastOffset = baseOffset + lastOffsetDelta;
    writeInt64(batch, baseOffset, BASE_OFFSET);
    const leaderEpoch = opts.leaderEpoch ?? this.leaderEpoch;
    batch.writeInt32BE(leaderEpoch, PARTITION_LEADER_EPOCH);
    const now = this.clock.now();
    const logAppendTime = opts.logAppendTime ?? (this.cfg.messageTimestampType === 'LogAppendTime' ? now : undefined);
    if (logAppendTime !== undefined) {
      batch.writeInt16BE(batch.readInt16BE(ATTRIBUTES) | TIMESTAMP_TYPE_BIT, ATTRIBUTES);
      writeInt64(batch, logAppendTime, MAX_TIMESTAMP);
      batch.writeUInt32BE(crc32c(batch.subarray(ATTRIBUTES)), CRC);
    }
    const maxTimestamp = readInt64(batch, MAX_TIMESTAMP);

    try {
      // Each step either completes or leaves the log as it was, so a failed write (disk full) fails
      // this append alone and the next one simply tries again. The epoch goes first, as in Kafka: a
      // checkpoint naming an offset not yet written is cut back to the log end on open.
      // A virtually full disk fails here exactly as the real one does (the same error, the same path).
      if (this.disk?.full === true) throw virtualDiskFull(this.dir);
      if (leaderEpoch > (this.epochs.latest()?.epoch ?? -1)) this.epochs.assign(leaderEpoch, baseOffset);
      this.maybeRoll(size, lastOffset, now);
      this.active().append(batch, { lastOffset, maxTimestamp }, this.cfg.indexIntervalBytes, now);
    } catch (err) {
      throw this.storageError(err);
    }
    if (this.failing !== null) {
      this.logger?.info(`Appends to ${this.dir} work again (they failed since ${new Date(this.failing).toISOString()})`);
      this.failing = null;
    }

    this.unflushedMessages += lastOffsetDelta + 1;
    if (this.unflushedMessages >= this.cfg.flushIntervalMessages) {
      try {
        this.flush();
      } catch (err) {
        // Written but not synced as flush.messages asks: not acknowledged (Kafka fails the append too).
        throw this.storageError(err);
      }
    } else this.armFlushTimer();
    if (this.appendWaiters.size > 0) this.wakeAppendWaiters();
    return { baseOffset, lastOffset, logAppendTime: logAppendTime ?? -1 };
  }

  /**
   * An operating-system error of a write becomes KAFKA_STORAGE_ERROR with Kafka's wording; the first
   * of a run is logged (a producer retrying against a full disk would repeat it every time).
   */
  private storageError(err: unknown): unknown {
    if (!isStorageFailure(err)) return err;
    const message = `Error while appending records to ${path.basename(this.dir)} in dir ${path.dirname(this.dir)}`;
    if (this.failing === null) {
      this.failing = this.clock.now();
      this.logger?.error(`${message}: ${(err as Error).message}; appends fail with KAFKA_STORAGE_ERROR until one succeeds, reads go on`);
    }
    return new KafkaStorageError(message, err);
  }

  private checkInternalBatch(batch: Buffer): void {
    const size = batch.length;
    if (size < RECORD_BATCH_OVERHEAD || LOG_OVERHEAD + batch.readInt32BE(BATCH_LENGTH) !== size || batch.readInt8(MAGIC) !== 2) {
      throw new CorruptRecordError('append expects exactly one whole v2 record batch');
    }
    const lastOffsetDelta = batch.readInt32BE(LAST_OFFSET_DELTA);
    if (lastOffsetDelta < 0) throw new CorruptRecordError(`invalid lastOffsetDelta ${lastOffsetDelta}`);
    if (size > this.cfg.maxMessageBytes) {
      throw new RecordTooLargeError(`batch of ${size} bytes exceeds max.message.bytes ${this.cfg.maxMessageBytes}`);
    }
  }

  /**
   * The epoch appends stamp: the latest one assigned, never going backwards. A single node is
   * leader of every partition from epoch 0.
   */
  get leaderEpoch(): number {
    return Math.max(0, this.epochs.latest()?.epoch ?? 0);
  }

  /** Calls `wake` on the next append (once); the returned function cancels that. */
  onNextAppend(wake: () => void): () => void {
    this.appendWaiters.add(wake);
    return () => this.appendWaiters.delete(wake);
  }

  /** Wakes (and forgets) every fetch parked on this log; each re-checks what it reads. */
  wakeAppendWaiters(): void {
    const due = [...this.appendWaiters];
    this.appendWaiters.clear();
    for (const wake of due) wake();
  }

  private maybeRoll(batchSize: number, lastOffset: number, now: number): void {
    const seg = this.active();
    if (seg.size === 0) return;
    const full = seg.size + batchSize > this.cfg.segmentBytes;
    const old = seg.rollStartMs !== null && now - seg.rollStartMs > this.cfg.segmentMs;
    if (full || old || !seg.canHoldOffset(lastOffset)) this.roll();
  }

  /**
   * Starts a new active segment at the log end (no-op when the active one is empty). The new files
   * come first: when they cannot be made (disk full) the old segment stays active and unchanged.
   */
  roll(): void {
    this.ensureOpen();
    const seg = this.active();
    if (seg.size === 0) return;
    seg.trimTornTail();
    const next = LogSegment.create(this.dir, seg.nextOffset, this.pool);
    seg.seal((err) => this.logger?.error(`Background fsync of rolled segment ${seg.logPath} failed: ${err.message}`));
    this.segments.push(next);
  }

  private armFlushTimer(): void {
    if (this.flushTimer !== null || this.unflushedMessages === 0 || this.cfg.flushMs >= Number.MAX_SAFE_INTEGER) return;
    this.flushTimer = this.clock.setTimeout(() => {
      this.flushTimer = null;
      if (!this.closed) this.flush();
    }, this.cfg.flushMs);
    this.flushTimer.unref();
  }

  private cancelFlushTimer(): void {
    if (this.flushTimer !== null) {
      this.clock.clearTimeout(this.flushTimer);
      this.flushTimer = null;
    }
  }

  /** fsyncs the active segment (closed segments were synced when they rolled). */
  flush(): void {
    this.ensureOpen();
    this.cancelFlushTimer();
    this.active().sync();
    this.unflushedMessages = 0;
  }

  private segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let found = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.segments[mid] as LogSegment).baseOffset <= offset) {
        found = mid;
        lo = mid + 1;
      } else {
        hi = mid - 1;
      }
    }
    return found;
  }

  /**
   * Whole batches starting with the one that contains `offset`, from a single segment, up to
   * `maxBytes` (but always the first batch when `minOneBatch`, as KIP-74 requires).
   */
  read(offset: number, maxBytes: number, minOneBatch = true, lease?: (n: number) => Buffer | undefined): ReadResult {
    this.ensureOpen();
    const logStartOffset = this.startOffset;
    const logEndOffset = this.logEndOffset;
    const result = (records: Buffer, outOfRange = false): ReadResult => ({ outOfRange, records, logStartOffset, logEndOffset });
    if (offset < logStartOffset || offset > logEndOffset) return result(EMPTY, true);
    if (offset === logEndOffset) return result(EMPTY);
    for (let i = this.segmentIndexFor(offset); i < this.segments.length; i++) {
      const seg = this.segments[i] as LogSegment;
      const first = seg.findBatch(offset);
      if (first === null) continue; // offset fell in a gap left by compaction
      const limit = minOneBatch ? Math.max(maxBytes, first.size) : maxBytes;
      if (limit < first.size) return result(EMPTY);
      const n = Math.min(limit, seg.size - first.position);
      const buf = seg.read(first.position, n, lease?.(n));
      return result(buf.subarray(0, wholeBatchesLength(buf)));
    }
    return result(EMPTY);
  }

  /**
   * ListOffsets by timestamp: the first record at or after the log start whose timestamp is >= `ts`,
   * or null when there is none.
   */
  offsetForTimestamp(ts: number): TimestampAndOffset | null {
    this.ensureOpen();
    const minOffset = this.startOffset;
    for (const seg of this.segments) {
      if (seg.maxTimestamp < ts || seg.nextOffset <= minOffset) continue;
      const from = Math.max(seg.timeIndex.lookup(ts), minOffset);
      let found: TimestampAndOffset | null = null;
      seg.forEachBatch(seg.offsetIndex.lookup(from), (info) => {
        if (info.maxTimestamp < ts || info.lastOffset < minOffset) return true;
        const batch = seg.read(info.position, info.size);
        const hit = findRecordByTimestamp(batch, ts, minOffset, info.lastOffset);
        if (hit === null) return true;
        found = { offset: hit.offset, timestamp: hit.timestamp, leaderEpoch: Math.max(info.leaderEpoch, -1) };
        return false;
      });
      if (found !== null) return found;
    }
    return null;
  }

  /** ListOffsets -3: the record with the largest timestamp (the first such), or null when empty. */
  maxTimestampOffset(): TimestampAndOffset | null {
    this.ensureOpen();
    if (this.logEndOffset === this.startOffset) return null;
    let best: LogSegment | undefined;
    for (const seg of this.segments) {
      if (seg.size > 0 && (best === undefined || seg.maxTimestamp > best.maxTimestamp)) best = seg;
    }
    if (best === undefined) return null;
    const seg = best;
    let found: TimestampAndOffset | null = null;
    seg.forEachBatch(seg.offsetIndex.lookup(seg.offsetOfMaxTimestamp), (info) => {
      if (info.maxTimestamp !== seg.maxTimestamp) return true;
      const batch = seg.read(info.position, info.size);
      found = { offset: offsetOfMaxTimestamp(batch, info.lastOffset), timestamp: info.maxTimestamp, leaderEpoch: Math.max(info.leaderEpoch, -1) };
      return false;
    });
    return found;
  }

  /**
   * ListOffsets v0 (Kafka's legacyFetchOffsetsBefore): candidate offsets are each segment's base
   * offset (at least the log start) stamped with the segment file's mtime, plus the log end stamped
   * `now` when the active segment holds data. -1 starts from the newest, -2 from the oldest, any
   * other timestamp from the newest candidate stamped at or before it; up to `maxNumOffsets` of them
   * walking back, newest first.
   */
  legacyOffsetsBefore(timestamp: bigint, maxNumOffsets: number, now: number): number[] {
    this.ensureOpen();
    const candidates = this.segments.map((s) => ({ offset: Math.max(s.baseOffset, this.startOffset), time: fs.statSync(s.logPath).mtimeMs }));
    if (this.active().size > 0) candidates.push({ offset: this.logEndOffset, time: now });
    let start: number;
    if (timestamp === -1n) start = candidates.length - 1;
    else if (timestamp === -2n) start = 0;
    else {
      start = candidates.length - 1;
      while (start >= 0 && (candidates[start] as { time: number }).time > Number(timestamp)) start--;
    }
    const out: number[] = [];
    for (let i = start; i >= 0 && out.length < maxNumOffsets; i--) out.push((candidates[i] as { offset: number }).offset);
    return out.sort((a, b) => b - a);
  }

  /** Records that `epoch` starts at the current log end (call on becoming leader). */
  assignLeaderEpoch(epoch: number): void {
    this.ensureOpen();
    if (epoch > (this.epochs.latest()?.epoch ?? -1)) this.epochs.assign(epoch, this.logEndOffset);
  }

  latestLeaderEpoch(): number {
    return this.epochs.latest()?.epoch ?? -1;
  }

  /** OffsetForLeaderEpoch: the largest epoch <= `epoch` and where it ends; (-1, -1) when unknown. */
  endOffsetForEpoch(epoch: number): { epoch: number; endOffset: number } {
    this.ensureOpen();
    return this.epochs.endOffsetFor(epoch, this.logEndOffset);
  }

  /**
   * DeleteRecords: raises the log start offset to `offset` (persisted; -1 means the high watermark)
   * and deletes segments wholly below it. Returns the resulting log start offset. Throws
   * OffsetOutOfRangeError beyond the log end.
   */
  deleteRecordsBefore(requested: number): number {
    this.ensureOpen();
    const offset = requested === -1 ? this.highWatermark : requested;
    if (offset > this.logEndOffset || offset < 0) {
      throw new OffsetOutOfRangeError(`cannot delete records before ${offset}: log end offset is ${this.logEndOffset}`);
    }
    if (offset > this.startOffset) {
      this.setLogStartOffset(offset);
      this.deleteSegmentsBelowStart();
    }
    return this.startOffset;
  }

  /**
   * Raises the log start offset, checkpointed first. When the first remaining segment starts at
   * `offset` (`derivable`), the checkpoint is only a hint, since opening the log takes the first
   * segment's base: retention then still deletes on a full disk, which is how it frees space.
   */
  private setLogStartOffset(offset: number, derivable = false): void {
    try {
      writeFileAtomic(path.join(this.dir, LOG_START_OFFSET_FILE), `${offset}\n`);
    } catch (err) {
      if (!derivable) {
        if (!isStorageFailure(err)) throw err;
        throw new KafkaStorageError(`Error while deleting records before ${offset} in ${path.basename(this.dir)} in dir ${path.dirname(this.dir)}`, err);
      }
      this.logger?.warn(`Could not checkpoint log start offset ${offset} of ${this.dir}: ${(err as Error).message}`);
    }
    this.startOffset = offset;
    this.epochs.truncateFromStart(offset);
  }

  private deleteSegmentsBelowStart(): number {
    return this.deleteOldSegments((_seg, next) => next !== undefined && next.baseOffset <= this.startOffset);
  }

  /**
   * Deletes the longest prefix of segments matching `predicate`. The active segment counts only when
   * non-empty; it is rolled first so a fresh empty segment remains (Kafka deletes fully expired logs
   * the same way).
   */
  private deleteOldSegments(predicate: (seg: LogSegment, next: LogSegment | undefined) => boolean): number {
    let count = 0;
    while (count < this.segments.length) {
      const seg = this.segments[count] as LogSegment;
      const next = this.segments[count + 1];
      if (next === undefined && seg.size === 0) break;
      if (!predicate(seg, next)) break;
      count++;
    }
    if (count === 0) return 0;
    if (count === this.segments.length) this.roll();
    const doomed = this.segments.splice(0, count);
    const newStart = this.first().baseOffset;
    if (newStart > this.startOffset) this.setLogStartOffset(newStart, true);
    for (const seg of doomed) seg.deleteFiles();
    return count;
  }

  /**
   * Applies retention.ms / retention.bytes (when cleanup.policy includes delete) and drops segments
   * below the log start offset. Returns the number of segments deleted.
   */
  enforceRetention(now: number = this.clock.now()): number {
    this.ensureOpen();
    let deleted = this.deleteSegmentsBelowStart();
    if (!hasDeletePolicy(this.cfg.cleanupPolicy)) return deleted;
    const { retentionMs, retentionBytes } = this.cfg;
    if (retentionMs >= 0) {
      deleted += this.deleteOldSegments((seg) => now - seg.largestTimestamp() > retentionMs);
    }
    if (retentionBytes >= 0) {
      let excess = this.sizeInBytes() - retentionBytes;
      deleted += this.deleteOldSegments((seg) => {
        if (excess - seg.size < 0) return false;
        excess -= seg.size;
        return true;
      });
    }
    return deleted;
  }

  /**
   * One cleaning pass now, whatever the dirty ratio (tests and tools; the broker's LogCleaner picks
   * logs by ratio): keeps the latest record per key, drops keyless records, aborted transactional data
   * and expired tombstones; offsets never move. min.compaction.lag.ms and undecided transactions
   * still bound what is cleaned. Zero stats when nothing is cleanable.
   */
  async compact(now: number = this.clock.now(), settings: Readonly<CleanerSettings> = DEFAULT_CLEANER_SETTINGS): Promise<CleanerStats> {
    this.ensureOpen();
    const r = await cleanPass(this, { now, settings });
    return r === null ? { segmentsCleaned: 0, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0 } : { segmentsCleaned: r.segmentsCleaned, bytesBefore: r.bytesBefore, bytesAfter: r.bytesAfter, recordsRemoved: r.recordsRemoved };
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** The descriptor pool this log's files live in (the cleaner builds index files through it). */
  get files(): FilePool {
    return this.pool;
  }

  /** What the cleaner needs to know (cleaner.ts), as of now. */
  cleanerView(): CleanerView {
    this.cleanerCheckpoint ??= readCleanerCheckpoint(path.join(this.dir, CLEANER_CHECKPOINT_FILE));
    return {
      closed: this.segments.slice(0, -1),
      activeBase: this.active().baseOffset,
      logStartOffset: this.startOffset,
      logEndOffset: this.logEndOffset,
      checkpoint: this.cleanerCheckpoint === -1 ? null : this.cleanerCheckpoint,
    };
  }

  /** Persists the cleaner's first dirty offset, so a restart does not count the whole log dirty again. */
  checkpointCleaned(offset: number): void {
    if (this.closed) return;
    this.cleanerCheckpoint = offset;
    writeFileAtomic(path.join(this.dir, CLEANER_CHECKPOINT_FILE), `${offset}\n`);
  }

  /**
   * Swaps a closed segment's cleaned copy (cleaner.ts: <base>.log.cleaned, synced, with its
   * .index.cleaned and .timeindex.cleaned) in, synchronously, so no read sees half of it. Crash-safe:
   * the old indexes go first, then the .log is replaced by rename, then the new indexes are renamed
   * in; a crash in between leaves a whole old or new .log whose missing indexes recovery rebuilds, and
   * the leftover .cleaned files are deleted on open. An emptied segment is deleted unless it is the
   * first, which keeps the log start put. False (the copy discarded) when the segment is no longer in
   * the log (retention or DeleteRecords removed it meanwhile) or the log closed.
   */
  swapCleaned(seg: LogSegment, size: number, now: number): boolean {
    const index = this.segments.indexOf(seg);
    if (this.closed || index < 0 || index === this.segments.length - 1) {
      removeCleanedFiles(seg);
      return false;
    }
    if (size === 0 && index > 0) {
      this.segments.splice(index, 1);
      seg.deleteFiles();
      removeCleanedFiles(seg);
      return true;
    }
    const cleaned = cleanedPathsOf(seg);
    seg.close();
    fs.rmSync(seg.offsetIndex.path, { force: true });
    fs.rmSync(seg.timeIndex.path, { force: true });
    fs.renameSync(cleaned.log, seg.logPath);
    fs.renameSync(cleaned.index, seg.offsetIndex.path);
    fs.renameSync(cleaned.timeIndex, seg.timeIndex.path);
    const { segment } = LogSegment.open(this.dir, seg.baseOffset, {
      active: false,
      cleanShutdown: true,
      indexIntervalBytes: this.cfg.indexIntervalBytes,
      minBaseOffset: 0,
      now,
    }, this.pool);
    this.segments[index] = segment;
    return true;
  }

  /**
   * Flushes, closes files and marks the shutdown clean so the next open skips full recovery.
   * `sync: false` (a data dir about to be deleted) skips the fsync and so the marker too.
   */
  close(sync = true): void {
    if (this.closed) return;
    if (!sync) {
      this.abandon();
      return;
    }
    this.cancelFlushTimer();
    const seg = this.active();
    seg.timeIndex.maybeAppend(seg.maxTimestamp, seg.offsetOfMaxTimestamp);
    let clean = true;
    try {
      seg.sync();
    } catch (err) {
      clean = false;
      this.logger?.error(`Could not fsync ${seg.logPath} on close: ${(err as Error).message}`);
    }
    for (const s of this.segments) s.close();
    this.closed = true;
    if (!clean) return;
    try {
      fs.writeFileSync(path.join(this.dir, CLEAN_SHUTDOWN_FILE), '');
    } catch {
      // No room even for an empty file: the next open runs the full recovery of an unclean stop.
    }
  }

  /**
   * Closes the files without syncing, trimming or the clean-shutdown marker: what a killed process
   * leaves, so the next open runs the recovery of an unclean stop (an in-process crash, for tests).
   */
  abandon(): void {
    if (this.closed) return;
    this.cancelFlushTimer();
    for (const s of this.segments) s.abandon();
    this.closed = true;
  }

  /** Closes and removes the whole partition directory (DeleteTopics). */
  delete(): void {
    this.cancelFlushTimer();
    for (const s of this.segments) s.close();
    this.closed = true;
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Length of the prefix of `buf` made of whole batches. */
function wholeBatchesLength(buf: Buffer): number {
  let pos = 0;
  while (pos + LOG_OVERHEAD <= buf.length) {
    const size = LOG_OVERHEAD + buf.readInt32BE(pos + BATCH_LENGTH);
    if (size < RECORD_BATCH_OVERHEAD || pos + size > buf.length) break;
    pos += size;
  }
  return pos;
}
