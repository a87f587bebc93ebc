// The log cleaner (cleanup.policy=compact), after Kafka's LogCleaner/LogCleanerManager, run off the
// request path: the file work is spread over many event-loop turns (async reads and writes, CPU work
// in slices of at most SLICE_MS before yielding), so a large compacted topic never stalls the other
// clients. Only the swap of a cleaned segment into the live log is synchronous (PartitionLog
// .swapCleaned: a close, three renames and an index load), which makes it atomic for readers: every
// read of a log runs to completion within one turn.
//
// One pass over a log (Kafka's Cleaner.doClean): the dirty section starts at the log's cleaner
// checkpoint and ends before the first uncleanable offset (the active segment, segments younger than
// min.compaction.lag.ms, undecided transactions); its keys go into a bounded offset map
// (log.cleaner.dedupe.buffer.size), which may stop short of the section's end, then every closed
// segment below where the map stopped is rewritten next to itself as .cleaned and swapped in, and
// the checkpoint moves to that offset. A log too dirty for one map takes several passes.
import fsp, { type FileHandle } from 'node:fs/promises';
import fs from 'node:fs';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { RECORD_BATCH_OVERHEAD, TRANSACTIONAL_BIT } from '../../protocol/records/batch-header.js';
import { type BatchInfo, batchInfoAt } from './batch-scan.js';
import { type CleanerStats, type CleaningPlan, OffsetMap, TransactionPlanner, cleanBatch } from './compactor.js';
import { hasCompactPolicy, type LogConfig } from './config.js';
import type { FilePool } from './file-pool.js';
import { OffsetIndex, TimeIndex } from './index-file.js';
import type { LogSegment } from './segment.js';

/** Longest stretch of synchronous cleaner work between two yields to the event loop. */
export const SLICE_MS = 4;
const WINDOW_BYTES = 1024 * 1024;
const CLEANED_SUFFIX = '.cleaned';
/** A second name of a replaced segment's .log, unlinked off the event loop (deleted on open if left behind). */
export const DELETED_SUFFIX = '.deleted';

/** Broker-wide cleaner settings (log.cleaner.*). */
export interface CleanerSettings {
  /** log.cleaner.dedupe.buffer.size: bytes of offset map, 24 per key as in Kafka. */
  dedupeBufferSize: number;
  /** log.cleaner.io.buffer.load.factor. */
  loadFactor: number;
  /** log.cleaner.io.max.bytes.per.second: read plus written bytes; Infinity for no limit. */
  ioMaxBytesPerSecond: number;
}

export const DEFAULT_CLEANER_SETTINGS: Readonly<CleanerSettings> = Object.freeze({
  dedupeBufferSize: 128 * 1024 * 1024,
  loadFactor: 0.9,
  ioMaxBytesPerSecond: Infinity,
});

/** What a log shows the cleaner (PartitionLog implements it). */
export interface CleanableLog {
  readonly dir: string;
  readonly config: Readonly<LogConfig>;
  readonly isClosed: boolean;
  readonly files: FilePool;
  /** The closed segments (oldest first), the active segment's base, the log's bounds and cleaner checkpoint. */
  cleanerView(): CleanerView;
  /** Swaps the cleaned files of `seg` in (synchronously); false when the segment is gone meanwhile. */
  swapCleaned(seg: LogSegment, size: number, now: number): boolean;
  /** Records that everything below `offset` is clean (Kafka's cleaner-offset-checkpoint). */
  checkpointCleaned(offset: number): void;
}

export interface CleanerView {
  closed: readonly LogSegment[];
  activeBase: number;
  logStartOffset: number;
  logEndOffset: number;
  /** The checkpointed first dirty offset, or null when never cleaned. */
  checkpoint: number | null;
}

/** Kafka's LogToClean: the dirty range and whether it is worth (or due for) a clean. */
export interface CleanableRange {
  firstDirty: number;
  firstUncleanable: number;
  cleanBytes: number;
  cleanableBytes: number;
  /** cleanableBytes / (cleanBytes + cleanableBytes), 0 for an empty log. */
  ratio: number;
  /** A dirty record is older than max.compaction.lag.ms: clean whatever the ratio. */
  needCompactionNow: boolean;
}

/** Kafka's cleanableOffsets and maxCompactionDelay for one log. */
export function cleanableRange(view: CleanerView, cfg: Readonly<LogConfig>, now: number): CleanableRange {
  let firstDirty = view.checkpoint ?? view.logStartOffset;
  // A checkpoint below the log start (retention, DeleteRecords) or past its end is stale.
  if (firstDirty < view.logStartOffset || firstDirty > view.logEndOffset) firstDirty = view.logStartOffset;
  const dirty = view.closed.filter((s) => s.nextOffset > firstDirty);
  let firstUncleanable = view.activeBase;
  if (cfg.minCompactionLagMs > 0) {
    const young = dirty.find((s) => s.largestTimestamp() > now - cfg.minCompactionLagMs);
    if (young !== undefined) firstUncleanable = Math.min(firstUncleanable, young.baseOffset);
  }
  let cleanBytes = 0;
  let cleanableBytes = 0;
  for (const s of view.closed) {
    if (s.baseOffset < firstDirty) cleanBytes += s.size;
    if (s.nextOffset > firstDirty && s.baseOffset < firstUncleanable) cleanableBytes += s.size;
  }
  let needCompactionNow = false;
  if (cfg.maxCompactionLagMs < Number.MAX_SAFE_INTEGER) {
    // The first batch's timestamp of each dirty closed segment (Kafka's getFirstBatchTimestampForSegments).
    let earliest = Infinity;
    for (const s of dirty) {
      const ts = s.readHeader(0)?.maxTimestamp ?? -1;
      if (ts > 0 && ts < earliest) earliest = ts;
    }
    needCompactionNow = earliest < now - cfg.maxCompactionLagMs;
  }
  const total = cleanBytes + cleanableBytes;
  return { firstDirty, firstUncleanable, cleanBytes, cleanableBytes, ratio: total > 0 ? cleanableBytes / total : 0, needCompactionNow };
}

/** Whether the cleaner picks this log (Kafka: due by max lag with bytes to clean, or dirtier than the ratio). */
export function isCleanable(range: CleanableRange, cfg: Readonly<LogConfig>): boolean {
  return (range.needCompactionNow && range.cleanableBytes > 0) || range.ratio > cfg.minCleanableDirtyRatio;
}

/** Thrown inside a pass when the log closed or the cleaner stopped: the pass leaves no trace. */
export class CleaningAbortedError extends Error {}

/** Paces a pass: yields after SLICE_MS of synchronous work, throttles I/O, notices aborts. */
export class Pacer {
  private sliceStart = performance.now();
  private readonly t0 = performance.now();
  private bytes = 0;
  private readonly maxBytesPerSecond: number;
  private readonly aborted: () => boolean;
  /** Longest synchronous stretch seen (what the pass may have added to a request's latency). */
  maxSliceMs = 0;

  constructor(maxBytesPerSecond: number, aborted: () => boolean) {
    this.maxBytesPerSecond = maxBytesPerSecond;
    this.aborted = aborted;
  }

  /** Counts `bytes` of I/O; yields when the slice is used up or the throttle says wait. */
  async step(bytes = 0): Promise<void> {
    this.bytes += bytes;
    const now = performance.now();
    const ahead = Number.isFinite(this.maxBytesPerSecond) ? (this.bytes / this.maxBytesPerSecond) * 1000 - (now - this.t0) : 0;
    if (now - this.sliceStart < SLICE_MS && ahead <= 0) return;
    await this.io(ahead > 0 ? sleep(ahead) : nextTurn());
  }

  /** Awaits one of the pass's own asynchronous operations: the synchronous stretch ends there. */
  async io<T>(op: Promise<T>): Promise<T> {
    this.maxSliceMs = Math.max(this.maxSliceMs, performance.now() - this.sliceStart);
    const value = await op;
    this.sliceStart = performance.now();
    this.check();
    return value;
  }

  check(): void {
    if (this.aborted()) throw new CleaningAbortedError('cleaning aborted');
  }
}

interface StoredBatch {
  info: BatchInfo;
  /** The whole stored batch: a view into the read window, valid until the next batch is asked for. */
  batch: Buffer;
}

/**
 * The batches of a closed segment, read asynchronously in 1 MiB windows through a descriptor of its
 * own (so retention deleting the file meanwhile does not cut the read short). None when the segment
 * was deleted before the read began: its records are gone from the log, so from the pass too. One
 * window buffer is reused throughout (fresh megabytes per read would keep the GC busy).
 */
async function* batchesOf(log: CleanableLog, seg: LogSegment, pacer: Pacer): AsyncGenerator<StoredBatch> {
  let fh: FileHandle;
  try {
    fh = await pacer.io(fsp.open(seg.logPath, 'r'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT' && !log.cleanerView().closed.includes(seg)) return;
    throw err;
  }
  try {
    const end = seg.size;
    let win = Buffer.allocUnsafe(Math.min(WINDOW_BYTES, Math.max(end, 1)));
    let buf = win.subarray(0, 0);
    let bufStart = 0;
    const load = async (pos: number, n: number): Promise<void> => {
      const want = Math.min(Math.max(n, WINDOW_BYTES), end - pos);
      if (win.length < want) win = Buffer.allocUnsafe(want);
      let done = 0;
      while (done < want) {
        const { bytesRead } = await pacer.io(fh.read(win, done, want - done, pos + done));
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      buf = win.subarray(0, done);
      bufStart = pos;
      await pacer.step(done);
    };
    let pos = 0;
    while (pos + RECORD_BATCH_OVERHEAD <= end) {
      if (pos + RECORD_BATCH_OVERHEAD > bufStart + buf.length) await load(pos, RECORD_BATCH_OVERHEAD);
      let info = batchInfoAt(buf, pos - bufStart, pos);
      if (info.size < RECORD_BATCH_OVERHEAD || pos + info.size > end) throw new Error(`invalid batch at position ${pos} of ${seg.logPath}`);
      if (pos + info.size > bufStart + buf.length) {
        await load(pos, info.size);
        info = batchInfoAt(buf, 0, pos);
      }
      if (pos + info.size > bufStart + buf.length) throw new Error(`${seg.logPath} ends inside the batch at position ${pos}`);
      yield { info, batch: buf.subarray(pos - bufStart, pos - bufStart + info.size) };
      pos += info.size;
    }
  } finally {
    await fh.close();
  }
}

export function cleanedPathsOf(seg: LogSegment): { log: string; index: string; timeIndex: string } {
  return { log: seg.logPath + CLEANED_SUFFIX, index: seg.offsetIndex.path + CLEANED_SUFFIX, timeIndex: seg.timeIndex.path + CLEANED_SUFFIX };
}

export function removeCleanedFiles(seg: LogSegment): void {
  for (const p of Object.values(cleanedPathsOf(seg))) fs.rmSync(p, { force: true });
}

/**
 * Writes a segment's cleaned copy: <base>.log.cleaned (synced before it may replace the .log) and its
 * indexes (<base>.index.cleaned, .timeindex.cleaned), built as a rebuild from the .log would (same
 * entries every index.interval.bytes), so the swap loads them instead of scanning the new file.
 * Nothing is written while the segment comes out unchanged: the unchanged prefix is copied when the
 * first change shows up. Batches are copied into one reused 1 MiB output buffer.
 */
class CleanedSegmentWriter {
  private fh: FileHandle | null = null;
  private readonly paths: ReturnType<typeof cleanedPathsOf>;
  private readonly offsetIndex: OffsetIndex;
  private readonly timeIndex: TimeIndex;
  private readonly out = Buffer.allocUnsafe(WINDOW_BYTES);
  private outBytes = 0;
  /** Bytes in the output so far (written or buffered). */
  size = 0;
  private written = 0;
  private maxTimestamp = -1;
  private offsetOfMaxTimestamp: number;
  private lastEntryPos = 0;
  /** Headers of the kept batches while nothing changed yet (indexed when the copy starts). */
  private unchanged: BatchInfo[] = [];
  changed = false;
  private readonly seg: LogSegment;
  private readonly indexIntervalBytes: number;
  private readonly pacer: Pacer;

  constructor(seg: LogSegment, indexIntervalBytes: number, pool: FilePool, pacer: Pacer) {
    this.seg = seg;
    this.indexIntervalBytes = indexIntervalBytes;
    this.pacer = pacer;
    this.paths = cleanedPathsOf(seg);
    this.offsetIndex = new OffsetIndex(this.paths.index, seg.baseOffset, pool);
    this.timeIndex = new TimeIndex(this.paths.timeIndex, seg.baseOffset, pool);
    this.offsetOfMaxTimestamp = seg.baseOffset;
  }

  async keep(info: BatchInfo, batch: Buffer, changed: boolean): Promise<void> {
    if (!this.changed && !changed) {
      this.unchanged.push(info);
      this.size += info.size;
      return;
    }
    if (!this.changed) await this.startCopy();
    this.index(changed ? batchInfoAt(batch, 0, this.size) : { ...info, position: this.size });
    this.size += batch.length;
    if (this.outBytes + batch.length > this.out.length) await this.flush();
    if (batch.length > this.out.length) {
      await this.writeFully(batch, this.written);
      this.written += batch.length;
      return;
    }
    batch.copy(this.out, this.outBytes);
    this.outBytes += batch.length;
  }

  /** Something is dropped or rewritten here: the output starts to differ from the segment. */
  async drop(): Promise<void> {
    if (!this.changed) await this.startCopy();
  }

  private async startCopy(): Promise<void> {
    this.changed = true;
    this.fh = await this.pacer.io(fsp.open(this.paths.log, 'w'));
    const prefix = this.size;
    for (const info of this.unchanged) this.index(info);
    this.unchanged = [];
    if (prefix === 0) return;
    // The unchanged prefix, byte for byte.
    const src = await this.pacer.io(fsp.open(this.seg.logPath, 'r'));
    try {
      let pos = 0;
      while (pos < prefix) {
        const { bytesRead } = await this.pacer.io(src.read(this.out, 0, Math.min(this.out.length, prefix - pos), pos));
        if (bytesRead === 0) throw new Error(`${this.seg.logPath} is shorter than expected`);
        await this.writeFully(this.out.subarray(0, bytesRead), pos);
        pos += bytesRead;
        await this.pacer.step(2 * bytesRead);
      }
      this.written = pos;
    } finally {
      await src.close();
    }
  }

  private index(info: BatchInfo): void {
    if (info.maxTimestamp > this.maxTimestamp) {
      this.maxTimestamp = info.maxTimestamp;
      this.offsetOfMaxTimestamp = info.lastOffset;
    }
    if (info.position - this.lastEntryPos > this.indexIntervalBytes) {
      this.offsetIndex.append(info.lastOffset, info.position, false);
      this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp, false);
      this.lastEntryPos = info.position;
    }
  }

  private async writeFully(buf: Buffer, position: number): Promise<void> {
    const fh = this.fh as FileHandle;
    let done = 0;
    while (done < buf.length) {
      const { bytesWritten } = await this.pacer.io(fh.write(buf, done, buf.length - done, position + done));
      done += bytesWritten;
    }
  }

  private async flush(): Promise<void> {
    if (this.outBytes === 0) return;
    const n = this.outBytes;
    await this.writeFully(this.out.subarray(0, n), this.written);
    this.outBytes = 0;
    this.written += n;
    await this.pacer.step(n);
  }

  /** Completes the files (the .log synced); returns the cleaned size. Only when `changed`. */
  async finish(): Promise<number> {
    await this.flush();
    const fh = this.fh as FileHandle;
    this.fh = null;
    await this.pacer.io(fh.sync());
    await this.pacer.io(fh.close());
    // A closed segment's time index ends with its largest timestamp, as recovery would leave it.
    this.timeIndex.maybeAppend(this.maxTimestamp, this.offsetOfMaxTimestamp, false);
    this.offsetIndex.persist();
    this.timeIndex.persist();
    return this.size;
  }

  async abandon(): Promise<void> {
    if (this.fh !== null) await this.fh.close().catch(() => undefined);
    this.fh = null;
    removeCleanedFiles(this.seg);
  }
}

/**
 * Swaps a cleaned segment in. Replacing or deleting a large file frees its blocks inside the
 * unlink/rename call, tens of milliseconds for a big segment: a second link (<base>.log.deleted) keeps
 * the old file's data alive through the swap, and its unlink runs off the event loop afterwards.
 */
async function swapIn(log: CleanableLog, seg: LogSegment, size: number, now: number, pacer: Pacer): Promise<boolean> {
  const held = seg.logPath + DELETED_SUFFIX;
  await pacer.io(fsp.rm(held, { force: true }));
  let linked = true;
  try {
    await pacer.io(fsp.link(seg.logPath, held));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
    linked = false; // already deleted by retention: swapCleaned will see it gone
  }
  let swapped: boolean;
  try {
    swapped = log.swapCleaned(seg, size, now);
  } finally {
    if (linked) await fsp.rm(held, { force: true });
  }
  return swapped;
}

export interface PassResult extends CleanerStats {
  firstDirty: number;
  /** Where this pass's offset map stopped: everything below is clean now. */
  endOffset: number;
  /** Keys in the offset map. */
  keys: number;
  /** Longest synchronous stretch of the pass, ms. */
  maxSliceMs: number;
}

export interface PassOptions {
  now: number;
  settings: Readonly<CleanerSettings>;
  /** True when the cleaner is stopping. */
  stopping?: () => boolean;
}

/**
 * One cleaning pass over `log` (Kafka's Cleaner.doClean). Returns null when nothing is cleanable
 * (no closed dirty segment below the first uncleanable offset).
 */
export async function cleanPass(log: CleanableLog, opts: PassOptions): Promise<PassResult | null> {
  const cfg = log.config;
  if (!hasCompactPolicy(cfg.cleanupPolicy)) return null;
  const view = log.cleanerView();
  const range = cleanableRange(view, cfg, opts.now);
  const pacer = new Pacer(opts.settings.ioMaxBytesPerSecond, () => log.isClosed || (opts.stopping?.() ?? false));

  // Transactions decided or not, from the first dirty segment on: data below it was cleaned already.
  const planner = new TransactionPlanner();
  const dirty = view.closed.filter((s) => s.nextOffset > range.firstDirty && s.baseOffset < range.firstUncleanable);
  for (const seg of dirty) {
    for await (const { info, batch } of batchesOf(log, seg, pacer)) {
      if ((info.attributes & TRANSACTIONAL_BIT) !== 0) planner.add(info, batch);
      await pacer.step();
    }
  }
  const plan: CleaningPlan = planner.plan(view.activeBase);
  const mappable = dirty.filter((s) => s.nextOffset <= plan.cleanEnd);
  if (mappable.length === 0) return null;

  const map = OffsetMap.forBuffer(opts.settings.dedupeBufferSize, opts.settings.loadFactor);
  mapping: for (const seg of mappable) {
    for await (const { info, batch } of batchesOf(log, seg, pacer)) {
      if (!map.addBatch(info, batch, plan, range.firstDirty)) break mapping;
      await pacer.step();
    }
  }
  const endOffset = Math.max(map.endOffset, range.firstDirty);
  if (endOffset <= range.firstDirty) return null;

  const stats: PassResult = { segmentsCleaned: 0, bytesBefore: 0, bytesAfter: 0, recordsRemoved: 0, firstDirty: range.firstDirty, endOffset, keys: map.size, maxSliceMs: 0 };
  for (const seg of view.closed) {
    if (seg.baseOffset >= endOffset) break;
    const writer = new CleanedSegmentWriter(seg, cfg.indexIntervalBytes, log.files, pacer);
    let removed = 0;
    try {
      for await (const { info, batch } of batchesOf(log, seg, pacer)) {
        const cleaned = cleanBatch(info, batch, map, plan, opts.now, cfg.deleteRetentionMs);
        removed += cleaned.recordsRemoved;
        if (cleaned.batch === null) await writer.drop();
        else await writer.keep(info, cleaned.batch, cleaned.changed);
        await pacer.step();
      }
      if (!writer.changed) continue;
      const size = await writer.finish();
      pacer.check();
      if (!(await swapIn(log, seg, size, opts.now, pacer))) continue;
    } catch (err) {
      await writer.abandon();
      throw err;
    }
    stats.segmentsCleaned++;
    stats.bytesBefore += seg.size;
    stats.bytesAfter += writer.size;
    stats.recordsRemoved += removed;
  }
  log.checkpointCleaned(endOffset);
  stats.maxSliceMs = pacer.maxSliceMs;
  return stats;
}

/** A partition the broker-wide cleaner looks after. */
export interface CleanerTarget {
  name: string;
  log: CleanableLog;
}

export interface LogCleanerOptions {
  /** Every partition log (compacted or not), asked afresh on each round. */
  logs: () => Iterable<CleanerTarget>;
  /** Read on each round, so dynamic broker configs apply to the next clean. */
  settings: () => CleanerSettings & { backoffMs: number };
  now: () => number;
  log: (line: string) => void;
}

function mb(bytes: number): string {
  return `${(bytes / 1e6).toFixed(1)} MB`;
}

/**
 * The broker's cleaner (Kafka's LogCleaner with one CleanerThread): cleans the dirtiest cleanable log,
 * one pass at a time, and sleeps log.cleaner.backoff.ms when none is cleanable. A log whose pass
 * fails is left alone until restart (Kafka marks it uncleanable).
 */
export class LogCleaner {
  private stopped = false;
  private running: Promise<void> | null = null;
  private wake: AbortController | null = null;
  private readonly uncleanable = new Set<CleanableLog>();

  private readonly opts: LogCleanerOptions;

  constructor(opts: LogCleanerOptions) {
    this.opts = opts;
  }

  start(): void {
    this.running ??= this.loop();
  }

  /** Aborts a pass in progress (its .cleaned files removed, the log untouched) and waits for it. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.wake?.abort();
    await this.running;
  }

  /** The dirtiest cleanable log now, or null (Kafka's grabFilthiestCompactedLog). */
  filthiest(now: number): CleanerTarget | null {
    let best: { target: CleanerTarget; ratio: number } | null = null;
    for (const target of this.opts.logs()) {
      const { log } = target;
      if (log.isClosed || this.uncleanable.has(log) || !hasCompactPolicy(log.config.cleanupPolicy)) continue;
      const range = cleanableRange(log.cleanerView(), log.config, now);
      if (range.cleanBytes + range.cleanableBytes === 0 || !isCleanable(range, log.config)) continue;
      if (best === null || range.ratio > best.ratio) best = { target, ratio: range.ratio };
    }
    return best?.target ?? null;
  }

  /** Cleans the dirtiest log once; false when there was none. */
  async cleanOnce(): Promise<boolean> {
    const now = this.opts.now();
    const target = this.filthiest(now);
    if (target === null) return false;
    const settings = this.opts.settings();
    const delay = monitorEventLoopDelay({ resolution: 10 });
    delay.enable();
    const t0 = performance.now();
    try {
      const r = await cleanPass(target.log, { now, settings, stopping: () => this.stopped });
      delay.disable();
      if (r === null) {
        // The dirty range ends at an undecided transaction: nothing to do until it is decided.
        return false;
      }
      const ms = performance.now() - t0;
      this.opts.log(
        `Log cleaner cleaned ${target.name} offsets [${r.firstDirty}, ${r.endOffset}) (${r.keys} keys): ` +
          `${r.segmentsCleaned} segment(s) ${mb(r.bytesBefore)} -> ${mb(r.bytesAfter)}, ${r.recordsRemoved} records removed in ${(ms / 1000).toFixed(1)} s; ` +
          `event-loop delay p99 ${(delay.percentile(99) / 1e6).toFixed(1)} ms, max ${(delay.max / 1e6).toFixed(1)} ms; longest slice ${r.maxSliceMs.toFixed(1)} ms`,
      );
      return true;
    } catch (err) {
      delay.disable();
      if (err instanceof CleaningAbortedError || target.log.isClosed) return false;
      this.uncleanable.add(target.log);
      this.opts.log(`Log cleaner failed on ${target.name}, leaving it uncleaned until restart: ${(err as Error).message}`);
      return false;
    }
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let cleaned = false;
      try {
        cleaned = await this.cleanOnce();
      } catch (err) {
        this.opts.log(`Log cleaner error: ${(err as Error).message}`);
      }
      if (cleaned || this.stopped) continue;
      this.wake = new AbortController();
      await sleep(this.opts.settings().backoffMs, undefined, { signal: this.wake.signal, ref: false }).catch(() => undefined);
      this.wake = null;
    }
  }
}
