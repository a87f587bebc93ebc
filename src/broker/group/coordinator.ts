// The group coordinator (Kafka's GroupCoordinatorShard): it owns the store and joins its two parts,
// as Kafka splits them, the classic groups' membership (membership.ts, GroupMetadataManager) and the
// committed offsets (offsets.ts, OffsetMetadataManager), to the KIP-848 consumer groups
// (consumer-coordinator.ts). Here: loading (one replay over the store feeds all three), shutdown,
// what needs both parts (ListGroups, DeleteGroups, offset expiry and the groups it empties). Handlers
// call the parts themselves: `broker.groups.membership`, `.offsets` and `.consumer`.
import { ErrorCode } from '../../protocol/error-codes.js';
import type { ConsumerGroupMigrationPolicy } from '../config.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { GroupState, type ClassicGroup } from './classic-group.js';
import {
  ConsumerGroupCoordinator,
  DEFAULT_CONSUMER_HEARTBEAT_INTERVAL_MS,
  DEFAULT_CONSUMER_SESSION_TIMEOUT_MS,
  type TopicsView,
} from './consumer-coordinator.js';
import type { ConsumerGroupRecord } from './consumer-records.js';
import { appendErrorCode, type GroupStore } from './group-store.js';
import { GroupMembership, type MembershipConfig } from './membership.js';
import { GroupOffsets, type OffsetsConfig, type PartitionExists } from './offsets.js';
import type { CoordinatorRecord, GroupMetadataValue, OffsetCommitValue } from './records.js';

export interface GroupCoordinatorConfig extends MembershipConfig, OffsetsConfig {
  offsetsRetentionCheckIntervalMs: number;
  /** group.consumer.session.timeout.ms (KIP-848 groups; default 45 s). */
  consumerSessionTimeoutMs?: number;
  /** group.consumer.heartbeat.interval.ms (default 5 s). */
  consumerHeartbeatIntervalMs?: number;
  /** group.consumer.migration.policy (default bidirectional, Kafka 4's). */
  consumerMigrationPolicy?: ConsumerGroupMigrationPolicy;
}

const NO_TOPICS: TopicsView = { byName: () => undefined, byId: () => undefined, names: () => [] };

export const DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;
export const DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS = 600_000;
export const DEFAULT_OFFSET_METADATA_MAX_BYTES = 4096;

export interface ListedGroupInfo {
  groupId: string;
  protocolType: string;
  groupState: string;
  groupType: string;
}

const CLASSIC_GROUP_TYPE = 'classic';
const CONSUMER_GROUP_TYPE = 'consumer';

export class GroupCoordinator {
  private readonly clock: Clock;
  private readonly config: GroupCoordinatorConfig;
  private readonly store: GroupStore;
  private readonly log: (line: string) => void;
  private expirationTimer: Timer | null = null;
  private closed = false;
  /** Classic groups: JoinGroup, SyncGroup, Heartbeat, LeaveGroup and their timers. */
  readonly membership: GroupMembership;
  /** Committed offsets of every group, and those of open transactions. */
  readonly offsets: GroupOffsets;
  /** KIP-848 consumer groups; they share the group id space and the offsets with classic groups. */
  readonly consumer: ConsumerGroupCoordinator;

  constructor(opts: {
    clock: Clock;
    config: GroupCoordinatorConfig;
    store: GroupStore;
    partitionExists: PartitionExists;
    topics?: TopicsView;
    log?: (line: string) => void;
  }) {
    this.clock = opts.clock;
    this.config = opts.config;
    this.store = opts.store;
    const log = (this.log = opts.log ?? (() => undefined));
    this.consumer = new ConsumerGroupCoordinator({
      clock: this.clock,
      topics: opts.topics ?? NO_TOPICS,
      log,
      config: {
        sessionTimeoutMs: opts.config.consumerSessionTimeoutMs ?? DEFAULT_CONSUMER_SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: opts.config.consumerHeartbeatIntervalMs ?? DEFAULT_CONSUMER_HEARTBEAT_INTERVAL_MS,
      },
      hooks: {
        classicGroup: (groupId) => this.membership.status(groupId),
        dropClassicGroup: (groupId) => [{ key: { type: 'group', group: groupId }, value: null }],
        forgetClassicGroup: (groupId) => this.membership.retire(groupId),
        upgradeSource: (groupId) => this.membership.upgradeSource(groupId),
        downgrade: (groupId, generationId, members) => this.membership.downgradeFrom(groupId, generationId, members),
        migrationPolicy: () => {
          const p = opts.config.consumerMigrationPolicy ?? 'bidirectional';
          return { upgrade: p === 'bidirectional' || p === 'upgrade', downgrade: p === 'bidirectional' || p === 'downgrade' };
        },
        append: (groupId, records) => this.store.append(groupId, records),
      },
    });
    this.membership = new GroupMembership({ clock: this.clock, config: opts.config, store: this.store, consumer: this.consumer, log });
    this.offsets = new GroupOffsets({ clock: this.clock, config: opts.config, store: this.store, partitionExists: opts.partitionExists, membership: this.membership, consumer: this.consumer, log });
  }

  /** Fault injection: a rebalance of a classic or consumer (KIP-848) group; an error text when there is none. */
  forceRebalance(groupId: string): Record<string, unknown> | string {
    return this.consumer.forceRebalance(groupId) ?? this.membership.forceRebalance(groupId);
  }

  // ---------------------------------------------------------------------------------------------
  // Loading and shutdown

  /** Rebuilds offsets and groups from the store and starts the offset expiration timer. */
  load(): void {
    const now = this.clock.now();
    this.store.load((rec) => this.replay(rec, now));
    this.membership.afterLoad();
    this.consumer.afterLoad();
    this.scheduleExpiration();
  }

  private replay(rec: CoordinatorRecord, now: number): void {
    if (rec.key.type === 'offset') {
      this.offsets.replay(rec.key.group, rec.key.topic, rec.key.partition, rec.value as OffsetCommitValue | null, now);
    } else if (rec.key.type === 'group') {
      this.membership.replayGroup(rec.key.group, rec.value as GroupMetadataValue | null, now);
    } else {
      if (rec.value !== null) this.membership.replayConsumerGroupRecord(rec.key.group);
      this.consumer.replay(rec as ConsumerGroupRecord);
    }
  }

  /** Makes sure the backing storage exists; FindCoordinator calls this as Kafka does. */
  ensureStorage(): void {
    if (!this.closed) this.store.prepare?.();
  }

  /** Answers every parked request with NOT_COORDINATOR and stops all timers. */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.expirationTimer !== null) this.clock.clearTimeout(this.expirationTimer);
    this.expirationTimer = null;
    this.consumer.close();
    this.offsets.close();
    this.membership.close();
  }

  // ---------------------------------------------------------------------------------------------
  // ListGroups and DeleteGroups

  listGroups(statesFilter: readonly string[], typesFilter: readonly string[]): { errorCode: number; groups: ListedGroupInfo[] } {
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, groups: [] };
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    const types = new Set(typesFilter.map((s) => s.toLowerCase()));
    const groups: ListedGroupInfo[] = [];
    if (types.size === 0 || types.has(CLASSIC_GROUP_TYPE)) {
      for (const g of this.membership.all()) {
        if (states.size > 0 && !states.has(g.state.toLowerCase())) continue;
        groups.push({ groupId: g.groupId, protocolType: g.protocolType ?? '', groupState: g.state, groupType: CLASSIC_GROUP_TYPE });
      }
    }
    if (types.size === 0 || types.has(CONSUMER_GROUP_TYPE)) {
      for (const g of this.consumer.groups.values()) {
        const state = g.state;
        if (states.size > 0 && !states.has(state.toLowerCase())) continue;
        groups.push({ groupId: g.groupId, protocolType: CONSUMER_GROUP_TYPE, groupState: state, groupType: CONSUMER_GROUP_TYPE });
      }
    }
    return { errorCode: ErrorCode.NONE, groups };
  }

  deleteGroups(groupIds: readonly string[]): { groupId: string; errorCode: number }[] {
    return groupIds.map((groupId) => ({ groupId, errorCode: this.deleteGroup(groupId) }));
  }

  private deleteGroup(groupId: string): number {
    if (this.closed) return ErrorCode.NOT_COORDINATOR;
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const cg = this.consumer.groups.get(groupId);
    if (cg !== undefined) return this.deleteConsumerGroup(groupId);
    const g = this.membership.group(groupId);
    if (g === undefined || g.is(GroupState.DEAD)) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (!g.is(GroupState.EMPTY)) return ErrorCode.NON_EMPTY_GROUP;
    const err = this.storeDeletion(groupId, [{ key: { type: 'group', group: groupId }, value: null }], 'group');
    if (err === ErrorCode.NONE) this.membership.markDead(g);
    return err;
  }

  /** Deletes an empty consumer group with its offsets (DeleteGroups, or expiry). */
  private deleteConsumerGroup(groupId: string): number {
    const cg = this.consumer.groups.get(groupId);
    if (cg === undefined) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (cg.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    const groupRecords = this.consumer.deletionRecords(cg);
    const err = this.storeDeletion(groupId, groupRecords, 'consumer group');
    if (err === ErrorCode.NONE) this.consumer.applyStored(groupRecords);
    return err;
  }

  /** Stores the tombstones of the group's offsets with `groupRecords`, then forgets the offsets: NONE or the error to answer. */
  private storeDeletion(groupId: string, groupRecords: readonly CoordinatorRecord[], kind: string): number {
    const records = this.offsets.tombstones(groupId);
    records.push(...groupRecords);
    try {
      this.store.append(groupId, records);
    } catch (err) {
      this.log(`could not delete ${kind} ${groupId}: ${(err as Error).message}`);
      return appendErrorCode(err);
    }
    this.offsets.forget(groupId);
    return ErrorCode.NONE;
  }

  // ---------------------------------------------------------------------------------------------
  // Offset expiration (Kafka 2.1+: retention counts from when the group became Empty)

  private scheduleExpiration(): void {
    if (this.closed) return;
    const t = this.clock.setTimeout(() => {
      this.expirationTimer = null;
      if (this.closed) return;
      this.expireOffsets();
      this.scheduleExpiration();
    }, this.config.offsetsRetentionCheckIntervalMs);
    t.unref();
    this.expirationTimer = t;
  }

  /** Deletes expired offsets, then Empty groups left without any; returns how many offsets went. */
  expireOffsets(): number {
    const now = this.clock.now();
    const retention = this.config.offsetsRetentionMs;
    let expired = 0;
    for (const g of this.membership.all()) {
      const base = this.expirationBase(g);
      // A Stable consumer group only loses offsets of topics it no longer subscribes to.
      const records = base === null ? [] : this.offsets.expired(g.groupId, now, retention, (topic) => g.is(GroupState.STABLE) && g.isSubscribedToTopic(topic), base);
      const remaining = this.offsets.count(g.groupId) - records.length;
      const deleteGroup = remaining === 0 && g.is(GroupState.EMPTY);
      if (deleteGroup) records.push({ key: { type: 'group', group: g.groupId }, value: null });
      const n = this.offsets.storeExpired(g.groupId, records, 'group');
      if (n === null) continue;
      expired += n;
      if (deleteGroup) {
        this.membership.markDead(g);
        this.log(`group ${g.groupId} deleted: it is empty and has no offsets left`);
      }
    }
    expired += this.expireConsumerGroupOffsets(now, retention);
    return expired;
  }

  /**
   * Kafka expires a consumer group's offsets like a classic group's: an Empty group's offsets once
   * the retention has passed since it became Empty (or since the commit, if later); a group with
   * members only the offsets of topics it no longer subscribes to. An Empty group left without
   * offsets is deleted.
   */
  private expireConsumerGroupOffsets(now: number, retention: number): number {
    let expired = 0;
    for (const cg of [...this.consumer.groups.values()]) {
      const empty = cg.members.size === 0;
      const records = this.offsets.expired(
        cg.groupId,
        now,
        retention,
        (topic) => !empty && cg.isSubscribedToTopic(topic),
        (v) => (empty ? Math.max(cg.stateTimestamp, v.commitTimestamp) : v.commitTimestamp),
      );
      const n = this.offsets.storeExpired(cg.groupId, records, 'consumer group');
      if (n === null) continue;
      expired += n;
      if (empty && this.offsets.count(cg.groupId) === 0 && now - cg.stateTimestamp >= retention && this.deleteConsumerGroup(cg.groupId) === ErrorCode.NONE) {
        this.log(`consumer group ${cg.groupId} deleted: it is empty and has no offsets left`);
      }
    }
    return expired;
  }

  private expirationBase(g: ClassicGroup): ((v: OffsetCommitValue) => number) | null {
    if (g.protocolType === null) return (v) => v.commitTimestamp;
    if (g.is(GroupState.EMPTY)) {
      const since = g.currentStateTimestamp;
      return (v) => (since >= 0 ? since : v.commitTimestamp);
    }
    if (g.usesConsumerProtocol && g.subscribedTopics !== null && g.is(GroupState.STABLE)) return (v) => v.commitTimestamp;
    return null;
  }
}
