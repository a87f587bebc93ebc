// KIP-848 consumer groups (Kafka 4's GroupMetadataManager consumer paths, ConsumerGroup and
// CurrentAssignmentBuilder): ConsumerGroupHeartbeat and ConsumerGroupDescribe. As in Kafka, a
// heartbeat turns into records (member metadata, group epoch, subscribed-topic metadata, target
// assignment, current assignment) that are appended to __consumer_offsets first and then replayed
// into memory by the same `replay` that rebuilds the groups after a restart, so what the client was
// told and what a restart reloads cannot differ.
//
// Epochs: the group epoch goes up by one when a member joins or changes its subscription and by
// one more when the metadata of the subscribed topics changes (Kafka 4.4 answers a first join to an
// existing topic with epoch 2 the same way); a member leaving or fenced bumps it by one. The target
// assignment is recomputed at once when the group epoch is ahead of it (Kafka 4.4 may batch it into
// a later heartbeat), and each member reconciles towards it: partitions still owned by another
// member are handed over only once that member has revoked them (its heartbeat no longer lists
// them), revocation keeps the member at its epoch, and the rest moves it to the assignment epoch.
//
// Mixed groups (Kafka 4): classic members of a consumer group join, sync, heartbeat and leave with
// the classic requests (classicJoin/classicSync/classicHeartbeat/classicLeave): a JoinGroup is a
// full heartbeat whose generation is the member epoch, SyncGroup hands out the member's current
// assignment, and Heartbeat answers REBALANCE_IN_PROGRESS whenever the member must rejoin to move
// on. A classic group in use is upgraded when a consumer-protocol member joins it, and downgraded
// back when the last one leaves (group.consumer.migration.policy); the classic side builds and
// installs the classic group (membership.ts).
// (Over 600 lines: one state machine whose steps share the record-building helpers; the group's
// state and the partition-map helpers live in consumer-group.ts.)
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { assignorNamed, ASSIGNORS, type AssignorMember, type AssignorTopic, type TopicPartitionMap } from './assignors.js';
import {
  cloneMap,
  compileTopicRegex,
  ConsumerGroup,
  emptyMember,
  fromList,
  LEAVE_GROUP_MEMBER_EPOCH,
  LEAVE_GROUP_STATIC_MEMBER_EPOCH,
  mapsEqual,
  MemberState,
  newMemberId,
  preferredServerAssignor,
  sameClassic,
  sameStrings,
  toList,
  type ConsumerDescribedGroup,
  type ConsumerHeartbeatInput,
  type ConsumerHeartbeatResult,
  type ConsumerMember,
  type DescribedTopicPartitions,
  type TopicInfo,
  type TopicsView,
} from './consumer-group.js';
import type { ConsumerGroupRecord, CurrentAssignmentValue, MemberMetadataValue } from './consumer-records.js';
import { writeErrorCode } from './group-store.js';
import type { CoordinatorRecord } from './records.js';
import { Reader } from '../../protocol/codec/reader.js';
import { decodeAssignment, decodeSubscription, encodeAssignment, type TopicPartitions } from '../../protocol/consumer-protocol.js';
import { CONSUMER_PROTOCOL_TYPE, joinError, syncError, type JoinGroupInput, type JoinGroupResult, type SyncGroupInput, type SyncGroupResult } from './classic-group.js';

export {
  compileTopicRegex,
  ConsumerGroup,
  DEFAULT_CONSUMER_HEARTBEAT_INTERVAL_MS,
  DEFAULT_CONSUMER_SESSION_TIMEOUT_MS,
  type ConsumerHeartbeatInput,
  type ConsumerHeartbeatResult,
  type TopicsView,
} from './consumer-group.js';
class HeartbeatError extends Error {
  readonly code: number;
  constructor(code: number, message: string | null) {
    super(message ?? '');
    this.code = code;
  }
  get errorMessage(): string | null {
    return this.message === '' ? null : this.message;
  }
}

/** What a classic member is, whichever way a group converts. */
interface ClassicMemberFields {
  memberId: string;
  instanceId: string | null;
  clientId: string;
  clientHost: string;
  rebalanceTimeoutMs: number;
  sessionTimeoutMs: number;
  protocols: { name: string; metadata: Buffer }[];
}

/** A classic group in use as a consumer group takes it over (ConsumerGroup.fromClassicGroup's input). */
export interface ClassicGroupSnapshot {
  generationId: number;
  protocolName: string;
  members: (ClassicMemberFields & { assignment: Buffer })[];
}

/** A member a downgrade hands back to the classic protocol, with its target assignment (topic names). */
export interface DowngradedMember extends ClassicMemberFields {
  assignment: TopicPartitions[];
}

/** Kafka's ConsumerGroupMigrationPolicy, as two switches. */
export interface MigrationPolicy {
  upgrade: boolean;
  downgrade: boolean;
}

export interface ConsumerCoordinatorHooks {
  /** The classic group with this id: absent, empty (may become a consumer group) or in use. */
  classicGroup(groupId: string): 'absent' | 'empty' | 'active';
  /** The classic group in use, when it runs the consumer protocol with a chosen assignor (else null). */
  upgradeSource(groupId: string): ClassicGroupSnapshot | null;
  /**
   * The GroupMetadata record of the classic group a downgrade makes (Stable at `generationId`, these
   * members), and what installs it once stored (then it rebalances, as Kafka does).
   */
  downgrade(groupId: string, generationId: number, members: DowngradedMember[]): { record: CoordinatorRecord; install: () => void };
  migrationPolicy(): MigrationPolicy;
  /** Records that retire an empty classic group before a consumer group takes its id. */
  dropClassicGroup(groupId: string): CoordinatorRecord[];
  /** Forgets the classic group in memory once those records are stored. */
  forgetClassicGroup(groupId: string): void;
  append(groupId: string, records: readonly CoordinatorRecord[]): void;
}

export class ConsumerGroupCoordinator {
  readonly groups = new Map<string, ConsumerGroup>();
  /** Group epoch bumps since the broker started (read by /metrics). */
  rebalanceCount = 0;
  private loaded = false;
  private readonly sessionTimers = new Map<string, Timer>();
  private readonly rebalanceTimers = new Map<string, Timer>();
  /** Classic members: the rejoin a REBALANCE_IN_PROGRESS asked for, and the SyncGroup after a join. */
  private readonly joinTimers = new Map<string, Timer>();
  private readonly syncTimers = new Map<string, Timer>();
  private closed = false;
  private readonly clock: Clock;
  private readonly topics: TopicsView;
  private readonly hooks: ConsumerCoordinatorHooks;
  private readonly config: { sessionTimeoutMs: number; heartbeatIntervalMs: number };
  /** A group's own consumer.session.timeout.ms / consumer.heartbeat.interval.ms (GROUP configs), when set. */
  private groupTimings: ((groupId: string) => { sessionTimeoutMs: number; heartbeatIntervalMs: number }) | undefined;
  private readonly log: (line: string) => void;

  constructor(opts: {
    clock: Clock;
    topics: TopicsView;
    hooks: ConsumerCoordinatorHooks;
    config: { sessionTimeoutMs: number; heartbeatIntervalMs: number };
    log: (line: string) => void;
  }) {
    this.clock = opts.clock;
    this.topics = opts.topics;
    this.hooks = opts.hooks;
    this.config = opts.config;
    this.log = opts.log;
  }

  /** Where the group-level timing configs come from (the broker's GROUP config resources). */
  setGroupTimings(lookup: (groupId: string) => { sessionTimeoutMs: number; heartbeatIntervalMs: number }): void {
    this.groupTimings = lookup;
  }

  private timings(groupId: string): { sessionTimeoutMs: number; heartbeatIntervalMs: number } {
    return this.groupTimings?.(groupId) ?? this.config;
  }

  // ---------------------------------------------------------------------------------------------
  // Replay: the only place that changes group state

  replay(rec: ConsumerGroupRecord): void {
    const groupId = rec.key.group;
    let g = this.groups.get(groupId);
    if (g === undefined) {
      if (rec.value === null) return;
      g = new ConsumerGroup(groupId, this.clock.now());
      this.groups.set(groupId, g);
    }
    const before = g.state;
    switch (rec.key.type) {
      case 'cg-epoch': {
        if (rec.value === null) {
          this.groups.delete(groupId);
          return;
        }
        const epoch = (rec.value as { epoch: number }).epoch;
        // A new group epoch is a rebalance (Kafka's consumer-group-rebalance-count); a reload is not.
        if (this.loaded && epoch > g.groupEpoch) this.rebalanceCount++;
        g.groupEpoch = epoch;
        break;
      }
      case 'cg-partition-metadata': {
        const v = rec.value as { topics: { topicId: string; topicName: string; numPartitions: number }[] } | null;
        g.subscriptionMetadata = new Map((v?.topics ?? []).map((t) => [t.topicName, { id: t.topicId, name: t.topicName, numPartitions: t.numPartitions }]));
        break;
      }
      case 'cg-member': {
        const memberId = rec.key.memberId;
        const v = rec.value as MemberMetadataValue | null;
        const existing = g.members.get(memberId);
        if (v === null) {
          if (existing !== undefined) {
            this.setPartitionEpochs(g, existing, null);
            if (existing.instanceId !== null && g.staticMembers.get(existing.instanceId) === memberId) g.staticMembers.delete(existing.instanceId);
            g.members.delete(memberId);
          }
          break;
        }
        const m = existing ?? emptyMember(memberId);
        m.instanceId = v.instanceId;
        m.rackId = v.rackId;
        m.clientId = v.clientId;
        m.clientHost = v.clientHost;
        m.subscribedTopicNames = [...v.subscribedTopicNames];
        m.subscribedTopicRegex = v.subscribedTopicRegex ?? '';
        m.rebalanceTimeoutMs = v.rebalanceTimeoutMs;
        m.serverAssignor = v.serverAssignor;
        const c = v.classicMemberMetadata;
        m.classic = c === null ? null : { sessionTimeoutMs: c.sessionTimeoutMs, supportedProtocols: c.supportedProtocols.map((p) => ({ name: p.name, metadata: Buffer.from(p.metadata) })) };
        g.members.set(memberId, m);
        if (m.instanceId !== null) g.staticMembers.set(m.instanceId, memberId);
        break;
      }
      case 'cg-target-epoch':
        g.assignmentEpoch = rec.value === null ? 0 : (rec.value as { assignmentEpoch: number }).assignmentEpoch;
        break;
      case 'cg-target-member': {
        const v = rec.value as { topicPartitions: { topicId: string; partitions: number[] }[] } | null;
        if (v === null) g.targetAssignment.delete(rec.key.memberId);
        else g.targetAssignment.set(rec.key.memberId, fromList(v.topicPartitions));
        break;
      }
      case 'cg-current': {
        const m = g.members.get(rec.key.memberId);
        if (m === undefined) break;
        const v = rec.value as CurrentAssignmentValue | null;
        this.setPartitionEpochs(g, m, v);
        if (v === null) {
          m.memberEpoch = 0;
          m.previousMemberEpoch = 0;
          m.state = MemberState.STABLE;
          m.assigned = new Map();
          m.pendingRevocation = new Map();
        } else {
          m.memberEpoch = v.memberEpoch;
          m.previousMemberEpoch = v.previousMemberEpoch;
          m.state = v.state;
          m.assigned = fromList(v.assignedPartitions);
          m.pendingRevocation = fromList(v.partitionsPendingRevocation);
        }
        break;
      }
    }
    if (g.state !== before) g.stateTimestamp = this.clock.now();
  }

  /** Moves a member's ownership marks from its current assignment to `next` (null: none). */
  private setPartitionEpochs(g: ConsumerGroup, m: ConsumerMember, next: CurrentAssignmentValue | null): void {
    for (const map of [m.assigned, m.pendingRevocation]) {
      for (const [t, ps] of map) {
        const epochs = g.partitionEpochs.get(t);
        if (epochs === undefined) continue;
        for (const p of ps) epochs.delete(p);
        if (epochs.size === 0) g.partitionEpochs.delete(t);
      }
    }
    if (next === null) return;
    for (const list of [next.assignedPartitions, next.partitionsPendingRevocation]) {
      for (const t of list) {
        let epochs = g.partitionEpochs.get(t.topicId);
        if (epochs === undefined) g.partitionEpochs.set(t.topicId, (epochs = new Map<number, number>()));
        for (const p of t.partitions) epochs.set(p, next.memberEpoch);
      }
    }
  }

  /** After a restart: every loaded member gets a fresh session, as Kafka does on load. */
  afterLoad(): void {
    this.loaded = true;
    for (const g of this.groups.values()) {
      for (const m of g.members.values()) {
        this.scheduleSession(g.groupId, m.memberId);
        if (m.state === MemberState.UNREVOKED_PARTITIONS) this.scheduleRebalance(g.groupId, m.memberId, m.memberEpoch, m.rebalanceTimeoutMs);
      }
    }
  }

  close(): void {
    this.closed = true;
    for (const t of this.sessionTimers.values()) this.clock.clearTimeout(t);
    for (const timers of [this.sessionTimers, this.rebalanceTimers, this.joinTimers, this.syncTimers]) {
      for (const t of timers.values()) this.clock.clearTimeout(t);
      timers.clear();
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Timers

  private timerKey(groupId: string, memberId: string): string {
    return `${groupId}\u0000${memberId}`;
  }

  /** (Re)arms the member's timer in `timers`; `fire` runs once unless re-armed, cancelled or closed first. */
  private arm(timers: Map<string, Timer>, groupId: string, memberId: string, ms: number, fire: () => void): void {
    const key = this.timerKey(groupId, memberId);
    this.disarm(timers, groupId, memberId);
    const t = this.clock.setTimeout(() => {
      if (timers.get(key) !== t) return;
      timers.delete(key);
      if (!this.closed) fire();
    }, ms);
    t.unref();
    timers.set(key, t);
  }

  private disarm(timers: Map<string, Timer>, groupId: string, memberId: string): void {
    const key = this.timerKey(groupId, memberId);
    const t = timers.get(key);
    if (t !== undefined) this.clock.clearTimeout(t);
    timers.delete(key);
  }

  private scheduleSession(groupId: string, memberId: string): void {
    // A classic member keeps the session timeout of its JoinGroup.
    const classic = this.groups.get(groupId)?.members.get(memberId)?.classic ?? null;
    this.arm(this.sessionTimers, groupId, memberId, classic?.sessionTimeoutMs ?? this.timings(groupId).sessionTimeoutMs, () => {
      this.log(`member ${memberId} of consumer group ${groupId} failed its session timeout; fencing it`);
      this.fenceQuietly(groupId, memberId);
    });
  }

  private scheduleRebalance(groupId: string, memberId: string, memberEpoch: number, timeoutMs: number): void {
    this.arm(this.rebalanceTimers, groupId, memberId, Math.max(timeoutMs, 0), () => {
      const m = this.groups.get(groupId)?.members.get(memberId);
      if (m === undefined || m.memberEpoch !== memberEpoch || m.state !== MemberState.UNREVOKED_PARTITIONS) return;
      this.log(`member ${memberId} of consumer group ${groupId} did not revoke its partitions within ${timeoutMs} ms; fencing it`);
      this.fenceQuietly(groupId, memberId);
    });
  }

  private cancelTimers(groupId: string, memberId: string): void {
    for (const timers of [this.sessionTimers, this.rebalanceTimers, this.joinTimers, this.syncTimers]) this.disarm(timers, groupId, memberId);
  }

  /** A classic member told to rejoin must do so within its rebalance timeout (armed once). */
  private scheduleJoinIfAbsent(groupId: string, m: ConsumerMember): void {
    if (this.joinTimers.has(this.timerKey(groupId, m.memberId))) return;
    this.arm(this.joinTimers, groupId, m.memberId, Math.max(m.rebalanceTimeoutMs, 0), () => {
      this.log(`classic member ${m.memberId} of consumer group ${groupId} failed to join within the rebalance timeout; fencing it`);
      this.fenceQuietly(groupId, m.memberId);
    });
  }

  private scheduleSync(groupId: string, memberId: string, timeoutMs: number): void {
    this.arm(this.syncTimers, groupId, memberId, Math.max(timeoutMs, 0), () => {
      this.log(`classic member ${memberId} of consumer group ${groupId} failed to sync within the rebalance timeout; fencing it`);
      this.fenceQuietly(groupId, memberId);
    });
  }

  private cancelRebalance(groupId: string, memberId: string): void {
    this.disarm(this.rebalanceTimers, groupId, memberId);
  }

  private fenceQuietly(groupId: string, memberId: string): void {
    const g = this.groups.get(groupId);
    const m = g?.members.get(memberId);
    if (g === undefined || m === undefined) return;
    try {
      this.fence(g, m);
    } catch (err) {
      this.log(`could not fence member ${memberId} of consumer group ${groupId}: ${(err as Error).message}`);
    }
  }

  /**
   * Kafka's consumerGroupFenceMember: removes the member and bumps the group epoch, or, when the
   * member is the last one on the consumer protocol and classic members remain, converts the group
   * back into a classic group (the downgrade of group.consumer.migration.policy).
   */
  private fence(g: ConsumerGroup, m: ConsumerMember): void {
    if (this.canDowngrade(g, m.memberId)) {
      this.downgrade(g, m.memberId);
      return;
    }
    this.commit(g.groupId, this.fenceRecords(g, m));
    this.cancelTimers(g.groupId, m.memberId);
  }

  /** Stores records, then applies them: the order Kafka's coordinator runtime follows. */
  private commit(groupId: string, records: CoordinatorRecord[]): void {
    if (records.length === 0) return;
    this.hooks.append(groupId, records);
    for (const r of records) {
      // A classic group's tombstone retires it; a downgrade installs its new classic group itself.
      if (r.key.type === 'group') {
        if (r.value === null) this.hooks.forgetClassicGroup(groupId);
      }
      else if (r.key.type.startsWith('cg-')) this.replay(r as ConsumerGroupRecord);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Records

  private memberRecord(groupId: string, m: ConsumerMember): ConsumerGroupRecord {
    return {
      key: { type: 'cg-member', group: groupId, memberId: m.memberId },
      value: {
        instanceId: m.instanceId,
        rackId: m.rackId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        subscribedTopicNames: [...m.subscribedTopicNames],
        subscribedTopicRegex: m.subscribedTopicRegex,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        serverAssignor: m.serverAssignor,
        classicMemberMetadata:
          m.classic === null ? null : { sessionTimeoutMs: m.classic.sessionTimeoutMs, supportedProtocols: m.classic.supportedProtocols.map((p) => ({ name: p.name, metadata: p.metadata })) },
      },
    };
  }

  private currentRecord(groupId: string, m: ConsumerMember): ConsumerGroupRecord {
    return {
      key: { type: 'cg-current', group: groupId, memberId: m.memberId },
      value: {
        memberEpoch: m.memberEpoch,
        previousMemberEpoch: m.previousMemberEpoch,
        state: m.state,
        assignedPartitions: toList(m.assigned),
        partitionsPendingRevocation: toList(m.pendingRevocation),
      },
    };
  }

  private partitionMetadataRecord(groupId: string, metadata: Map<string, TopicInfo>): ConsumerGroupRecord {
    const topics = [...metadata.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((t) => ({ topicId: t.id, topicName: t.name, numPartitions: t.numPartitions, partitionMetadata: [] }));
    return { key: { type: 'cg-partition-metadata', group: groupId }, value: { topics } };
  }

  private epochRecord(groupId: string, epoch: number): ConsumerGroupRecord {
    return { key: { type: 'cg-epoch', group: groupId }, value: { epoch } };
  }

  private removalRecords(groupId: string, memberId: string): ConsumerGroupRecord[] {
    return [
      { key: { type: 'cg-current', group: groupId, memberId }, value: null },
      { key: { type: 'cg-target-member', group: groupId, memberId }, value: null },
      { key: { type: 'cg-member', group: groupId, memberId }, value: null },
    ];
  }

  /** Each member's subscribed topic names, its regex matched against the topics once for all. */
  private subscriptions(members: Iterable<ConsumerMember>): Map<string, string[]> {
    let all: string[] | null = null;
    return new Map([...members].map((m) => [m.memberId, this.subscribedNames(m, () => (all ??= this.topics.names()))]));
  }

  /** The subscribed topics that exist, with their metadata. */
  private subscriptionMetadata(subscriptions: Map<string, string[]>): Map<string, TopicInfo> {
    const out = new Map<string, TopicInfo>();
    for (const names of subscriptions.values()) {
      for (const name of names) {
        if (out.has(name)) continue;
        const t = this.topics.byName(name);
        if (t !== undefined) out.set(name, t);
      }
    }
    return out;
  }

  private subscribedNames(m: ConsumerMember, allNames: () => string[]): string[] {
    if (m.subscribedTopicRegex === '') return m.subscribedTopicNames;
    const re = compileTopicRegex(m.subscribedTopicRegex);
    const matched = typeof re === 'string' ? [] : allNames().filter((n) => re.test(n));
    return [...new Set([...m.subscribedTopicNames, ...matched])];
  }

  private static metadataEqual(a: Map<string, TopicInfo>, b: Map<string, TopicInfo>): boolean {
    if (a.size !== b.size) return false;
    for (const [name, t] of a) {
      const o = b.get(name);
      if (o === undefined || o.id !== t.id || o.numPartitions !== t.numPartitions) return false;
    }
    return true;
  }

  private fenceRecords(g: ConsumerGroup, m: ConsumerMember): CoordinatorRecord[] {
    const records: CoordinatorRecord[] = this.removalRecords(g.groupId, m.memberId);
    const rest = [...g.members.values()].filter((x) => x.memberId !== m.memberId);
    const metadata = this.subscriptionMetadata(this.subscriptions(rest));
    if (!ConsumerGroupCoordinator.metadataEqual(metadata, g.subscriptionMetadata)) records.push(this.partitionMetadataRecord(g.groupId, metadata));
    records.push(this.epochRecord(g.groupId, g.groupEpoch + 1));
    return records;
  }

  /**
   * Fault injection's forced rebalance (faults/injector.ts): the group epoch is bumped as a
   * subscription change bumps it, so the next heartbeat computes a new target assignment and every
   * member moves to the new epoch. Null when no consumer group has this id.
   */
  forceRebalance(groupId: string): { protocol: 'consumer'; previousGroupEpoch: number; groupEpoch: number } | null {
    const g = this.groups.get(groupId);
    if (g === undefined) return null;
    const previousGroupEpoch = g.groupEpoch;
    this.commit(groupId, [this.epochRecord(groupId, previousGroupEpoch + 1)]);
    this.log(`consumer group ${groupId} bumped its epoch to ${g.groupEpoch} (forced rebalance)`);
    return { protocol: 'consumer', previousGroupEpoch, groupEpoch: g.groupEpoch };
  }

  // ---------------------------------------------------------------------------------------------
  // ConsumerGroupHeartbeat

  heartbeat(req: ConsumerHeartbeatInput): ConsumerHeartbeatResult {
    if (this.closed) return this.errorResult(ErrorCode.NOT_COORDINATOR, null);
    try {
      this.validate(req);
      if (req.memberEpoch === LEAVE_GROUP_MEMBER_EPOCH || req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) return this.leave(req);
      return this.regularHeartbeat(req);
    } catch (err) {
      if (err instanceof HeartbeatError) return this.errorResult(err.code, err.errorMessage);
      this.log(`consumer group heartbeat of ${req.groupId} failed: ${(err as Error).message}`);
      return this.errorResult(writeErrorCode(err, ErrorCode.COORDINATOR_NOT_AVAILABLE), null);
    }
  }

  private errorResult(errorCode: number, errorMessage: string | null): ConsumerHeartbeatResult {
    return { errorCode, errorMessage, memberId: null, memberEpoch: 0, heartbeatIntervalMs: 0, assignment: null };
  }

  private validate(req: ConsumerHeartbeatInput): void {
    const invalid = (msg: string): never => {
      throw new HeartbeatError(ErrorCode.INVALID_REQUEST, msg);
    };
    if (req.groupId === '') invalid("GroupId can't be empty.");
    if (req.instanceId === '') invalid("InstanceId can't be empty.");
    if (req.rackId === '') invalid("RackId can't be empty.");
    // v1 (KIP-1082): the client makes up its member id; v0 lets the coordinator do it on joining.
    if (req.memberId === '' && (req.apiVersion >= 1 || req.memberEpoch !== 0)) invalid("MemberId can't be empty.");
    if (req.memberEpoch === 0) {
      if (req.rebalanceTimeoutMs === -1) invalid('RebalanceTimeoutMs must be provided in first request.');
      if (req.topicPartitions === null || req.topicPartitions.length > 0) invalid('TopicPartitions must be empty when (re-)joining.');
      if (req.subscribedTopicNames === null && req.subscribedTopicRegex === null) {
        invalid('Either SubscribedTopicNames or SubscribedTopicRegex must be non-null when (re-)joining.');
      }
    } else if (req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
      if (req.instanceId === null) invalid("InstanceId can't be null.");
    } else if (req.memberEpoch < LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
      invalid('MemberEpoch is invalid.');
    }
    if (req.subscribedTopicRegex !== null && req.subscribedTopicRegex !== '') {
      const re = compileTopicRegex(req.subscribedTopicRegex);
      if (typeof re === 'string') {
        throw new HeartbeatError(ErrorCode.INVALID_REGULAR_EXPRESSION, `SubscribedTopicRegex \`${req.subscribedTopicRegex}\` is not a valid regular expression: ${re}.`);
      }
    }
    if (req.serverAssignor !== null && !ASSIGNORS.has(req.serverAssignor)) {
      throw new HeartbeatError(
        ErrorCode.UNSUPPORTED_ASSIGNOR,
        `ServerAssignor ${req.serverAssignor} is not supported. Supported assignors: ${[...ASSIGNORS.keys()].join(', ')}.`,
      );
    }
  }

  /** The consumer group, or Kafka's error for a group that is missing or classic. */
  private consumerGroup(groupId: string): ConsumerGroup {
    const g = this.groups.get(groupId);
    if (g !== undefined) return g;
    if (this.hooks.classicGroup(groupId) !== 'absent') throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${groupId} is not a consumer group.`);
    throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Consumer group ${groupId} not found.`);
  }

  private throwIfEpochInvalid(m: ConsumerMember, received: number, owned: ConsumerHeartbeatInput['topicPartitions']): void {
    if (received > m.memberEpoch) {
      throw new HeartbeatError(
        ErrorCode.FENCED_MEMBER_EPOCH,
        `The consumer group member has a greater member epoch (${received}) than the one known by the group coordinator (${m.memberEpoch}). The member must abandon all its partitions and rejoin.`,
      );
    }
    if (received < m.memberEpoch) {
      // The previous epoch is accepted with a subset of the current partitions: the response that
      // bumped the epoch may have been lost.
      const subset =
        owned !== null &&
        owned.every((t) => {
          const mine = m.assigned.get(t.topicId);
          return mine !== undefined && t.partitions.every((p) => mine.has(p));
        });
      if (received !== m.previousMemberEpoch || !subset) {
        throw new HeartbeatError(
          ErrorCode.FENCED_MEMBER_EPOCH,
          `The consumer group member has a smaller member epoch (${received}) than the one known by the group coordinator (${m.memberEpoch}). The member must abandon all its partitions and rejoin.`,
        );
      }
    }
  }

  private regularHeartbeat(req: ConsumerHeartbeatInput): ConsumerHeartbeatResult {
    const { groupId } = req;
    const records: CoordinatorRecord[] = [];
    const create = req.memberEpoch === 0;
    let upgraded = false;
    let g = this.groups.get(groupId);
    if (g === undefined) {
      const classic = this.hooks.classicGroup(groupId);
      if (!create) this.consumerGroup(groupId);
      if (classic === 'active') {
        g = this.upgrade(groupId, records);
        upgraded = true;
      } else {
        if (classic === 'empty') records.push(...this.hooks.dropClassicGroup(groupId));
        g = new ConsumerGroup(groupId, this.clock.now());
      }
    }
    const memberId = req.memberId === '' ? newMemberId() : req.memberId;
    let member: ConsumerMember;
    let replacing: ConsumerMember | null = null;
    if (req.instanceId === null) {
      const existing = g.members.get(memberId);
      if (existing === undefined) {
        if (!create) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${memberId} is not a member of group ${groupId}.`);
        member = emptyMember(memberId);
      } else {
        this.throwIfEpochInvalid(existing, req.memberEpoch, req.topicPartitions);
        member = existing;
      }
    } else {
      const staticId = g.staticMembers.get(req.instanceId);
      const existing = staticId === undefined ? undefined : g.members.get(staticId);
      if (create) {
        if (existing === undefined) {
          member = g.members.get(memberId) ?? emptyMember(memberId);
        } else {
          // Even with its own member id: Kafka 4.4 answers UNRELEASED_INSTANCE_ID unless the instance left (-2).
          if (existing.memberEpoch !== LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
            throw new HeartbeatError(
              ErrorCode.UNRELEASED_INSTANCE_ID,
              `Static member ${memberId} with instance id ${req.instanceId} cannot join the group because the instance id is owned by ${existing.memberId} member.`,
            );
          }
          // The new incarnation takes over the old one's assignment, starting from epoch 0.
          replacing = existing;
          member = { ...existing, memberId, memberEpoch: 0, previousMemberEpoch: 0, assigned: cloneMap(existing.assigned), pendingRevocation: new Map() };
        }
      } else {
        if (existing === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Instance id ${req.instanceId} is unknown.`);
        if (existing.memberId !== memberId) {
          throw new HeartbeatError(ErrorCode.FENCED_INSTANCE_ID, `Static member ${memberId} with instance id ${req.instanceId} was fenced by member ${existing.memberId}.`);
        }
        this.throwIfEpochInvalid(existing, req.memberEpoch, req.topicPartitions);
        member = existing;
      }
    }
    const updated: ConsumerMember = {
      ...member,
      instanceId: req.instanceId ?? member.instanceId,
      rackId: req.rackId ?? member.rackId,
      rebalanceTimeoutMs: req.rebalanceTimeoutMs !== -1 ? req.rebalanceTimeoutMs : member.rebalanceTimeoutMs,
      serverAssignor: req.serverAssignor ?? member.serverAssignor,
      subscribedTopicNames: req.subscribedTopicNames ?? member.subscribedTopicNames,
      subscribedTopicRegex: req.subscribedTopicRegex ?? member.subscribedTopicRegex,
      clientId: req.clientId,
      clientHost: req.clientHost,
    };
    const { reconciled, assignmentChanged } = this.updateMember(g, member, updated, replacing, req.topicPartitions, records);
    this.commit(groupId, records);
    if (upgraded) {
      this.log(`classic group ${groupId} was upgraded to a consumer group by member ${reconciled.memberId}`);
      for (const m of this.groups.get(groupId)?.members.values() ?? []) if (m.classic !== null) this.scheduleSession(groupId, m.memberId);
    }
    this.scheduleSession(groupId, reconciled.memberId);
    const stored = this.groups.get(groupId)?.members.get(reconciled.memberId);
    if (stored !== undefined) {
      if (stored.state === MemberState.UNREVOKED_PARTITIONS) this.scheduleRebalance(groupId, stored.memberId, stored.memberEpoch, stored.rebalanceTimeoutMs);
      else this.cancelRebalance(groupId, stored.memberId);
    }

    const full =
      req.memberEpoch === 0 ||
      (req.rebalanceTimeoutMs !== -1 && (req.subscribedTopicNames !== null || req.subscribedTopicRegex !== null) && req.topicPartitions !== null);
    return {
      errorCode: ErrorCode.NONE,
      errorMessage: null,
      memberId: reconciled.memberId,
      memberEpoch: reconciled.memberEpoch,
      heartbeatIntervalMs: this.timings(groupId).heartbeatIntervalMs,
      assignment: full || assignmentChanged ? { topicPartitions: toList(reconciled.assigned) } : null,
    };
  }

  /**
   * Steps 1-3 of a member's update (Kafka's consumerGroupHeartbeat and classicGroupJoinToConsumerGroup):
   * its metadata and subscription, the group epoch, the target assignment when the epoch moved, and
   * the member's reconciliation towards its target. Adds the records to `records`.
   */
  private updateMember(
    g: ConsumerGroup,
    member: ConsumerMember,
    updated: ConsumerMember,
    replacing: ConsumerMember | null,
    owned: ConsumerHeartbeatInput['topicPartitions'],
    records: CoordinatorRecord[],
  ): { reconciled: ConsumerMember; assignmentChanged: boolean } {
    const groupId = g.groupId;
    // A replacing static member carries its predecessor's subscription: not a change of its own.
    const isNew = !g.members.has(member.memberId) && replacing === null;
    if (replacing !== null) {
      const target = g.targetAssignment.get(replacing.memberId) ?? new Map<string, Set<number>>();
      records.push(...this.removalRecords(groupId, replacing.memberId));
      records.push({ key: { type: 'cg-target-member', group: groupId, memberId: member.memberId }, value: { topicPartitions: toList(target) } });
      this.cancelTimers(groupId, replacing.memberId);
    }

    // 1. The member's metadata and subscription.
    const subscriptionChanged =
      isNew || !sameStrings(updated.subscribedTopicNames, member.subscribedTopicNames) || updated.subscribedTopicRegex !== member.subscribedTopicRegex;
    const metadataChanged =
      isNew ||
      subscriptionChanged ||
      updated.instanceId !== member.instanceId ||
      updated.rackId !== member.rackId ||
      updated.rebalanceTimeoutMs !== member.rebalanceTimeoutMs ||
      updated.serverAssignor !== member.serverAssignor ||
      updated.clientId !== member.clientId ||
      updated.clientHost !== member.clientHost ||
      !sameClassic(updated.classic, member.classic);
    if (metadataChanged || replacing !== null) records.push(this.memberRecord(groupId, updated));

    const members = new Map(g.members);
    if (replacing !== null) members.delete(replacing.memberId);
    members.set(updated.memberId, updated);
    let groupEpoch = g.groupEpoch;
    const subscriptions = this.subscriptions(members.values());
    const metadata = this.subscriptionMetadata(subscriptions);
    const topicsChanged = !ConsumerGroupCoordinator.metadataEqual(metadata, g.subscriptionMetadata);
    if (topicsChanged) records.push(this.partitionMetadataRecord(groupId, metadata));
    const bump = (subscriptionChanged ? 1 : 0) + (topicsChanged ? 1 : 0);
    if (bump > 0) {
      groupEpoch += bump;
      records.push(this.epochRecord(groupId, groupEpoch));
      this.log(`consumer group ${groupId} bumped its epoch to ${groupEpoch}`);
    }

    // 2. The target assignment, when the group epoch is ahead of it.
    // A replacing static member starts from its predecessor's target.
    const targetOf = (id: string): TopicPartitionMap =>
      g.targetAssignment.get(id) ?? (replacing !== null && id === updated.memberId ? g.targetAssignment.get(replacing.memberId) : undefined) ?? new Map<string, Set<number>>();
    let targetEpoch = g.assignmentEpoch;
    let target = targetOf(updated.memberId);
    if (groupEpoch > g.assignmentEpoch) {
      const assignor = assignorNamed(preferredServerAssignor(members.values()));
      const byId = new Map<string, AssignorTopic>([...metadata.values()].map((t) => [t.id, { id: t.id, name: t.name, numPartitions: t.numPartitions }]));
      const input: AssignorMember[] = [...members.values()].map((m) => {
        const ids = new Set<string>();
        for (const n of subscriptions.get(m.memberId) ?? []) {
          const t = metadata.get(n);
          if (t !== undefined) ids.add(t.id);
        }
        return { memberId: m.memberId, topicIds: ids, current: targetOf(m.memberId) };
      });
      const assignment = assignor(input, byId);
      for (const [id, next] of assignment) {
        const prev = g.targetAssignment.get(id);
        const replacedTarget = replacing !== null && id === updated.memberId;
        if (replacedTarget || prev === undefined || !mapsEqual(prev, next)) {
          records.push({ key: { type: 'cg-target-member', group: groupId, memberId: id }, value: { topicPartitions: toList(next) } });
        }
      }
      records.push({ key: { type: 'cg-target-epoch', group: groupId }, value: { assignmentEpoch: groupEpoch } });
      targetEpoch = groupEpoch;
      target = assignment.get(updated.memberId) ?? new Map<string, Set<number>>();
    }

    // 3. Reconcile the member towards the target.
    const reconciled = this.reconcile(g, updated, targetEpoch, target, owned);
    const assignmentChanged = !mapsEqual(reconciled.assigned, member.assigned) || isNew || replacing !== null;
    if (reconciled !== updated || isNew || replacing !== null) {
      records.push(this.currentRecord(groupId, reconciled));
    }

    return { reconciled, assignmentChanged };
  }

  /** Kafka's CurrentAssignmentBuilder: returns `m` itself when nothing changes. */
  private reconcile(
    g: ConsumerGroup,
    m: ConsumerMember,
    targetEpoch: number,
    target: TopicPartitionMap,
    owned: ConsumerHeartbeatInput['topicPartitions'],
  ): ConsumerMember {
    if (m.memberEpoch === targetEpoch && m.state === MemberState.STABLE) return m;
    const ownsAny = (revoking: TopicPartitionMap): boolean => {
      if (owned === null) return true;
      return owned.some((t) => {
        const s = revoking.get(t.topicId);
        return s !== undefined && t.partitions.some((p) => s.has(p));
      });
    };
    const next = (memberEpoch: number): ConsumerMember => {
      const assigned: TopicPartitionMap = new Map();
      const revoking: TopicPartitionMap = new Map();
      const pending: TopicPartitionMap = new Map();
      let unreleased = false;
      const topicIds = new Set([...target.keys(), ...m.assigned.keys()]);
      for (const t of topicIds) {
        const want = target.get(t) ?? new Set<number>();
        const have = m.assigned.get(t) ?? new Set<number>();
        const keep = new Set([...have].filter((p) => want.has(p)));
        const revoke = new Set([...have].filter((p) => !keep.has(p)));
        const add = new Set<number>();
        for (const p of want) {
          if (keep.has(p)) continue;
          if (g.currentPartitionEpoch(t, p) !== -1) unreleased = true;
          else add.add(p);
        }
        if (keep.size > 0) assigned.set(t, keep);
        if (revoke.size > 0) revoking.set(t, revoke);
        if (add.size > 0) pending.set(t, add);
      }
      if (revoking.size > 0 && ownsAny(revoking)) {
        return { ...m, state: MemberState.UNREVOKED_PARTITIONS, previousMemberEpoch: m.memberEpoch, memberEpoch, assigned, pendingRevocation: revoking };
      }
      for (const [t, ps] of pending) {
        const s = assigned.get(t);
        if (s === undefined) assigned.set(t, new Set(ps));
        else for (const p of ps) s.add(p);
      }
      return {
        ...m,
        state: unreleased ? MemberState.UNRELEASED_PARTITIONS : MemberState.STABLE,
        previousMemberEpoch: m.memberEpoch,
        memberEpoch: targetEpoch,
        assigned,
        pendingRevocation: new Map(),
      };
    };
    let out: ConsumerMember;
    switch (m.state) {
      case MemberState.UNREVOKED_PARTITIONS:
        if (ownsAny(m.pendingRevocation)) return m;
        out = next(m.memberEpoch + 1);
        break;
      default:
        out = next(m.memberEpoch);
        break;
    }
    const same =
      out.memberEpoch === m.memberEpoch &&
      out.previousMemberEpoch === m.previousMemberEpoch &&
      out.state === m.state &&
      mapsEqual(out.assigned, m.assigned) &&
      mapsEqual(out.pendingRevocation, m.pendingRevocation);
    return same ? m : out;
  }

  private leave(req: ConsumerHeartbeatInput): ConsumerHeartbeatResult {
    const g = this.consumerGroup(req.groupId);
    let m: ConsumerMember | undefined;
    if (req.instanceId === null) {
      m = g.members.get(req.memberId);
      if (m === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${req.memberId} is not a member of group ${req.groupId}.`);
    } else {
      const id = g.staticMembers.get(req.instanceId);
      m = id === undefined ? undefined : g.members.get(id);
      if (m === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Instance id ${req.instanceId} is unknown.`);
      if (m.memberId !== req.memberId) {
        throw new HeartbeatError(ErrorCode.FENCED_INSTANCE_ID, `Static member ${req.memberId} with instance id ${req.instanceId} was fenced by member ${m.memberId}.`);
      }
      if (req.memberEpoch === LEAVE_GROUP_STATIC_MEMBER_EPOCH) {
        // A static member leaving for a while keeps its place (and assignment) for its session timeout.
        this.commit(req.groupId, [this.currentRecord(req.groupId, { ...m, memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH, pendingRevocation: new Map<string, Set<number>>() })]);
        this.cancelRebalance(req.groupId, m.memberId);
        this.log(`static member ${m.memberId} (instance ${req.instanceId}) of consumer group ${req.groupId} left temporarily`);
        return { errorCode: ErrorCode.NONE, errorMessage: null, memberId: m.memberId, memberEpoch: LEAVE_GROUP_STATIC_MEMBER_EPOCH, heartbeatIntervalMs: 0, assignment: null };
      }
    }
    this.fence(g, m);
    this.log(`member ${m.memberId} left consumer group ${req.groupId}`);
    return { errorCode: ErrorCode.NONE, errorMessage: null, memberId: req.memberId, memberEpoch: req.memberEpoch, heartbeatIntervalMs: 0, assignment: null };
  }

  // ---------------------------------------------------------------------------------------------
  // Migration between classic and consumer groups (group.consumer.migration.policy)

  /**
   * ConsumerGroup.fromClassicGroup: the classic group in use becomes a consumer group at its
   * generation; each member keeps its assignment (as its target too), Stable at that epoch, and
   * stays a classic member. Adds the records (the classic group's tombstone, then the consumer
   * group's) and returns the group to run the joining member's heartbeat against.
   */
  private upgrade(groupId: string, records: CoordinatorRecord[]): ConsumerGroup {
    const notConsumer = (): never => {
      throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Group ${groupId} is not a consumer group.`);
    };
    if (!this.hooks.migrationPolicy().upgrade) {
      this.log(`cannot upgrade classic group ${groupId} to consumer group because the online upgrade is disabled`);
      notConsumer();
    }
    const src = this.hooks.upgradeSource(groupId);
    if (src === null) {
      this.log(`cannot upgrade classic group ${groupId} to consumer group because the group does not use the consumer embedded protocol`);
      return notConsumer();
    }
    const g = new ConsumerGroup(groupId, this.clock.now());
    g.groupEpoch = src.generationId;
    g.assignmentEpoch = src.generationId;
    for (const cm of src.members) {
      let topics: string[];
      let rackId: string | null;
      let assigned: TopicPartitionMap;
      try {
        const metadata = cm.protocols.find((p) => p.name === src.protocolName)?.metadata ?? Buffer.alloc(0);
        const sub = decodeSubscription(metadata);
        topics = sub.topics;
        rackId = sub.rackId;
        assigned = this.idsOf(decodeAssignment(cm.assignment));
      } catch {
        throw new HeartbeatError(ErrorCode.GROUP_ID_NOT_FOUND, `Cannot upgrade the classic group ${groupId} to consumer group because the embedded consumer protocol is malformed.`);
      }
      const m: ConsumerMember = {
        ...emptyMember(cm.memberId),
        instanceId: cm.instanceId,
        rackId,
        clientId: cm.clientId,
        clientHost: cm.clientHost,
        subscribedTopicNames: topics,
        rebalanceTimeoutMs: cm.rebalanceTimeoutMs,
        memberEpoch: src.generationId,
        previousMemberEpoch: src.generationId,
        assigned,
        classic: { sessionTimeoutMs: cm.sessionTimeoutMs, supportedProtocols: cm.protocols.map((p) => ({ name: p.name, metadata: p.metadata })) },
      };
      g.members.set(m.memberId, m);
      if (m.instanceId !== null) g.staticMembers.set(m.instanceId, m.memberId);
      g.targetAssignment.set(m.memberId, cloneMap(assigned));
      this.setPartitionEpochs(g, emptyMember(''), this.currentRecordValue(m));
    }
    records.push(...this.hooks.dropClassicGroup(groupId));
    // ConsumerGroup.createConsumerGroupRecords' order.
    for (const m of g.members.values()) records.push(this.memberRecord(groupId, m));
    records.push(this.epochRecord(groupId, g.groupEpoch));
    for (const m of g.members.values()) records.push({ key: { type: 'cg-target-member', group: groupId, memberId: m.memberId }, value: { topicPartitions: toList(m.assigned) } });
    records.push({ key: { type: 'cg-target-epoch', group: groupId }, value: { assignmentEpoch: g.assignmentEpoch } });
    for (const m of g.members.values()) records.push(this.currentRecord(groupId, m));
    return g;
  }

  /** validateOnlineDowngradeWithFencedMember. */
  private canDowngrade(g: ConsumerGroup, fencedMemberId: string): boolean {
    if (!g.allMembersUseClassicProtocolExcept(fencedMemberId) || g.members.size <= 1) return false;
    if (!this.hooks.migrationPolicy().downgrade) {
      this.log(`cannot downgrade consumer group ${g.groupId} to classic group because the online downgrade is disabled`);
      return false;
    }
    return true;
  }

  /**
   * convertToClassicGroup: the last member on the consumer protocol leaves (or is fenced) and the
   * rest are classic members, so the group goes back to being a classic group: every consumer-group
   * record is deleted and a GroupMetadata record holds the remaining members with their target
   * assignments; the new classic group then rebalances.
   */
  private downgrade(g: ConsumerGroup, leavingMemberId: string): void {
    const groupId = g.groupId;
    const ids = [...g.members.keys()];
    const tombstones: ConsumerGroupRecord[] = [
      ...ids.map((memberId): ConsumerGroupRecord => ({ key: { type: 'cg-current', group: groupId, memberId }, value: null })),
      ...ids.map((memberId): ConsumerGroupRecord => ({ key: { type: 'cg-target-member', group: groupId, memberId }, value: null })),
      { key: { type: 'cg-target-epoch', group: groupId }, value: null },
      ...ids.map((memberId): ConsumerGroupRecord => ({ key: { type: 'cg-member', group: groupId, memberId }, value: null })),
      { key: { type: 'cg-partition-metadata', group: groupId }, value: null },
      { key: { type: 'cg-epoch', group: groupId }, value: null },
    ];
    const remaining: DowngradedMember[] = [];
    for (const m of g.members.values()) {
      if (m.memberId === leavingMemberId || m.classic === null) continue;
      remaining.push({
        memberId: m.memberId,
        instanceId: m.instanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        sessionTimeoutMs: m.classic.sessionTimeoutMs,
        protocols: m.classic.supportedProtocols,
        assignment: this.namesOf(g.targetAssignment.get(m.memberId) ?? new Map<string, Set<number>>()),
      });
    }
    const { record, install } = this.hooks.downgrade(groupId, g.groupEpoch, remaining);
    this.hooks.append(groupId, [...tombstones, record]);
    for (const id of ids) this.cancelTimers(groupId, id);
    for (const r of tombstones) this.replay(r);
    install();
    this.log(`consumer group ${groupId} was downgraded to a classic group: member ${leavingMemberId} was its last on the consumer protocol`);
  }

  /** An assignment by topic names as topic ids (topics that no longer exist are left out). */
  private idsOf(parts: readonly TopicPartitions[]): TopicPartitionMap {
    const out: TopicPartitionMap = new Map();
    for (const p of parts) {
      const t = this.topics.byName(p.topic);
      if (t === undefined) continue;
      let set = out.get(t.id);
      if (set === undefined) out.set(t.id, (set = new Set()));
      for (const n of p.partitions) set.add(n);
    }
    return out;
  }

  private namesOf(m: TopicPartitionMap): TopicPartitions[] {
    return toList(m)
      .flatMap((t) => {
        const info = this.topics.byId(t.topicId);
        return info === undefined ? [] : [{ topic: info.name, partitions: t.partitions }];
      })
      .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : 0));
  }

  private currentRecordValue(m: ConsumerMember): CurrentAssignmentValue {
    return this.currentRecord('', m).value as CurrentAssignmentValue;
  }

  // ---------------------------------------------------------------------------------------------
  // Classic members of a consumer group: JoinGroup, SyncGroup, Heartbeat and LeaveGroup

  /** Whether classic requests for this group are this coordinator's (a consumer group with members). */
  hasMembers(groupId: string): boolean {
    return (this.groups.get(groupId)?.members.size ?? 0) > 0;
  }

  /** An empty consumer group gives way to a classic group a JoinGroup creates (maybeDeleteEmptyConsumerGroup). */
  deleteIfEmpty(groupId: string): void {
    const g = this.groups.get(groupId);
    if (g === undefined || g.members.size > 0) return;
    this.commit(groupId, this.deletionRecords(g));
  }

  /** classicGroupJoinToConsumerGroup: the member's epoch is its generation; no leader, no member list. */
  classicJoin(req: JoinGroupInput): JoinGroupResult {
    if (this.closed) return joinError(ErrorCode.NOT_COORDINATOR, req.memberId);
    const g = this.groups.get(req.groupId);
    if (g === undefined) return joinError(ErrorCode.UNKNOWN_MEMBER_ID, req.memberId);
    const groupId = g.groupId;
    try {
      const isUnknown = req.memberId === '';
      const memberId = isUnknown ? newMemberId() : req.memberId;
      if (!g.supportsClassicProtocols(req.protocolType, req.protocols.map((p) => p.name))) {
        throw new HeartbeatError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, `Member ${memberId}'s protocols are not supported.`);
      }
      if (req.requireKnownMemberId && isUnknown && req.groupInstanceId === null) return joinError(ErrorCode.MEMBER_ID_REQUIRED, memberId);
      const records: CoordinatorRecord[] = [];
      let member: ConsumerMember;
      let replacing: ConsumerMember | null = null;
      if (req.groupInstanceId === null) {
        member = g.members.get(memberId) ?? emptyMember(memberId);
      } else {
        const staticId = g.staticMembers.get(req.groupInstanceId);
        const existing = staticId === undefined ? undefined : g.members.get(staticId);
        if (isUnknown) {
          if (existing === undefined) {
            member = g.members.get(memberId) ?? emptyMember(memberId);
          } else {
            // A classic static member may always replace its instance (Kafka checks the release only between consumer-protocol members).
            replacing = existing;
            member = { ...existing, memberId, memberEpoch: 0, previousMemberEpoch: 0, assigned: cloneMap(existing.assigned), pendingRevocation: new Map() };
          }
        } else {
          if (existing === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Instance id ${req.groupInstanceId} is unknown.`);
          if (existing.memberId !== memberId) throw new HeartbeatError(ErrorCode.FENCED_INSTANCE_ID, `Static member ${memberId} with instance id ${req.groupInstanceId} was fenced by member ${existing.memberId}.`);
          member = existing;
        }
      }
      let sub: ReturnType<typeof decodeSubscription>;
      try {
        sub = decodeSubscription(req.protocols[0]?.metadata ?? Buffer.alloc(0));
      } catch {
        throw new HeartbeatError(ErrorCode.UNKNOWN_SERVER_ERROR, null);
      }
      const updated: ConsumerMember = {
        ...member,
        instanceId: req.groupInstanceId ?? member.instanceId,
        rackId: sub.rackId ?? member.rackId,
        rebalanceTimeoutMs: req.rebalanceTimeoutMs !== -1 ? req.rebalanceTimeoutMs : member.rebalanceTimeoutMs,
        subscribedTopicNames: sub.topics,
        clientId: req.clientId,
        clientHost: req.clientHost,
        classic: { sessionTimeoutMs: req.sessionTimeoutMs, supportedProtocols: req.protocols.map((p) => ({ name: p.name, metadata: p.metadata })) },
      };
      const owned = toList(this.idsOf(sub.ownedPartitions.map((t) => ({ topic: t.topic, partitions: t.partitions }))));
      const { reconciled } = this.updateMember(g, member, updated, replacing, owned, records);
      this.commit(groupId, records);
      this.disarm(this.joinTimers, groupId, reconciled.memberId);
      this.scheduleSession(groupId, reconciled.memberId);
      this.scheduleSync(groupId, reconciled.memberId, req.rebalanceTimeoutMs);
      return {
        errorCode: ErrorCode.NONE,
        generationId: reconciled.memberEpoch,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocolName: req.protocols[0]?.name ?? null,
        leader: '',
        skipAssignment: false,
        memberId: reconciled.memberId,
        members: [],
      };
    } catch (err) {
      if (err instanceof HeartbeatError) return joinError(err.code, '');
      this.log(`classic join to consumer group ${groupId} failed: ${(err as Error).message}`);
      return joinError(writeErrorCode(err, ErrorCode.COORDINATOR_NOT_AVAILABLE), '');
    }
  }

  /** validateConsumerGroupMember, then throwIfMemberDoesNotUseClassicProtocol and the generation. */
  private classicMember(g: ConsumerGroup, memberId: string, instanceId: string | null, generationId: number | null): ConsumerMember {
    let m: ConsumerMember | undefined;
    if (instanceId === null) {
      m = g.members.get(memberId);
      if (m === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${memberId} is not a member of group ${g.groupId}.`);
    } else {
      const id = g.staticMembers.get(instanceId);
      m = id === undefined ? undefined : g.members.get(id);
      if (m === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Member with instance id ${instanceId} is not a member of group ${g.groupId}.`);
      if (m.memberId !== memberId) throw new HeartbeatError(ErrorCode.FENCED_INSTANCE_ID, `Static member ${memberId} with instance id ${instanceId} was fenced by member ${m.memberId}.`);
    }
    if (m.classic === null) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, `Member ${m.memberId} does not use the classic protocol.`);
    if (generationId !== null && generationId !== m.memberEpoch) {
      throw new HeartbeatError(ErrorCode.ILLEGAL_GENERATION, `The request generation id ${generationId} is not equal to the member epoch ${m.memberEpoch} of member ${m.memberId}.`);
    }
    return m;
  }

  /** classicGroupSyncToConsumerGroup: the member's current assignment, in the consumer protocol. */
  classicSync(req: SyncGroupInput): SyncGroupResult {
    if (this.closed) return syncError(ErrorCode.NOT_COORDINATOR);
    const g = this.groups.get(req.groupId);
    if (g === undefined || g.members.size === 0) return syncError(ErrorCode.UNKNOWN_MEMBER_ID);
    try {
      const m = this.classicMember(g, req.memberId, req.groupInstanceId, req.generationId);
      const protocolName = m.classic?.supportedProtocols[0]?.name ?? '';
      if (req.protocolType !== null && req.protocolType !== CONSUMER_PROTOCOL_TYPE) throw new HeartbeatError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, null);
      if (req.protocolName !== null && req.protocolName !== protocolName) throw new HeartbeatError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, null);
      // A member behind the group epoch rejoins first, unless it is still revoking.
      if (g.groupEpoch > m.memberEpoch && m.state !== MemberState.UNREVOKED_PARTITIONS) {
        this.scheduleJoinIfAbsent(g.groupId, m);
        throw new HeartbeatError(ErrorCode.REBALANCE_IN_PROGRESS, null);
      }
      this.disarm(this.syncTimers, g.groupId, m.memberId);
      this.scheduleSession(g.groupId, m.memberId);
      let version = 0;
      try {
        version = new Reader(m.classic?.supportedProtocols[0]?.metadata ?? Buffer.alloc(0)).int16();
      } catch {
        version = 0;
      }
      return { errorCode: ErrorCode.NONE, protocolType: req.protocolType, protocolName: req.protocolName, assignment: encodeAssignment(this.namesOf(m.assigned), null, version) };
    } catch (err) {
      if (err instanceof HeartbeatError) return syncError(err.code);
      throw err;
    }
  }

  /** classicGroupHeartbeatToConsumerGroup: REBALANCE_IN_PROGRESS when the member has to rejoin. */
  classicHeartbeat(req: { groupId: string; memberId: string; groupInstanceId: string | null; generationId: number }): number {
    if (this.closed) return ErrorCode.NOT_COORDINATOR;
    const g = this.groups.get(req.groupId);
    if (g === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    try {
      const m = this.classicMember(g, req.memberId, req.groupInstanceId, req.generationId);
      this.scheduleSession(g.groupId, m.memberId);
      if (m.memberEpoch < g.groupEpoch || m.state === MemberState.UNREVOKED_PARTITIONS || (m.state === MemberState.UNRELEASED_PARTITIONS && !g.waitingOnUnreleasedPartition(m))) {
        this.scheduleJoinIfAbsent(g.groupId, m);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      }
      return ErrorCode.NONE;
    } catch (err) {
      if (err instanceof HeartbeatError) return err.code;
      throw err;
    }
  }

  /** classicGroupLeaveToConsumerGroup: each classic member leaves; the group epoch goes up once. */
  classicLeave(groupId: string, who: readonly { memberId: string; groupInstanceId: string | null }[]): { errorCode: number; members: { memberId: string; groupInstanceId: string | null; errorCode: number }[] } {
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, members: [] };
    const g = this.groups.get(groupId);
    if (g === undefined) return { errorCode: ErrorCode.UNKNOWN_MEMBER_ID, members: [] };
    const results: { memberId: string; groupInstanceId: string | null; errorCode: number }[] = [];
    const leaving = new Map<string, ConsumerMember>();
    for (const w of who) {
      try {
        let m: ConsumerMember | undefined;
        if (w.groupInstanceId === null) {
          m = g.members.get(w.memberId);
          if (m === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, null);
        } else {
          const id = g.staticMembers.get(w.groupInstanceId);
          m = id === undefined ? undefined : g.members.get(id);
          if (m === undefined) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, null);
          // Admin tools remove static members by instance id alone.
          if (w.memberId !== '' && w.memberId !== m.memberId) throw new HeartbeatError(ErrorCode.FENCED_INSTANCE_ID, null);
        }
        if (m.classic === null) throw new HeartbeatError(ErrorCode.UNKNOWN_MEMBER_ID, null);
        leaving.set(m.memberId, m);
        results.push({ memberId: m.memberId, groupInstanceId: w.groupInstanceId, errorCode: ErrorCode.NONE });
      } catch (err) {
        if (!(err instanceof HeartbeatError)) throw err;
        results.push({ memberId: w.memberId, groupInstanceId: w.groupInstanceId, errorCode: err.code });
      }
    }
    if (leaving.size > 0) {
      const records: CoordinatorRecord[] = [];
      for (const id of leaving.keys()) records.push(...this.removalRecords(groupId, id));
      const rest = [...g.members.values()].filter((x) => !leaving.has(x.memberId));
      const metadata = this.subscriptionMetadata(this.subscriptions(rest));
      if (!ConsumerGroupCoordinator.metadataEqual(metadata, g.subscriptionMetadata)) records.push(this.partitionMetadataRecord(groupId, metadata));
      records.push(this.epochRecord(groupId, g.groupEpoch + 1));
      try {
        this.commit(groupId, records);
      } catch (err) {
        this.log(`could not remove classic members from consumer group ${groupId}: ${(err as Error).message}`);
        return { errorCode: writeErrorCode(err, ErrorCode.COORDINATOR_NOT_AVAILABLE), members: [] };
      }
      for (const id of leaving.keys()) {
        this.cancelTimers(groupId, id);
        this.log(`classic member ${id} left consumer group ${groupId}`);
      }
    }
    return { errorCode: ErrorCode.NONE, members: results };
  }

  // ---------------------------------------------------------------------------------------------
  // ConsumerGroupDescribe, offsets and admin

  describe(groupId: string): ConsumerDescribedGroup {
    const base: ConsumerDescribedGroup = { errorCode: ErrorCode.NONE, errorMessage: null, groupId, groupState: '', groupEpoch: 0, assignmentEpoch: 0, assignorName: '', members: [] };
    if (this.closed) return { ...base, errorCode: ErrorCode.NOT_COORDINATOR };
    const g = this.groups.get(groupId);
    if (g === undefined) {
      const msg = this.hooks.classicGroup(groupId) !== 'absent' ? `Group ${groupId} is not a consumer group.` : `Group ${groupId} not found.`;
      return { ...base, errorCode: ErrorCode.GROUP_ID_NOT_FOUND, errorMessage: msg };
    }
    const named = (m: TopicPartitionMap): DescribedTopicPartitions[] =>
      toList(m).flatMap((t) => {
        const info = this.topics.byId(t.topicId);
        return info === undefined ? [] : [{ topicId: t.topicId, topicName: info.name, partitions: t.partitions }];
      });
    return {
      ...base,
      groupState: g.state,
      groupEpoch: g.groupEpoch,
      assignmentEpoch: g.assignmentEpoch,
      assignorName: g.preferredAssignor(),
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        instanceId: m.instanceId,
        rackId: m.rackId,
        memberEpoch: m.memberEpoch,
        clientId: m.clientId,
        clientHost: m.clientHost,
        subscribedTopicNames: [...m.subscribedTopicNames],
        subscribedTopicRegex: m.subscribedTopicRegex,
        assignment: { topicPartitions: named(m.assigned) },
        targetAssignment: { topicPartitions: named(g.targetAssignment.get(m.memberId) ?? new Map<string, Set<number>>()) },
      })),
    };
  }

  /**
   * OffsetCommit (or, with `transactional`, TxnOffsetCommit, whose generation id carries the member
   * epoch) to a consumer group (ConsumerGroup.validateOffsetCommit).
   */
  validateOffsetCommit(g: ConsumerGroup, memberId: string, memberEpoch: number, apiVersion: number, transactional = false): number {
    // Admin tools and assign() consumers commit with epoch -1 while the group has no members.
    if (memberEpoch < 0 && g.members.size === 0) return ErrorCode.NONE;
    const m = g.members.get(memberId);
    if (m === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    // Only OffsetCommit v9+ can carry a member epoch; TxnOffsetCommit always could (its generation id).
    // A classic member's generation is its epoch, in any version.
    if (!transactional && m.classic === null && apiVersion < 9) return ErrorCode.UNSUPPORTED_VERSION;
    if (memberEpoch !== m.memberEpoch) return m.classic === null ? ErrorCode.STALE_MEMBER_EPOCH : ErrorCode.ILLEGAL_GENERATION;
    return ErrorCode.NONE;
  }

  /** OffsetFetch v9 from a consumer group member (ConsumerGroup.validateOffsetFetch). */
  validateOffsetFetch(g: ConsumerGroup, memberId: string | null, memberEpoch: number): number {
    if (memberId === null && memberEpoch < 0) return ErrorCode.NONE;
    const m = memberId === null ? undefined : g.members.get(memberId);
    if (m === undefined) return ErrorCode.UNKNOWN_MEMBER_ID;
    if (memberEpoch !== m.memberEpoch) return m.classic === null ? ErrorCode.STALE_MEMBER_EPOCH : ErrorCode.ILLEGAL_GENERATION;
    return ErrorCode.NONE;
  }

  /** Records that delete an empty group (its offsets are the caller's). */
  deletionRecords(g: ConsumerGroup): CoordinatorRecord[] {
    return [
      { key: { type: 'cg-target-epoch', group: g.groupId }, value: null },
      { key: { type: 'cg-partition-metadata', group: g.groupId }, value: null },
      { key: { type: 'cg-epoch', group: g.groupId }, value: null },
    ];
  }

  /** Applies records the caller has already stored (group deletion). */
  applyStored(records: readonly CoordinatorRecord[]): void {
    for (const r of records) if (r.key.type.startsWith('cg-')) this.replay(r as ConsumerGroupRecord);
  }
}
