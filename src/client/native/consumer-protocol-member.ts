// A consumer-group member on KIP-848's consumer protocol (group.protocol=consumer): the broker
// computes the assignment and the member only heartbeats (ConsumerGroupHeartbeat), reporting its
// subscription and the partitions it owns. It keeps GroupMember's contract for its callers (the
// console consumer, verifiable-consumer): a new target assignment sets `rejoinNeeded`, and the
// caller's `poll()` releases the old partitions (committing first with auto-commit), takes the new
// ones and acknowledges them in the next heartbeat, so the broker hands a partition to another
// member only after this one has stopped reading it. Offsets are committed with the member epoch.
import { randomBytes } from 'node:crypto';
import { ErrorCode, KafkaProtocolError, errorInfo } from '../../protocol/error-codes.js';
import type { ConsumerGroupHeartbeatRequest } from '../../protocol/generated/messages/consumer-group-heartbeat-request.js';
import type { ConsumerGroupHeartbeatResponse } from '../../protocol/generated/messages/consumer-group-heartbeat-response.js';
import { ConsumerGroupHeartbeatApi } from './apis/consumer-group-heartbeat.js';
import { delay, type NativeClient } from './client.js';
import { NativeConnectionError } from './errors.js';
import { COORDINATOR_ERRORS, GroupMember, GroupMemberClosedError, type AssignmentChange, type GroupMemberOptions, type TopicPartitions } from './group-member.js';

export interface ConsumerProtocolMemberOptions extends GroupMemberOptions {
  /** group.remote.assignor: the broker's assignor (uniform, range); null lets the broker choose. */
  remoteAssignor?: string | null | undefined;
}

/** Assignments by topic id, as the broker sends them. */
type IdAssignment = ReadonlyArray<{ topicId: string; partitions: readonly number[] }>;

/** A canonical text of an assignment, to tell a new target from the one held. */
function keyOf(a: IdAssignment): string {
  return a
    .filter((t) => t.partitions.length > 0)
    .map((t) => `${t.topicId}:${[...t.partitions].sort((x, y) => x - y).join(',')}`)
    .sort()
    .join(';');
}

/** A member id as Kafka's clients make one (KIP-1082): a random UUID in URL-safe base64. */
function newMemberId(): string {
  return randomBytes(16).toString('base64url');
}

const LEAVE_EPOCH = -1;

export class ConsumerProtocolMember extends GroupMember {
  private readonly remoteAssignor: string | null;
  /** The target the broker sent that the caller has not taken yet. */
  private pendingTarget: IdAssignment | null = null;
  /** What this member owns, by topic id (reported in heartbeats after a change). */
  private owned: IdAssignment = [];
  /** The subscription the broker has (sent in a full heartbeat). */
  private sentSubscription: readonly string[] | null = null;
  private intervalMs: number;

  constructor(client: NativeClient, opts: ConsumerProtocolMemberOptions) {
    super(client, opts);
    this.remoteAssignor = opts.remoteAssignor ?? null;
    this._memberId = newMemberId();
    this._generationId = 0;
    this.intervalMs = opts.heartbeatIntervalMs ?? 5_000;
  }

  override async poll(): Promise<AssignmentChange | null> {
    const change = await super.poll();
    // The acknowledgement's answer carried yet another target: take it at the next poll.
    if (this.pendingTarget !== null && !this.needsRejoin) {
      this.needsRejoin = true;
      this.stopHeartbeats();
      this.onWake?.();
    }
    return change;
  }

  /** Joins (epoch 0) or takes the pending target, then acknowledges what it now owns. */
  protected override async joinAndSync(): Promise<void> {
    this.joinedWith = this.subscription;
    let target = this.pendingTarget;
    this.pendingTarget = null;
    // poll() released everything: the broker learns that with the next heartbeat.
    this.owned = [];
    const deadline = Date.now() + this.rebalanceTimeoutMs;
    if (target === null || this._generationId <= 0 || this.sentSubscription !== this.subscription) {
      // A join, or a new subscription: a full heartbeat, repeated until an assignment comes.
      let full = true;
      for (;;) {
        const res = await this.exchange(full);
        if (res === 'retry') {
          if (Date.now() > deadline) throw new KafkaProtocolError(ErrorCode.FENCED_MEMBER_EPOCH, `ConsumerGroupHeartbeat ${this.groupId}: fenced on every join within the rebalance timeout`);
          full = true;
          continue;
        }
        full = false;
        if (res.assignment !== null) {
          target = res.assignment.topicPartitions;
          break;
        }
        if (Date.now() > deadline) throw new KafkaProtocolError(ErrorCode.REBALANCE_IN_PROGRESS, `ConsumerGroupHeartbeat ${this.groupId}: no assignment within the rebalance timeout`);
        await delay(Math.min(this.intervalMs, 500));
      }
    }
    this._assignment = await this.namesOf(target);
    this.owned = target.filter((t) => t.partitions.length > 0).map((t) => ({ topicId: t.topicId, partitions: [...t.partitions] }));
    // Acknowledge at once: the broker moves partitions to others only after their owner lets go.
    const ack = await this.exchange(false, true);
    // Fenced while taking the target: join again from scratch.
    if (ack === 'retry') return this.joinAndSync();
    if (ack.assignment !== null && keyOf(ack.assignment.topicPartitions) !== keyOf(this.owned)) this.pendingTarget = ack.assignment.topicPartitions;
  }

  protected override async heartbeat(): Promise<void> {
    if (this.state !== 'stable' || this.needsRejoin || this.closing) return;
    if (this.heartbeatInFlight) {
      this.scheduleHeartbeat();
      return;
    }
    this.heartbeatInFlight = true;
    const epoch = this._generationId;
    let res: ConsumerGroupHeartbeatResponse | null = null;
    try {
      const { conn } = await this.coordinatorFor(ConsumerGroupHeartbeatApi);
      res = await conn.send(ConsumerGroupHeartbeatApi, this.request(false, false));
    } catch (err) {
      if (!(err instanceof NativeConnectionError)) {
        this.heartbeatInFlight = false;
        this.fail(err);
        return;
      }
      this.dropCoordinator();
    } finally {
      this.heartbeatInFlight = false;
    }
    if (this.closing || epoch !== this._generationId || this.state !== 'stable') return;
    if (res !== null) {
      const code = res.errorCode;
      if (code === ErrorCode.FENCED_MEMBER_EPOCH || code === ErrorCode.UNKNOWN_MEMBER_ID) {
        this.markLost(code);
        return;
      }
      if (COORDINATOR_ERRORS.has(code) || code === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS) this.dropCoordinator();
      else if (code !== ErrorCode.NONE) {
        this.fail(this.failure(res));
        return;
      } else {
        this.accept(res);
        if (res.assignment !== null && keyOf(res.assignment.topicPartitions) !== keyOf(this.owned)) {
          this.pendingTarget = res.assignment.topicPartitions;
          this.requestRejoin();
          return;
        }
      }
    }
    this.scheduleHeartbeat();
  }

  /** Fenced or unknown: rejoin with epoch 0 and the same member id, without committing. */
  protected override markLost(_code: number): void {
    this._generationId = 0;
    this.pendingTarget = null;
    this.lost = true;
    this.requestRejoin();
  }

  protected override async leave(): Promise<void> {
    if (this._generationId <= 0) return;
    const { conn } = await this.coordinatorFor(ConsumerGroupHeartbeatApi);
    await conn.send(ConsumerGroupHeartbeatApi, { ...this.request(false, false), memberEpoch: LEAVE_EPOCH });
    this._generationId = LEAVE_EPOCH;
  }

  // -------------------------------------------------------------------------------------------

  /**
   * One heartbeat while joining or acknowledging: 'retry' after a fence (epoch reset) or a
   * coordinator change; fatal errors throw.
   */
  private async exchange(full: boolean, withOwned = false): Promise<ConsumerGroupHeartbeatResponse | 'retry'> {
    for (let attempt = 0; ; attempt++) {
      if (this.closing) throw new GroupMemberClosedError('group member closed while joining');
      let res: ConsumerGroupHeartbeatResponse;
      try {
        const { conn } = await this.coordinatorFor(ConsumerGroupHeartbeatApi);
        res = await conn.send(ConsumerGroupHeartbeatApi, this.request(full || this._generationId <= 0, withOwned));
      } catch (err) {
        if (this.closing) throw new GroupMemberClosedError('group member closed while joining');
        if (!this.retriableConnectionError(err, attempt)) throw err;
        await delay(this.client.retryBackoffMs);
        continue;
      }
      const code = res.errorCode;
      if (code === ErrorCode.NONE) {
        this.accept(res);
        return res;
      }
      if (code === ErrorCode.FENCED_MEMBER_EPOCH || code === ErrorCode.UNKNOWN_MEMBER_ID) {
        this._generationId = 0;
        this.owned = [];
        return 'retry';
      }
      if (attempt < 50 && (COORDINATOR_ERRORS.has(code) || code === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS)) {
        if (COORDINATOR_ERRORS.has(code)) this.dropCoordinator();
        await delay(this.client.retryBackoffMs);
        continue;
      }
      throw this.failure(res);
    }
  }

  /**
   * The request: a full one (epoch 0, or a changed subscription) carries every field; a plain
   * heartbeat leaves the unchanged ones null, and owned partitions only after they changed.
   */
  private request(full: boolean, withOwned: boolean): ConsumerGroupHeartbeatRequest {
    if (full) this.sentSubscription = this.subscription;
    return {
      groupId: this.groupId,
      memberId: this._memberId,
      memberEpoch: this._generationId <= 0 ? 0 : this._generationId,
      instanceId: full ? this.groupInstanceId : null,
      rackId: null,
      rebalanceTimeoutMs: full ? this.rebalanceTimeoutMs : -1,
      subscribedTopicNames: full ? [...this.subscription] : null,
      subscribedTopicRegex: null,
      serverAssignor: full ? this.remoteAssignor : null,
      topicPartitions: full || withOwned ? this.owned.map((t) => ({ topicId: t.topicId, partitions: [...t.partitions] })) : null,
    };
  }

  private accept(res: ConsumerGroupHeartbeatResponse): void {
    if (res.memberId !== null && res.memberId !== '') this._memberId = res.memberId;
    this._generationId = res.memberEpoch;
    if (res.heartbeatIntervalMs > 0) this.intervalMs = res.heartbeatIntervalMs;
  }

  private failure(res: ConsumerGroupHeartbeatResponse): KafkaProtocolError {
    const code = res.errorCode;
    if (code === ErrorCode.UNSUPPORTED_VERSION) {
      return new KafkaProtocolError(code, `The group coordinator of ${this.groupId} does not support the consumer group protocol (KIP-848); use group.protocol=classic.`);
    }
    return new KafkaProtocolError(code, `ConsumerGroupHeartbeat ${this.groupId}: ${res.errorMessage ?? errorInfo(code).message}`);
  }

  /** Topic ids → names, from the metadata of the subscribed topics (refreshed when one is unknown). */
  private async namesOf(a: IdAssignment): Promise<TopicPartitions[]> {
    const wanted = a.filter((t) => t.partitions.length > 0);
    if (wanted.length === 0) return [];
    const names = new Map<string, string>();
    for (let attempt = 0; ; attempt++) {
      const md = await this.client.metadata([...this.subscription]);
      for (const t of md.topics) if (t.name !== null) names.set(t.topicId, t.name);
      if (wanted.every((t) => names.has(t.topicId)) || attempt >= 10) break;
      await delay(this.client.retryBackoffMs);
    }
    const out: TopicPartitions[] = [];
    for (const t of wanted) {
      const topic = names.get(t.topicId);
      if (topic === undefined) throw new KafkaProtocolError(ErrorCode.UNKNOWN_TOPIC_ID, `ConsumerGroupHeartbeat ${this.groupId}: the assignment names topic id ${t.topicId}, which the metadata does not know`);
      out.push({ topic, partitions: [...t.partitions].sort((x, y) => x - y) });
    }
    return out.sort((x, y) => (x.topic < y.topic ? -1 : x.topic > y.topic ? 1 : 0));
  }

  /** The interval the broker gave in its last answer. */
  protected override heartbeatDelayMs(): number {
    return this.intervalMs;
  }
}
