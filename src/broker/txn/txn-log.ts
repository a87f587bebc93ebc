// The transaction log: every state change of a transactional id is one record in the internal
// compacted topic __transaction_state, in Kafka's formats (TransactionLogKey v0: int16 version +
// string transactionalId; TransactionLogValue v0: producer id, epoch, timeout, status, partitions,
// last update and start timestamps; codecs generated from Kafka's specs), in partition abs(hashCode(transactionalId)) % partitions. A
// null value (tombstone) removes an expired id. Loading replays every partition in order; the last
// record per id wins, as after compaction.
import { Reader } from '../../protocol/codec/reader.js';
import { Writer } from '../../protocol/codec/writer.js';
import { decodeTransactionLogKey, encodeTransactionLogKey } from '../../protocol/coordinator/transaction-log-key.js';
import { decodeTransactionLogValue, encodeTransactionLogValue } from '../../protocol/coordinator/transaction-log-value.js';
import { decodeRecordBatch, encodeRecordBatch, splitRecordBatches } from '../../protocol/records/batch.js';
import type { Clock } from '../../shared/clock.js';
import { offsetsPartitionFor } from '../group/records.js';
import type { TopicManager, TopicState } from '../metadata/topics.js';

export const TRANSACTION_STATE_TOPIC = '__transaction_state';
/** Kafka's transaction.state.log.num.partitions default. */
export const TRANSACTION_STATE_PARTITIONS = 50;
const KEY_VERSION = 0;
const VALUE_VERSION = 0;
const REPLAY_READ_BYTES = 1 << 20;

/** Kafka's TransactionState ids, as stored in the log. */
export const TxnState = {
  EMPTY: 0,
  ONGOING: 1,
  PREPARE_COMMIT: 2,
  PREPARE_ABORT: 3,
  COMPLETE_COMMIT: 4,
  COMPLETE_ABORT: 5,
  DEAD: 6,
  PREPARE_EPOCH_FENCE: 7,
} as const;
export type TxnState = (typeof TxnState)[keyof typeof TxnState];

/** The names DescribeTransactions/ListTransactions use (TransactionState.name in Kafka). */
export const TXN_STATE_NAMES: Readonly<Record<TxnState, string>> = {
  0: 'Empty',
  1: 'Ongoing',
  2: 'PrepareCommit',
  3: 'PrepareAbort',
  4: 'CompleteCommit',
  5: 'CompleteAbort',
  6: 'Dead',
  7: 'PrepareEpochFence',
};

export interface TxnLogValue {
  producerId: bigint;
  producerEpoch: number;
  timeoutMs: number;
  state: TxnState;
  /** topic → partitions, in the order they were added. */
  partitions: Map<string, number[]>;
  lastUpdateTimestamp: number;
  startTimestamp: number;
}

export function encodeTxnLogKey(transactionalId: string): Buffer {
  const w = new Writer(8 + transactionalId.length * 3).int16(KEY_VERSION);
  encodeTransactionLogKey(w, { transactionalId }, KEY_VERSION);
  return w.toBuffer();
}

/** The transactional id of a key, or null for a key version this broker does not know. */
export function decodeTxnLogKey(buf: Buffer): string | null {
  const r = new Reader(buf);
  const version = r.int16();
  if (version !== 0) return null;
  return decodeTransactionLogKey(r, version).transactionalId;
}

export function encodeTxnLogValue(v: TxnLogValue): Buffer {
  const w = new Writer(64).int16(VALUE_VERSION);
  encodeTransactionLogValue(
    w,
    {
      producerId: v.producerId,
      previousProducerId: -1n,
      nextProducerId: -1n,
      producerEpoch: v.producerEpoch,
      transactionTimeoutMs: v.timeoutMs,
      transactionStatus: v.state,
      // Kafka writes a null partition set for an Empty transaction with none.
      transactionPartitions:
        v.state === TxnState.EMPTY && v.partitions.size === 0 ? null : [...v.partitions].map(([topic, partitionIds]) => ({ topic, partitionIds })),
      transactionLastUpdateTimestampMs: BigInt(v.lastUpdateTimestamp),
      transactionStartTimestampMs: BigInt(v.startTimestamp),
      clientTransactionVersion: 0,
    },
    VALUE_VERSION,
  );
  return w.toBuffer();
}

/** Reads value versions 0 and 1 (1 is flexible; its tagged fields are not used). */
export function decodeTxnLogValue(buf: Buffer): TxnLogValue {
  const r = new Reader(buf);
  const version = r.int16();
  if (version < 0 || version > 1) throw new Error(`unknown TransactionLogValue version ${version}`);
  const v = decodeTransactionLogValue(r, version);
  const partitions = new Map<string, number[]>();
  for (const p of v.transactionPartitions ?? []) partitions.set(p.topic, p.partitionIds);
  return {
    producerId: v.producerId,
    producerEpoch: v.producerEpoch,
    timeoutMs: v.transactionTimeoutMs,
    state: v.transactionStatus as TxnState,
    partitions,
    lastUpdateTimestamp: Number(v.transactionLastUpdateTimestampMs),
    startTimestamp: Number(v.transactionStartTimestampMs),
  };
}

/** Where the coordinator's records go. */
export interface TxnLogStore {
  append(transactionalId: string, value: TxnLogValue | null): void;
  /** Replays stored records in log order. */
  load(apply: (transactionalId: string, value: TxnLogValue | null) => void): void;
  /** The leader epoch of the id's partition: the coordinator epoch its markers carry. */
  coordinatorEpoch(transactionalId: string): number;
}

/** TxnLogStore over the internal topic, created on the first write. */
export class TransactionTopicStore implements TxnLogStore {
  private readonly topics: TopicManager;
  private readonly clock: Clock;
  private readonly numPartitions: number;
  private readonly log: (line: string) => void;

  constructor(opts: { topics: TopicManager; clock: Clock; numPartitions?: number; log?: (line: string) => void }) {
    this.topics = opts.topics;
    this.clock = opts.clock;
    this.numPartitions = opts.numPartitions ?? TRANSACTION_STATE_PARTITIONS;
    this.log = opts.log ?? (() => undefined);
  }

  private ensureTopic(): TopicState {
    const existing = this.topics.get(TRANSACTION_STATE_TOPIC);
    if (existing !== undefined) return existing;
    const created = this.topics.create(
      TRANSACTION_STATE_TOPIC,
      this.numPartitions,
      { 'cleanup.policy': 'compact', 'segment.bytes': '104857600' },
      { internal: true },
    );
    if (!created.ok || created.value === null) {
      throw new Error(`cannot create ${TRANSACTION_STATE_TOPIC}: ${created.ok ? 'no topic returned' : created.message}`);
    }
    this.log(`created internal topic ${TRANSACTION_STATE_TOPIC} with ${this.numPartitions} partition(s)`);
    return created.value;
  }

  append(transactionalId: string, value: TxnLogValue | null): void {
    const topic = this.ensureTopic();
    const p = topic.partitions[offsetsPartitionFor(transactionalId, topic.partitions.length)];
    if (p === undefined) throw new Error(`${TRANSACTION_STATE_TOPIC} has no partition for ${transactionalId}`);
    const batch = encodeRecordBatch({
      records: [{ key: encodeTxnLogKey(transactionalId), value: value === null ? null : encodeTxnLogValue(value) }],
      timestamp: this.clock.now(),
    });
    p.log.append(batch);
  }

  coordinatorEpoch(transactionalId: string): number {
    const topic = this.topics.get(TRANSACTION_STATE_TOPIC);
    if (topic === undefined) return 0;
    return topic.partitions[offsetsPartitionFor(transactionalId, topic.partitions.length)]?.leaderEpoch ?? 0;
  }

  load(apply: (transactionalId: string, value: TxnLogValue | null) => void): void {
    const topic = this.topics.get(TRANSACTION_STATE_TOPIC);
    if (topic === undefined) return;
    for (const p of topic.partitions) {
      let offset = p.log.logStartOffset;
      while (offset < p.log.logEndOffset) {
        const { batches } = splitRecordBatches(p.log.read(offset, REPLAY_READ_BYTES).records);
        if (batches.length === 0) break;
        for (const raw of batches) {
          const batch = decodeRecordBatch(raw);
          const next = Number(batch.baseOffset) + batch.lastOffsetDelta + 1;
          if (next <= offset) continue;
          offset = next;
          if (batch.isControl) continue;
          for (const r of batch.records) {
            if (r.key === null) continue;
            const id = decodeTxnLogKey(r.key);
            if (id === null) continue;
            try {
              apply(id, r.value === null ? null : decodeTxnLogValue(r.value));
            } catch (err) {
              this.log(`skipping unreadable ${TRANSACTION_STATE_TOPIC} record for ${id}: ${(err as Error).message}`);
            }
          }
        }
      }
    }
  }
}
