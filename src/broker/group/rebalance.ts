// The timers and phase transitions of a classic group's rebalance (Kafka's GroupMetadataManager
// classic paths): session timeouts, the join barrier with the initial delay, the SyncGroup deadline,
// and handing the leader's assignment out. membership.ts drives it from the requests.
import { ErrorCode } from '../../protocol/error-codes.js';
import type { Clock, Timer } from '../../shared/clock.js';
import { EMPTY_ASSIGNMENT, GroupState, joinError, syncError, type ClassicGroup, type GroupMember } from './classic-group.js';

export class ClassicRebalance {
  private readonly clock: Clock;
  private readonly initialRebalanceDelayMs: number;
  private readonly log: (line: string) => void;
  /** True while `g` is the group registered under its id (not replaced or deleted meanwhile). */
  private readonly isCurrent: (g: ClassicGroup) => boolean;
  /** Stores the metadata of a group that has become Empty (a failure is only logged). */
  private readonly persistEmpty: (g: ClassicGroup) => void;
  private closed = false;
  /** Rebalances begun since the broker started (Kafka's group-rebalance-count sensor, read by /metrics). */
  rebalances = 0;

  constructor(opts: {
    clock: Clock;
    initialRebalanceDelayMs: number;
    log: (line: string) => void;
    isCurrent: (g: ClassicGroup) => boolean;
    persistEmpty: (g: ClassicGroup) => void;
  }) {
    this.clock = opts.clock;
    this.initialRebalanceDelayMs = opts.initialRebalanceDelayMs;
    this.log = opts.log;
    this.isCurrent = opts.isCurrent;
    this.persistEmpty = opts.persistEmpty;
  }

  /** Timers that fire after this do nothing. */
  close(): void {
    this.closed = true;
  }

  /** Stops every timer of the group and its members. */
  cancelGroupTimers(g: ClassicGroup): void {
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

  /** A timer that does nothing once closed, and does not keep the process alive. */
  schedule(fn: () => void, ms: number): Timer {
    const t = this.clock.setTimeout(() => {
      if (!this.closed) fn();
    }, ms);
    t.unref();
    return t;
  }

  cancel(t: Timer | null): void {
    if (t !== null) this.clock.clearTimeout(t);
  }

  rescheduleHeartbeat(g: ClassicGroup, m: GroupMember, timeoutMs: number = m.sessionTimeoutMs): void {
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

  expireHeartbeat(g: ClassicGroup, memberId: string): void {
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
  removeMember(g: ClassicGroup, m: GroupMember): void {
    this.cancel(m.heartbeatTimer);
    m.heartbeatTimer = null;
    g.completeJoin(m, joinError(ErrorCode.UNKNOWN_MEMBER_ID, ''));
    g.completeSync(m, syncError(ErrorCode.UNKNOWN_MEMBER_ID));
    g.remove(m.memberId);
  }

  // ---------------------------------------------------------------------------------------------
  // Rebalance machinery

  maybePrepareRebalanceOrCompleteJoin(g: ClassicGroup): void {
    if (g.canRebalance()) this.prepareRebalance(g);
    else this.maybeCompleteJoinPhase(g);
  }

  prepareRebalance(g: ClassicGroup): void {
    if (g.is(GroupState.COMPLETING_REBALANCE)) this.resetAndPropagateAssignment(g, ErrorCode.REBALANCE_IN_PROGRESS);
    g.pendingSyncMembers.clear();
    this.cancel(g.syncTimer);
    g.syncTimer = null;
    const initial = g.is(GroupState.EMPTY);
    if (initial) {
      // A new group waits group.initial.rebalance.delay.ms so a burst of members lands in one generation.
      const delay = this.initialRebalanceDelayMs;
      const remaining = Math.max(g.rebalanceTimeoutMs() - delay, 0);
      this.scheduleJoin(g, () => this.tryCompleteInitialRebalance(g, delay, remaining), delay);
    }
    g.transitionTo(GroupState.PREPARING_REBALANCE, this.clock.now());
    this.rebalances++;
    this.log(`preparing to rebalance group ${g.groupId} with old generation ${g.generationId}`);
    if (!initial) {
      if (g.hasAllMembersJoined()) this.completeJoinPhase(g);
      else this.scheduleJoin(g, () => this.completeJoinPhase(g), g.rebalanceTimeoutMs());
    }
  }

  private tryCompleteInitialRebalance(g: ClassicGroup, delay: number, remaining: number): void {
    if (g.newMemberAdded && remaining !== 0) {
      g.newMemberAdded = false;
      const nextDelay = Math.min(this.initialRebalanceDelayMs, remaining);
      const nextRemaining = Math.max(remaining - delay, 0);
      this.scheduleJoin(g, () => this.tryCompleteInitialRebalance(g, nextDelay, nextRemaining), nextDelay);
    } else {
      this.completeJoinPhase(g);
    }
  }

  maybeCompleteJoinPhase(g: ClassicGroup): void {
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
      this.persistEmpty(g);
      return;
    }
    this.log(`stabilized group ${g.groupId} generation ${g.generationId} with ${g.members.size} member(s)`);
    for (const m of g.members.values()) {
      g.completeJoin(m, g.joinResult(m.memberId, g.isLeader(m.memberId)));
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

  resetAndPropagateAssignment(g: ClassicGroup, errorCode: number): void {
    for (const m of g.members.values()) m.assignment = EMPTY_ASSIGNMENT;
    this.propagateAssignment(g, errorCode);
  }

  propagateAssignment(g: ClassicGroup, errorCode: number): void {
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

  removePendingSyncMember(g: ClassicGroup, memberId: string): void {
    g.pendingSyncMembers.delete(memberId);
    const done = g.is(GroupState.COMPLETING_REBALANCE) || g.is(GroupState.STABLE) ? g.pendingSyncMembers.size === 0 : true;
    if (done) {
      this.cancel(g.syncTimer);
      g.syncTimer = null;
    }
  }
}
