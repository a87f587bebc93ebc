// The data behind `--describe` (ConsumerGroupService.collectGroupsOffsets / Members / State): plain
// values, in Kafka's row order, rendered elsewhere.
import type { GroupAdmin } from './admin.js';
import { CommandFailedError } from './java-errors.js';
import { stringKeyOrder } from './java-order.js';
import { compareTopicPartition, tpKey, type CoordinatorNode, type GroupDescription, type TopicPartition } from './types.js';

export interface OffsetRow extends TopicPartition {
  group: string;
  currentOffset: bigint | null;
  logEndOffset: bigint | null;
  lag: bigint | null;
  leaderEpoch: number | null;
  /** null for partitions that have a commit but no owner (shown as `-`). */
  consumerId: string | null;
  host: string | null;
  clientId: string | null;
}

export interface GroupOffsets {
  group: string;
  state: string;
  coordinator: CoordinatorNode;
  rows: OffsetRow[];
}

export interface MemberRow {
  group: string;
  consumerId: string;
  groupInstanceId: string | null;
  host: string;
  clientId: string;
  assignment: TopicPartition[];
  /** KIP-848 groups only (null otherwise): the member's epoch, the group's target assignment epoch, the member's target. */
  currentEpoch: number | null;
  targetEpoch: number | null;
  targetAssignment: TopicPartition[] | null;
}

export interface GroupMembers {
  group: string;
  state: string;
  members: MemberRow[];
}

export interface GroupState {
  group: string;
  state: string;
  coordinator: CoordinatorNode;
  assignmentStrategy: string;
  members: number;
  /** KIP-848 groups only (null otherwise). */
  groupEpoch: number | null;
  targetAssignmentEpoch: number | null;
}

/** Java's TreeMap<String, ...> over the requested ids: sorted, duplicates dropped. */
export function sortedGroupIds(ids: readonly string[]): string[] {
  return [...new Set(ids)].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Kafka's getLag: only with a commit (not -1) and a known log end. */
function lagOf(offset: bigint | null, logEnd: bigint | null): bigint | null {
  return offset === null || offset === -1n || logEnd === null ? null : logEnd - offset;
}

/** Log-end offsets for partitions that have a leader; others stay unknown. */
async function logEndOffsets(admin: GroupAdmin, partitions: readonly TopicPartition[]): Promise<Map<string, bigint>> {
  const topics = [...new Set(partitions.map((p) => p.topic))];
  const leaders = await admin.topicPartitions(topics);
  const withLeader = partitions.filter((p) => (leaders.get(p.topic)?.find((x) => x.partition === p.partition)?.leader ?? -1) >= 0);
  return admin.listOffsets(withLeader, 'latest');
}

export interface CollectOptions {
  /**
   * Fail as Kafka's tool does when a group does not exist on a broker that says so (Kafka 4.0+):
   * ConsumerGroupService.describeConsumerGroups gets the futures in HashMap order and the first
   * failed one ends the command. Without it such a group comes back Dead (tkafka's JSON, --watch).
   */
  failOnMissing?: boolean;
}

async function describeAll(admin: GroupAdmin, groupIds: readonly string[], opts: CollectOptions): Promise<GroupDescription[]> {
  const descriptions = await admin.describeGroups(sortedGroupIds(groupIds));
  if (opts.failOnMissing === true) {
    const missing = stringKeyOrder(descriptions, (d) => d.groupId).find((d) => d.notFound !== undefined);
    if (missing?.notFound !== undefined) throw new CommandFailedError('GROUP_NOT_FOUND', missing.notFound);
  }
  return descriptions;
}

export async function collectGroupsOffsets(admin: GroupAdmin, groupIds: readonly string[], opts: CollectOptions = {}): Promise<GroupOffsets[]> {
  const descriptions = await describeAll(admin, groupIds, opts);
  return Promise.all(descriptions.map(async (d) => groupOffsetsOf(admin, d)));
}

async function groupOffsetsOf(admin: GroupAdmin, d: GroupDescription): Promise<GroupOffsets> {
  const committed = await admin.fetchOffsets(d.groupId);
  // Members owning partitions, most partitions first (a stable sort keeps the broker's order on ties).
  const owners = d.members.filter((m) => m.assignment.length > 0).sort((a, b) => b.assignment.length - a.assignment.length);
  const assigned = new Set<string>();
  for (const m of owners) for (const tp of m.assignment) assigned.add(tpKey(tp.topic, tp.partition));
  const unowned = [...committed.values()].filter((c) => !assigned.has(tpKey(c.topic, c.partition)));
  const all = [...owners.flatMap((m) => m.assignment), ...unowned];
  const ends = await logEndOffsets(admin, all);
  const row = (tp: TopicPartition, owner: { memberId: string; host: string; clientId: string } | null): OffsetRow => {
    const c = committed.get(tpKey(tp.topic, tp.partition));
    const currentOffset = c?.offset ?? null;
    const logEndOffset = ends.get(tpKey(tp.topic, tp.partition)) ?? null;
    return {
      group: d.groupId,
      topic: tp.topic,
      partition: tp.partition,
      currentOffset,
      logEndOffset,
      lag: lagOf(currentOffset, logEndOffset),
      leaderEpoch: c === undefined || c.leaderEpoch < 0 ? null : c.leaderEpoch,
      consumerId: owner?.memberId ?? null,
      host: owner?.host ?? null,
      clientId: owner?.clientId ?? null,
    };
  };
  const rows: OffsetRow[] = [];
  for (const m of owners) rows.push(...[...m.assignment].sort(compareTopicPartition).map((tp) => row(tp, m)));
  rows.push(...unowned.sort(compareTopicPartition).map((tp) => row(tp, null)));
  return { group: d.groupId, state: d.state, coordinator: d.coordinator, rows };
}

export async function collectGroupsMembers(admin: GroupAdmin, groupIds: readonly string[], opts: CollectOptions = {}): Promise<GroupMembers[]> {
  const descriptions = await describeAll(admin, groupIds, opts);
  return descriptions.map((d) => ({
    group: d.groupId,
    state: d.state,
    members: d.members.map((m) => ({ group: d.groupId, consumerId: m.memberId, groupInstanceId: m.groupInstanceId, host: m.host,
      clientId: m.clientId,
      assignment: m.assignment,
      currentEpoch: m.memberEpoch ?? null,
      targetEpoch: d.targetAssignmentEpoch ?? null,
      targetAssignment: m.targetAssignment ?? null,
    })),
  }));
}

export async function collectGroupsState(admin: GroupAdmin, groupIds: readonly string[], opts: CollectOptions = {}): Promise<GroupState[]> {
  const descriptions = await describeAll(admin, groupIds, opts);
  return descriptions.map((d) => ({ group: d.groupId, state: d.state, coordinator: d.coordinator, assignmentStrategy: d.assignor,
    members: d.members.length,
    groupEpoch: d.groupEpoch ?? null,
    targetAssignmentEpoch: d.targetAssignmentEpoch ?? null,
  }));
}

export interface TopicLag {
  topic: string;
  partitions: number;
  /** Sums over partitions that have the value; null when none has. */
  currentOffset: bigint | null;
  logEndOffset: bigint | null;
  lag: bigint | null;
  consumers: number;
}

/** Per-topic totals of a group's rows (`--by-topic`), topics sorted. */
export function lagByTopic(rows: readonly OffsetRow[]): TopicLag[] {
  const byTopic = new Map<string, OffsetRow[]>();
  for (const r of rows) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
  const sum = (vals: Array<bigint | null>): bigint | null => vals.reduce<bigint | null>((acc, v) => (v === null ? acc : (acc ?? 0n) + v), null);
  return [...byTopic]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([topic, rs]) => ({
      topic,
      partitions: rs.length,
      currentOffset: sum(rs.map((r) => r.currentOffset)),
      logEndOffset: sum(rs.map((r) => r.logEndOffset)),
      lag: sum(rs.map((r) => r.lag)),
      consumers: new Set(rs.flatMap((r) => (r.consumerId === null ? [] : [r.consumerId]))).size,
    }));
}
