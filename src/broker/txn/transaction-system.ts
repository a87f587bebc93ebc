// The broker's transaction system (`broker.txn`): producer ids, per-partition producer state and the
// produce-path checks, the last stable offset, the transaction coordinator with its log and the
// markers it writes, wired to the broker's topics, clock and group coordinator.
import path from 'node:path';
import { ErrorCode } from '../../protocol/error-codes.js';
import { encodeControlBatch, encodeRecordBatch } from '../../protocol/records/batch.js';
import { ControlRecordType } from '../../protocol/records/record.js';
import type { ValidatedBatch } from '../../protocol/records/validate.js';
import type { Clock } from '../../shared/clock.js';
import { OFFSETS_TOPIC, type GroupCoordinator } from '../group/index.js';
import type { TopicPartitionsResult, TxnOffsetCommitInput } from '../group/offsets.js';
import type { AppendOptions } from '../log/partition-log.js';
import type { PartitionState, TopicManager } from '../metadata/topics.js';
import { TransactionCoordinator, type TopicPartitionRef } from './coordinator.js';
import { ProducerIdAllocator } from './producer-ids.js';
import { ProducerStateRegistry } from './producer-registry.js';
import type { AbortedTxn } from './producer-state.js';
import { TransactionTopicStore, type TxnLogStore } from './txn-log.js';

export interface ProduceOutcome {
  errorCode: number;
  errorMessage: string | null;
  baseOffset: number;
  /** -1 unless the topic stamps LogAppendTime. */
  logAppendTime: number;
  /** The transaction verification refused the batch before the log saw it (Kafka answers log start offset -1). */
  unverified?: boolean;
}

export class TransactionSystem {
  readonly producers: ProducerStateRegistry;
  readonly coordinator: TransactionCoordinator;
  readonly producerIds: ProducerIdAllocator;
  private readonly topics: TopicManager;
  private readonly groups: GroupCoordinator;
  private readonly clock: Clock;
  private readonly log: (line: string) => void;

  /** Takes the Broker's parts rather than the Broker: broker.ts constructs it, so importing the Broker would be a cycle. */
  constructor(
    deps: { topics: TopicManager; groups: GroupCoordinator; clock: Clock; dataDir: string; transactionMaxTimeoutMs: number; log: (line: string) => void },
    store?: TxnLogStore,
  ) {
    const { topics, clock, log } = deps;
    this.topics = topics;
    this.groups = deps.groups;
    this.clock = clock;
    this.log = log;
    this.producers = new ProducerStateRegistry(clock, log, (partitionLog) => {
      const name = path.basename(partitionLog.dir);
      const dash = name.lastIndexOf('-');
      return topics.partition(name.slice(0, dash), Number(name.slice(dash + 1)))?.log === partitionLog;
    });
    this.producerIds = new ProducerIdAllocator(deps.dataDir);
    this.coordinator = new TransactionCoordinator({
      clock,
      store: store ?? new TransactionTopicStore({ topics, clock, log }),
      transactionMaxTimeoutMs: deps.transactionMaxTimeoutMs,
      allocateProducerId: () => this.producerIds.allocate(),
      writeMarkers: (pid, epoch, commit, coordinatorEpoch, partitions) => this.writeMarkers(pid, epoch, commit, coordinatorEpoch, partitions),
      log,
    });
  }

  /** Loads producer ids and the transaction log, then finishes what a crash interrupted. */
  load(): void {
    this.producerIds.load();
    this.coordinator.load();
    this.recoverPendingOffsets();
    this.coordinator.recover();
    this.coordinator.startExpiration();
    this.producers.start();
  }

  /** Stops timers and writes producer state snapshots; call before the logs close. */
  close(): void {
    this.coordinator.close();
    this.producers.close();
  }

  /** Stops the timers and writes no final producer-state snapshot (an in-process crash). */
  abandon(): void {
    this.coordinator.close();
    this.producers.close(false);
  }

  // ---------------------------------------------------------------------------------------------
  // Produce and fetch

  /**
   * Appends a batch that carries a producer id: transaction verification for the first
   * transactional write of a transaction on this partition, then Kafka's producer-state checks; a
   * retried duplicate answers the original offsets without appending again.
   */
  appendProduced(p: PartitionState, batch: ValidatedBatch, transactionalId: string | null, produceVersion: number, opts: AppendOptions): ProduceOutcome {
    const st = this.producers.get(p.log);
    const fail = (errorCode: number, errorMessage: string | null = null): ProduceOutcome => ({ errorCode, errorMessage, baseOffset: -1, logAppendTime: -1 });
    if (batch.isTransactional && !st.hasOngoingTxn(batch.producerId)) {
      let err = this.coordinator.verify(transactionalId, batch.producerId, batch.producerEpoch, p.topic.name, p.index);
      // Produce before v11 cannot say TRANSACTION_ABORTABLE (KIP-890).
      if (err === ErrorCode.TRANSACTION_ABORTABLE && produceVersion < 11) err = ErrorCode.INVALID_TXN_STATE;
      if (err !== ErrorCode.NONE) return { ...fail(err, err === ErrorCode.INVALID_TXN_STATE || err === ErrorCode.TRANSACTION_ABORTABLE ? `Partition ${p.topic.name}-${p.index} was not added to the transaction` : null), unverified: true };
    }
    const check = st.checkProduce(batch);
    if (check.kind === 'error') return fail(check.errorCode, check.message);
    if (check.kind === 'duplicate') {
      // UnifiedLog.append answers a duplicate with the stored batch's timestamp as its append time,
      // on CreateTime topics too (appendInfo.setLogAppendTime(duplicate.timestamp)).
      return { errorCode: ErrorCode.NONE, errorMessage: null, baseOffset: check.batch.firstOffset, logAppendTime: check.batch.timestamp };
    }
    const res = p.log.append(batch, opts);
    st.applyData(batch, res.baseOffset, res.lastOffset, res.logAppendTime >= 0 ? res.logAppendTime : Number(batch.maxTimestamp));
    return { errorCode: ErrorCode.NONE, errorMessage: null, baseOffset: res.baseOffset, logAppendTime: res.logAppendTime };
  }

  /** The first offset of the oldest open transaction, else the high watermark. */
  lastStableOffset(p: PartitionState): number {
    return this.producers.get(p.log).lastStableOffset(p.log.highWatermark);
  }

  /** Aborted transactions read_committed consumers need for [fetchOffset, upperBound). */
  abortedTransactions(p: PartitionState, fetchOffset: number, upperBound: number): AbortedTxn[] {
    return this.producers.get(p.log).abortedTransactions(fetchOffset, upperBound);
  }

  // ---------------------------------------------------------------------------------------------
  // Markers

  private writeMarkers(producerId: bigint, producerEpoch: number, commit: boolean, coordinatorEpoch: number, partitions: TopicPartitionRef[]): boolean {
    let ok = true;
    for (const { topic, partition } of partitions) {
      const err = this.writeMarker(producerId, producerEpoch, commit, coordinatorEpoch, topic, partition);
      // A deleted partition or a refused marker is skipped; only a failed append is retried.
      if (err === ErrorCode.KAFKA_STORAGE_ERROR) ok = false;
    }
    return ok;
  }

  /**
   * Writes one COMMIT/ABORT marker to a local partition and completes the producer's transaction
   * there (our coordinator's markers and WriteTxnMarkers, e.g. kafka-transactions.sh abort, both
   * come here). Answers the error the partition leader answers: UNKNOWN_TOPIC_OR_PARTITION, the
   * producer-state check's, KAFKA_STORAGE_ERROR when the append failed, else NONE.
   */
  writeMarker(producerId: bigint, producerEpoch: number, commit: boolean, coordinatorEpoch: number, topic: string, partition: number): number {
    const p = this.topics.partition(topic, partition);
    if (p === undefined) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION; // deleted while the transaction was open
    const st = this.producers.get(p.log);
    const err = st.checkMarker(producerId, producerEpoch, coordinatorEpoch);
    if (err !== ErrorCode.NONE) {
      this.log(`skipping transaction marker for producer ${producerId} in ${topic}-${partition}: error ${err}`);
      return err;
    }
    const now = this.clock.now();
    const batch = encodeControlBatch({
      producerId,
      producerEpoch,
      type: commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT,
      coordinatorEpoch,
      timestamp: now,
    });
    try {
      const res = p.log.append(batch);
      st.applyMarker(producerId, producerEpoch, commit, coordinatorEpoch, res.baseOffset, res.logAppendTime >= 0 ? res.logAppendTime : now);
    } catch (e) {
      this.log(`could not write transaction marker to ${topic}-${partition}: ${(e as Error).message}`);
      return ErrorCode.KAFKA_STORAGE_ERROR;
    }
    if (topic === OFFSETS_TOPIC) this.groups.offsets.completeTransaction(producerId, partition, commit);
    return ErrorCode.NONE;
  }

  // ---------------------------------------------------------------------------------------------
  // Transactional offset commits

  /**
   * TxnOffsetCommit: the group coordinator checks the group and builds the offset records; here the
   * producer is checked against the group's __consumer_offsets partition and the records are
   * appended there as a transactional batch of the producer.
   */
  txnOffsetCommit(req: TxnOffsetCommitInput): TopicPartitionsResult[] {
    return this.groups.offsets.commitTransactional(req, {
      verify: (partition) => {
        const p = this.topics.partition(OFFSETS_TOPIC, partition);
        if (p === undefined) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
        const err = this.coordinator.verify(req.transactionalId, req.producerId, req.producerEpoch, OFFSETS_TOPIC, partition);
        // Before v4 the client cannot say TRANSACTION_ABORTABLE: Kafka answers INVALID_TXN_STATE.
        if (err === ErrorCode.TRANSACTION_ABORTABLE && req.apiVersion < 4) return ErrorCode.INVALID_TXN_STATE;
        if (err !== ErrorCode.NONE) return err;
        const e = this.producers.get(p.log).entry(req.producerId);
        return e !== undefined && req.producerEpoch < e.epoch ? ErrorCode.INVALID_PRODUCER_EPOCH : ErrorCode.NONE;
      },
      append: (partition, records, now) => {
        const p = this.topics.partition(OFFSETS_TOPIC, partition);
        if (p === undefined) throw new Error(`${OFFSETS_TOPIC}-${partition} is gone`);
        const batch = encodeRecordBatch({ records, timestamp: now, isTransactional: true, producerId: req.producerId, producerEpoch: req.producerEpoch, baseSequence: -1 });
        const res = p.log.append(batch);
        const applied = { producerId: req.producerId, producerEpoch: req.producerEpoch, baseSequence: -1, lastOffsetDelta: records.length - 1, isTransactional: true };
        this.producers.get(p.log).applyData(applied, res.baseOffset, res.lastOffset, now);
      },
    });
  }

  /** The offsets a restart found in transactions still open become pending again in the group coordinator. */
  private recoverPendingOffsets(): void {
    for (const m of this.coordinator.unfinished()) {
      for (const index of m.partitions.get(OFFSETS_TOPIC) ?? []) {
        const p = this.topics.partition(OFFSETS_TOPIC, index);
        if (p === undefined) continue;
        const first = this.producers.get(p.log).ongoingTxnFirstOffset(m.producerId);
        if (first >= 0) this.groups.offsets.recoverTransaction(m.producerId, index, first);
      }
    }
  }
}

/**
 * Clients older than KIP-588 do not know PRODUCER_FENCED: Kafka answers them INVALID_PRODUCER_EPOCH
 * (InitProducerId before v4; AddPartitionsToTxn, AddOffsetsToTxn and EndTxn before v2).
 */
export function fencedErrorFor(errorCode: number, version: number, firstVersionWithFenced: number): number {
  return errorCode === ErrorCode.PRODUCER_FENCED && version < firstVersionWithFenced ? ErrorCode.INVALID_PRODUCER_EPOCH : errorCode;
}
