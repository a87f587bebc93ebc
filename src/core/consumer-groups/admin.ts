// The cluster operations kafka-consumer-groups needs, over our native protocol client. Offsets are
// committed with OffsetCommit as a "standalone" commit (generation -1, empty member id), which the
// coordinator accepts while the group has no members: resetting never joins the group.
import type { NativeClient } from '../../client/native/client.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, delay } from '../../client/native/client.js';
import type { BrokerConnection } from '../../client/native/connection.js';
import { type AnyApiDef } from '../../client/native/apis.js';
import { ConsumerGroupDescribeApi } from '../../client/native/apis/consumer-group-describe.js';
import { DeleteGroupsApi } from '../../client/native/apis/delete-groups.js';
import { DescribeGroupsApi } from '../../client/native/apis/describe-groups.js';
import { FindCoordinatorApi } from '../../client/native/apis/find-coordinator.js';
import { ListGroupsApi } from '../../client/native/apis/list-groups.js';
import { OffsetCommitApi } from '../../client/native/apis/offset-commit.js';
import { OffsetDeleteApi } from '../../client/native/apis/offset-delete.js';
import { OffsetFetchApi } from '../../client/native/apis/offset-fetch.js';
import { decodeAssignment } from '../../protocol/consumer-protocol.js';
import { ErrorCode, KafkaProtocolError } from '../../protocol/error-codes.js';
import {
  tpKey,
  type CommittedOffset,
  type CoordinatorNode,
  type GroupDescription,
  type GroupListing,
  type OffsetSpec,
  type PartitionLeader,
  type PartitionResult,
  type TopicPartition,
} from './types.js';

export interface GroupAdmin {
  /** Consumer groups (protocol type `consumer` or ``), optionally only those in `states`. */
  listGroups(states?: readonly string[], types?: readonly string[]): Promise<GroupListing[]>;
  /** One description per id, in the order asked; unknown groups come back Dead (with `notFound` from Kafka 4.0 on). */
  describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]>;
  /** Every committed offset of the group (offset >= 0 only). */
  fetchOffsets(groupId: string): Promise<Map<string, CommittedOffset & TopicPartition>>;
  commitOffsets(groupId: string, offsets: ReadonlyArray<TopicPartition & { offset: bigint }>): Promise<PartitionResult[]>;
  deleteGroups(groupIds: readonly string[]): Promise<Array<{ groupId: string; errorCode: number }>>;
  deleteOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<{ errorCode: number; partitions: PartitionResult[] }>;
  /** Partitions (with leaders) per topic; a topic missing from the map does not exist. */
  topicPartitions(topics: readonly string[]): Promise<Map<string, PartitionLeader[]>>;
  /** Offsets for partitions, keyed by tpKey; absent when the broker did not answer for one. -1 when a timestamp matches nothing. */
  listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<Map<string, bigint>>;
  /** All topic names (internal ones included), for completion. */
  topicNames(): Promise<string[]>;
  close(): Promise<void>;
}

const CONSUMER_PROTOCOL = 'consumer';

/**
 * Only asks whether the broker speaks DescribeGroups v6 (KIP-1043, Kafka 4.0+), whose answer for a group
 * that does not exist is GROUP_ID_NOT_FOUND "Group g not found." where v5 says Dead. Never sent: we
 * speak v5 and report what v6 would.
 */
const DESCRIBE_GROUPS_V6: AnyApiDef = { ...(DescribeGroupsApi as unknown as AnyApiDef), min: 0, max: 6 };

function groupNotFound(conn: BrokerConnection, groupId: string): { notFound: string } | Record<string, never> {
  return conn.version(DESCRIBE_GROUPS_V6) >= 6 ? { notFound: `org.apache.kafka.common.errors.GroupIdNotFoundException: Group ${groupId} not found.` } : {};
}
const RETRIABLE_COORDINATOR = new Set<number>([ErrorCode.COORDINATOR_LOAD_IN_PROGRESS, ErrorCode.COORDINATOR_NOT_AVAILABLE, ErrorCode.NOT_COORDINATOR]);

/**
 * ConsumerProtocolAssignment (any version): int16 version, [topic, [partition]], user data. Not
 * decodable bytes give an empty assignment, as the Java admin shows for foreign protocols.
 */
export function decodeConsumerAssignment(bytes: Buffer): TopicPartition[] {
  try {
    return decodeAssignment(bytes).flatMap((t) => t.partitions.map((partition) => ({ topic: t.topic, partition })));
  } catch {
    return [];
  }
}

export class NativeGroupAdmin implements GroupAdmin {
  protected readonly client: NativeClient;
  protected readonly timeoutMs: number;
  private readonly coordinators = new Map<string, CoordinatorNode>();

  constructor(client: NativeClient, opts: { timeoutMs?: number } = {}) {
    this.client = client;
    this.timeoutMs = opts.timeoutMs ?? 5000;
  }

  async close(): Promise<void> {
    await this.client.close();
  }

  private async coordinator(groupId: string): Promise<CoordinatorNode> {
    const cached = this.coordinators.get(groupId);
    if (cached !== undefined) return cached;
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const conn = await this.client.anyConnection();
      const v = conn.version(FindCoordinatorApi);
      const res = await conn.send(FindCoordinatorApi, { key: groupId, keyType: 0, coordinatorKeys: [groupId] });
      const c = v >= 4 ? res.coordinators[0] : { nodeId: res.nodeId, host: res.host, port: res.port, errorCode: res.errorCode, errorMessage: res.errorMessage };
      const code = c?.errorCode ?? ErrorCode.COORDINATOR_NOT_AVAILABLE;
      if (c !== undefined && code === ErrorCode.NONE) {
        const node = { id: c.nodeId, host: c.host, port: c.port };
        this.coordinators.set(groupId, node);
        return node;
      }
      if (!RETRIABLE_COORDINATOR.has(code) || Date.now() >= deadline) throw new KafkaProtocolError(code, c?.errorMessage ?? null);
      await delay(this.client.retryBackoffMs);
    }
  }

  /** Runs `fn` against the group's coordinator, retrying while the coordinator moves or loads. */
  private async withCoordinator<T>(groupId: string, fn: (conn: BrokerConnection, coordinator: CoordinatorNode) => Promise<{ retry: number } | { value: T }>): Promise<T> {
    const deadline = Date.now() + this.timeoutMs;
    for (;;) {
      const node = await this.coordinator(groupId);
      const conn = await this.client.nodeConnection(node.id);
      const r = await fn(conn, node);
      if ('value' in r) return r.value;
      this.coordinators.delete(groupId);
      if (Date.now() >= deadline) throw new KafkaProtocolError(r.retry);
      await delay(this.client.retryBackoffMs);
    }
  }

  async listGroups(states: readonly string[] = [], types: readonly string[] = []): Promise<GroupListing[]> {
    const meta = await this.client.metadata([]);
    const out: GroupListing[] = [];
    const seen = new Set<string>();
    for (const b of meta.brokers) {
      const conn = await this.client.nodeConnection(b.nodeId);
      const v = conn.version(ListGroupsApi);
      const res = await conn.send(ListGroupsApi, { statesFilter: v >= 4 ? [...states] : [], typesFilter: v >= 5 ? [...types] : [] });
      if (res.errorCode !== ErrorCode.NONE) throw new KafkaProtocolError(res.errorCode);
      for (const g of res.groups) {
        if (g.protocolType !== CONSUMER_PROTOCOL && g.protocolType !== '') continue;
        if (seen.has(g.groupId)) continue;
        // Older brokers ignore the filters; apply them here too.
        if (states.length > 0 && v >= 4 && !states.some((s) => s.toLowerCase() === g.groupState.toLowerCase())) continue;
        seen.add(g.groupId);
        out.push({ groupId: g.groupId, protocolType: g.protocolType, state: v >= 4 ? g.groupState : '', type: v >= 5 ? g.groupType : '' });
      }
    }
    return out;
  }

  /**
   * Runs `fn` once per coordinator with all of that coordinator's groups (as Kafka's admin batches
   * them), asking again for the groups answered with a retriable coordinator error.
   */
  protected async withCoordinators<T>(
    groupIds: readonly string[],
    fn: (conn: BrokerConnection, coordinator: CoordinatorNode, ids: string[]) => Promise<Map<string, { retry: number } | { value: T }>>,
  ): Promise<Map<string, T>> {
    const out = new Map<string, T>();
    const deadline = Date.now() + this.timeoutMs;
    let pending = [...new Set(groupIds)];
    while (pending.length > 0) {
      const nodes = await Promise.all(pending.map((groupId) => this.coordinator(groupId)));
      const byNode = new Map<number, { node: CoordinatorNode; ids: string[] }>();
      pending.forEach((groupId, i) => {
        const node = nodes[i] as CoordinatorNode;
        const entry = byNode.get(node.id) ?? { node, ids: [] };
        entry.ids.push(groupId);
        byNode.set(node.id, entry);
      });
      const retry: Array<{ groupId: string; code: number }> = [];
      await Promise.all(
        [...byNode.values()].map(async ({ node, ids }) => {
          const results = await fn(await this.client.nodeConnection(node.id), node, ids);
          for (const [groupId, r] of results) {
            if ('value' in r) out.set(groupId, r.value);
            else retry.push({ groupId, code: r.retry });
          }
        }),
      );
      for (const { groupId } of retry) this.coordinators.delete(groupId);
      const first = retry[0];
      if (first === undefined) break;
      if (Date.now() >= deadline) throw new KafkaProtocolError(first.code);
      await delay(this.client.retryBackoffMs);
      pending = retry.map((r) => r.groupId);
    }
    return out;
  }

  async describeGroups(groupIds: readonly string[]): Promise<GroupDescription[]> {
    const described = await this.withCoordinators<GroupDescription>(groupIds, async (conn, coordinator, ids) => {
      const results = new Map<string, { retry: number } | { value: GroupDescription }>();
      // As Kafka 4's admin: ConsumerGroupDescribe first; a group it does not know (a classic group,
      // or none) is asked with DescribeGroups, which does not describe KIP-848 groups.
      let classic = ids;
      if (conn.supports(ConsumerGroupDescribeApi)) {
        const cres = await conn.send(ConsumerGroupDescribeApi, { groupIds: ids, includeAuthorizedOperations: false });
        const named = (a: { topicPartitions: Array<{ topicName: string; partitions: number[] }> }): TopicPartition[] =>
          a.topicPartitions.flatMap((t) => t.partitions.map((partition) => ({ topic: t.topicName, partition })));
        for (const cg of cres.groups) {
          if (!ids.includes(cg.groupId)) continue;
          if (RETRIABLE_COORDINATOR.has(cg.errorCode)) {
            results.set(cg.groupId, { retry: cg.errorCode });
          } else if (cg.errorCode === ErrorCode.NONE && cg.groupState !== 'Dead') {
            results.set(cg.groupId, {
              value: {
                groupId: cg.groupId,
                state: cg.groupState,
                protocolType: CONSUMER_PROTOCOL,
                assignor: cg.assignorName,
                coordinator,
                groupEpoch: cg.groupEpoch,
                targetAssignmentEpoch: cg.assignmentEpoch,
                members: cg.members.map((m) => ({
                  memberId: m.memberId,
                  groupInstanceId: m.instanceId,
                  clientId: m.clientId,
                  host: m.clientHost,
                  assignment: named(m.assignment),
                  memberEpoch: m.memberEpoch,
                  targetAssignment: named(m.targetAssignment),
                })),
              },
            });
          } else if (cg.errorCode !== ErrorCode.NONE && cg.errorCode !== ErrorCode.GROUP_ID_NOT_FOUND && cg.errorCode !== ErrorCode.UNSUPPORTED_VERSION) {
            // Kafka 3.x advertises ConsumerGroupDescribe but answers UNSUPPORTED_VERSION while its new
            // coordinator is off: Kafka's admin then asks DescribeGroups, and so do we.
            throw new KafkaProtocolError(cg.errorCode, `ConsumerGroupDescribe '${cg.groupId}'`);
          }
        }
        classic = ids.filter((id) => !results.has(id));
      }
      if (classic.length === 0) return results;
      const res = await conn.send(DescribeGroupsApi, { groups: classic, includeAuthorizedOperations: false });
      for (const groupId of classic) {
        const g = res.groups.find((x) => x.groupId === groupId);
        if (g === undefined) throw new KafkaProtocolError(ErrorCode.UNKNOWN_SERVER_ERROR, `no description of group '${groupId}'`);
        if (RETRIABLE_COORDINATOR.has(g.errorCode)) {
          results.set(groupId, { retry: g.errorCode });
          continue;
        }
        if (g.errorCode === ErrorCode.GROUP_ID_NOT_FOUND || (g.errorCode === ErrorCode.NONE && g.groupState === 'Dead')) {
          results.set(groupId, { value: { groupId, state: 'Dead', protocolType: '', assignor: '', members: [], coordinator, ...groupNotFound(conn, groupId) } });
          continue;
        }
        if (g.errorCode !== ErrorCode.NONE) throw new KafkaProtocolError(g.errorCode, `DescribeGroups '${groupId}'`);
        const consumer = g.protocolType === CONSUMER_PROTOCOL || g.protocolType === '';
        results.set(groupId, {
          value: {
            groupId,
            state: g.groupState,
            protocolType: g.protocolType,
            assignor: g.protocolData,
            coordinator,
            members: g.members.map((m) => ({
              memberId: m.memberId,
              groupInstanceId: m.groupInstanceId,
              clientId: m.clientId,
              host: m.clientHost,
              assignment: consumer ? decodeConsumerAssignment(m.memberAssignment) : [],
            })),
          },
        });
      }
      return results;
    });
    return groupIds.map((groupId) => {
      const d = described.get(groupId);
      if (d === undefined) throw new KafkaProtocolError(ErrorCode.UNKNOWN_SERVER_ERROR, `no description of group '${groupId}'`);
      return d;
    });
  }

  async fetchOffsets(groupId: string): Promise<Map<string, CommittedOffset & TopicPartition>> {
    return this.withCoordinator(groupId, async (conn) => {
      const v = conn.version(OffsetFetchApi);
      const res = await conn.send(OffsetFetchApi, {
        groupId,
        topics: v >= 2 ? null : [],
        groups: [{ groupId, memberId: null, memberEpoch: -1, topics: null }],
        requireStable: false,
      });
      const group = v >= 8 ? res.groups[0] : { errorCode: res.errorCode, topics: res.topics };
      const code = group?.errorCode ?? ErrorCode.NONE;
      if (RETRIABLE_COORDINATOR.has(code)) return { retry: code };
      if (code === ErrorCode.GROUP_ID_NOT_FOUND) return { value: new Map<string, CommittedOffset & TopicPartition>() };
      if (code !== ErrorCode.NONE) throw new KafkaProtocolError(code, `OffsetFetch '${groupId}'`);
      const out = new Map<string, CommittedOffset & TopicPartition>();
      for (const t of group?.topics ?? []) {
        for (const p of t.partitions) {
          if (p.errorCode !== ErrorCode.NONE || p.committedOffset < 0n) continue;
          out.set(tpKey(t.name, p.partitionIndex), { topic: t.name, partition: p.partitionIndex, offset: p.committedOffset, leaderEpoch: p.committedLeaderEpoch });
        }
      }
      return { value: out };
    });
  }

  async commitOffsets(groupId: string, offsets: ReadonlyArray<TopicPartition & { offset: bigint }>): Promise<PartitionResult[]> {
    const byTopic = new Map<string, Array<{ partitionIndex: number; committedOffset: bigint; committedLeaderEpoch: number; commitTimestamp: bigint; committedMetadata: string }>>();
    for (const o of offsets) {
      const list = byTopic.get(o.topic) ?? [];
      list.push({ partitionIndex: o.partition, committedOffset: o.offset, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: '' });
      byTopic.set(o.topic, list);
    }
    return this.withCoordinator(groupId, async (conn) => {
      const res = await conn.send(OffsetCommitApi, {
        groupId,
        generationIdOrMemberEpoch: -1,
        memberId: '',
        groupInstanceId: null,
        retentionTimeMs: -1n,
        topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })),
      });
      const results: PartitionResult[] = [];
      for (const t of res.topics) for (const p of t.partitions) results.push({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode });
      const retry = results.find((r) => RETRIABLE_COORDINATOR.has(r.errorCode));
      return retry === undefined ? { value: results } : { retry: retry.errorCode };
    });
  }

  async deleteGroups(groupIds: readonly string[]): Promise<Array<{ groupId: string; errorCode: number }>> {
    return Promise.all(
      groupIds.map((groupId) =>
        this.withCoordinator(groupId, async (conn) => {
          const res = await conn.send(DeleteGroupsApi, { groupsNames: [groupId] });
          const code = res.results.find((r) => r.groupId === groupId)?.errorCode ?? ErrorCode.UNKNOWN_SERVER_ERROR;
          return RETRIABLE_COORDINATOR.has(code) ? { retry: code } : { value: { groupId, errorCode: code } };
        }),
      ),
    );
  }

  async deleteOffsets(groupId: string, partitions: readonly TopicPartition[]): Promise<{ errorCode: number; partitions: PartitionResult[] }> {
    const byTopic = new Map<string, Array<{ partitionIndex: number }>>();
    for (const p of partitions) {
      const list = byTopic.get(p.topic) ?? [];
      list.push({ partitionIndex: p.partition });
      byTopic.set(p.topic, list);
    }
    return this.withCoordinator(groupId, async (conn) => {
      const res = await conn.send(OffsetDeleteApi, { groupId, topics: [...byTopic].map(([name, ps]) => ({ name, partitions: ps })) });
      if (RETRIABLE_COORDINATOR.has(res.errorCode)) return { retry: res.errorCode };
      const results: PartitionResult[] = [];
      for (const t of res.topics) for (const p of t.partitions) results.push({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode });
      return { value: { errorCode: res.errorCode, partitions: results } };
    });
  }

  async topicPartitions(topics: readonly string[]): Promise<Map<string, PartitionLeader[]>> {
    const out = new Map<string, PartitionLeader[]>();
    if (topics.length === 0) return out;
    const res = await this.client.metadata([...new Set(topics)]);
    for (const t of res.topics) {
      if (t.name === null || t.errorCode !== ErrorCode.NONE) continue;
      out.set(
        t.name,
        t.partitions.map((p) => ({ partition: p.partitionIndex, leader: p.leaderId })).sort((a, b) => a.partition - b.partition),
      );
    }
    return out;
  }

  async listOffsets(partitions: readonly TopicPartition[], spec: OffsetSpec): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    if (partitions.length === 0) return out;
    const timestamp = spec === 'earliest' ? EARLIEST_TIMESTAMP : spec === 'latest' ? LATEST_TIMESTAMP : spec.timestamp;
    const answers = await this.client.listOffsets(partitions.map((p) => ({ topic: p.topic, partition: p.partition, timestamp })));
    for (const [key, a] of answers) out.set(key, a.offset);
    return out;
  }

  async topicNames(): Promise<string[]> {
    const res = await this.client.metadata(null);
    return res.topics.flatMap((t) => (t.name === null || t.errorCode !== ErrorCode.NONE ? [] : [t.name])).sort();
  }
}
