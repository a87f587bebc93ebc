// The classic group protocol's membership (Kafka's GroupMetadataManager, classic paths): one
// state machine per group, driven by JoinGroup/SyncGroup/Heartbeat/LeaveGroup and by timers on the
// injected clock. Parked JoinGroup/SyncGroup requests are resolver callbacks kept on the member; the
// state machine calls them when Kafka would complete the response. Group metadata is appended to the
// GroupStore before it counts, and replayGroup() rebuilds groups from it (they come back Empty,
// keeping generation and protocol type). Committed offsets are the offsets part's (offsets.ts).
// The timers and phase transitions those requests set off are in rebalance.ts.
import { randomUUID } from 'node:crypto';
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Clock } from '../../shared/clock.js';
import { encodeAssignment } from '../../protocol/consumer-protocol.js';
import {
  ClassicGroup,
  CONSUMER_PROTOCOL_TYPE,
  EMPTY_ASSIGNMENT,
  GroupMember,
  GroupState,
  joinError,
  syncError,
  type JoinGroupInput,
  type JoinGroupResult,
  type SyncGroupInput,
  type SyncGroupResult,
} from './classic-group.js';
import type { ClassicGroupSnapshot, ConsumerGroupCoordinator, DowngradedMember } from './consumer-coordinator.js';
import { type GroupStore, writeErrorCode } from './group-store.js';

export type { JoinGroupInput, SyncGroupInput } from './classic-group.js';
import { ClassicRebalance } from './rebalance.js';
import type { CoordinatorRecord, GroupMetadataValue } from './records.js';

export interface MembershipConfig {
  initialRebalanceDelayMs: number;
  minSessionTimeoutMs: number;
  maxSessionTimeoutMs: number;
  /** How long a brand-new member may wait in a rebalance (KIP-394; Kafka's default 5 min). */
  newMemberJoinTimeoutMs: number;
}

export interface LeaveMemberResult {
  memberId: string;
  groupInstanceId: string | null;
  errorCode: number;
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

export class GroupMembership {
  private readonly groups = new Map<string, ClassicGroup>();
  private readonly clock: Clock;
  private readonly config: MembershipConfig;
  private readonly store: GroupStore;
  private readonly consumer: ConsumerGroupCoordinator;
  private readonly log: (line: string) => void;
  private readonly rebalance: ClassicRebalance;
  private closed = false;

  constructor(opts: { clock: Clock; config: MembershipConfig; store: GroupStore; consumer: ConsumerGroupCoordinator; log: (line: string) => void }) {
    this.clock = opts.clock;
    this.config = opts.config;
    this.store = opts.store;
    this.consumer = opts.consumer;
    this.log = opts.log;
    this.rebalance = new ClassicRebalance({
      clock: opts.clock,
      initialRebalanceDelayMs: opts.config.initialRebalanceDelayMs,
      log: opts.log,
      isCurrent: (g) => this.groups.get(g.groupId) === g,
      persistEmpty: (g) => this.tryPersistGroup(g, false),
    });
  }

  // ---------------------------------------------------------------------------------------------
  // The groups, their loading and shutdown

  group(groupId: string): ClassicGroup | undefined {
    return this.groups.get(groupId);
  }

  /** Every classic group (a copy: callers may delete groups while they walk it). */
  /** Classic-group rebalances begun since the broker started. */
  get rebalanceCount(): number {
    return this.rebalance.rebalances;
  }

  all(): ClassicGroup[] {
    return [...this.groups.values()];
  }

  /** A "simple" group for offsets without membership (admin tools, assign() consumers), unless the id is taken. */
  ensureGroup(groupId: string, now: number): void {
    if (!this.groups.has(groupId) && !this.consumer.groups.has(groupId)) this.groups.set(groupId, new ClassicGroup(groupId, now));
  }

  /** What a KIP-848 consumer group about to take this id over finds here. */
  status(groupId: string): 'absent' | 'empty' | 'active' {
    const g = this.groups.get(groupId);
    if (g === undefined || g.is(GroupState.DEAD)) return 'absent';
    return g.is(GroupState.EMPTY) && g.members.size === 0 && g.pendingJoinMembers.size === 0 ? 'empty' : 'active';
  }

  /** The classic group in use as an upgrade takes it over (null: it does not run the consumer protocol with a chosen assignor). */
  upgradeSource(groupId: string): ClassicGroupSnapshot | null {
    const g = this.groups.get(groupId);
    if (g === undefined || !g.usesConsumerProtocol || g.protocolName === null || g.members.size === 0) return null;
    if ([...g.members.values()].some((m) => m.protocolType !== CONSUMER_PROTOCOL_TYPE)) return null;
    return {
      generationId: g.generationId,
      protocolName: g.protocolName,
      members: [...g.members.values()].map((m) => ({
        memberId: m.memberId,
        instanceId: m.groupInstanceId,
        clientId: m.clientId,
        clientHost: m.clientHost,
        rebalanceTimeoutMs: m.rebalanceTimeoutMs,
        sessionTimeoutMs: m.sessionTimeoutMs,
        protocols: m.protocols,
        assignment: m.assignment,
      })),
    };
  }

  /**
   * The classic group is now a consumer group's (upgrade, or an empty group's id taken over): parked
   * JoinGroup/SyncGroup requests are told REBALANCE_IN_PROGRESS, so their members rejoin the consumer group.
   */
  retire(groupId: string): void {
    const g = this.groups.get(groupId);
    if (g === undefined) return;
    for (const m of g.members.values()) {
      g.completeJoin(m, joinError(ErrorCode.REBALANCE_IN_PROGRESS, m.memberId));
      g.completeSync(m, syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    }
    this.markDead(g);
  }

  /**
   * ClassicGroup.fromConsumerGroup: a Stable classic group at the consumer group's epoch with its
   * remaining (classic) members, each given its target assignment in its own subscription's version.
   * Returns its GroupMetadata record and what installs it once stored; installing starts a rebalance.
   */
  downgradeFrom(groupId: string, generationId: number, members: readonly DowngradedMember[]): { record: CoordinatorRecord; install: () => void } {
    const now = this.clock.now();
    const g = new ClassicGroup(groupId, now);
    g.generationId = generationId;
    for (const d of members) {
      const m = new GroupMember({
        memberId: d.memberId,
        groupInstanceId: d.instanceId,
        clientId: d.clientId,
        clientHost: d.clientHost,
        rebalanceTimeoutMs: d.rebalanceTimeoutMs,
        sessionTimeoutMs: d.sessionTimeoutMs,
        protocolType: CONSUMER_PROTOCOL_TYPE,
        protocols: d.protocols.map((p) => ({ name: p.name, metadata: p.metadata })),
      });
      g.add(m, null);
    }
    g.protocolName = g.selectProtocol();
    g.subscribedTopics = g.computeSubscribedTopics();
    for (const d of members) {
      const m = g.members.get(d.memberId) as GroupMember;
      const metadata = m.metadata(g.protocolName);
      const version = metadata.length >= 2 ? metadata.readInt16BE(0) : 0;
      m.assignment = encodeAssignment(d.assignment, null, version);
    }
    // Straight to Stable, as Kafka builds it; the rebalance follows once it is installed.
    g.previousState = GroupState.EMPTY;
    g.state = GroupState.STABLE;
    g.currentStateTimestamp = now;
    return {
      record: this.groupRecord(g, true),
      install: () => {
        this.groups.set(groupId, g);
        for (const m of g.members.values()) this.rebalance.rescheduleHeartbeat(g, m);
        this.rebalance.prepareRebalance(g);
      },
    };
  }

  /** A consumer group's record took over the id of the simple group its offsets may have made. */
  replayConsumerGroupRecord(groupId: string): void {
    if (this.groups.get(groupId)?.protocolType === null) this.groups.delete(groupId);
  }

  replayGroup(groupId: string, value: GroupMetadataValue | null, now: number): void {
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

  afterLoad(): void {
    for (const g of this.groups.values()) g.subscribedTopics = g.computeSubscribedTopics();
  }

  /** Answers every parked request with NOT_COORDINATOR and stops all timers. */
  close(): void {
    this.closed = true;
    this.rebalance.close();
    for (const g of this.groups.values()) {
      this.rebalance.cancelGroupTimers(g);
      for (const m of g.members.values()) {
        g.completeJoin(m, joinError(ErrorCode.NOT_COORDINATOR, m.memberId));
        g.completeSync(m, syncError(ErrorCode.NOT_COORDINATOR));
      }
    }
  }

  markDead(g: ClassicGroup): void {
    this.rebalance.cancelGroupTimers(g);
    g.transitionTo(GroupState.DEAD, this.clock.now());
    this.groups.delete(g.groupId);
  }

  /** An offset commit keeps a classic member's session alive. */
  keepAlive(groupId: string, memberId: string): void {
    const g = this.groups.get(groupId);
    if (g !== undefined && (g.is(GroupState.STABLE) || g.is(GroupState.PREPARING_REBALANCE))) {
      const m = g.members.get(memberId);
      if (m !== undefined) this.rebalance.rescheduleHeartbeat(g, m);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // JoinGroup

  joinGroup(req: JoinGroupInput): Promise<JoinGroupResult> {
    if (this.closed) return Promise.resolve(joinError(ErrorCode.NOT_COORDINATOR, req.memberId));
    if (req.groupId === '') return Promise.resolve(joinError(ErrorCode.INVALID_GROUP_ID, req.memberId));
    if (req.sessionTimeoutMs < this.config.minSessionTimeoutMs || req.sessionTimeoutMs > this.config.maxSessionTimeoutMs) {
      return Promise.resolve(joinError(ErrorCode.INVALID_SESSION_TIMEOUT, req.memberId));
    }
    // A consumer group with members takes classic members (Kafka 4's mixed groups); an empty one
    // is deleted and the id becomes a classic group's.
    if (this.consumer.hasMembers(req.groupId)) return Promise.resolve(this.consumer.classicJoin(req));
    if (this.consumer.groups.has(req.groupId)) {
      try {
        this.consumer.deleteIfEmpty(req.groupId);
      } catch (err) {
        this.log(`could not delete empty consumer group ${req.groupId} for a classic join: ${(err as Error).message}`);
        return Promise.resolve(joinError(writeErrorCode(err, ErrorCode.COORDINATOR_NOT_AVAILABLE), ''));
      }
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
    if (isNewGroup && this.groups.get(g.groupId) === g) this.tryPersistGroup(g, false);
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
      const timer = this.rebalance.schedule(() => this.rebalance.expireHeartbeat(g, newMemberId), req.sessionTimeoutMs);
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
      this.rebalance.cancel(g.pendingJoinMembers.get(memberId) ?? null);
      this.addMemberAndRebalance(g, req, memberId, respond);
      return;
    }
    const invalid = this.validateMember(g, memberId, req.groupInstanceId);
    if (invalid !== ErrorCode.NONE) {
      respond(joinError(invalid, memberId));
      return;
    }
    const m = g.members.get(memberId) as GroupMember;
    switch (g.state) {
      case GroupState.PREPARING_REBALANCE:
        this.updateMemberAndRebalance(g, m, req, respond);
        return;
      case GroupState.COMPLETING_REBALANCE:
        // Same metadata: it probably lost the first response, so send it again.
        if (m.matches(req.protocols)) respond(g.joinResult(memberId, g.isLeader(memberId)));
        else this.updateMemberAndRebalance(g, m, req, respond);
        return;
      case GroupState.STABLE:
        // A rejoining leader forces a rebalance (e.g. topic metadata changed); followers only on change.
        if (g.isLeader(memberId) || !m.matches(req.protocols)) this.updateMemberAndRebalance(g, m, req, respond);
        else respond(g.joinResult(memberId, false));
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
    this.rebalance.rescheduleHeartbeat(g, m, this.config.newMemberJoinTimeoutMs);
    this.rebalance.maybePrepareRebalanceOrCompleteJoin(g);
  }

  private updateMemberAndRebalance(g: ClassicGroup, m: GroupMember, req: JoinGroupInput, respond: (r: JoinGroupResult) => void): void {
    g.updateMember(m, req.protocols, req.rebalanceTimeoutMs, req.sessionTimeoutMs, respond);
    this.rebalance.maybePrepareRebalanceOrCompleteJoin(g);
  }

  private replaceStaticMemberAndJoin(g: ClassicGroup, req: JoinGroupInput, oldMemberId: string, newMemberId: string, respond: (r: JoinGroupResult) => void): void {
    const instanceId = req.groupInstanceId as string;
    const previousLeader = g.leaderId ?? '';
    const m = g.replaceStaticMember(instanceId, oldMemberId, newMemberId);
    this.rebalance.rescheduleHeartbeat(g, m);
    const old = { protocols: m.protocols, rebalanceTimeoutMs: m.rebalanceTimeoutMs, sessionTimeoutMs: m.sessionTimeoutMs };
    g.updateMember(m, req.protocols, req.rebalanceTimeoutMs, req.sessionTimeoutMs, respond);
    if (g.is(GroupState.STABLE)) {
      if (g.protocolName !== g.selectProtocol()) {
        this.rebalance.maybePrepareRebalanceOrCompleteJoin(g);
        return;
      }
      // The chosen protocol stays, so the new instance simply takes over the old one's assignment.
      try {
        this.persistGroup(g, true);
      } catch (err) {
        this.log(`could not store group ${g.groupId} after replacing static member ${instanceId}: ${(err as Error).message}`);
        g.updateMember(m, old.protocols, old.rebalanceTimeoutMs, old.sessionTimeoutMs, null);
        const back = g.replaceStaticMember(instanceId, newMemberId, oldMemberId);
        this.rebalance.rescheduleHeartbeat(g, back);
        respond({ ...joinError(ErrorCode.COORDINATOR_NOT_AVAILABLE, ''), generationId: g.generationId, protocolType: g.protocolType, protocolName: g.protocolName, leader: previousLeader });
        return;
      }
      if (req.supportsSkippingAssignment) {
        const isLeader = g.isLeader(newMemberId);
        g.completeJoin(m, { ...g.joinResult(newMemberId, isLeader), skipAssignment: isLeader });
      } else {
        // Older clients are not told they lead, so they do not reassign the group.
        g.completeJoin(m, { ...g.joinResult(newMemberId, false), leader: previousLeader });
      }
    } else if (g.is(GroupState.COMPLETING_REBALANCE)) {
      // The leader may have assigned partitions to the old id: run the rebalance again.
      this.rebalance.prepareRebalance(g);
    } else {
      this.rebalance.maybeCompleteJoinPhase(g);
    }
  }

  validateMember(g: ClassicGroup, memberId: string, groupInstanceId: string | null): number {
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
    if (this.consumer.groups.has(req.groupId)) return Promise.resolve(this.consumer.classicSync(req));
    const g = this.groups.get(req.groupId);
    if (g === undefined || g.is(GroupState.EMPTY)) return Promise.resolve(syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    const invalid = this.validateSync(g, req);
    if (invalid !== ErrorCode.NONE) return Promise.resolve(syncError(invalid));
    if (g.is(GroupState.PREPARING_REBALANCE)) return Promise.resolve(syncError(ErrorCode.REBALANCE_IN_PROGRESS));
    const m = g.members.get(req.memberId) as GroupMember;
    if (g.is(GroupState.STABLE)) {
      this.rebalance.removePendingSyncMember(g, req.memberId);
      return Promise.resolve({ errorCode: ErrorCode.NONE, protocolType: g.protocolType, protocolName: g.protocolName, assignment: m.assignment });
    }
    // CompletingRebalance: park until the leader's assignment is in.
    return new Promise((resolve) => {
      m.awaitingSync = resolve;
      this.rebalance.removePendingSyncMember(g, req.memberId);
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
      this.rebalance.resetAndPropagateAssignment(g, writeErrorCode(err, ErrorCode.COORDINATOR_NOT_AVAILABLE));
      this.rebalance.maybePrepareRebalanceOrCompleteJoin(g);
      return;
    }
    this.rebalance.propagateAssignment(g, ErrorCode.NONE);
    g.transitionTo(GroupState.STABLE, this.clock.now());
  }

  // ---------------------------------------------------------------------------------------------
  // Heartbeat and LeaveGroup

  /**
   * Fault injection's forced rebalance (faults/injector.ts): a Stable or CompletingRebalance group
   * prepares a rebalance as a member's metadata change would make it, so heartbeats answer
   * REBALANCE_IN_PROGRESS and the members rejoin into the next generation. An error text when the
   * group cannot rebalance.
   */
  forceRebalance(groupId: string): { protocol: 'classic'; previousGeneration: number; state: string } | string {
    const g = this.groups.get(groupId);
    if (g === undefined || g.is(GroupState.DEAD)) return `unknown group ${groupId}`;
    if (!g.is(GroupState.STABLE) && !g.is(GroupState.COMPLETING_REBALANCE)) return `group ${groupId} is ${g.state}: only a Stable or CompletingRebalance group can be made to rebalance`;
    const previousGeneration = g.generationId;
    this.rebalance.prepareRebalance(g);
    return { protocol: 'classic', previousGeneration, state: g.state };
  }

  heartbeat(req: { groupId: string; memberId: string; groupInstanceId: string | null; generationId: number }): number {
    if (this.closed) return ErrorCode.NOT_COORDINATOR;
    if (req.groupId === '') return ErrorCode.INVALID_GROUP_ID;
    if (this.consumer.groups.has(req.groupId)) return this.consumer.classicHeartbeat(req);
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
        this.rebalance.rescheduleHeartbeat(g, m);
        return ErrorCode.REBALANCE_IN_PROGRESS;
      case GroupState.COMPLETING_REBALANCE:
      case GroupState.STABLE:
        // Members may heartbeat between their JoinGroup and SyncGroup responses.
        this.rebalance.rescheduleHeartbeat(g, m);
        return ErrorCode.NONE;
    }
  }

  leaveGroup(groupId: string, members: readonly { memberId: string; groupInstanceId: string | null }[]): { errorCode: number; members: LeaveMemberResult[] } {
    if (this.closed) return { errorCode: ErrorCode.NOT_COORDINATOR, members: [] };
    if (groupId === '') return { errorCode: ErrorCode.INVALID_GROUP_ID, members: [] };
    if (this.consumer.groups.has(groupId)) return this.consumer.classicLeave(groupId, members);
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
          this.rebalance.removeMember(g, m);
          result(ErrorCode.NONE);
        }
      } else if (g.pendingJoinMembers.has(who.memberId)) {
        this.rebalance.cancel(g.pendingJoinMembers.get(who.memberId) ?? null);
        g.remove(who.memberId);
        result(ErrorCode.NONE);
      } else {
        const invalid = this.validateMember(g, who.memberId, who.groupInstanceId);
        if (invalid !== ErrorCode.NONE) {
          result(invalid);
        } else {
          this.rebalance.removeMember(g, g.members.get(who.memberId) as GroupMember);
          result(ErrorCode.NONE);
        }
      }
    }
    if (anyLeft) {
      if (g.is(GroupState.STABLE) || g.is(GroupState.COMPLETING_REBALANCE)) this.rebalance.maybePrepareRebalanceOrCompleteJoin(g);
      else if (g.is(GroupState.PREPARING_REBALANCE)) this.rebalance.maybeCompleteJoinPhase(g);
    }
    return { errorCode: ErrorCode.NONE, members: results };
  }

  // ---------------------------------------------------------------------------------------------
  // DescribeGroups

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
