// Committed offsets of every group (Kafka's OffsetMetadataManager): OffsetCommit, OffsetFetch,
// OffsetDelete, the tombstones of expiry and deletion, and the offsets of open transactions
// (TxnOffsetCommit), which stay pending until the transaction's marker lands in the group's
// __consumer_offsets partition. Every change is appended to the GroupStore before it counts, so
// replaying the store rebuilds the offsets. Group checks are the membership's (membership.ts) or the
// consumer groups' (consumer-coordinator.ts).
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Clock } from '../../shared/clock.js';
import { GroupState } from './classic-group.js';
import type { ConsumerGroupCoordinator } from './consumer-coordinator.js';
import { appendErrorCode, type GroupStore, writeErrorCode } from './group-store.js';
import type { GroupMembership } from './membership.js';
import { OFFSETS_TOPIC } from './offsets-topic.js';
import { encodeKey, encodeRecordValue, type CoordinatorRecord, type OffsetCommitValue } from './records.js';

export interface OffsetsConfig {
  offsetsRetentionMs: number;
  offsetMetadataMaxBytes: number;
}

export interface CommitPartitionInput {
  partitionIndex: number;
  committedOffset: bigint;
  committedLeaderEpoch: number;
  committedMetadata: string | null;
}

export interface OffsetCommitInput {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  /** -1 means the broker's retention (only v2-4 can say otherwise). */
  retentionTimeMs: bigint;
  apiVersion: number;
  topics: { name: string; partitions: CommitPartitionInput[] }[];
}

export interface TopicPartitionsResult {
  name: string;
  partitions: { partitionIndex: number; errorCode: number }[];
}

export interface FetchedOffset {
  partitionIndex: number;
  committedOffset: bigint;
  committedLeaderEpoch: number;
  metadata: string;
  errorCode: number;
}

export interface OffsetFetchResult {
  errorCode: number;
  topics: { name: string; partitions: FetchedOffset[] }[];
}

export interface OffsetDeleteResult {
  errorCode: number;
  topics: TopicPartitionsResult[];
}

/** Which topic partitions exist, for OffsetCommit/OffsetDelete validation. */
export type PartitionExists = (topic: string, partition: number) => boolean;

export interface TxnOffsetCommitInput {
  transactionalId: string;
  groupId: string;
  producerId: bigint;
  producerEpoch: number;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  topics: { name: string; partitions: CommitPartitionInput[] }[];
  /** The request version: from v4 a client understands TRANSACTION_ABORTABLE (KIP-890). */
  apiVersion: number;
}

/** What TxnOffsetCommit needs of the transaction system to write to the group's offsets partition. */
export interface TransactionalOffsetWriter {
  /** The producer's checks against that partition (transaction verification, epoch): an error code or NONE. */
  verify(partition: number): number;
  /** Appends the records as one transactional batch of the producer; throws when the log refuses it. */
  append(partition: number, records: { key: Buffer; value: Buffer | null }[], now: number): void;
}

interface PendingOffset {
  topic: string;
  partition: number;
  value: OffsetCommitValue;
}

type OffsetsByTopic = Map<string, Map<number, OffsetCommitValue>>;

/** Who commits: OffsetCommit's and TxnOffsetCommit's group fields. */
type Committer = Pick<OffsetCommitInput, 'groupId' | 'generationId' | 'memberId' | 'groupInstanceId' | 'apiVersion'>;

export class GroupOffsets {
  private readonly offsets = new Map<string, OffsetsByTopic>();
  /** Offsets of open transactions: producer id → group → "topic\0partition" → offset. */
  private readonly pending = new Map<bigint, Map<string, Map<string, PendingOffset>>>();
  private readonly clock: Clock;
  private readonly config: OffsetsConfig;
  private readonly store: GroupStore;
  private readonly partitionExists: PartitionExists;
  private readonly membership: GroupMembership;
  private readonly consumer: ConsumerGroupCoordinator;
  private readonly log: (line: string) => void;
  private closed = false;

  constructor(opts: {
    clock: Clock;
    config: OffsetsConfig;
    store: GroupStore;
    partitionExists: PartitionExists;
    membership: GroupMembership;
    consumer: ConsumerGroupCoordinator;
    log: (line: string) => void;
  }) {
    this.clock = opts.clock;
    this.config = opts.config;
    this.store = opts.store;
    this.partitionExists = opts.partitionExists;
    this.membership = opts.membership;
    this.consumer = opts.consumer;
    this.log = opts.log;
  }

  close(): void {
    this.closed = true;
  }

  // ---------------------------------------------------------------------------------------------
  // Loading and views

  replay(groupId: string, topic: string, partition: number, value: OffsetCommitValue | null, now: number): void {
    if (value === null) {
      this.removeOffset(groupId, topic, partition);
    } else {
      this.membership.ensureGroup(groupId, now);
      this.setOffset(groupId, topic, partition, value);
    }
  }

  committed(groupId: string, topic: string, partition: number): OffsetCommitValue | undefined {
    return this.offsets.get(groupId)?.get(topic)?.get(partition);
  }

  /** Every group's committed offsets (group → topic → partition), for the lag metrics; not to be changed. */
  allCommitted(): ReadonlyMap<string, ReadonlyMap<string, ReadonlyMap<number, OffsetCommitValue>>> {
    return this.offsets;
  }

  /** How many offsets the group has committed. */
  count(groupId: string): number {
    let n = 0;
    for (const parts of this.offsets.get(groupId)?.values() ?? []) n += parts.size;
    return n;
  }

  /** Tombstones for every offset of the group (it is being deleted). */
  tombstones(groupId: string): CoordinatorRecord[] {
    const records: CoordinatorRecord[] = [];
    for (const [topic, parts] of this.offsets.get(groupId) ?? []) {
      for (const partition of parts.keys()) records.push({ key: { type: 'offset', group: groupId, topic, partition }, value: null });
    }
    return records;
  }

  /** Drops the group's offsets once its tombstones are stored. */
  forget(groupId: string): void {
    this.offsets.delete(groupId);
  }

  // ---------------------------------------------------------------------------------------------
  // OffsetCommit, OffsetFetch, OffsetDelete

  commit(req: OffsetCommitInput): TopicPartitionsResult[] {
    // Plain loops and one result object per partition, filled in place: this runs for every commit
    // of every consumer, so it avoids per-call closures and string-keyed maps.
    const groupError = this.closed ? ErrorCode.NOT_COORDINATOR : this.validateCommitter(req, false);
    if (groupError !== ErrorCode.NONE) return this.failAll(req.topics, groupError);
    const out: TopicPartitionsResult[] = [];
    this.membership.keepAlive(req.groupId, req.memberId);
    const now = this.clock.now();
    const expireTimestamp = req.retentionTimeMs === -1n ? null : now + Number(req.retentionTimeMs);
    const records: CoordinatorRecord[] = [];
    // Result entries of the records, in the same order, so a failed append can mark them.
    const stored: { partitionIndex: number; errorCode: number }[] = [];
    for (const t of req.topics) {
      const partitions: TopicPartitionsResult['partitions'] = [];
      for (const p of t.partitions) {
        const res = { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE as number };
        const value = this.offsetValue(t.name, p, now, expireTimestamp);
        if (typeof value === 'number') {
          res.errorCode = value;
        } else {
          records.push({ key: { type: 'offset', group: req.groupId, topic: t.name, partition: p.partitionIndex }, value });
          stored.push(res);
        }
        partitions.push(res);
      }
      out.push({ name: t.name, partitions });
    }
    if (records.length === 0) return out;
    try {
      this.store.append(req.groupId, records);
    } catch (err) {
      this.log(`could not store offsets of group ${req.groupId}: ${(err as Error).message}`);
      const code = appendErrorCode(err);
      for (const res of stored) res.errorCode = code;
      return out;
    }
    this.membership.ensureGroup(req.groupId, now);
    for (const r of records) {
      if (r.key.type === 'offset' && r.value !== null) this.setOffset(req.groupId, r.key.topic, r.key.partition, r.value as OffsetCommitValue);
    }
    return out;
  }

  /** Every partition answered `errorCode`, or UNKNOWN_TOPIC_OR_PARTITION where it does not exist. */
  private failAll(topics: readonly { name: string; partitions: readonly CommitPartitionInput[] }[], errorCode: number): TopicPartitionsResult[] {
    const out: TopicPartitionsResult[] = [];
    for (const t of topics) {
      const partitions: TopicPartitionsResult['partitions'] = [];
      for (const p of t.partitions) {
        partitions.push({ partitionIndex: p.partitionIndex, errorCode: this.partitionExists(t.name, p.partitionIndex) ? errorCode : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
      }
      out.push({ name: t.name, partitions });
    }
    return out;
  }

  /** The offset to store for one partition of a commit, or the error code that refuses it. */
  private offsetValue(topic: string, p: CommitPartitionInput, now: number, expireTimestamp: number | null): OffsetCommitValue | number {
    if (!this.partitionExists(topic, p.partitionIndex)) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
    if (p.committedMetadata !== null && p.committedMetadata.length > this.config.offsetMetadataMaxBytes) return ErrorCode.OFFSET_METADATA_TOO_LARGE;
    return { offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch, metadata: p.committedMetadata ?? '', commitTimestamp: now, expireTimestamp };
  }

  /**
   * Kafka's group checks for an offset commit (classic or consumer group); a transactional one
   * skips the rebalance and empty-group checks.
   */
  private validateCommitter(req: Committer, transactional: boolean): number {
    if (req.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const cg = this.consumer.groups.get(req.groupId);
    if (cg !== undefined) return this.consumer.validateOffsetCommit(cg, req.memberId, req.generationId, req.apiVersion, transactional);
    const g = this.membership.group(req.groupId);
    if (g === undefined) {
      if (req.generationId < 0) return ErrorCode.NONE;
      return !transactional && req.apiVersion >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION;
    }
    if (g.is(GroupState.DEAD)) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    // Admin tools and assign() consumers commit with generation -1, allowed while nobody is a member.
    if (!transactional && req.generationId < 0 && g.is(GroupState.EMPTY)) return ErrorCode.NONE;
    if (req.generationId >= 0 || req.memberId !== '' || req.groupInstanceId !== null) {
      const invalid = this.membership.validateMember(g, req.memberId, req.groupInstanceId);
      if (invalid !== ErrorCode.NONE) return invalid;
      if (req.generationId !== g.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (!transactional && !g.is(GroupState.EMPTY)) {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    if (!transactional && g.is(GroupState.COMPLETING_REBALANCE)) return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  /**
   * Committed offsets; `topics` null means every partition the group has committed. `member` is
   * OffsetFetch v9's member id and epoch, checked for consumer groups.
   */
  fetch(
    groupId: string,
    topics: readonly { name: string; partitionIndexes: readonly number[] }[] | null,
    member?: { memberId: string | null; memberEpoch: number },
  ): OffsetFetchResult {
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, topics: [] };
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, topics: [] };
    const cg = this.consumer.groups.get(groupId);
    if (cg !== undefined && member !== undefined) {
      const invalid = this.consumer.validateOffsetFetch(cg, member.memberId, member.memberEpoch);
      if (invalid !== ErrorCode.NONE) return { errorCode: invalid, topics: [] };
    }
    const known = this.membership.group(groupId) !== undefined || cg !== undefined;
    const byTopic = known ? this.offsets.get(groupId) : undefined;
    const fetched = (partitionIndex: number, v: OffsetCommitValue | undefined): FetchedOffset =>
      v === undefined
        ? { partitionIndex, committedOffset: -1n, committedLeaderEpoch: -1, metadata: '', errorCode: ErrorCode.NONE }
        : { partitionIndex, committedOffset: v.offset, committedLeaderEpoch: v.leaderEpoch, metadata: v.metadata, errorCode: ErrorCode.NONE };
    if (topics === null) {
      const all: OffsetFetchResult['topics'] = [];
      for (const [name, parts] of byTopic ?? []) {
        all.push({ name, partitions: [...parts.entries()].sort((a, b) => a[0] - b[0]).map(([i, v]) => fetched(i, v)) });
      }
      return { errorCode: ErrorCode.NONE, topics: all };
    }
    return {
      errorCode: ErrorCode.NONE,
      topics: topics.map((t) => ({ name: t.name, partitions: t.partitionIndexes.map((i) => fetched(i, byTopic?.get(t.name)?.get(i))) })),
    };
  }

  delete(groupId: string, topics: readonly { name: string; partitions: readonly number[] }[]): OffsetDeleteResult {
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, topics: [] };
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, topics: [] };
    const cg = this.consumer.groups.get(groupId);
    const g = cg === undefined ? this.membership.group(groupId) : undefined;
    let subscribed: (topic: string) => boolean;
    if (cg !== undefined) {
      // A consumer group may lose the offsets of topics it does not subscribe to, members or not.
      subscribed = (topic) => cg.isSubscribedToTopic(topic);
    } else {
      if (g === undefined || g.is(GroupState.DEAD)) return { errorCode: ErrorCode.GROUP_ID_NOT_FOUND, topics: [] };
      if (!g.is(GroupState.EMPTY) && !g.usesConsumerProtocol) return { errorCode: ErrorCode.NON_EMPTY_GROUP, topics: [] };
      subscribed = (topic) => g.isSubscribedToTopic(topic);
    }
    const byTopic = this.offsets.get(groupId);
    const records: CoordinatorRecord[] = [];
    const result = topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((partitionIndex) => {
        if (!this.partitionExists(t.name, partitionIndex)) return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION };
        if (subscribed(t.name)) return { partitionIndex, errorCode: ErrorCode.GROUP_SUBSCRIBED_TO_TOPIC };
        if (byTopic?.get(t.name)?.has(partitionIndex) === true) {
          records.push({ key: { type: 'offset', group: groupId, topic: t.name, partition: partitionIndex }, value: null });
        }
        return { partitionIndex, errorCode: ErrorCode.NONE };
      }),
    }));
    if (records.length > 0) {
      try {
        this.store.append(groupId, records);
      } catch (err) {
        this.log(`could not delete offsets of group ${groupId}: ${(err as Error).message}`);
        return { errorCode: appendErrorCode(err), topics: [] };
      }
      for (const r of records) if (r.key.type === 'offset') this.removeOffset(groupId, r.key.topic, r.key.partition);
    }
    return { errorCode: ErrorCode.NONE, topics: result };
  }

  /** Forgets the committed offsets of a deleted topic in every group (as Kafka does on deletion). */
  onTopicDeleted(topic: string): void {
    for (const [groupId, byTopic] of [...this.offsets]) {
      const parts = byTopic.get(topic);
      if (parts === undefined || this.closed) continue;
      const records: CoordinatorRecord[] = [...parts.keys()].map((partition) => ({ key: { type: 'offset', group: groupId, topic, partition }, value: null }));
      try {
        this.store.append(groupId, records);
      } catch (err) {
        this.log(`could not delete offsets of group ${groupId} for deleted topic ${topic}: ${(err as Error).message}`);
        continue;
      }
      for (const partition of [...parts.keys()]) this.removeOffset(groupId, topic, partition);
    }
  }

  private setOffset(groupId: string, topic: string, partition: number, value: OffsetCommitValue): void {
    let byTopic = this.offsets.get(groupId);
    if (byTopic === undefined) this.offsets.set(groupId, (byTopic = new Map<string, Map<number, OffsetCommitValue>>()));
    let parts = byTopic.get(topic);
    if (parts === undefined) byTopic.set(topic, (parts = new Map<number, OffsetCommitValue>()));
    parts.set(partition, value);
  }

  private removeOffset(groupId: string, topic: string, partition: number): void {
    const byTopic = this.offsets.get(groupId);
    const parts = byTopic?.get(topic);
    if (byTopic === undefined || parts === undefined) return;
    parts.delete(partition);
    if (parts.size === 0) byTopic.delete(topic);
    if (byTopic.size === 0) this.offsets.delete(groupId);
  }

  // ---------------------------------------------------------------------------------------------
  // Expiration (the coordinator decides which groups' offsets and when)

  expired(groupId: string, now: number, retention: number, keep: (topic: string) => boolean, base: (v: OffsetCommitValue) => number): CoordinatorRecord[] {
    const records: CoordinatorRecord[] = [];
    for (const [topic, parts] of this.offsets.get(groupId) ?? []) {
      if (keep(topic)) continue;
      for (const [partition, v] of parts) {
        const dead = v.expireTimestamp !== null ? now >= v.expireTimestamp : now - base(v) >= retention;
        if (dead) records.push({ key: { type: 'offset', group: groupId, topic, partition }, value: null });
      }
    }
    return records;
  }

  /** Stores the expiry records, then drops the offsets they delete: how many, or null if the store refused. */
  storeExpired(groupId: string, records: CoordinatorRecord[], kind: string): number | null {
    if (records.length === 0) return 0;
    try {
      this.store.append(groupId, records);
    } catch (err) {
      this.log(`could not expire offsets of ${kind} ${groupId}: ${(err as Error).message}`);
      return null;
    }
    let n = 0;
    for (const r of records) {
      if (r.key.type === 'offset') {
        this.removeOffset(groupId, r.key.topic, r.key.partition);
        n++;
      }
    }
    return n;
  }

  // ---------------------------------------------------------------------------------------------
  // Transactional offsets (TxnOffsetCommit, settled by the transaction's marker)

  /** Where the group's offsets live, the storage created if needed (AddOffsetsToTxn, TxnOffsetCommit). */
  prepareOffsetsPartition(groupId: string): number {
    if (!this.closed) this.store.prepare?.();
    return this.partitionOf(groupId);
  }

  private partitionOf(groupId: string): number {
    return this.store.partitionFor?.(groupId) ?? 0;
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

  /**
   * TxnOffsetCommit: after the group checks, `writer` checks the producer and stores the offsets in
   * the group's partition as a transactional batch; they stay pending until completeTransaction().
   */
  commitTransactional(req: TxnOffsetCommitInput, writer: TransactionalOffsetWriter): TopicPartitionsResult[] {
    let groupError = this.validateCommitter(req, true);
    if (groupError !== ErrorCode.NONE) return this.failAll(req.topics, groupError);
    let partitionIndex: number;
    try {
      partitionIndex = this.prepareOffsetsPartition(req.groupId);
    } catch (err) {
      this.log(`cannot prepare ${OFFSETS_TOPIC}: ${(err as Error).message}`);
      return this.failAll(req.topics, ErrorCode.COORDINATOR_NOT_AVAILABLE);
    }
    groupError = writer.verify(partitionIndex);
    if (groupError !== ErrorCode.NONE) return this.failAll(req.topics, groupError);

    const now = this.clock.now();
    const records: { key: Buffer; value: Buffer | null }[] = [];
    const accepted: PendingOffset[] = [];
    const results = req.topics.map((t) => ({
      name: t.name,
      partitions: t.partitions.map((pp) => {
        const value = this.offsetValue(t.name, pp, now, null);
        if (typeof value === 'number') return { partitionIndex: pp.partitionIndex, errorCode: value };
        const key = { type: 'offset' as const, group: req.groupId, topic: t.name, partition: pp.partitionIndex };
        records.push({ key: encodeKey(key), value: encodeRecordValue({ key, value }) });
        accepted.push({ topic: t.name, partition: pp.partitionIndex, value });
        return { partitionIndex: pp.partitionIndex, errorCode: ErrorCode.NONE };
      }),
    }));
    if (records.length === 0) return results;
    try {
      writer.append(partitionIndex, records, now);
    } catch (err) {
      this.log(`could not store transactional offsets of group ${req.groupId}: ${(err as Error).message}`);
      return this.failAll(req.topics, writeErrorCode(err, ErrorCode.UNKNOWN_SERVER_ERROR));
    }
    for (const o of accepted) this.addPending(req.producerId, req.groupId, o);
    return results;
  }

  /**
   * The producer's transaction ended with a marker in offsets partition `partition`: its pending
   * offsets there become committed offsets (a missing group becomes a simple group) or vanish.
   */
  completeTransaction(producerId: bigint, partition: number, commit: boolean): void {
    const byGroup = this.pending.get(producerId);
    if (byGroup === undefined) return;
    for (const [groupId, offsets] of [...byGroup]) {
      if (this.partitionOf(groupId) !== partition) continue;
      if (commit) this.applyTransactional(groupId, [...offsets.values()]);
      byGroup.delete(groupId);
    }
    if (byGroup.size === 0) this.pending.delete(producerId);
  }

  /** Makes committed transactional offsets visible (their records and marker are already stored). */
  applyTransactional(groupId: string, offsets: readonly PendingOffset[]): void {
    if (this.closed || offsets.length === 0) return;
    this.membership.ensureGroup(groupId, this.clock.now());
    for (const o of offsets) this.setOffset(groupId, o.topic, o.partition, o.value);
  }

  /** After a restart: the pending offsets of a transaction still open, from its records in `partition` on. */
  recoverTransaction(producerId: bigint, partition: number, firstOffset: number): void {
    for (const rec of this.store.transactionalRecords?.(partition, producerId, firstOffset) ?? []) {
      if (rec.key.type !== 'offset' || rec.value === null) continue;
      this.addPending(producerId, rec.key.group, { topic: rec.key.topic, partition: rec.key.partition, value: rec.value as OffsetCommitValue });
    }
  }

  private addPending(producerId: bigint, groupId: string, o: PendingOffset): void {
    let byGroup = this.pending.get(producerId);
    if (byGroup === undefined) this.pending.set(producerId, (byGroup = new Map<string, Map<string, PendingOffset>>()));
    let offsets = byGroup.get(groupId);
    if (offsets === undefined) byGroup.set(groupId, (offsets = new Map<string, PendingOffset>()));
    offsets.set(`${o.topic}\u0000${o.partition}`, o);
  }
}
