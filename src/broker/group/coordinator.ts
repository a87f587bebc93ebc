// The classic group coordinator (Kafka's GroupMetadataManager classic paths + OffsetMetadataManager):
// one state machine per group, driven by requests and by timers on the injected clock. Parked
// JoinGroup/SyncGroup requests are resolver callbacks kept on the member; the state machine calls
// them when Kafka would complete the response. Every change that must survive a restart is
// appended to the GroupStore before it is applied, so replaying the store rebuilds offsets and
// groups (groups come back Empty, keeping generation and protocol type, with their offsets).
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { RecordTooLargeError } from '../log/errors.js';
import {
  ClassicGroup,
  EMPTY_ASSIGNMENT,
  GroupMember,
  GroupState,
  joinError,
  syncError,
  type GroupProtocol,
  type JoinGroupResult,
  type SyncGroupResult,
} from './classic-group.js';
import {
  ConsumerGroupCoordinator,
  DEFAULT_CONSUMER_HEARTBEAT_INTERVAL_MS,
  DEFAULT_CONSUMER_SESSION_TIMEOUT_MS,
  type TopicsView,
} from './consumer-coordinator.js';
import type { ConsumerGroupRecord } from './consumer-records.js';
import type { CoordinatorRecord, GroupMetadataValue, OffsetCommitValue } from './records.js';

export interface GroupCoordinatorConfig {
  initialRebalanceDelayMs: number;
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  /** How long a brand-new member may wait in a rebalance (KIP-394; Kafka's default 5 min). */
  newMemberJoinTimeoutMs: number;
  offsetsRetentionMs: number;
  offsetsRetentionCheckIntervalMs: number;
  offsetMetadataMaxBytes: number;
  /** group.consumer.session.timeout.ms (KIP-848 groups; default 45 s). */
  consumerSessionTimeoutMs?: number;
  /** group.consumer.heartbeat.interval.ms (default 5 s). */
  consumerHeartbeatIntervalMs?: number;
}

const NO_TOPICS: TopicsView = { byName: () => undefined, byId: () => undefined, names: () => [] };

export const DEFAULT_NEW_MEMBER_JOIN_TIMEOUT_MS = 300_000;
export const DEFAULT_OFFSETS_RETENTION_CHECK_INTERVAL_MS = 600_000;
export const DEFAULT_OFFSET_METADATA_MAX_BYTES = 4096;

/** Where coordinator records go; all records of one call belong to one group (one partition). */
export interface GroupStore {
  append(groupId: string, records: readonly CoordinatorRecord[]): void;
  /** Replays every stored record in log order. */
  load(apply: (rec: CoordinatorRecord) => void): void;
  /** Creates the backing storage ahead of the first write (Kafka creates its topic on FindCoordinator). */
  prepare?(): void;
}

export interface JoinGroupInput {
  groupId: string;
  memberId: string;
  groupInstanceId: string | null;
  sessionTimeoutMs: number;
  rebalanceTimeoutMs: number;
  protocolType: string;
  protocols: GroupProtocol[];
  clientId: string;
  clientHost: string;
  /** JoinGroup v4+: a first join without a member id gets MEMBER_ID_REQUIRED. */
  requireKnownMemberId: boolean;
  /** JoinGroup v9+: a replaced static leader is told to skip the assignment. */
  supportsSkippingAssignment: boolean;
}

export interface SyncGroupInput {
  groupId: string;
  generationId: number;
  memberId: string;
  groupInstanceId: string | null;
  protocolType: string | null;
  protocolName: string | null;
  assignments: { memberId: string; assignment: Buffer }[];
}

export interface LeaveMemberResult {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: number;
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

export interface DescribedMember {
  memberId: string;
  groupInstanceId: string | null;
  clientId: string;
  clientHost: string;
  memberMetadata: Buffer;
  memberAssignment: Buffer;
}

export interface DescribedGroupInfo {
  errorCode: number;
  groupId: string;
  groupState: string;
  protocolType: string;
  protocolData: string;
  members: DescribedMember[];
}

export interface ListedGroupInfo {
  groupId: string;
  protocolType: string;
  groupState: string;
  groupType: string;
}

export interface OffsetDeleteResult {
  errorCode: number;
  topics: TopicPartitionsResult[];
}

/** Which topic partitions exist, for OffsetCommit/OffsetDelete validation. */
export type PartitionExists = (topic: string, partition: number) => boolean;

type OffsetsByTopic = Map<string, Map<number, OffsetCommitValue>>;

const CLASSIC_GROUP_TYPE = 'classic';
const CONSUMER_GROUP_TYPE = 'consumer';

export class GroupCoordinator {
  private readonly groups = new Map<string, ClassicGroup>();
  private readonly offsets = new Map<string, OffsetsByTopic>();
  private readonly clock: Clock;
  private readonly config: GroupCoordinatorConfig;
  private readonly store: GroupStore;
  private readonly partitionExists: PartitionExists;
  private readonly log: (line: string) => void;
  private expirationTimer: Timer | null = null;
  private closed = false;
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
    this.partitionExists = opts.partitionExists;
    this.log = opts.log ?? (() => undefined);
    this.consumer = new ConsumerGroupCoordinator({
      clock: this.clock,
      topics: opts.topics ?? NO_TOPICS,
      log: this.log,
      config: {
        sessionTimeoutMs: opts.config.consumerSessionTimeoutMs ?? DEFAULT_CONSUMER_SESSION_TIMEOUT_MS,
        heartbeatIntervalMs: opts.config.consumerHeartbeatIntervalMs ?? DEFAULT_CONSUMER_HEARTBEAT_INTERVAL_MS,
      },
      hooks: {
        classicGroup: (groupId) => {
          const g = this.groups.get(groupId);
          if (g === undefined || g.is(GroupState.DEAD)) return 'absent';
          return g.is(GroupState.EMPTY) && g.members.size === 0 && g.pendingJoinMembers.size === 0 ? 'empty' : 'active';
        },
        dropClassicGroup: (groupId) => [{ key: { type: 'group', group: groupId }, value: null }],
        forgetClassicGroup: (groupId) => {
          const g = this.groups.get(groupId);
          if (g !== undefined) this.markDead(g);
        },
        append: (groupId, records) => this.store.append(groupId, records),
      },
    });
  }

  // ---------------------------------------------------------------------------------------------
  // Loading and shutdown

  /** Rebuilds offsets and groups from the store and starts the offset expiration timer. */
  load(): void {
    const now = this.clock.now();
    this.store.load((rec) => this.replay(rec, now));
    for (const g of this.groups.values()) g.subscribedTopics = g.computeSubscribedTopics();
    this.consumer.afterLoad();
    this.scheduleExpiration();
  }

  private replay(rec: CoordinatorRecord, now: number): void {
    if (rec.key.type === 'offset') {
      const { group, topic, partition } = rec.key;
      const value = rec.value as OffsetCommitValue | null;
      if (value === null) {
        this.removeOffset(group, topic, partition);
      } else {
        if (!this.groups.has(group) && !this.consumer.groups.has(group)) this.groups.set(group, new ClassicGroup(group, now));
        this.setOffset(group, topic, partition, value);
      }
      return;
    }
    if (rec.key.type !== 'group') {
      // A consumer group takes over the id of the simple group its offsets may have made.
      if (rec.value !== null && this.groups.get(rec.key.group)?.protocolType === null) this.groups.delete(rec.key.group);
      this.consumer.replay(rec as ConsumerGroupRecord);
      return;
    }
    const groupId = rec.key.group;
    const value = rec.value as GroupMetadataValue | null;
    if (value === null) {
      this.groups.delete(groupId);
      return;
    }
    // Members are not restored: their sessions did not survive the restart, so the group starts
    // Empty and they rejoin (as they would after their session timeouts in Kafka).
    const g = new ClassicGroup(groupId, now);
    g.generationId = value.generation;
    g.protocolType = value.protocolType === '' ? null : value.protocolType;
    g.currentStateTimestamp = value.members.length > 0 ? now : value.currentStateTimestamp;
    this.groups.set(groupId, g);
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
    for (const g of this.groups.values()) {
      this.cancelGroupTimers(g);
      for (const m of g.members.values()) {
        g.completeJoin(m, joinError(ErrorCode.NOT_COORDINATOR, m.memberId));
        g.completeSync(m, syncError(ErrorCode.NOT_COORDINATOR));
      }
    }
  }

  private cancelGroupTimers(g: ClassicGroup): void {
    this.cancel(g.joinTimer);
    g.joinTimer = null;
    this.cancel(g.syncTimer);
    g.syncTimer = null;
    for (const t of g.pendingJoinMembers.values()) this.cancel(t);
    for (const m of g.members.values()) {
      this.cancel(m.heartbeatTimer);
      m.heartbeatTimer = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Read-only views (tests, DescribeGroups, ListGroups)

  group(groupId: string): ClassicGroup | undefined {
    return this.groups.get(groupId);
  }

  committedOffset(groupId: string, topic: string, partition: number): OffsetCommitValue | undefined {
    return this.offsets.get(groupId)?.get(topic)?.get(partition);
  }

  /**
   * Makes the offsets of a committed transaction (TxnOffsetCommit) visible. The transaction
   * coordinator has already stored their records and the COMMIT marker in __consumer_offsets, which
   * load() replays; a group that does not exist yet becomes a simple group, as a plain commit would.
   */
  applyTransactionalOffsets(groupId: string, offsets: readonly { topic: string; partition: number; value: OffsetCommitValue }[]): void {
    if (this.closed || offsets.length === 0) return;
    if (!this.groups.has(groupId) && !this.consumer.groups.has(groupId)) this.groups.set(groupId, new ClassicGroup(groupId, this.clock.now()));
    for (const o of offsets) this.setOffset(groupId, o.topic, o.partition, o.value);
  }

  // ---------------------------------------------------------------------------------------------
  // Timers

  private schedule(fn: () => void, ms: number): Timer {
    const t = this.clock.setTimeout(() => {
      if (!this.closed) fn();
    }, ms);
    t.unref();
    return t;
  }

  private cancel(t: Timer | null): void {
    if (t !== null) this.clock.clearTimeout(t);
  }

  private isCurrent(g: ClassicGroup): boolean {
    return this.groups.get(g.groupId) === g;
  }

  private rescheduleHeartbeat(g: ClassicGroup, m: GroupMember, timeoutMs: number = m.sessionTimeoutMs): void {
    const deadline = this.clock.now() + timeoutMs;
    m.heartbeatDeadline = deadline;
    // Every heartbeat and commit lands here: when the armed timer fires no later than the new
    // deadline, it re-arms itself for the rest instead of being replaced now.
    if (m.heartbeatTimer !== null && m.heartbeatTimerDue <= deadline) return;
    this.cancel(m.heartbeatTimer);
    this.armHeartbeat(g, m, timeoutMs);
  }

  private armHeartbeat(g: ClassicGroup, m: GroupMember, ms: number): void {
    const memberId = m.memberId;
    m.heartbeatTimerDue = this.clock.now() + ms;
    const t = this.schedule(() => {
      if (m.memberId === memberId && m.heartbeatTimer === t) {
        const left = m.heartbeatDeadline - this.clock.now();
        if (left > 0) {
          this.armHeartbeat(g, m, left);
          return;
        }
      }
      if (m.memberId === memberId) m.heartbeatTimer = null;
      this.expireHeartbeat(g, memberId);
    }, ms);
    m.heartbeatTimer = t;
  }

  private scheduleJoin(g: ClassicGroup, fn: () => void, ms: number): void {
    this.cancel(g.joinTimer);
    g.joinTimer = this.schedule(() => {
      g.joinTimer = null;
      if (this.isCurrent(g)) fn();
    }, ms);
  }

  private expireHeartbeat(g: ClassicGroup, memberId: string): void {
    if (!this.isCurrent(g) || g.is(GroupState.DEAD)) return;
    if (g.pendingJoinMembers.has(memberId)) {
      this.log(`pending member ${memberId} of group ${g.groupId} expired before joining`);
      g.remove(memberId);
      if (g.is(GroupState.PREPARING_REBALANCE) && g.hasAllMembersJoined()) this.completeJoinPhase(g);
      return;
    }
    const m = g.members.get(memberId);
    if (m === undefined || m.hasSatisfiedHeartbeat()) return;
    this.log(`member ${memberId} of group ${g.groupId} failed its session timeout; removing it`);
    this.removeMember(g, m);
    if (g.is(GroupState.STABLE) || g.is(GroupState.COMPLETING_REBALANCE)) this.maybePrepareRebalanceOrCompleteJoin(g);
    else if (g.is(GroupState.PREPARING_REBALANCE) && g.hasAllMembersJoined()) this.completeJoinPhase(g);
  }

  /** Drops a member, answering anything it has parked with UNKNOWN_MEMBER_ID so it rejoins. */
  private removeMember(g: ClassicGroup, m: GroupMember): void {
    this.cancel(m.heartbeatTimer);
    m.heartbeatTimer = null;
    g.completeJoin(m, joinError(ErrorCode.UNKNOWN_MEMBER_ID, ''));
    g.completeSync(m, syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    g.remove(m.memberId);
  }

  // ---------------------------------------------------------------------------------------------
  // Rebalance machinery

  private maybePrepareRebalanceOrCompleteJoin(g: ClassicGroup): void {
    if (g.canRebalance()) this.prepareRebalance(g);
    else this.maybeCompleteJoinPhase(g);
  }

  private prepareRebalance(g: ClassicGroup): void {
    if (g.is(GroupState.COMPLETING_REBALANCE)) this.resetAndPropagateAssignment(g, ErrorCode.REBALANCE_IN_PROGRESS);
    g.pendingSyncMembers.clear();
    this.cancel(g.syncTimer);
    g.syncTimer = null;
    const initial = g.is(GroupState.EMPTY);
    if (initial) {
      // A new group waits group.initial.rebalance.delay.ms so a burst of members lands in one generation.
      const delay = this.config.initialRebalanceDelayMs;
      const remaining = Math.max(g.rebalanceTimeoutMs() - delay, 0);
      this.scheduleJoin(g, () => this.tryCompleteInitialRebalance(g, delay, remaining), delay);
    }
    g.transitionTo(GroupState.PREPARING_REBALANCE, this.clock.now());
    this.log(`preparing to rebalance group ${g.groupId} with old generation ${g.generationId}`);
    if (!initial) {
      if (g.hasAllMembersJoined()) this.completeJoinPhase(g);
      else this.scheduleJoin(g, () => this.completeJoinPhase(g), g.rebalanceTimeoutMs());
    }
  }

  private tryCompleteInitialRebalance(g: ClassicGroup, delay: number, remaining: number): void {
    if (g.newMemberAdded && remaining !== 0) {
      g.newMemberAdded = false;
      const nextDelay = Math.min(this.config.initialRebalanceDelayMs, remaining);
      const nextRemaining = Math.max(remaining - delay, 0);
      this.scheduleJoin(g, () => this.tryCompleteInitialRebalance(g, nextDelay, nextRemaining), nextDelay);
    } else {
      this.completeJoinPhase(g);
    }
  }

  private maybeCompleteJoinPhase(g: ClassicGroup): void {
    if (!g.is(GroupState.PREPARING_REBALANCE)) return;
    // The initial rebalance always runs its delay out.
    if (g.previousState === GroupState.EMPTY) return;
    if (!g.hasAllMembersJoined()) return;
    this.completeJoinPhase(g);
  }

  private completeJoinPhase(g: ClassicGroup): void {
    this.cancel(g.joinTimer);
    g.joinTimer = null;
    for (const m of [...g.members.values()]) {
      if (m.awaitingJoin === null && !m.isStatic) {
        this.cancel(m.heartbeatTimer);
        m.heartbeatTimer = null;
        g.remove(m.memberId);
        this.log(`group ${g.groupId} removed member ${m.memberId}, which did not rejoin in time`);
      }
    }
    if (g.is(GroupState.DEAD)) return;
    if (!g.maybeElectNewJoinedLeader() && g.members.size > 0) {
      // Nobody rejoined: wait another round for session timeouts to clear the group out.
      this.scheduleJoin(g, () => this.completeJoinPhase(g), g.rebalanceTimeoutMs());
      return;
    }
    g.initNextGeneration(this.clock.now());
    if (g.is(GroupState.EMPTY)) {
      this.log(`group ${g.groupId} with generation ${g.generationId} is now empty`);
      this.tryPersistGroup(g, false);
      return;
    }
    this.log(`stabilized group ${g.groupId} generation ${g.generationId} with ${g.members.size} member(s)`);
    for (const m of g.members.values()) {
      const isLeader = g.isLeader(m.memberId);
      g.completeJoin(m, {
        errorCode: ErrorCode.NONE,
        generationId: g.generationId,
        protocolType: g.protocolType,
        protocolName: g.protocolName,
        leader: g.leaderId ?? '',
        skipAssignment: false,
        memberId: m.memberId,
        members: isLeader ? g.currentMembers() : [],
      });
      this.rescheduleHeartbeat(g, m);
      m.isNew = false;
      g.pendingSyncMembers.add(m.memberId);
    }
    const generation = g.generationId;
    this.cancel(g.syncTimer);
    // Kafka waits the rebalance timeout for every SyncGroup. A member that sent 0 there (kafkajs's
    // Broker.joinGroup without a rebalanceTimeout encodes undefined as 0) would lose its membership
    // before its SyncGroup could arrive, so such a member counts with its session timeout instead.
    let syncWait = 0;
    for (const m of g.members.values()) syncWait = Math.max(syncWait, m.rebalanceTimeoutMs > 0 ? m.rebalanceTimeoutMs : m.sessionTimeoutMs);
    g.syncTimer = this.schedule(() => {
      g.syncTimer = null;
      if (this.isCurrent(g)) this.expirePendingSync(g, generation);
    }, syncWait);
  }

  private expirePendingSync(g: ClassicGroup, generation: number): void {
    if (generation !== g.generationId) return;
    if (!g.is(GroupState.COMPLETING_REBALANCE) && !g.is(GroupState.STABLE)) return;
    if (g.pendingSyncMembers.size === 0) return;
    const late = [...g.pendingSyncMembers];
    for (const id of late) {
      const m = g.members.get(id);
      if (m !== undefined) this.removeMember(g, m);
      else g.remove(id);
    }
    this.log(`group ${g.groupId} removed members that never sent SyncGroup: ${late.join(', ')}`);
    this.prepareRebalance(g);
  }

  private resetAndPropagateAssignment(g: ClassicGroup, errorCode: number): void {
    for (const m of g.members.values()) m.assignment = EMPTY_ASSIGNMENT;
    this.propagateAssignment(g, errorCode);
  }

  private propagateAssignment(g: ClassicGroup, errorCode: number): void {
    const ok = errorCode === ErrorCode.NONE;
    for (const m of g.members.values()) {
      const sent = g.completeSync(m, {
        errorCode,
        protocolType: ok ? g.protocolType : null,
        protocolName: ok ? g.protocolName : null,
        assignment: m.assignment,
      });
      // Its session may have lapsed while it waited for the leader; give it a fresh one.
      if (sent) this.rescheduleHeartbeat(g, m);
    }
  }

  private removePendingSyncMember(g: ClassicGroup, memberId: string): void {
    g.pendingSyncMembers.delete(memberId);
    const done = g.is(GroupState.COMPLETING_REBALANCE) || g.is(GroupState.STABLE) ? g.pendingSyncMembers.size === 0 : true;
    if (done) {
      this.cancel(g.syncTimer);
      g.syncTimer = null;
    }
  }

  // ---------------------------------------------------------------------------------------------
  // JoinGroup

  joinGroup(req: JoinGroupInput): Promise<JoinGroupResult> {
    if (this.closed) return Promise.resolve(joinError(ErrorCode.NOT_COORDINATOR, req.memberId));
    if (req.groupId === '') return Promise.resolve(joinError(ErrorCode.INVALID_GROUP_ID, req.memberId));
    // Classic members in a consumer group (Kafka 4's mixed groups) are not supported here.
    if (this.consumer.groups.has(req.groupId)) return Promise.resolve(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, req.memberId));
    if (req.sessionTimeoutMs < this.config.minSessionTimeoutMs || req.sessionTimeoutMs > this.config.maxSessionTimeoutMs) {
      return Promise.resolve(joinError(ErrorCode.INVALID_SESSION_TIMEOUT, req.memberId));
    }
    return new Promise((resolve) => this.join(req, resolve));
  }

  private join(req: JoinGroupInput, respond: (r: JoinGroupResult) => void): void {
    const isUnknownMember = req.memberId === '';
    let g = this.groups.get(req.groupId);
    const isNewGroup = g === undefined;
    if (g === undefined) {
      if (!isUnknownMember) {
        respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId));
        return;
      }
      g = new ClassicGroup(req.groupId, this.clock.now());
      this.groups.set(req.groupId, g);
    }
    if (isUnknownMember) this.joinNewMember(g, req, respond);
    else this.joinExistingMember(g, req, respond);
    // Kafka records a brand-new group at once, so it is listed even before its first generation.
    if (isNewGroup && this.isCurrent(g)) this.tryPersistGroup(g, false);
  }

  private joinNewMember(g: ClassicGroup, req: JoinGroupInput, respond: (r: JoinGroupResult) => void): void {
    if (g.is(GroupState.DEAD)) {
      respond(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, ''));
      return;
    }
    if (!g.supportsProtocols(req.protocolType, req.protocols.map((p) => p.name))) {
      respond(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, ''));
      return;
    }
    const newMemberId = `${req.groupInstanceId ?? req.clientId}-${randomUUID()}`;
    if (req.groupInstanceId !== null) {
      const existing = g.staticMembers.get(req.groupInstanceId);
      if (existing !== undefined) this.replaceStaticMemberAndJoin(g, req, existing, newMemberId, respond);
      else this.addMemberAndRebalance(g, req, newMemberId, respond);
      return;
    }
    if (req.requireKnownMemberId) {
      // The client must come back with this id; until then it only holds a place in the group.
      const timer = this.schedule(() => this.expireHeartbeat(g, newMemberId), req.sessionTimeoutMs);
      g.pendingJoinMembers.set(newMemberId, timer);
      respond(joinError(ErrorCode.MEMBER_ID_REQUIRED, newMemberId));
      return;
    }
    this.addMemberAndRebalance(g, req, newMemberId, respond);
  }

  private joinExistingMember(g: ClassicGroup, req: JoinGroupInput, respond: (r: JoinGroupResult) => void): void {
    const memberId = req.memberId;
    if (g.is(GroupState.DEAD)) {
      respond(joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, memberId));
      return;
    }
    if (!g.supportsProtocols(req.protocolType, req.protocols.map((p) => p.name))) {
      respond(joinError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, memberId));
      return;
    }
    if (g.pendingJoinMembers.has(memberId)) {
      if (req.groupInstanceId !== null) {
        // Kafka treats this as an internal error: pending ids are only handed to dynamic members.
        respond(joinError(ErrorCode.UNKNOWN_SERVER_ERROR, memberId));
        return;
      }
      this.cancel(g.pendingJoinMembers.get(memberId) ?? null);
      this.addMemberAndRebalance(g, req, memberId, respond);
      return;
    }
    const invalid = this.validateMember(g, memberId, req.groupInstanceId);
    if (invalid !== ErrorCode.NONE) {
      respond(joinError(invalid, memberId));
      return;
    }
    const m = g.members.get(memberId) as GroupMember;
    const current = (members: boolean): JoinGroupResult => ({
      errorCode: ErrorCode.NONE,
      generationId: g.generationId,
      protocolType: g.protocolType,
      protocolName: g.protocolName,
      leader: g.leaderId ?? '',
      skipAssignment: false,
      memberId,
      members: members ? g.currentMembers() : [],
    });
    switch (g.state) {
      case GroupState.PREPARING_REBALANCE:
        this.updateMemberAndRebalance(g, m, req, respond);
        return;
      case GroupState.COMPLETING_REBALANCE:
        // Same metadata: it probably lost the first response, so send it again.
        if (m.matches(req.protocols)) respond(current(g.isLeader(memberId)));
        else this.updateMemberAndRebalance(g, m, req, respond);
        return;
      case GroupState.STABLE:
        // A rejoining leader forces a rebalance (e.g. topic metadata changed); followers only on change.
        if (g.isLeader(memberId) || !m.matches(req.protocols)) this.updateMemberAndRebalance(g, m, req, respond);
        else respond(current(false));
        return;
      case GroupState.EMPTY:
      case GroupState.DEAD:
        respond(joinError(ErrorCode.UNKNOWN_MEMBER_ID, memberId));
    }
  }

  private addMemberAndRebalance(g: ClassicGroup, req: JoinGroupInput, memberId: string, respond: (r: JoinGroupResult) => void): void {
    const m = new GroupMember({
      memberId,
      groupInstanceId: req.groupInstanceId,
      clientId: req.clientId,
      clientHost: req.clientHost,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs,
      sessionTimeoutMs: req.sessionTimeoutMs,
      protocolType: req.protocolType,
      protocols: req.protocols,
    });
    m.isNew = true;
    if (g.is(GroupState.PREPARING_REBALANCE) && g.previousState === GroupState.EMPTY) g.newMemberAdded = true;
    g.add(m, respond);
    // A parked new member cannot heartbeat; if its client gave up it is dropped after this.
    this.rescheduleHeartbeat(g, m, this.config.newMemberJoinTimeoutMs);
    this.maybePrepareRebalanceOrCompleteJoin(g);
  }

  private updateMemberAndRebalance(g: ClassicGroup, m: GroupMember, req: JoinGroupInput, respond: (r: JoinGroupResult) => void): void {
    g.updateMember(m, req.protocols, req.rebalanceTimeoutMs, req.sessionTimeoutMs, respond);
    this.maybePrepareRebalanceOrCompleteJoin(g);
  }

  private replaceStaticMemberAndJoin(g: ClassicGroup, req: JoinGroupInput, oldMemberId: string, newMemberId: string, respond: (r: JoinGroupResult) => void): void {
    const instanceId = req.groupInstanceId as string;
    const previousLeader = g.leaderId ?? '';
    const m = g.replaceStaticMember(instanceId, oldMemberId, newMemberId);
    this.rescheduleHeartbeat(g, m);
    const old = { protocols: m.protocols, rebalanceTimeoutMs: m.rebalanceTimeoutMs, sessionTimeoutMs: m.sessionTimeoutMs };
    g.updateMember(m, req.protocols, req.rebalanceTimeoutMs, req.sessionTimeoutMs, respond);
    if (g.is(GroupState.STABLE)) {
      if (g.protocolName !== g.selectProtocol()) {
        this.maybePrepareRebalanceOrCompleteJoin(g);
        return;
      }
      // The chosen protocol stays, so the new instance simply takes over the old one's assignment.
      try {
        this.persistGroup(g, true);
      } catch (err) {
        this.log(`could not store group ${g.groupId} after replacing static member ${instanceId}: ${(err as Error).message}`);
        g.updateMember(m, old.protocols, old.rebalanceTimeoutMs, old.sessionTimeoutMs, null);
        const back = g.replaceStaticMember(instanceId, newMemberId, oldMemberId);
        this.rescheduleHeartbeat(g, back);
        respond({ ...joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, ''), generationId: g.generationId, protocolType: g.protocolType, protocolName: g.protocolName, leader: previousLeader });
        return;
      }
      if (req.supportsSkippingAssignment) {
        const isLeader = g.isLeader(newMemberId);
        g.completeJoin(m, {
          errorCode: ErrorCode.NONE,
          generationId: g.generationId,
          protocolType: g.protocolType,
          protocolName: g.protocolName,
          leader: g.leaderId ?? '',
          skipAssignment: isLeader,
          memberId: newMemberId,
          members: isLeader ? g.currentMembers() : [],
        });
      } else {
        // Older clients are not told they lead, so they do not reassign the group.
        g.completeJoin(m, {
          errorCode: ErrorCode.NONE,
          generationId: g.generationId,
          protocolType: g.protocolType,
          protocolName: g.protocolName,
          leader: previousLeader,
          skipAssignment: false,
          memberId: newMemberId,
          members: [],
        });
      }
    } else if (g.is(GroupState.COMPLETING_REBALANCE)) {
      // The leader may have assigned partitions to the old id: run the rebalance again.
      this.prepareRebalance(g);
    } else {
      this.maybeCompleteJoinPhase(g);
    }
  }

  private validateMember(g: ClassicGroup, memberId: string, groupInstanceId: string | null): number {
    if (groupInstanceId !== null) {
      const existing = g.staticMembers.get(groupInstanceId);
      if (existing === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
      if (existing !== memberId) return ErrorCode.FENCED_INSTANCE_ID;
    }
    return g.members.has(memberId) ? ErrorCode.NONE : ErrorCode.UNKNOWN_MEMBER_ID;
  }

  // ---------------------------------------------------------------------------------------------
  // SyncGroup

  syncGroup(req: SyncGroupInput): Promise<SyncGroupResult> {
    if (this.closed) return Promise.resolve(syncError(ErrorCode.NOT_COORDINATOR));
    if (req.groupId === '') return Promise.resolve(syncError(ErrorCode.INVALID_GROUP_ID));
    const g = this.groups.get(req.groupId);
    if (g === undefined || g.is(GroupState.EMPTY)) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    const invalid = this.validateSync(g, req);
    if (invalid !== ErrorCode.NONE) return Promise.resolve(syncError(invalid));
    if (g.is(GroupState.PREPARING_REBALANCE)) return Promise.resolve(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    const m = g.members.get(req.memberId) as GroupMember;
    if (g.is(GroupState.STABLE)) {
      this.removePendingSyncMember(g, req.memberId);
      return Promise.resolve({ errorCode: ErrorCode.NONE, protocolType: g.protocolType, protocolName: g.protocolName, assignment: m.assignment });
    }
    // CompletingRebalance: park until the leader's assignment is in.
    return new Promise((resolve) => {
      m.awaitingSync = resolve;
      this.removePendingSyncMember(g, req.memberId);
      if (g.isLeader(req.memberId)) this.applyLeaderAssignment(g, req);
    });
  }

  private validateSync(g: ClassicGroup, req: SyncGroupInput): number {
    if (g.is(GroupState.DEAD)) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const invalid = this.validateMember(g, req.memberId, req.groupInstanceId);
    if (invalid !== ErrorCode.NONE) return invalid;
    if (req.generationId !== g.generationId) return ErrorCode.ILLEGAL_GENERATION;
    const inconsistent = (asked: string | null, actual: string | null): boolean => asked !== null && actual !== null && asked !== actual;
    if (inconsistent(req.protocolType, g.protocolType) || inconsistent(req.protocolName, g.protocolName)) return ErrorCode.INCONSISTENT_GROUP_PROTOCOL;
    return ErrorCode.NONE;
  }

  private applyLeaderAssignment(g: ClassicGroup, req: SyncGroupInput): void {
    const assignment = new Map<string, Buffer>();
    for (const a of req.assignments) assignment.set(a.memberId, a.assignment);
    for (const id of g.members.keys()) if (!assignment.has(id)) assignment.set(id, EMPTY_ASSIGNMENT);
    const previous = new Map([...g.members.values()].map((m) => [m.memberId, m.assignment] as const));
    for (const m of g.members.values()) m.assignment = assignment.get(m.memberId) ?? EMPTY_ASSIGNMENT;
    try {
      this.persistGroup(g, true);
    } catch (err) {
      this.log(`could not store the assignment of group ${g.groupId}: ${(err as Error).message}`);
      for (const m of g.members.values()) m.assignment = previous.get(m.memberId) ?? EMPTY_ASSIGNMENT;
      this.resetAndPropagateAssignment(g, ErrorCode.COORDINATOR_NOT_AVAILABLE);
      this.maybePrepareRebalanceOrCompleteJoin(g);
      return;
    }
    this.propagateAssignment(g, ErrorCode.NONE);
    g.transitionTo(GroupState.STABLE, this.clock.now());
  }

  // ---------------------------------------------------------------------------------------------
  // Heartbeat and LeaveGroup

  heartbeat(req: { groupId: string; memberId: string; groupInstanceId: string | null; generationId: number }): number {
    if (this.closed) return ErrorCode.NOT_COORDINATOR;
    if (req.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const g = this.groups.get(req.groupId);
    if (g === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (g.is(GroupState.DEAD)) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    const invalid = this.validateMember(g, req.memberId, req.groupInstanceId);
    if (invalid !== ErrorCode.NONE) return invalid;
    if (req.generationId !== g.generationId) return ErrorCode.ILLEGAL_GENERATION;
    const m = g.members.get(req.memberId) as GroupMember;
    switch (g.state) {
      case GroupState.EMPTY:
      case GroupState.DEAD:
        return ErrorCode.UNKNOWN_MEMBER_ID;
      case GroupState.PREPARING_REBALANCE:
        this.rescheduleHeartbeat(g, m);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case GroupState.COMPLETING_REBALANCE:
      case GroupState.STABLE:
        // Members may heartbeat between their JoinGroup and SyncGroup responses.
        this.rescheduleHeartbeat(g, m);
        return ErrorCode.NONE;
    }
  }

  leaveGroup(groupId: string, members: readonly { memberId: string; groupInstanceId: string | null }[]): { errorCode: number; members: LeaveMemberResult[] } {
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, members: [] };
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
    const g = this.groups.get(groupId);
    if (g === undefined) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] };
    if (g.is(GroupState.DEAD)) return { errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE, members: [] };
    const results: LeaveMemberResult[] = [];
    let anyLeft = false;
    for (const who of members) {
      const result = (errorCode: number): void => {
        results.push({ memberId: who.memberId, groupInstanceId: who.groupInstanceId, errorCode });
        if (errorCode === ErrorCode.NONE) anyLeft = true;
      };
      if (who.memberId === '') {
        // Admin tools remove static members by instance id alone.
        const id = who.groupInstanceId === null ? undefined : g.staticMembers.get(who.groupInstanceId);
        const m = id === undefined ? undefined : g.members.get(id);
        if (m === undefined) {
          result(ErrorCode.UNKNOWN_MEMBER_ID);
        } else {
          this.removeMember(g, m);
          result(ErrorCode.NONE);
        }
      } else if (g.pendingJoinMembers.has(who.memberId)) {
        this.cancel(g.pendingJoinMembers.get(who.memberId) ?? null);
        g.remove(who.memberId);
        result(ErrorCode.NONE);
      } else {
        const invalid = this.validateMember(g, who.memberId, who.groupInstanceId);
        if (invalid !== ErrorCode.NONE) {
          result(invalid);
        } else {
          this.removeMember(g, g.members.get(who.memberId) as GroupMember);
          result(ErrorCode.NONE);
        }
      }
    }
    if (anyLeft) {
      if (g.is(GroupState.STABLE) || g.is(GroupState.COMPLETING_REBALANCE)) this.maybePrepareRebalanceOrCompleteJoin(g);
      else if (g.is(GroupState.PREPARING_REBALANCE)) this.maybeCompleteJoinPhase(g);
    }
    return { errorCode: ErrorCode.NONE, members: results };
  }

  // ---------------------------------------------------------------------------------------------
  // Offsets

  commitOffsets(req: OffsetCommitInput): TopicPartitionsResult[] {
    // Plain loops and one result object per partition, filled in place: this runs for every commit
    // of every consumer, so it avoids per-call closures and string-keyed maps.
    const out: TopicPartitionsResult[] = [];
    const groupError = this.validateOffsetCommit(req);
    if (groupError !== ErrorCode.NONE) {
      for (const t of req.topics) {
        const partitions: TopicPartitionsResult['partitions'] = [];
        for (const p of t.partitions) {
          partitions.push({ partitionIndex: p.partitionIndex, errorCode: this.partitionExists(t.name, p.partitionIndex) ? groupError : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION });
        }
        out.push({ name: t.name, partitions });
      }
      return out;
    }
    const g = this.groups.get(req.groupId);
    if (g !== undefined && (g.is(GroupState.STABLE) || g.is(GroupState.PREPARING_REBALANCE))) {
      // Commits keep a classic member's session alive.
      const m = g.members.get(req.memberId);
      if (m !== undefined) this.rescheduleHeartbeat(g, m);
    }
    const now = this.clock.now();
    const expireTimestamp = req.retentionTimeMs === -1n ? null : now + Number(req.retentionTimeMs);
    const records: CoordinatorRecord[] = [];
    // Result entries of the records, in the same order, so a failed append can mark them.
    const stored: { partitionIndex: number; errorCode: number }[] = [];
    for (const t of req.topics) {
      const partitions: TopicPartitionsResult['partitions'] = [];
      for (const p of t.partitions) {
        const res = { partitionIndex: p.partitionIndex, errorCode: ErrorCode.NONE as number };
        if (!this.partitionExists(t.name, p.partitionIndex)) {
          res.errorCode = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        } else if (p.committedMetadata !== null && p.committedMetadata.length > this.config.offsetMetadataMaxBytes) {
          res.errorCode = ErrorCode.OFFSET_METADATA_TOO_LARGE;
        } else {
          const value: OffsetCommitValue = {
            offset: p.committedOffset,
            leaderEpoch: p.committedLeaderEpoch,
            metadata: p.committedMetadata ?? '',
            commitTimestamp: now,
            expireTimestamp,
          };
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
    if (!this.groups.has(req.groupId) && !this.consumer.groups.has(req.groupId)) {
      // A "simple" group: offsets only, no membership (admin tools, assign() consumers).
      this.groups.set(req.groupId, new ClassicGroup(req.groupId, now));
    }
    for (const r of records) {
      if (r.key.type === 'offset' && r.value !== null) this.setOffset(req.groupId, r.key.topic, r.key.partition, r.value as OffsetCommitValue);
    }
    return out;
  }

  private validateOffsetCommit(req: OffsetCommitInput): number {
    if (this.closed) return ErrorCode.NOT_COORDINATOR;
    if (req.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    const cg = this.consumer.groups.get(req.groupId);
    if (cg !== undefined) return this.consumer.validateOffsetCommit(cg, req.memberId, req.generationId, req.apiVersion);
    const g = this.groups.get(req.groupId);
    if (g === undefined) {
      if (req.generationId < 0) return ErrorCode.NONE;
      return req.apiVersion >= 9 ? ErrorCode.GROUP_ID_NOT_FOUND : ErrorCode.ILLEGAL_GENERATION;
    }
    if (g.is(GroupState.DEAD)) return ErrorCode.COORDINATOR_NOT_AVAILABLE;
    // Admin tools and assign() consumers commit with generation -1, allowed while nobody is a member.
    if (req.generationId < 0 && g.is(GroupState.EMPTY)) return ErrorCode.NONE;
    if (req.generationId >= 0 || req.memberId !== '' || req.groupInstanceId !== null) {
      const invalid = this.validateMember(g, req.memberId, req.groupInstanceId);
      if (invalid !== ErrorCode.NONE) return invalid;
      if (req.generationId !== g.generationId) return ErrorCode.ILLEGAL_GENERATION;
    } else if (!g.is(GroupState.EMPTY)) {
      return ErrorCode.UNKNOWN_MEMBER_ID;
    }
    if (g.is(GroupState.COMPLETING_REBALANCE)) return ErrorCode.REBALANCE_IN_PROGRESS;
    return ErrorCode.NONE;
  }

  /**
   * Committed offsets; `topics` null means every partition the group has committed. `member` is
   * OffsetFetch v9's member id and epoch, checked for consumer groups.
   */
  fetchOffsets(
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
    const known = this.groups.has(groupId) || cg !== undefined;
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

  deleteOffsets(groupId: string, topics: readonly { name: string; partitions: readonly number[] }[]): OffsetDeleteResult {
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, topics: [] };
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, topics: [] };
    const cg = this.consumer.groups.get(groupId);
    const g = cg === undefined ? this.groups.get(groupId) : undefined;
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
  // Offset expiration (Kafka 2.1+: retention counts from when the group became Empty)

  private scheduleExpiration(): void {
    if (this.closed) return;
    this.expirationTimer = this.schedule(() => {
      this.expirationTimer = null;
      this.expireOffsets();
      this.scheduleExpiration();
    }, this.config.offsetsRetentionCheckIntervalMs);
  }

  /** Deletes expired offsets, then Empty groups left without any; returns how many offsets went. */
  expireOffsets(): number {
    const now = this.clock.now();
    const retention = this.config.offsetsRetentionMs;
    let expired = 0;
    for (const g of [...this.groups.values()]) {
      const base = this.expirationBase(g);
      const byTopic = this.offsets.get(g.groupId);
      // A Stable consumer group only loses offsets of topics it no longer subscribes to.
      const records = base === null ? [] : this.expiredOffsets(g.groupId, now, retention, (topic) => g.is(GroupState.STABLE) && g.isSubscribedToTopic(topic), base);
      const remaining = (byTopic === undefined ? 0 : [...byTopic.values()].reduce((n, p) => n + p.size, 0)) - records.length;
      const deleteGroup = remaining === 0 && g.is(GroupState.EMPTY);
      if (deleteGroup) records.push({ key: { type: 'group', group: g.groupId }, value: null });
      const n = this.storeExpired(g.groupId, records, 'group');
      if (n === null) continue;
      expired += n;
      if (deleteGroup) {
        this.markDead(g);
        this.log(`group ${g.groupId} deleted: it is empty and has no offsets left`);
      }
    }
    expired += this.expireConsumerGroupOffsets(now, retention);
    return expired;
  }

  /** Tombstones for the group's offsets past their expiry or retention (counted from `base`), but those of topics `keep` names. */
  private expiredOffsets(groupId: string, now: number, retention: number, keep: (topic: string) => boolean, base: (v: OffsetCommitValue) => number): CoordinatorRecord[] {
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
  private storeExpired(groupId: string, records: CoordinatorRecord[], kind: string): number | null {
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
      const records = this.expiredOffsets(
        cg.groupId,
        now,
        retention,
        (topic) => !empty && cg.isSubscribedToTopic(topic),
        (v) => (empty ? Math.max(cg.stateTimestamp, v.commitTimestamp) : v.commitTimestamp),
      );
      const n = this.storeExpired(cg.groupId, records, 'consumer group');
      if (n === null) continue;
      expired += n;
      if (empty && !this.offsets.has(cg.groupId) && now - cg.stateTimestamp >= retention && this.deleteConsumerGroup(cg.groupId) === ErrorCode.NONE) {
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

  private markDead(g: ClassicGroup): void {
    this.cancelGroupTimers(g);
    g.transitionTo(GroupState.DEAD, this.clock.now());
    this.groups.delete(g.groupId);
  }

  // ---------------------------------------------------------------------------------------------
  // Admin: describe, list, delete

  describeGroup(groupId: string): DescribedGroupInfo {
    const dead: DescribedGroupInfo = { errorCode: ErrorCode.NONE, groupId, groupState: GroupState.DEAD, protocolType: '', protocolData: '', members: [] };
    if (this.closed) return { ...dead, errorCode: ErrorCode.NOT_COORDINATOR };
    if (groupId === '') return { ...dead, errorCode: ErrorCode.INVALID_GROUP_ID };
    const g = this.groups.get(groupId);
    // Kafka answers an unknown group as a Dead group without an error.
    if (g === undefined) return dead;
    const stable = g.is(GroupState.STABLE);
    return {
      errorCode: ErrorCode.NONE,
      groupId,
      groupState: g.state,
      protocolType: g.protocolType ?? '',
      protocolData: stable ? (g.protocolName ?? '') : '',
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        groupInstanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        memberMetadata: stable ? m.metadata(g.protocolName) : EMPTY_ASSIGNMENT,
        memberAssignment: m.assignment,
      })),
    };
  }

  listGroups(statesFilter: readonly string[], typesFilter: readonly string[]): { errorCode: number; groups: ListedGroupInfo[] } {
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, groups: [] };
    const states = new Set(statesFilter.map((s) => s.toLowerCase()));
    const types = new Set(typesFilter.map((s) => s.toLowerCase()));
    const groups: ListedGroupInfo[] = [];
    if (types.size === 0 || types.has(CLASSIC_GROUP_TYPE)) {
      for (const g of this.groups.values()) {
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
    const g = this.groups.get(groupId);
    if (g === undefined || g.is(GroupState.DEAD)) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (!g.is(GroupState.EMPTY)) return ErrorCode.NON_EMPTY_GROUP;
    const records: CoordinatorRecord[] = [];
    for (const [topic, parts] of this.offsets.get(groupId) ?? []) {
      for (const partition of parts.keys()) records.push({ key: { type: 'offset', group: groupId, topic, partition }, value: null });
    }
    records.push({ key: { type: 'group', group: groupId }, value: null });
    try {
      this.store.append(groupId, records);
    } catch (err) {
      this.log(`could not delete group ${groupId}: ${(err as Error).message}`);
      return appendErrorCode(err);
    }
    this.offsets.delete(groupId);
    this.markDead(g);
    return ErrorCode.NONE;
  }

  /** Deletes an empty consumer group with its offsets (DeleteGroups, or expiry). */
  private deleteConsumerGroup(groupId: string): number {
    const cg = this.consumer.groups.get(groupId);
    if (cg === undefined) return ErrorCode.GROUP_ID_NOT_FOUND;
    if (cg.members.size > 0) return ErrorCode.NON_EMPTY_GROUP;
    const records: CoordinatorRecord[] = [];
    for (const [topic, parts] of this.offsets.get(groupId) ?? []) {
      for (const partition of parts.keys()) records.push({ key: { type: 'offset', group: groupId, topic, partition }, value: null });
    }
    const groupRecords = this.consumer.deletionRecords(cg);
    records.push(...groupRecords);
    try {
      this.store.append(groupId, records);
    } catch (err) {
      this.log(`could not delete consumer group ${groupId}: ${(err as Error).message}`);
      return appendErrorCode(err);
    }
    this.offsets.delete(groupId);
    this.consumer.applyStored(groupRecords);
    return ErrorCode.NONE;
  }

  // ---------------------------------------------------------------------------------------------
  // Persistence of group metadata

  private groupRecord(g: ClassicGroup, withMembers: boolean): CoordinatorRecord {
    return {
      key: { type: 'group', group: g.groupId },
      value: {
        protocolType: g.protocolType ?? '',
        generation: g.generationId,
        protocol: g.protocolName,
        leader: g.leaderId,
        currentStateTimestamp: g.currentStateTimestamp,
        members: withMembers
          ? [...g.members.values()].map((m) => ({
              memberId: m.memberId,
              groupInstanceId: m.groupInstanceId,
              clientId: m.clientId,
              clientHost: m.clientHost,
              rebalanceTimeoutMs: m.rebalanceTimeoutMs,
              sessionTimeoutMs: m.sessionTimeoutMs,
              subscription: m.metadata(g.protocolName),
              assignment: m.assignment,
            }))
          : [],
      },
    };
  }

  private persistGroup(g: ClassicGroup, withMembers: boolean): void {
    this.store.append(g.groupId, [this.groupRecord(g, withMembers)]);
  }

  /** For writes whose failure Kafka only logs (an empty generation, a new group). */
  private tryPersistGroup(g: ClassicGroup, withMembers: boolean): void {
    try {
      this.persistGroup(g, withMembers);
    } catch (err) {
      this.log(`could not store metadata of group ${g.groupId}: ${(err as Error).message}`);
    }
  }
}

/** Kafka's mapping of a failed __consumer_offsets append to what the client is told. */
function appendErrorCode(err: unknown): number {
  if (err instanceof RecordTooLargeError) return ErrorCode.INVALID_COMMIT_OFFSET_SIZE;
  return ErrorCode.COORDINATOR_NOT_AVAILABLE;
}
