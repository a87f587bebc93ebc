// GroupStore over the internal compacted topic __consumer_offsets, in Kafka's own record formats,
// so the log looks like Kafka's to anything that reads it. Each append is one uncompressed record
// batch in the group's partition (abs(hashCode(groupId)) % partitions). Loading replays every
// partition in order; transactional offset commits only count once their COMMIT marker is seen.
import { decodeRecordBatch, MAGIC_V2, splitRecordBatches, type RecordBatch } from '../../protocol/records/batch.js';
import {
  ATTRIBUTES,
  BASE_OFFSET,
  BASE_SEQUENCE,
  BASE_TIMESTAMP,
  BATCH_LENGTH,
  CRC,
  LAST_OFFSET_DELTA,
  LOG_OVERHEAD,
  MAGIC,
  MAX_TIMESTAMP,
  PARTITION_LEADER_EPOCH,
  PRODUCER_EPOCH,
  PRODUCER_ID,
  RECORD_BATCH_OVERHEAD,
  RECORDS_COUNT,
} from '../../protocol/records/batch-header.js';
import { crc32c } from '../../protocol/records/crc32c.js';
import { ControlRecordType, decodeControlRecord } from '../../protocol/records/record.js';
import type { Clock } from '../../shared/clock.js';
import type { PartitionState, TopicManager, TopicState } from '../metadata/topics.js';
import type { GroupStore } from './group-store.js';
import { decodeRecord, encodeKey, encodeRecordValue, offsetsPartitionFor, type CoordinatorRecord } from './records.js';

export const OFFSETS_TOPIC = '__consumer_offsets';

const REPLAY_READ_BYTES = 1 << 20;

export class OffsetsTopicStore implements GroupStore {
  private readonly topics: TopicManager;
  private readonly numPartitions: number;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;

  constructor(opts: { topics: TopicManager; numPartitions: number; clock: Clock; log?: (line: string) => void }) {
    this.topics = opts.topics;
    this.numPartitions = opts.numPartitions;
    this.clock = opts.clock;
    this.log = opts.log ?? (() => undefined);
  }

  /** The offsets topic, created (compacted, internal) the first time anything needs it. */
  ensureTopic(): TopicState {
    const existing = this.topics.get(OFFSETS_TOPIC);
    if (existing !== undefined) return existing;
    const created = this.topics.create(OFFSETS_TOPIC, this.numPartitions, { 'cleanup.policy': 'compact' }, { internal: true });
    if (!created.ok || created.value === null) {
      throw new Error(`cannot create ${OFFSETS_TOPIC}: ${created.ok ? 'no topic returned' : created.message}`);
    }
    this.log(`created internal topic ${OFFSETS_TOPIC} with ${this.numPartitions} partition(s)`);
    return created.value;
  }

  prepare(): void {
    this.ensureTopic();
  }

  /** An existing topic's partition count wins over offsets.topic.num.partitions, as in Kafka. */
  partitionFor(groupId: string): number {
    return offsetsPartitionFor(groupId, this.topics.get(OFFSETS_TOPIC)?.partitions.length ?? this.numPartitions);
  }

  transactionalRecords(partition: number, producerId: bigint, fromOffset: number): CoordinatorRecord[] {
    const p = this.topics.get(OFFSETS_TOPIC)?.partitions[partition];
    const out: CoordinatorRecord[] = [];
    if (p === undefined) return out;
    for (const raw of batchesFrom(p, fromOffset, () => p.log.logEndOffset)) {
      const b = decodeRecordBatch(raw, { verifyCrc: false });
      if (b.producerId !== producerId || !b.isTransactional || b.isControl) continue;
      for (const r of b.records) {
        if (r.key === null) continue;
        const rec = decodeRecord(r.key, r.value);
        if (rec !== null) out.push(rec);
      }
    }
    return out;
  }

  append(groupId: string, records: readonly CoordinatorRecord[]): void {
    if (records.length === 0) return;
    // An existing topic's partition count wins over offsets.topic.num.partitions, as in Kafka.
    const topic = this.ensureTopic();
    const p = topic.partitions[offsetsPartitionFor(groupId, topic.partitions.length)];
    if (p === undefined) throw new Error(`${OFFSETS_TOPIC} has no partition for group ${groupId}`);
    const now = this.clock.now();
    const keys: Buffer[] = [];
    const values: (Buffer | null)[] = [];
    for (const r of records) {
      keys.push(encodeKey(r.key));
      values.push(encodeRecordValue(r));
    }
    // The log stamps its leader epoch and wakes the fetches parked on it.
    p.log.append(encodeCoordinatorBatch(keys, values, now));
  }

  load(apply: (rec: CoordinatorRecord) => void): void {
    const topic = this.topics.get(OFFSETS_TOPIC);
    if (topic === undefined) return;
    let count = 0;
    for (const p of topic.partitions) {
      const pendingTxn = new Map<bigint, CoordinatorRecord[]>();
      const end = p.log.logEndOffset;
      for (const raw of batchesFrom(p, p.log.logStartOffset, () => end)) {
        const last = Number(raw.readBigInt64BE(BASE_OFFSET)) + raw.readInt32BE(LAST_OFFSET_DELTA);
        let batch: RecordBatch;
        let recs: { key: Buffer; value: Buffer | null }[];
        try {
          batch = decodeRecordBatch(raw);
          recs = batch.records.filter((r): r is typeof r & { key: Buffer } => r.key !== null);
        } catch (err) {
          // One bad batch should not keep the broker from starting; Kafka skips what it cannot read too.
          this.log(`skipping unreadable batch at ${OFFSETS_TOPIC}-${p.index} offset ${last}: ${(err as Error).message}`);
          continue;
        }
        if (batch.isControl) {
          const held = pendingTxn.get(batch.producerId);
          pendingTxn.delete(batch.producerId);
          const marker = batch.records[0];
          if (held !== undefined && marker !== undefined && decodeControlRecord(marker).type === ControlRecordType.COMMIT) {
            for (const rec of held) apply(rec);
            count += held.length;
          }
          continue;
        }
        for (const r of recs) {
          let rec: CoordinatorRecord | null;
          try {
            rec = decodeRecord(r.key, r.value);
          } catch (err) {
            this.log(`skipping unreadable record in ${OFFSETS_TOPIC}-${p.index}: ${(err as Error).message}`);
            continue;
          }
          if (rec === null) continue;
          if (batch.isTransactional) {
            let held = pendingTxn.get(batch.producerId);
            if (held === undefined) pendingTxn.set(batch.producerId, (held = []));
            held.push(rec);
          } else {
            apply(rec);
            count++;
          }
        }
      }
    }
    if (count > 0) this.log(`loaded ${count} record(s) from ${OFFSETS_TOPIC}`);
  }
}

/** The whole stored batches of `p` from `from` on, each once, while their offsets are below `end()`. */
export function* batchesFrom(p: PartitionState, from: number, end: () => number): Generator<Buffer> {
  let offset = from;
  while (offset < end()) {
    const { batches } = splitRecordBatches(p.log.read(offset, REPLAY_READ_BYTES).records);
    if (batches.length === 0) return;
    for (const raw of batches) {
      const next = Number(raw.readBigInt64BE(BASE_OFFSET)) + raw.readInt32BE(LAST_OFFSET_DELTA) + 1;
      if (next <= offset) continue;
      offset = next;
      yield raw;
    }
  }
}

/** Bytes of n as an unsigned varint. */
function uvarintSize(n: number): number {
  let size = 1;
  while (n >= 0x80) {
    n = Math.floor(n / 128);
    size++;
  }
  return size;
}

function writeUvarint(out: Buffer, n: number, at: number): number {
  while (n >= 0x80) {
    out[at++] = (n & 0x7f) | 0x80;
    n = Math.floor(n / 128);
  }
  out[at++] = n;
  return at;
}

/**
 * The batch of one append, byte for byte what encodeRecordBatch({ records, timestamp }) writes
 * (uncompressed, CREATE_TIME, no producer, every record stamped `timestamp`, no headers), but
 * written straight into one buffer: every offset commit comes through here, and for one small
 * record the general encoder's planning costs more than the bytes.
 */
export function encodeCoordinatorBatch(keys: readonly Buffer[], values: readonly (Buffer | null)[], timestamp: number): Buffer {
  const n = keys.length;
  // Non-negative ints zigzag to 2n; a null value's length -1 zigzags to 1.
  let size = RECORD_BATCH_OVERHEAD;
  for (let i = 0; i < n; i++) {
    const kl = (keys[i] as Buffer).length;
    const value = values[i] ?? null;
    // attributes, timestampDelta 0, offsetDelta, key, value, header count 0
    const body = 1 + 1 + uvarintSize(i * 2) + uvarintSize(kl * 2) + kl + (value === null ? 1 : uvarintSize(value.length * 2) + value.length) + 1;
    size += uvarintSize(body * 2) + body;
  }
  const out = Buffer.allocUnsafe(size);
  let at = RECORD_BATCH_OVERHEAD;
  for (let i = 0; i < n; i++) {
    const key = keys[i] as Buffer;
    const value = values[i] ?? null;
    const body = 1 + 1 + uvarintSize(i * 2) + uvarintSize(key.length * 2) + key.length + (value === null ? 1 : uvarintSize(value.length * 2) + value.length) + 1;
    at = writeUvarint(out, body * 2, at);
    out[at++] = 0;
    out[at++] = 0;
    at = writeUvarint(out, i * 2, at);
    at = writeUvarint(out, key.length * 2, at);
    at += key.copy(out, at);
    if (value === null) {
      out[at++] = 1;
    } else {
      at = writeUvarint(out, value.length * 2, at);
      at += value.copy(out, at);
    }
    out[at++] = 0;
  }
  const ts = BigInt(timestamp);
  out.writeBigInt64BE(0n, BASE_OFFSET);
  out.writeInt32BE(size - LOG_OVERHEAD, BATCH_LENGTH);
  out.writeInt32BE(-1, PARTITION_LEADER_EPOCH);
  out[MAGIC] = MAGIC_V2;
  out.writeInt16BE(0, ATTRIBUTES);
  out.writeInt32BE(n - 1, LAST_OFFSET_DELTA);
  out.writeBigInt64BE(n === 0 ? -1n : ts, BASE_TIMESTAMP);
  out.writeBigInt64BE(n === 0 ? -1n : ts, MAX_TIMESTAMP);
  out.writeBigInt64BE(-1n, PRODUCER_ID);
  out.writeInt16BE(-1, PRODUCER_EPOCH);
  out.writeInt32BE(-1, BASE_SEQUENCE);
  out.writeInt32BE(n, RECORDS_COUNT);
  out.writeUInt32BE(crc32c(out.subarray(ATTRIBUTES)), CRC);
  return out;
}
