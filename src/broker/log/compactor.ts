// Log compaction's record decisions (cleanup.policy=compact), after Kafka's Cleaner, batch by batch so
// the cleaner (cleaner.ts) can spread the work over many event-loop turns: keep the last record per key,
// drop records without a key and the data of aborted transactions, and drop tombstones once their
// batch's delete horizon (set the first time a tombstone survives a clean, now + delete.retention.ms,
// KIP-534) has passed. Offsets never change: a rewritten batch keeps its base and last offset and the
// survivors keep their offset deltas. Unchanged batches are copied byte for byte.
import { decodeRecordBatch, encodeRecordBatch, TimestampType } from '../../protocol/records/batch.js';
import { CONTROL_BIT, TRANSACTIONAL_BIT } from '../../protocol/records/batch-header.js';
import { ControlRecordType, decodeControlRecord, type RecordInput } from '../../protocol/records/record.js';
import type { BatchInfo } from './batch-scan.js';

export interface CleanerStats {
  segmentsCleaned: number;
  bytesBefore: number;
  bytesAfter: number;
  recordsRemoved: number;
}

export interface CleaningPlan {
  /** Offsets below this are cleanable: undecided transactions (and what follows them) are not. */
  cleanEnd: number;
  /** Base offsets of transactional batches whose transaction was aborted. */
  aborted: Set<number>;
}

export function isControl(info: BatchInfo): boolean {
  return (info.attributes & CONTROL_BIT) !== 0;
}

function isTransactional(info: BatchInfo): boolean {
  return (info.attributes & TRANSACTIONAL_BIT) !== 0;
}

function producerIdOf(batch: Buffer): bigint {
  return batch.readBigInt64BE(43);
}

/**
 * Finds, batch by batch over the closed segments, which transactions were aborted and where cleaning
 * must stop: before the first transactional batch whose commit/abort marker is not written yet
 * (Kafka's first unstable offset).
 */
export class TransactionPlanner {
  private readonly open = new Map<bigint, number[]>();
  private readonly aborted = new Set<number>();

  /** `batch` is the whole stored batch for control batches; only its header is read otherwise. */
  add(info: BatchInfo, batch: Buffer): void {
    if (!isTransactional(info)) return;
    const pid = producerIdOf(batch);
    if (!isControl(info)) {
      const list = this.open.get(pid);
      if (list === undefined) this.open.set(pid, [info.baseOffset]);
      else list.push(info.baseOffset);
      return;
    }
    const pending = this.open.get(pid);
    if (pending === undefined) return;
    this.open.delete(pid);
    let type: number = ControlRecordType.COMMIT;
    try {
      const record = decodeRecordBatch(batch, { verifyCrc: false }).records[0];
      if (record !== undefined) type = decodeControlRecord(record).type;
    } catch {
      // An unreadable marker: keep that transaction's data.
    }
    if (type === ControlRecordType.ABORT) for (const base of pending) this.aborted.add(base);
  }

  plan(activeBase: number): CleaningPlan {
    let cleanEnd = activeBase;
    for (const bases of this.open.values()) cleanEnd = Math.min(cleanEnd, bases[0] as number);
    return { cleanEnd, aborted: this.aborted };
  }
}

/**
 * Kafka's bounded offset map (log.cleaner.dedupe.buffer.size): key → offset of its latest record in
 * the dirty section. Kafka's SkimpyOffsetMap spends 24 bytes per key (an MD5 and an offset) and fills
 * to the io.buffer.load.factor; this one holds the keys themselves but stops at the same count, so a
 * log needs the same number of passes as in Kafka.
 */
export class OffsetMap {
  readonly capacity: number;
  private readonly map = new Map<string, number>();
  /** One past the last offset mapped (where this pass's cleaning stops). */
  endOffset = -1;

  constructor(capacity: number) {
    this.capacity = Math.max(1, Math.floor(capacity));
  }

  static forBuffer(bytes: number, loadFactor = 0.9): OffsetMap {
    return new OffsetMap((bytes / 24) * loadFactor);
  }

  get size(): number {
    return this.map.size;
  }

  get(key: string): number | undefined {
    return this.map.get(key);
  }

  /**
   * Maps the records of one batch at or above `from`. Returns false when the map filled up before the
   * batch's end (`endOffset` then stops just after the last record mapped).
   */
  addBatch(info: BatchInfo, batch: Buffer, plan: CleaningPlan, from: number): boolean {
    if (info.lastOffset < from) return true;
    if (!isControl(info) && !plan.aborted.has(info.baseOffset)) {
      for (const r of decodeRecordBatch(batch, { verifyCrc: false }).records) {
        const offset = Number(r.offset);
        if (r.key === null || offset < from) continue;
        const key = r.key.toString('latin1');
        if (this.map.size >= this.capacity && !this.map.has(key)) return false;
        this.map.set(key, offset);
        this.endOffset = offset + 1;
      }
    }
    this.endOffset = info.lastOffset + 1;
    return true;
  }
}

export interface CleanedBatch {
  /** The batch to keep (the original when nothing changed), or null when nothing survives. */
  batch: Buffer | null;
  changed: boolean;
  recordsRemoved: number;
}

/**
 * Cleans one stored batch against the map (Kafka's shouldRetainRecord): a keyed record survives unless
 * the map holds a later offset for its key, so records past the map's end (a pass that filled the map)
 * stay; tombstones go once their horizon passed.
 */
export function cleanBatch(
  info: BatchInfo,
  original: Buffer,
  map: OffsetMap,
  plan: CleaningPlan,
  now: number,
  deleteRetentionMs: number,
): CleanedBatch {
  if (isControl(info)) return { batch: original, changed: false, recordsRemoved: 0 };
  const batch = decodeRecordBatch(original, { verifyCrc: false });
  if (plan.aborted.has(info.baseOffset)) return { batch: null, changed: true, recordsRemoved: batch.records.length };
  const horizon = batch.hasDeleteHorizon ? Number(batch.baseTimestamp) : null;
  const keepTombstones = horizon === null || now < horizon;
  const survivors = batch.records.filter((r) => {
    if (r.key === null) return false;
    const latest = map.get(r.key.toString('latin1'));
    if (latest !== undefined && latest > Number(r.offset)) return false;
    return r.value !== null || keepTombstones;
  });
  const recordsRemoved = batch.records.length - survivors.length;
  if (survivors.length === 0) return { batch: null, changed: true, recordsRemoved };
  const hasTombstones = survivors.some((r) => r.value === null);
  const newHorizon = horizon ?? (hasTombstones ? now + deleteRetentionMs : null);
  if (survivors.length === batch.records.length && newHorizon === horizon) {
    return { batch: original, changed: false, recordsRemoved: 0 };
  }
  const logAppendTime = batch.timestampType === TimestampType.LOG_APPEND_TIME;
  const records: RecordInput[] = survivors.map((r) => ({
    key: r.key,
    value: r.value,
    headers: r.headers,
    timestamp: r.timestamp,
    offsetDelta: r.offsetDelta,
  }));
  const rewritten = encodeRecordBatch({
    records,
    baseOffset: batch.baseOffset,
    partitionLeaderEpoch: batch.partitionLeaderEpoch,
    compression: batch.compression,
    timestampType: batch.timestampType,
    isTransactional: batch.isTransactional,
    producerId: batch.producerId,
    producerEpoch: batch.producerEpoch,
    baseSequence: batch.baseSequence,
    // Kafka keeps the original last offset so the batch still spans its producer's sequence range.
    lastOffsetDelta: batch.lastOffsetDelta,
    ...(logAppendTime ? { maxTimestamp: batch.maxTimestamp } : {}),
    ...(newHorizon === null ? {} : { hasDeleteHorizon: true, baseTimestamp: BigInt(newHorizon) }),
  });
  return { batch: rewritten, changed: true, recordsRemoved };
}
