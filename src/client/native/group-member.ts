// A classic-protocol consumer group member (JoinGroup/SyncGroup/Heartbeat/LeaveGroup, offset
// commit and fetch, the range and round-robin assignors as the leader). Over 600 lines: one state
// machine whose rejoin, heartbeat and commit paths share its generation and timers; the byte
// formats live in protocol/consumer-protocol.ts.
import { ErrorCode, KafkaProtocolError, errorInfo } from '../../protocol/error-codes.js';
import { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription, type TopicPartitions } from '../../protocol/consumer-protocol.js';
import type { JoinGroupResponseMember } from '../../protocol/generated/messages/join-group-response.js';
import type { SyncGroupRequestAssignment } from '../../protocol/generated/messages/sync-group-request.js';
import { type AnyApiDef } from './apis.js';
import { FindCoordinatorApi } from './apis/find-coordinator.js';
import { HeartbeatApi } from './apis/heartbeat.js';
import { JoinGroupApi } from './apis/join-group.js';
import { LeaveGroupApi } from './apis/leave-group.js';
import { OffsetCommitApi } from './apis/offset-commit.js';
import { OffsetFetchApi } from './apis/offset-fetch.js';
import { SyncGroupApi } from './apis/sync-group.js';
import { delay, type NativeClient } from './client.js';
import type { BrokerConnection } from './connection.js';
import { NativeConnectionError } from './errors.js';

export { decodeAssignment, decodeSubscription, encodeAssignment, encodeSubscription, type TopicPartitions };

/** One member's subscription as the leader sees it. */
export interface MemberSubscription {
  memberId: string;
  groupInstanceId: string | null;
  topics: readonly string[];
}

/** memberId → the partitions it gets (every member present, possibly with nothing). */
export type Assignor = (members: readonly MemberSubscription[], partitionsPerTopic: ReadonlyMap<string, number>) => Map<string, TopicPartitions[]>;

export const PROTOCOL_TYPE = 'consumer';
const KEY_TYPE_GROUP = 0;

/** Java's MemberInfo order: static members (by instance id) first, then by member id. */
function compareMembers(a: MemberSubscription, b: MemberSubscription): number {
  if (a.groupInstanceId !== null && b.groupInstanceId !== null) return cmp(a.groupInstanceId, b.groupInstanceId);
  if (a.groupInstanceId !== null) return -1;
  if (b.groupInstanceId !== null) return 1;
  return cmp(a.memberId, b.memberId);
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function addPartition(out: Map<string, Map<string, number[]>>, memberId: string, topic: string, partition: number): void {
  let byTopic = out.get(memberId);
  if (byTopic === undefined) out.set(memberId, (byTopic = new Map<string, number[]>()));
  const list = byTopic.get(topic);
  if (list === undefined) byTopic.set(topic, [partition]);
  else list.push(partition);
}

function finishAssignment(members: readonly MemberSubscription[], raw: Map<string, Map<string, number[]>>): Map<string, TopicPartitions[]> {
  const out = new Map<string, TopicPartitions[]>();
  for (const m of members) {
    const byTopic = raw.get(m.memberId);
    const list = byTopic === undefined ? [] : [...byTopic].sort(([a], [b]) => cmp(a, b)).map(([topic, partitions]) => ({ topic, partitions: partitions.sort((x, y) => x - y) }));
    out.set(m.memberId, list);
  }
  return out;
}

/**
 * Kafka's RangeAssignor: per topic, the subscribed members in order each take a contiguous range
 * of partitions; the first (partitions % members) members take one extra.
 */
export const rangeAssign: Assignor = (members, partitionsPerTopic) => {
  const raw = new Map<string, Map<string, number[]>>();
  const topics = [...new Set(members.flatMap((m) => m.topics))].sort(cmp);
  for (const topic of topics) {
    const count = partitionsPerTopic.get(topic);
    if (count === undefined || count <= 0) continue;
    const subscribed = members.filter((m) => m.topics.includes(topic)).sort(compareMembers);
    const per = Math.floor(count / subscribed.length);
    const extra = count % subscribed.length;
    subscribed.forEach((m, i) => {
      const start = per * i + Math.min(i, extra);
      const length = per + (i < extra ? 1 : 0);
      for (let p = start; p < start + length; p++) addPartition(raw, m.memberId, topic, p);
    });
  }
  return finishAssignment(members, raw);
};

/**
 * Kafka's RoundRobinAssignor: every partition of every subscribed topic (by topic, then
 * partition) goes to the next member in a circular order that is subscribed to its topic.
 */
export const roundRobinAssign: Assignor = (members, partitionsPerTopic) => {
  const raw = new Map<string, Map<string, number[]>>();
  const sorted = [...members].sort(compareMembers);
  const topics = [...new Set(members.flatMap((m) => m.topics))].sort(cmp);
  let next = 0;
  for (const topic of topics) {
    const count = partitionsPerTopic.get(topic) ?? 0;
    for (let p = 0; p < count; p++) {
      while (!(sorted[next % sorted.length] as MemberSubscription).topics.includes(topic)) next++;
      addPartition(raw, (sorted[next % sorted.length] as MemberSubscription).memberId, topic, p);
      next++;
    }
  }
  return finishAssignment(members, raw);
};

export const ASSIGNORS = { range: rangeAssign, roundrobin: roundRobinAssign } as const;
export type AssignorName = keyof typeof ASSIGNORS;

export function isAssignorName(name: string): name is AssignorName {
  return Object.hasOwn(ASSIGNORS, name);
}

export interface CommitOffset {
  topic: string;
  partition: number;
  /** The next offset to read. */
  offset: bigint;
  leaderEpoch?: number;
}

export interface GroupMemberOptions {
  groupId: string;
  /** group.instance.id (static membership): no LeaveGroup on close. */
  groupInstanceId?: string | null | undefined;
  /** session.timeout.ms (Java's default 45 s). */
  sessionTimeoutMs?: number | undefined;
  /** max.poll.interval.ms, sent as the rebalance timeout (Java's default 5 min). */
  rebalanceTimeoutMs?: number | undefined;
  /** heartbeat.interval.ms (Java's default 3 s). */
  heartbeatIntervalMs?: number | undefined;
  /** Protocols offered, in order of preference. */
  assignors?: readonly AssignorName[] | undefined;
  /** enable.auto.commit: commit `committable()` every interval, before a rebalance and on close. */
  autoCommit: boolean;
  autoCommitIntervalMs?: number | undefined;
  /** What to commit: the next offset to read of each partition the caller consumed. */
  committable?: (() => readonly CommitOffset[]) | undefined;
  /** Asks OffsetFetch for stable offsets only (read_committed consumers, as Java does). */
  requireStable?: boolean | undefined;
  /** Non-fatal trouble (a failed auto-commit), one line each. */
  warn?: ((line: string) => void) | undefined;
}

export interface AssignmentChange {
  /** Partitions given up by this rejoin (everything, with the eager protocol). */
  revoked: TopicPartitions[];
  assigned: TopicPartitions[];
}

/** The member was closed (or woken up for good) while joining. */
export class GroupMemberClosedError extends Error {
  override readonly name = 'GroupMemberClosedError';
}

export type MemberState = 'unjoined' | 'joining' | 'stable';

export const COORDINATOR_ERRORS = new Set<number>([ErrorCode.COORDINATOR_NOT_AVAILABLE, ErrorCode.NOT_COORDINATOR]);

/**
 * A consumer-group member on the classic protocol with eager rebalancing, as Java's
 * ConsumerCoordinator runs it: FindCoordinator, JoinGroup (retrying with the member id the broker
 * requires), the leader's assignment (range or roundrobin), SyncGroup, then heartbeats on a timer
 * until the group rebalances. The caller drives rejoins from its poll loop (`rejoinNeeded`,
 * `poll()`), so a rebalance never interleaves with record processing. Requests go over a
 * connection of its own, since a JoinGroup may be parked for a whole rebalance.
 */
export class GroupMember {
  readonly groupId: string;
  /** Called when the member must rejoin (or failed): the caller should wake its poll. */
  onWake: (() => void) | null = null;
  protected readonly client: NativeClient;
  protected readonly opts: GroupMemberOptions;
  protected readonly groupInstanceId: string | null;
  private readonly sessionTimeoutMs: number;
  protected readonly rebalanceTimeoutMs: number;
  protected readonly heartbeatIntervalMs: number;
  private readonly autoCommitIntervalMs: number;
  private readonly assignors: readonly AssignorName[];
  protected subscription: string[] = [];
  /** The subscription the last JoinGroup carried (subscribe() replaces the array). */
  protected joinedWith: string[] | null = null;
  protected state: MemberState = 'unjoined';
  protected _memberId = '';
  protected _generationId = -1;
  private _protocolName: string | null = null;
  private _leaderId = '';
  protected _assignment: TopicPartitions[] = [];
  protected needsRejoin = true;
  /** The generation is gone (kicked out): rejoin without committing. */
  protected lost = false;
  private fatal: Error | null = null;
  protected closing = false;
  private closed = false;
  private coordinator: Promise<BrokerConnection> | null = null;
  private heartbeatTimer: NodeJS.Timeout | null = null;
  protected heartbeatInFlight = false;
  private autoCommitTimer: NodeJS.Timeout | null = null;
  private commitInFlight: Promise<void> | null = null;
  private readonly lastCommitted = new Map<string, bigint>();
  /** Partition counts the leader assigned from, to notice topics that grew. */
  private assignedFrom: Map<string, number> | null = null;

  constructor(client: NativeClient, opts: GroupMemberOptions) {
    this.client = client;
    this.opts = opts;
    this.groupId = opts.groupId;
    this.groupInstanceId = opts.groupInstanceId ?? null;
    this.sessionTimeoutMs = opts.sessionTimeoutMs ?? 45_000;
    this.rebalanceTimeoutMs = opts.rebalanceTimeoutMs ?? 300_000;
    this.heartbeatIntervalMs = opts.heartbeatIntervalMs ?? 3_000;
    this.autoCommitIntervalMs = opts.autoCommitIntervalMs ?? 5_000;
    this.assignors = opts.assignors ?? ['range', 'roundrobin'];
    if (this.assignors.length === 0) throw new Error('at least one assignor is required');
  }

  get memberId(): string {
    return this._memberId;
  }

  get generationId(): number {
    return this._generationId;
  }

  get protocolName(): string | null {
    return this._protocolName;
  }

  get isLeader(): boolean {
    return this.state === 'stable' && this._leaderId === this._memberId;
  }

  get assignment(): readonly TopicPartitions[] {
    return this._assignment;
  }

  /** True when the next `poll()` will (re)join: first join, a rebalance, or a new subscription. */
  get rejoinNeeded(): boolean {
    return this.needsRejoin;
  }

  /** Sets the topics to subscribe to; a change takes effect at the next rejoin. */
  subscribe(topics: readonly string[]): void {
    const next = [...new Set(topics)].sort(cmp);
    if (next.length === this.subscription.length && next.every((t, i) => t === this.subscription[i])) return;
    this.subscription = next;
    this.requestRejoin();
  }

  get subscribed(): readonly string[] {
    return this.subscription;
  }

  requestRejoin(): void {
    if (this.needsRejoin) return;
    this.needsRejoin = true;
    this.stopHeartbeats();
    this.onWake?.();
  }

  /**
   * Joins the group when needed: commits (auto-commit) and revokes the current assignment, then
   * JoinGroup/SyncGroup until the group is stable. Returns what changed, or null when the member
   * was already stable. Throws fatal group errors (KafkaProtocolError) and GroupMemberClosedError.
   */
  async poll(): Promise<AssignmentChange | null> {
    if (this.fatal !== null) throw this.fatal;
    if (this.closing) throw new GroupMemberClosedError('group member closed');
    if (!this.needsRejoin) return null;
    const revoked = this._assignment;
    if (this.state === 'stable' && !this.lost && this.opts.autoCommit) {
      // Java's onJoinPrepare: a synchronous commit so the next owner starts after what was consumed.
      try {
        await this.commitNow();
      } catch (err) {
        this.warn(`Offset commit before rejoining group ${this.groupId} failed: ${messageOf(err)}`);
      }
    }
    this.stopHeartbeats();
    this._assignment = [];
    this.state = 'joining';
    this.lost = false;
    await this.joinAndSync();
    this.state = 'stable';
    // A subscription change during the join needs another round.
    this.needsRejoin = this.joinedWith !== this.subscription;
    this.scheduleHeartbeat();
    this.startAutoCommit();
    return { revoked, assigned: this._assignment };
  }

  /**
   * Stops joining for good: a pending or later `poll()` throws GroupMemberClosedError. `close()`
   * still commits and leaves.
   */
  abort(): void {
    this.closing = true;
    this.stopHeartbeats();
    if (this.state === 'joining') this.dropCoordinator();
  }

  /** Committed offsets of `parts`, keyed `topic:partition`; -1 where the group has none. */
  async fetchCommitted(parts: readonly TopicPartitions[]): Promise<Map<string, { offset: bigint; leaderEpoch: number }>> {
    const out = new Map<string, { offset: bigint; leaderEpoch: number }>();
    if (parts.length === 0) return out;
    const topics = parts.map((p) => ({ name: p.topic, partitionIndexes: [...p.partitions] }));
    for (let attempt = 0; ; attempt++) {
      let res;
      let version: number;
      try {
        const c = await this.coordinatorFor(OffsetFetchApi);
        version = c.version;
        res = await c.conn.send(OffsetFetchApi, {
          groupId: this.groupId,
          topics,
          groups: [{ groupId: this.groupId, memberId: null, memberEpoch: -1, topics }],
          requireStable: this.opts.requireStable ?? false,
        });
      } catch (err) {
        if (!this.retriableConnectionError(err, attempt)) throw err;
        await delay(this.client.retryBackoffMs);
        continue;
      }
      const group = version >= 8 ? res.groups[0] : { errorCode: res.errorCode, topics: res.topics };
      let code = group?.errorCode ?? ErrorCode.NONE;
      if (code === ErrorCode.NONE) {
        for (const t of group?.topics ?? []) {
          for (const p of t.partitions) {
            if (p.errorCode !== ErrorCode.NONE) code = p.errorCode;
            else out.set(`${t.name}:${p.partitionIndex}`, { offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch });
          }
        }
      }
      if (code === ErrorCode.NONE) return out;
      if (attempt < 20 && (code === ErrorCode.UNSTABLE_OFFSET_COMMIT || code === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS || COORDINATOR_ERRORS.has(code))) {
        if (COORDINATOR_ERRORS.has(code)) this.dropCoordinator();
        out.clear();
        await delay(this.client.retryBackoffMs);
        continue;
      }
      throw new KafkaProtocolError(code, `OffsetFetch for group ${this.groupId}: ${errorInfo(code).message}`);
    }
  }

  /**
   * Commits offsets with this member's generation. A stale generation or unknown member marks
   * the member for rejoining and throws, like Java's CommitFailedException.
   */
  async commit(offsets: readonly CommitOffset[]): Promise<void> {
    if (offsets.length === 0) return;
    const byTopic = new Map<string, CommitOffset[]>();
    for (const o of offsets) {
      const list = byTopic.get(o.topic);
      if (list === undefined) byTopic.set(o.topic, [o]);
      else list.push(o);
    }
    for (let attempt = 0; ; attempt++) {
      let res;
      try {
        const { conn } = await this.coordinatorFor(OffsetCommitApi);
        res = await conn.send(OffsetCommitApi, {
          groupId: this.groupId,
          generationIdOrMemberEpoch: this._generationId,
          memberId: this._memberId,
          groupInstanceId: this.groupInstanceId,
          retentionTimeMs: -1n,
          topics: [...byTopic].map(([name, list]) => ({
            name,
            partitions: list.map((o) => ({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: o.leaderEpoch ?? -1, commitTimestamp: -1n, committedMetadata: '' })),
          })),
        });
      } catch (err) {
        if (!this.retriableConnectionError(err, attempt)) throw err;
        await delay(this.client.retryBackoffMs);
        continue;
      }
      let code: number = ErrorCode.NONE;
      for (const t of res.topics) for (const p of t.partitions) if (p.errorCode !== ErrorCode.NONE) code = p.errorCode;
      if (code === ErrorCode.NONE) {
        for (const o of offsets) this.lastCommitted.set(`${o.topic}:${o.partition}`, o.offset);
        return;
      }
      if (attempt < 5 && (COORDINATOR_ERRORS.has(code) || code === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS)) {
        if (COORDINATOR_ERRORS.has(code)) this.dropCoordinator();
        await delay(this.client.retryBackoffMs);
        continue;
      }
      if (code === ErrorCode.UNKNOWN_MEMBER_ID || code === ErrorCode.ILLEGAL_GENERATION || code === ErrorCode.FENCED_MEMBER_EPOCH) this.markLost(code);
      else if (code === ErrorCode.REBALANCE_IN_PROGRESS) this.requestRejoin();
      throw new KafkaProtocolError(code, `OffsetCommit for group ${this.groupId}: ${errorInfo(code).message}`);
    }
  }

  /** Reads the metadata of the group's topics; the leader rejoins when a topic's partition count changed. */
  async checkMetadata(): Promise<void> {
    const from = this.assignedFrom;
    if (!this.isLeader || from === null || from.size === 0) return;
    const counts = await this.partitionCounts([...from.keys()]);
    for (const [topic, n] of from) {
      if ((counts.get(topic) ?? 0) !== n) {
        this.requestRejoin();
        return;
      }
    }
  }

  /** Stops heartbeats, commits (auto-commit) and leaves the group; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const wasStable = this.state === 'stable' && !this.lost;
    this.closing = true;
    this.stopHeartbeats();
    this.stopAutoCommit();
    if (!wasStable) {
      // Abort a parked JoinGroup/SyncGroup; the leave below reconnects.
      void this.coordinator?.then((c) => c.close(), () => undefined);
      this.coordinator = null;
    }
    try {
      if (wasStable && this.opts.autoCommit) {
        await this.commitInFlight?.catch(() => undefined);
        await this.commitNow();
      }
    } catch (err) {
      this.warn(`Offset commit on close of group ${this.groupId} failed: ${messageOf(err)}`);
    }
    try {
      if (this._memberId !== '' && this.groupInstanceId === null) await this.leave();
    } catch {
      // the session timeout removes the member anyway
    }
    this.state = 'unjoined';
    const c = this.coordinator;
    this.coordinator = null;
    if (c !== null) (await c.catch(() => null))?.close();
  }

  // -------------------------------------------------------------------------------------------

  protected warn(line: string): void {
    this.opts.warn?.(line);
  }

  protected async joinAndSync(): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      if (this.closing) throw new GroupMemberClosedError('group member closed while joining');
      let conn: BrokerConnection;
      let join;
      try {
        ({ conn } = await this.coordinatorFor(JoinGroupApi));
        this.joinedWith = this.subscription;
        join = await conn.send(
          JoinGroupApi,
          {
            groupId: this.groupId,
            sessionTimeoutMs: this.sessionTimeoutMs,
            rebalanceTimeoutMs: this.rebalanceTimeoutMs,
            memberId: this._memberId,
            groupInstanceId: this.groupInstanceId,
            protocolType: PROTOCOL_TYPE,
            protocols: this.assignors.map((name) => ({ name, metadata: encodeSubscription(this.subscription) })),
            reason: null,
          },
          // The broker parks a JoinGroup for up to the rebalance timeout.
          { timeoutMs: this.rebalanceTimeoutMs + 5_000 },
        );
      } catch (err) {
        if (this.closing) throw new GroupMemberClosedError('group member closed while joining');
        if (!this.retriableConnectionError(err, attempt)) throw err;
        await delay(this.client.retryBackoffMs);
        continue;
      }
      switch (join.errorCode) {
        case ErrorCode.NONE:
          break;
        case ErrorCode.MEMBER_ID_REQUIRED:
          this._memberId = join.memberId;
          continue;
        case ErrorCode.UNKNOWN_MEMBER_ID:
          this._memberId = '';
          continue;
        case ErrorCode.ILLEGAL_GENERATION:
          continue;
        case ErrorCode.COORDINATOR_NOT_AVAILABLE:
        case ErrorCode.NOT_COORDINATOR:
          this.dropCoordinator();
          await delay(this.client.retryBackoffMs);
          continue;
        case ErrorCode.COORDINATOR_LOAD_IN_PROGRESS:
        case ErrorCode.REBALANCE_IN_PROGRESS:
          await delay(this.client.retryBackoffMs);
          continue;
        default:
          throw new KafkaProtocolError(join.errorCode, `JoinGroup ${this.groupId}: ${errorInfo(join.errorCode).message}`);
      }
      this._memberId = join.memberId;
      this._generationId = join.generationId;
      this._protocolName = join.protocolName;
      this._leaderId = join.leader;
      const protocol = join.protocolName ?? '';
      let assignments: SyncGroupRequestAssignment[] = [];
      this.assignedFrom = null;
      if (join.leader === join.memberId && !join.skipAssignment) assignments = await this.leaderAssign(protocol, join.members);
      let sync;
      try {
        sync = await conn.send(
          SyncGroupApi,
          {
            groupId: this.groupId,
            generationId: this._generationId,
            memberId: this._memberId,
            groupInstanceId: this.groupInstanceId,
            protocolType: PROTOCOL_TYPE,
            protocolName: protocol,
            assignments,
          },
          { timeoutMs: this.rebalanceTimeoutMs + 5_000 },
        );
      } catch (err) {
        if (this.closing) throw new GroupMemberClosedError('group member closed while joining');
        if (!this.retriableConnectionError(err, attempt)) throw err;
        await delay(this.client.retryBackoffMs);
        continue;
      }
      switch (sync.errorCode) {
        case ErrorCode.NONE:
          this._assignment = decodeAssignment(sync.assignment).filter((p) => p.partitions.length > 0);
          return;
        case ErrorCode.UNKNOWN_MEMBER_ID:
          this._memberId = '';
          continue;
        case ErrorCode.REBALANCE_IN_PROGRESS:
        case ErrorCode.ILLEGAL_GENERATION:
          continue;
        case ErrorCode.COORDINATOR_NOT_AVAILABLE:
        case ErrorCode.NOT_COORDINATOR:
          this.dropCoordinator();
          await delay(this.client.retryBackoffMs);
          continue;
        default:
          throw new KafkaProtocolError(sync.errorCode, `SyncGroup ${this.groupId}: ${errorInfo(sync.errorCode).message}`);
      }
    }
  }

  private async leaderAssign(protocol: string, members: readonly JoinGroupResponseMember[]): Promise<SyncGroupRequestAssignment[]> {
    if (!isAssignorName(protocol)) throw new KafkaProtocolError(ErrorCode.INCONSISTENT_GROUP_PROTOCOL, `group ${this.groupId} chose protocol '${protocol}', which this member cannot assign`);
    const subs: MemberSubscription[] = members.map((m) => ({ memberId: m.memberId, groupInstanceId: m.groupInstanceId, topics: decodeSubscription(m.metadata).topics }));
    const topics = [...new Set(subs.flatMap((s) => s.topics))].sort(cmp);
    const counts = await this.partitionCounts(topics);
    this.assignedFrom = counts;
    const result = ASSIGNORS[protocol](subs, counts);
    return members.map((m) => ({ memberId: m.memberId, assignment: encodeAssignment(result.get(m.memberId) ?? []) }));
  }

  private async partitionCounts(topics: readonly string[]): Promise<Map<string, number>> {
    const counts = new Map<string, number>();
    if (topics.length === 0) return counts;
    const md = await this.client.metadata(topics);
    for (const t of md.topics) if (t.name !== null && t.errorCode === ErrorCode.NONE && t.partitions.length > 0) counts.set(t.name, t.partitions.length);
    return counts;
  }

  protected async leave(): Promise<void> {
    const { conn, version } = await this.coordinatorFor(LeaveGroupApi);
    await conn.send(LeaveGroupApi, {
      groupId: this.groupId,
      memberId: this._memberId,
      members: version >= 3 ? [{ memberId: this._memberId, groupInstanceId: this.groupInstanceId, reason: 'the consumer is being closed' }] : [],
    });
    this._memberId = '';
    this._generationId = -1;
  }

  private async commitNow(): Promise<void> {
    const all = this.opts.committable?.() ?? [];
    const changed = all.filter((o) => this.lastCommitted.get(`${o.topic}:${o.partition}`) !== o.offset);
    if (changed.length > 0) await this.commit(changed);
  }

  private startAutoCommit(): void {
    if (!this.opts.autoCommit || this.autoCommitTimer !== null) return;
    this.autoCommitTimer = setInterval(() => {
      if (this.state !== 'stable' || this.needsRejoin || this.commitInFlight !== null || this.closing) return;
      this.commitInFlight = this.commitNow()
        .catch((err: unknown) => this.warn(`Auto offset commit for group ${this.groupId} failed: ${messageOf(err)}`))
        .finally(() => (this.commitInFlight = null));
    }, this.autoCommitIntervalMs);
    this.autoCommitTimer.unref();
  }

  private stopAutoCommit(): void {
    if (this.autoCommitTimer !== null) clearInterval(this.autoCommitTimer);
    this.autoCommitTimer = null;
  }

  protected scheduleHeartbeat(): void {
    if (this.heartbeatTimer !== null || this.closing) return;
    this.heartbeatTimer = setTimeout(() => {
      this.heartbeatTimer = null;
      void this.heartbeat();
    }, this.heartbeatDelayMs());
    this.heartbeatTimer.unref();
  }

  /** heartbeat.interval.ms (the consumer protocol takes the broker's interval instead). */
  protected heartbeatDelayMs(): number {
    return this.heartbeatIntervalMs;
  }

  protected stopHeartbeats(): void {
    if (this.heartbeatTimer !== null) clearTimeout(this.heartbeatTimer);
    this.heartbeatTimer = null;
  }

  protected async heartbeat(): Promise<void> {
    if (this.state !== 'stable' || this.needsRejoin || this.closing) return;
    if (this.heartbeatInFlight) {
      // One from the previous generation is still out: try again next interval.
      this.scheduleHeartbeat();
      return;
    }
    this.heartbeatInFlight = true;
    const generation = this._generationId;
    let code: number;
    try {
      const { conn } = await this.coordinatorFor(HeartbeatApi);
      const res = await conn.send(HeartbeatApi, { groupId: this.groupId, generationId: generation, memberId: this._memberId, groupInstanceId: this.groupInstanceId });
      code = res.errorCode;
    } catch (err) {
      if (!(err instanceof NativeConnectionError)) {
        this.heartbeatInFlight = false;
        this.fail(err);
        return;
      }
      // Try again next interval on a fresh connection; an expired session comes back as UNKNOWN_MEMBER_ID.
      this.dropCoordinator();
      code = ErrorCode.NONE;
    } finally {
      this.heartbeatInFlight = false;
    }
    if (this.closing || generation !== this._generationId || this.state !== 'stable') return;
    switch (code) {
      case ErrorCode.NONE:
        break;
      case ErrorCode.REBALANCE_IN_PROGRESS:
        this.requestRejoin();
        return;
      case ErrorCode.ILLEGAL_GENERATION:
      case ErrorCode.UNKNOWN_MEMBER_ID:
        this.markLost(code);
        return;
      case ErrorCode.COORDINATOR_NOT_AVAILABLE:
      case ErrorCode.NOT_COORDINATOR:
      case ErrorCode.COORDINATOR_LOAD_IN_PROGRESS:
        this.dropCoordinator();
        break;
      default:
        this.fail(new KafkaProtocolError(code, `Heartbeat for group ${this.groupId}: ${errorInfo(code).message}`));
        return;
    }
    this.scheduleHeartbeat();
  }

  protected markLost(code: number): void {
    if (code === ErrorCode.UNKNOWN_MEMBER_ID) this._memberId = '';
    this.lost = true;
    this.requestRejoin();
  }

  protected fail(err: unknown): void {
    this.fatal ??= err instanceof Error ? err : new Error(String(err));
    // The next poll() throws it.
    this.needsRejoin = true;
    this.stopHeartbeats();
    this.onWake?.();
  }

  /** Whether a failed request is worth retrying on a new coordinator connection (dropping the old one). */
  protected retriableConnectionError(err: unknown, attempt: number): boolean {
    if (!(err instanceof NativeConnectionError) || attempt >= 5) return false;
    this.dropCoordinator();
    return true;
  }

  protected dropCoordinator(): void {
    const c = this.coordinator;
    this.coordinator = null;
    void c?.then((conn) => conn.close(), () => undefined);
  }

  protected async coordinatorFor(api: AnyApiDef): Promise<{ conn: BrokerConnection; version: number }> {
    let p = this.coordinator;
    if (p !== null) {
      const conn = await p.catch(() => null);
      if (conn !== null && !conn.closed) return { conn, version: conn.version(api) };
      if (this.coordinator === p) this.coordinator = null;
    }
    p = this.coordinator ?? (this.coordinator = this.connectCoordinator());
    try {
      const conn = await p;
      return { conn, version: conn.version(api) };
    } catch (err) {
      if (this.coordinator === p) this.coordinator = null;
      throw err;
    }
  }

  private async connectCoordinator(): Promise<BrokerConnection> {
    for (let attempt = 0; ; attempt++) {
      const any = await this.client.anyConnection();
      const version = any.version(FindCoordinatorApi);
      const res = await any.send(FindCoordinatorApi, { key: this.groupId, keyType: KEY_TYPE_GROUP, coordinatorKeys: [this.groupId] });
      const c = version >= 4 ? res.coordinators[0] : { errorCode: res.errorCode, errorMessage: res.errorMessage, host: res.host, port: res.port, nodeId: res.nodeId };
      const code = c?.errorCode ?? ErrorCode.COORDINATOR_NOT_AVAILABLE;
      if (code === ErrorCode.NONE && c !== undefined) {
        return this.client.openConnection({ host: c.host, port: c.port });
      }
      const retriable = code === ErrorCode.COORDINATOR_NOT_AVAILABLE || code === ErrorCode.COORDINATOR_LOAD_IN_PROGRESS || code === ErrorCode.NOT_COORDINATOR;
      if (!retriable || attempt >= 50 || this.closing) throw new KafkaProtocolError(code, `FindCoordinator for group ${this.groupId}: ${c?.errorMessage ?? errorInfo(code).message}`);
      await delay(this.client.retryBackoffMs);
    }
  }
}

export function messageOf(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
