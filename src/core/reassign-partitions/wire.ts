// The admin calls kafka-reassign-partitions, kafka-leader-election, kafka-streams-application-reset
// and kafka-groups make, over our native client, with their failures as the Java exceptions those
// tools print ("org.apache.kafka.common.errors.X: message").
import type { NativeClient } from '../../client/native/client.js';
import { clientApi } from '../../client/native/apis.js';
import { DescribeLogDirsApi } from '../../client/native/apis/describe-log-dirs.js';
import { IncrementalAlterConfigsApi } from '../../client/native/apis/incremental-alter-configs.js';
import { AlterPartitionReassignmentsApi } from '../../protocol/generated/apis/alter-partition-reassignments.js';
import { ElectLeadersApi } from '../../protocol/generated/apis/elect-leaders.js';
import { ListPartitionReassignmentsApi } from '../../protocol/generated/apis/list-partition-reassignments.js';
import { AdminToolError } from './admin-tool-error.js';
import { javaException, javaMessage } from '../get-offsets/java-errors.js';

export const ELECT_LEADERS = clientApi(ElectLeadersApi, 1, 2);
export const ALTER_REASSIGNMENTS = clientApi(AlterPartitionReassignmentsApi, 0, 0);
export const LIST_REASSIGNMENTS = clientApi(ListPartitionReassignmentsApi, 0, 0);

// Its own module, so `groups` can throw it without loading the reassignment codecs.
export { AdminToolError };

/** Throwable.toString(): `org.apache.kafka.common.errors.X: message`. */
export const javaExceptionString = javaException;

export interface PartitionReplicas {
  partition: number;
  leader: number;
  replicas: number[];
}

export interface TopicReplicas {
  name: string;
  errorCode: number;
  partitions: PartitionReplicas[];
}

/** Replica lists per topic (Metadata), partitions in index order; a missing topic has its error code. */
export async function describeTopics(client: NativeClient, topics: readonly string[]): Promise<Map<string, TopicReplicas>> {
  const res = await client.metadata([...new Set(topics)]);
  const out = new Map<string, TopicReplicas>();
  for (const t of res.topics) {
    if (t.name === null) continue;
    out.set(t.name, {
      name: t.name,
      errorCode: t.errorCode,
      partitions: t.partitions.map((p) => ({ partition: p.partitionIndex, leader: p.leaderId, replicas: [...p.replicaNodes] })).sort((a, b) => a.partition - b.partition),
    });
  }
  return out;
}

export interface BrokerNode {
  id: number;
  rack: string | null;
}

/** The cluster's brokers (describeCluster), in the order the broker lists them. */
export async function clusterBrokers(client: NativeClient): Promise<BrokerNode[]> {
  const res = await client.metadata([]);
  return res.brokers.map((b) => ({ id: b.nodeId, rack: b.rack }));
}

export interface OngoingReassignment {
  topic: string;
  partition: number;
  replicas: number[];
  addingReplicas: number[];
  removingReplicas: number[];
}

/** ListPartitionReassignments, all or the named partitions. */
export async function listReassignments(client: NativeClient, partitions?: ReadonlyArray<{ topic: string; partition: number }>): Promise<OngoingReassignment[]> {
  const conn = await client.anyConnection();
  let topics: Array<{ name: string; partitionIndexes: number[] }> | null = null;
  if (partitions !== undefined) {
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    topics = [...byTopic].map(([name, partitionIndexes]) => ({ name, partitionIndexes }));
  }
  const res = await conn.send(LIST_REASSIGNMENTS, { timeoutMs: 30000, topics });
  if (res.errorCode !== 0) throw new AdminToolError(javaExceptionString(res.errorCode, res.errorMessage));
  return res.topics.flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, replicas: p.replicas, addingReplicas: p.addingReplicas, removingReplicas: p.removingReplicas })));
}

export interface PartitionError {
  topic: string;
  partition: number;
  errorCode: number;
  message: string;
}

/** AlterPartitionReassignments; null replicas cancel. Returns the partitions that failed. */
export async function alterReassignments(client: NativeClient, moves: ReadonlyArray<{ topic: string; partition: number; replicas: number[] | null }>): Promise<PartitionError[]> {
  const byTopic = new Map<string, Array<{ partitionIndex: number; replicas: number[] | null }>>();
  for (const m of moves) byTopic.set(m.topic, [...(byTopic.get(m.topic) ?? []), { partitionIndex: m.partition, replicas: m.replicas }]);
  const conn = await client.anyConnection();
  const res = await conn.send(ALTER_REASSIGNMENTS, { timeoutMs: 30000, topics: [...byTopic].map(([name, partitions]) => ({ name, partitions })) });
  const errors: PartitionError[] = [];
  if (res.errorCode !== 0) {
    for (const m of moves) errors.push({ topic: m.topic, partition: m.partition, errorCode: res.errorCode, message: javaMessage(res.errorCode, res.errorMessage) });
    return errors;
  }
  for (const t of res.responses) {
    for (const p of t.partitions) {
      if (p.errorCode !== 0) errors.push({ topic: t.name, partition: p.partitionIndex, errorCode: p.errorCode, message: javaMessage(p.errorCode, p.errorMessage) });
    }
  }
  return errors;
}

export const CONFIG_TOPIC = 2;
export const CONFIG_BROKER = 4;
export const OP_SET = 0;
export const OP_DELETE = 1;

export interface ConfigChange {
  resourceType: number;
  resourceName: string;
  configs: Array<{ name: string; op: number; value: string | null }>;
}

/**
 * IncrementalAlterConfigs as Kafka's admin sends it: broker resources to that broker, the rest to
 * any node. The first failure is thrown (`all().get()`).
 */
export async function incrementalAlterConfigs(client: NativeClient, changes: readonly ConfigChange[]): Promise<void> {
  const groups = new Map<number, ConfigChange[]>();
  if (changes.some((c) => c.resourceType === CONFIG_BROKER)) await client.metadata([]);
  for (const c of changes) {
    const node = c.resourceType === CONFIG_BROKER ? Number(c.resourceName) : -1;
    groups.set(node, [...(groups.get(node) ?? []), c]);
  }
  for (const [node, list] of groups) {
    if (list.length === 0) continue;
    const conn = node >= 0 ? await client.nodeConnection(node) : await client.anyConnection();
    const res = await conn.send(IncrementalAlterConfigsApi, {
      validateOnly: false,
      resources: list.map((c) => ({ resourceType: c.resourceType, resourceName: c.resourceName, configs: c.configs.map((x) => ({ name: x.name, configOperation: x.op, value: x.value })) })),
    });
    const failed = res.responses.find((r) => r.errorCode !== 0);
    if (failed !== undefined) throw new AdminToolError(javaExceptionString(failed.errorCode, failed.errorMessage));
  }
}

export interface Replica {
  topic: string;
  partition: number;
  broker: number;
}

export const replicaKey = (r: Replica): string => `${r.topic}-${r.partition}-${r.broker}`;

/**
 * Admin.describeReplicaLogDirs: DescribeLogDirs to each replica's broker; the current (not future)
 * log dir of every replica found, keyed by replicaKey.
 */
export async function replicaLogDirs(client: NativeClient, replicas: readonly Replica[]): Promise<Map<string, string>> {
  const byBroker = new Map<number, Replica[]>();
  for (const r of replicas) byBroker.set(r.broker, [...(byBroker.get(r.broker) ?? []), r]);
  const out = new Map<string, string>();
  for (const [broker, list] of byBroker) {
    const byTopic = new Map<string, number[]>();
    for (const r of list) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r.partition]);
    const conn = await client.nodeConnection(broker);
    const res = await conn.send(DescribeLogDirsApi, { topics: [...byTopic].map(([topic, partitions]) => ({ topic, partitions })) });
    const wanted = new Set(list.map(replicaKey));
    for (const dir of res.results) {
      if (dir.errorCode !== 0) continue;
      for (const t of dir.topics) {
        for (const p of t.partitions) {
          const key = replicaKey({ topic: t.name, partition: p.partitionIndex, broker });
          if (!p.isFutureKey && wanted.has(key)) out.set(key, dir.logDir);
        }
      }
    }
  }
  return out;
}
