// Log compaction (cleanup.policy=compact), after Kafka's Cleaner: keep the last record per key in the
// closed segments, drop records without a key and the data of aborted transactions, and drop tombstones
// once their batch's delete horizon (set the first time a tombstone survives a clean, now +
// delete.retention.ms, KIP-534) has passed. Offsets never change: a rewritten batch keeps its base
// and last offset and the survivors keep their offset deltas. Unchanged batches are copied byte for byte.
import { decodeRecordBatch, encodeRecordBatch, TimestampType } from '../../protocol/records/batch.js';
import { CONTROL_BIT, TRANSACTIONAL_BIT } from '../../protocol/records/batch-header.js';
import { ControlRecordType, decodeControlRecord, type RecordInput } from '../../protocol/records/record.js';
import type { BatchInfo } from './batch-scan.js';
import type { LogSegment } from './segment.js';

export interface CleanerStats {
  segmentsCleaned: number;
  bytesBefore: number;
  bytesAfter: number;
  recordsRemoved: number;
}

interface BatchRef {
  segment: LogSegment;
  info: BatchInfo;
}

export interface CleaningPlan {
  /** Offsets below this are cleanable: the active segment and undecided transactions are not. */
  cleanEnd: number;
  /** Base offsets of transactional batches whose transaction was aborted. */
  aborted: Set<number>;
}

function readBatch(ref: BatchRef): Buffer {
  return ref.segment.read(ref.info.position, ref.info.size);
}

function isControl(info: BatchInfo): boolean {
  return (info.attributes & CONTROL_BIT) !== 0;
}

function isTransactional(info: BatchInfo): boolean {
  return (info.attributes & TRANSACTIONAL_BIT) !== 0;
}

function producerIdOf(batch: Buffer): bigint {
  return batch.readBigInt64BE(43);
}

/**
 * Finds which transactions in `closed` were aborted, and where cleaning must stop: before the first
 * transactional batch whose commit/abort marker has not been written in a closed segment yet.
 */
export function planCleaning(closed: readonly LogSegment[], activeBase: number): CleaningPlan {
  const open = new Map<bigint, number[]>();
  const aborted = new Set<number>();
  for (const segment of closed) {
    segment.forEachBatch(0, (info) => {
      if (!isTransactional(info)) return;
      const ref = { segment, info };
      if (!isControl(info)) {
        // Only the producer id is needed; it sits in the header.
        const pid = producerIdOf(segment.read(info.position, 61));
        const list = open.get(pid);
        if (list === undefined) open.set(pid, [info.baseOffset]);
        else list.push(info.baseOffset);
        return;
      }
      const batch = readBatch(ref);
      const pid = producerIdOf(batch);
      const pending = open.get(pid);
      if (pending === undefined) return;
      open.delete(pid);
      let type: number = ControlRecordType.COMMIT;
      try {
        const record = decodeRecordBatch(batch, { verifyCrc: false }).records[0];
        if (record !== undefined) type = decodeControlRecord(record).type;
      } catch {
        // An unreadable marker: keep that transaction's data.
      }
      if (type === ControlRecordType.ABORT) for (const base of pending) aborted.add(base);
    });
  }
  let cleanEnd = activeBase;
  for (const bases of open.values()) cleanEnd = Math.min(cleanEnd, bases[0] as number);
  return { cleanEnd, aborted };
}

/** key (as a binary string) → offset of its latest record in the cleanable segments. */
export function buildOffsetMap(segments: readonly LogSegment[], plan: CleaningPlan): Map<string, number> {
  const map = new Map<string, number>();
  for (const segment of segments) {
    segment.forEachBatch(0, (info) => {
      if (isControl(info) || plan.aborted.has(info.baseOffset)) return;
      for (const r of decodeRecordBatch(readBatch({ segment, info }), { verifyCrc: false }).records) {
        if (r.key !== null) map.set(r.key.toString('latin1'), Number(r.offset));
      }
    });
  }
  return map;
}

export interface CleanedSegment {
  /** The batches to keep, in order: originals where nothing changed. */
  batches: Buffer[];
  /** Whether anything differs from the segment as it is. */
  changed: boolean;
  recordsRemoved: number;
  /** Earliest delete horizon of a batch still holding tombstones (when the next clean has work), or null. */
  earliestHorizon: number | null;
}

/** The cleaned contents of one segment, batch by batch. */
export function cleanSegment(
  segment: LogSegment,
  map: ReadonlyMap<string, number>,
  plan: CleaningPlan,
  now: number,
  deleteRetentionMs: number,
): CleanedSegment {
  const out: Buffer[] = [];
  let recordsRemoved = 0;
  let changed = false;
  let earliestHorizon: number | null = null;
  const noteHorizon = (h: number): void => {
    if (earliestHorizon === null || h < earliestHorizon) earliestHorizon = h;
  };
  segment.forEachBatch(0, (info) => {
    const original = readBatch({ segment, info });
    if (isControl(info)) {
      out.push(original);
      return;
    }
    const batch = decodeRecordBatch(original, { verifyCrc: false });
    if (plan.aborted.has(info.baseOffset)) {
      recordsRemoved += batch.records.length;
      changed = true;
      return;
    }
    const horizon = batch.hasDeleteHorizon ? Number(batch.baseTimestamp) : null;
    const keepTombstones = horizon === null || now < horizon;
    const survivors = batch.records.filter((r) => {
      if (r.key === null) return false;
      if (map.get(r.key.toString('latin1')) !== Number(r.offset)) return false;
      return r.value !== null || keepTombstones;
    });
    recordsRemoved += batch.records.length - survivors.length;
    if (survivors.length === 0) {
      changed = true;
      return;
    }
    const hasTombstones = survivors.some((r) => r.value === null);
    const newHorizon = horizon ?? (hasTombstones ? now + deleteRetentionMs : null);
    if (hasTombstones && newHorizon !== null) noteHorizon(newHorizon);
    if (survivors.length === batch.records.length && newHorizon === horizon) {
      out.push(original);
      return;
    }
    changed = true;
    const logAppendTime = batch.timestampType === TimestampType.LOG_APPEND_TIME;
    const records: RecordInput[] = survivors.map((r) => ({
      key: r.key,
      value: r.value,
      headers: r.headers,
      timestamp: r.timestamp,
      offsetDelta: r.offsetDelta,
    }));
    out.push(
      encodeRecordBatch({
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
      }),
    );
  });
  return { batches: out, changed, recordsRemoved, earliestHorizon };
}
