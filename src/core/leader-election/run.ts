// kafka-leader-election.sh: one ElectLeaders request; each partition either elected, already led by
// a valid replica (ELECTION_NOT_NEEDED) or failed, printed as LeaderElectionCommand.electLeaders does.
import type { NativeClient } from '../../client/native/client.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { topicPartitionOrder } from '../consumer-groups/java-order.js';
import { AdminToolError, ELECT_LEADERS, javaExceptionString } from '../reassign-partitions/wire.js';
import type { ElectionType, TopicPartition } from './options.js';

export interface ElectionResult {
  electionType: ElectionType;
  succeeded: TopicPartition[];
  noop: TopicPartition[];
  failed: Array<TopicPartition & { error: string }>;
}

export async function electLeaders(client: NativeClient, electionType: ElectionType, partitions: readonly TopicPartition[] | null): Promise<ElectionResult> {
  const conn = await client.anyConnection();
  let topicPartitions: Array<{ topic: string; partitions: number[] }> | null = null;
  if (partitions !== null) {
    const byTopic = new Map<string, number[]>();
    for (const p of partitions) byTopic.set(p.topic, [...(byTopic.get(p.topic) ?? []), p.partition]);
    topicPartitions = [...byTopic].map(([topic, ps]) => ({ topic, partitions: ps }));
  }
  const res = await conn.send(ELECT_LEADERS, { electionType: electionType === 'PREFERRED' ? 0 : 1, topicPartitions, timeoutMs: 30000 });
  if (res.errorCode === ErrorCode.CLUSTER_AUTHORIZATION_FAILED) throw new AdminToolError('Not authorized to perform leader election', true);
  if (res.errorCode !== 0) throw new AdminToolError(`java.util.concurrent.ExecutionException: ${javaExceptionString(res.errorCode, null)}`);
  const result: ElectionResult = { electionType, succeeded: [], noop: [], failed: [] };
  for (const t of res.replicaElectionResults) {
    for (const p of t.partitionResult) {
      const tp = { topic: t.topic, partition: p.partitionId };
      if (p.errorCode === ErrorCode.NONE) result.succeeded.push(tp);
      else if (p.errorCode === ErrorCode.ELECTION_NOT_NEEDED) result.noop.push(tp);
      else result.failed.push({ ...tp, error: javaExceptionString(p.errorCode, p.errorMessage) });
    }
  }
  // Kafka collects each kind in a HashSet / HashMap and prints in their iteration order.
  result.succeeded = topicPartitionOrder(result.succeeded);
  result.noop = topicPartitionOrder(result.noop);
  result.failed = topicPartitionOrder(result.failed);
  return result;
}
