// The broker's transaction system (`broker.txn`): producer ids, per-partition producer state and the
// produce-path checks, the last stable offset, the transaction coordinator with its log and the
// markers it writes, wired to the broker's topics, clock and group coordinator.
import path from 'node:path';
import { ErrorCode } from '../../protocol/error-codes.js';
import { decodeRecordBatch, encodeControlBatch, encodeRecordBatch, splitRecordBatches } from '../../protocol/records/batch.js';
import { ControlRecordType } from '../../protocol/records/record.js';
import type { ValidatedBatch } from '../../protocol/records/validate.js';
import type { Clock } from '../../shared/clock.js';
import type { BrokerConfig } from '../config.js';
import { OFFSETS_TOPIC, type GroupCoordinator } from '../group/index.js';
import { GroupState } from '../group/classic-group.js';
import { decodeRecord, encodeKey, encodeRecordValue, offsetsPartitionFor, type OffsetCommitValue } from '../group/records.js';
import { DEFAULT_OFFSET_METADATA_MAX_BYTES } from '../group/coordinator.js';
import type { AppendOptions } from '../log/partition-log.js';
import type { PartitionState, TopicManager } from '../metadata/topics.js';
import { TransactionCoordinator, type TopicPartitionRef } from './coordinator.js';
import { ProducerIdAllocator } from './producer-ids.js';
import { ProducerStateRegistry } from './producer-registry.js';
import type { AbortedTxn } from './producer-state.js';
import { TransactionTopicStore, type TxnLogStore } from './txn-log.js';

/** The parts of the broker this needs (structural, to avoid an import cycle). */
export interface TxnHost {
  readonly config: BrokerConfig;
  readonly topics: TopicManager;
  readonly clock: Clock;
  readonly dataDir: string;
  readonly groups: GroupCoordinator;
  readonly log: (line: string) => void;
  notifyAppend(): void;
}

export interface ProduceOutcome {
  errorCode: number;
  errorMessage: string | null;
  baseOffset: number;
  /** -1 unless the topic stamps LogAppendTime. */
  logAppendTime: number;
  /** The transaction verification refused the batch before the log saw it (Kafka answers log start offset -1). */
  unverified?: boolean;
}

export interface TxnOffsetCommitInput {
  transactionalId: string;
  groupId: string;
  producerId: bigint;
  producerEpoch: number;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: { name: string; partitions: { partitionIndex: number; committedOffset: bigint; committedLeaderEpoch: number; committedMetadata: string | null }[] }[];
  /** The request version: from v4 a client understands TRANSACTION_ABORTABLE (KIP-890). */
  apiVersion: number;
}

export interface TxnOffsetCommitResult {
  name: string;
  partitions: { partitionIndex: number; errorCode: number }[];
}

interface PendingOffset {
  topic: string;
  partition: number;
  value: OffsetCommitValue;
}

/** producer id → group → "topic\0partition" → offset. */
type PendingOffsets = Map<bigint, Map<string, Map<string, PendingOffset>>>;

export class TransactionSystem {
  readonly producers: ProducerStateRegistry;
  readonly coordinator: TransactionCoordinator;
  readonly producerIds: ProducerIdAllocator;
  private readonly host: TxnHost;
  private readonly pending: PendingOffsets = new Map();

  constructor(host: TxnHost, store?: TxnLogStore) {
    this.host = host;
    this.producers = new ProducerStateRegistry(host.clock, host.log, (log) => {
      const name = path.basename(log.dir);
      const dash = name.lastIndexOf('-');
      return host.topics.partition(name.slice(0, dash), Number(name.slice(dash + 1)))?.log === log;
    });
    this.producerIds = new ProducerIdAllocator(host.dataDir);
    this.coordinator = new TransactionCoordinator({
      clock: host.clock,
      store: store ?? new TransactionTopicStore({ topics: host.topics, clock: host.clock, log: host.log }),
      transactionMaxTimeoutMs: host.config.transactionMaxTimeoutMs,
      allocateProducerId: () => this.producerIds.allocate(),
      writeMarkers: (pid, epoch, commit, coordinatorEpoch, partitions) => this.writeMarkers(pid, epoch, commit, coordinatorEpoch, partitions),
      log: host.log,
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
    const now = this.host.clock.now();
    for (const { topic, partition } of partitions) {
      const p = this.host.topics.partition(topic, partition);
      if (p === undefined) continue; // deleted while the transaction was open
      const st = this.producers.get(p.log);
      const err = st.checkMarker(producerId, producerEpoch, coordinatorEpoch);
      if (err !== ErrorCode.NONE) {
        this.host.log(`skipping transaction marker for producer ${producerId} in ${topic}-${partition}: error ${err}`);
        continue;
      }
      const batch = encodeControlBatch({
        producerId,
        producerEpoch,
        type: commit ? ControlRecordType.COMMIT : ControlRecordType.ABORT,
        coordinatorEpoch,
        timestamp: now,
      });
      try {
        const res = p.log.append(batch, { leaderEpoch: p.leaderEpoch });
        st.applyMarker(producerId, producerEpoch, commit, coordinatorEpoch, res.baseOffset, res.logAppendTime >= 0 ? res.logAppendTime : now);
      } catch (e) {
        this.host.log(`could not write transaction marker to ${topic}-${partition}: ${(e as Error).message}`);
        ok = false;
        continue;
      }
      if (topic === OFFSETS_TOPIC) this.settleOffsets(producerId, partition, commit);
    }
    this.host.notifyAppend();
    return ok;
  }

  // ---------------------------------------------------------------------------------------------
  // Transactional offset commits

  private offsetsPartitionCount(): number {
    return this.host.topics.get(OFFSETS_TOPIC)?.partitions.length ?? this.host.config.offsetsTopicNumPartitions;
  }

  /** The __consumer_offsets partition that holds a group (the one AddOffsetsToTxn adds). */
  offsetsPartitionFor(groupId: string): number {
    return offsetsPartitionFor(groupId, this.offsetsPartitionCount());
  }

  /** Creates __consumer_offsets if needed (AddOffsetsToTxn / TxnOffsetCommit) and returns its partition for the group. */
  prepareOffsetsPartition(groupId: string): number {
    this.host.groups.ensureStorage();
    return this.offsetsPartitionFor(groupId);
  }

  /** True while a transaction holds an uncommitted offset for the group (OffsetFetch requireStable). */
  hasPendingOffsets(groupId: string, topic?: string, partition?: number): boolean {
    for (const byGroup of this.pending.values()) {
      const offsets = byGroup.get(groupId);
      if (offsets === undefined) continue;
      if (topic === undefined) return true;
      if (partition === undefined ? [...offsets.values()].some((o) => o.topic === topic) : offsets.has(`${topic}\u0000${partition}`)) return true;
    }
    return false;
  }

  private addPending(producerId: bigint, groupId: string, o: PendingOffset): void {
    let byGroup = this.pending.get(producerId);
    if (byGroup === undefined) this.pending.set(producerId, (byGroup = new Map<string, Map<string, PendingOffset>>()));
    let offsets = byGroup.get(groupId);
    if (offsets === undefined) byGroup.set(groupId, (offsets = new Map<string, PendingOffset>()));
    offsets.set(`${o.topic}\u0000${o.partition}`, o);
  }

  /** After a marker in offsets partition `partition`: the producer's offsets there become visible or vanish. */
  private settleOffsets(producerId: bigint, partition: number, commit: boolean): void {
    const byGroup = this.pending.get(producerId);
    if (byGroup === undefined) return;
    for (const [groupId, offsets] of [...byGroup]) {
      if (this.offsetsPartitionFor(groupId) !== partition) continue;
      if (commit) this.host.groups.applyTransactionalOffsets(groupId, [...offsets.values()]);
      byGroup.delete(groupId);
    }
    if (byGroup.size === 0) this.pending.delete(producerId);
  }

  /** Kafka's classic-group checks for a transactional offset commit (no rebalance or empty-group checks). */
  private validateGroup(req: TxnOffsetCommitInput): number {
    if (req.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const cg = this.host.groups.consumer.groups.get(req.groupId);
    if (cg !== undefined) return this.host.groups.consumer.validateOffsetCommit(cg, req.memberId, req.generationId, req.apiVersion, true);
    const g = this.host.groups.group(req.groupId);
    if (g === undefined) return req.generationId < 0 ? ErrorCode.NONE : ErrorCode.ILLEGAL_GENERATION;
    if (g.is(GroupState.DEAD)) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    if (req.generationId >= 0 || req.memberId !== '' || req.groupInstanceId !== null) {
      if (req.groupInstanceId !== null) {
        const existing = g.staticMembers.get(req.groupInstanceId);
        if (existing === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
        if (existing !== req.memberId) return ErrorCode.FENCED_INSTANCE_ID;
      }
      if (!g.members.has(req.memberId)) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (req.generationId !== g.generationId) return ErrorCode.ILLEGAL_GENERATION;
    }
    return ErrorCode.NONE;
  }

  /**
   * TxnOffsetCommit: the offsets are written to the group's __consumer_offsets partition as a
   * transactional batch of the producer and stay pending until the transaction's marker lands there.
   */
  txnOffsetCommit(req: TxnOffsetCommitInput): TxnOffsetCommitResult[] {
    const exists = (topic: string, partition: number): boolean => this.host.topics.partition(topic, partition) !== undefined;
    const fillAll = (errorCode: number): TxnOffsetCommitResult[] =>
      req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partitionIndex: p.partitionIndex, errorCode: exists(t.name, p.partitionIndex) ? errorCode : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION })),
      }));
    let groupError = this.validateGroup(req);
    if (groupError !== ErrorCode.NONE) return fillAll(groupError);
    let partitionIndex: number;
    try {
      partitionIndex = this.prepareOffsetsPartition(req.groupId);
    } catch (err) {
      this.host.log(`cannot prepare ${OFFSETS_TOPIC}: ${(err as Error).message}`);
      return fillAll(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    }
    const p = this.host.topics.partition(OFFSETS_TOPIC, partitionIndex);
    if (p === undefined) return fillAll(ErrorCode.COORDINATOR_NOT_AVAILABLE);
    groupError = this.coordinator.verify(req.transactionalId, req.producerId, req.producerEpoch, OFFSETS_TOPIC, partitionIndex);
    // Before v4 the client cannot say TRANSACTION_ABORTABLE: Kafka answers INVALID_TXN_STATE.
    if (groupError === ErrorCode.TRANSACTION_ABORTABLE && req.apiVersion < 4) groupError = ErrorCode.INVALID_TXN_STATE;
    if (groupError !== ErrorCode.NONE) return fillAll(groupError);
    const st = this.producers.get(p.log);
    const e = st.entry(req.producerId);
    if (e !== undefined && req.producerEpoch < e.epoch) return fillAll(ErrorCode.INVALID_PRODUCER_EPOCH);

    const now = this.host.clock.now();
    const records: { key: Buffer; value: Buffer | null }[] = [];
    const accepted: PendingOffset[] = [];
    const results = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((pp) => {
        if (!exists(t.name, pp.partitionIndex)) return { partitionIndex: pp.partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
        if (pp.committedMetadata !== null && pp.committedMetadata.length > DEFAULT_OFFSET_METADATA_MAX_BYTES) {
          return { partitionIndex: pp.partitionIndex, errorCode: ErrorCode.OFFSET_METADATA_TOO_LARGE };
        }
        const value: OffsetCommitValue = {
          offset: pp.committedOffset,
          leaderEpoch: pp.committedLeaderEpoch,
          metadata: pp.committedMetadata ?? '',
          commitTimestamp: now,
          expireTimestamp: null,
        };
        const key = { type: 'offset' as const, group: req.groupId, topic: t.name, partition: pp.partitionIndex };
        records.push({ key: encodeKey(key), value: encodeRecordValue({ key, value }) });
        accepted.push({ topic: t.name, partition: pp.partitionIndex, value });
        return { partitionIndex: pp.partitionIndex, errorCode: ErrorCode.NONE };
      }),
    }));
    if (records.length === 0) return results;
    const batch = encodeRecordBatch({
      records,
      timestamp: now,
      isTransactional: true,
      producerId: req.producerId,
      producerEpoch: req.producerEpoch,
      baseSequence: -1,
    });
    try {
      const res = p.log.append(batch, { leaderEpoch: p.leaderEpoch });
      st.applyData({ producerId: req.producerId, producerEpoch: req.producerEpoch, baseSequence: -1, lastOffsetDelta: records.length - 1, isTransactional: true }, res.baseOffset, res.lastOffset, now);
    } catch (err) {
      this.host.log(`could not store transactional offsets of group ${req.groupId}: ${(err as Error).message}`);
      return fillAll(ErrorCode.UNKNOWN_SERVER_ERROR);
    }
    for (const o of accepted) this.addPending(req.producerId, req.groupId, o);
    this.host.notifyAppend();
    return results;
  }

  /** Rebuilds the pending offsets of transactions a restart found open, from their records in the log. */
  private recoverPendingOffsets(): void {
    for (const m of this.coordinator.unfinished()) {
      const parts = m.partitions.get(OFFSETS_TOPIC);
      if (parts === undefined) continue;
      for (const index of parts) {
        const p = this.host.topics.partition(OFFSETS_TOPIC, index);
        if (p === undefined) continue;
        const first = this.producers.get(p.log).ongoingTxnFirstOffset(m.producerId);
        if (first < 0) continue;
        let offset = first;
        while (offset < p.log.logEndOffset) {
          const { batches } = splitRecordBatches(p.log.read(offset, 1 << 20).records);
          if (batches.length === 0) break;
          for (const raw of batches) {
            const b = decodeRecordBatch(raw, { verifyCrc: false });
            const next = Number(b.baseOffset) + b.lastOffsetDelta + 1;
            if (next <= offset) continue;
            offset = next;
            if (b.producerId !== m.producerId || !b.isTransactional || b.isControl) continue;
            for (const r of b.records) {
              if (r.key === null) continue;
              const rec = decodeRecord(r.key, r.value);
              if (rec === null || rec.key.type !== 'offset' || rec.value === null) continue;
              this.addPending(m.producerId, rec.key.group, { topic: rec.key.topic, partition: rec.key.partition, value: rec.value as OffsetCommitValue });
            }
          }
        }
      }
    }
  }
}

export function createBrokerTxn(host: TxnHost): TransactionSystem {
  return new TransactionSystem(host);
}

/**
 * Clients older than KIP-588 do not know PRODUCER_FENCED: Kafka answers them INVALID_PRODUCER_EPOCH
 * (InitProducerId before v4; AddPartitionsToTxn, AddOffsetsToTxn and EndTxn before v2).
 */
export function fencedErrorFor(errorCode: number, version: number, firstVersionWithFenced: number): number {
  return errorCode === ErrorCode.PRODUCER_FENCED && version < firstVersionWithFenced ? ErrorCode.INVALID_PRODUCER_EPOCH : errorCode;
}
