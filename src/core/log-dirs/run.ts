// kafka-log-dirs --describe (LogDirsCommand.execute) over our native client: the brokers asked
// are checked against the cluster's, each is sent DescribeLogDirs for all topics, and the answer
// is filtered by --topic-list. Kafka builds its JSON from java.util.HashMaps, so every list comes
// in HashMap iteration order (brokers and partitions by their hash, log dirs by path).
import { DescribeLogDirsApi } from '../../client/native/apis/describe-log-dirs.js';
import type { NativeClient } from '../../client/native/client.js';
import { KafkaProtocolError } from '../../protocol/error-codes.js';
import { javaHashMapOrder, topicPartitionOrder } from '../consumer-groups/java-order.js';
import { javaStringHash } from '../topics/java.js';
import { javaException, javaExceptionClassName } from '../get-offsets/java-errors.js';
import type { LogDirsPlan } from './options.js';

/** A failure kafka-log-dirs prints as its message alone on stderr (exit 1). */
export class LogDirsError extends Error {
  override readonly name = 'LogDirsError';
}

export interface ReplicaJson {
  partition: string;
  size: number;
  offsetLag: number;
  isFuture: boolean;
}

export interface LogDirJson {
  logDir: string;
  error: string | null;
  partitions: ReplicaJson[];
  /** v4+: the file system's total and usable bytes (-1 when the broker does not say); -o json only. */
  totalBytes: number;
  usableBytes: number;
}

export interface BrokerLogDirs {
  broker: number;
  logDirs: LogDirJson[];
}

export interface LogDirsResult {
  /** The brokers queried, in Kafka's print order. */
  queried: number[];
  brokers: BrokerLogDirs[];
}

/** Integer keys of a HashMap/HashSet: Integer.hashCode is the value itself. */
const intOrder = (ids: readonly number[]): number[] => javaHashMapOrder(ids, (x) => x);

export async function clusterBrokers(client: NativeClient): Promise<number[]> {
  const md = await client.metadata([]);
  return md.brokers.map((b) => b.nodeId);
}

/** Checks --broker-list against the cluster: Kafka's TerseException message when some do not exist. */
export function brokersToQuery(plan: LogDirsPlan, cluster: readonly number[]): number[] {
  const inCluster = new Set(cluster);
  const missing = plan.brokers.filter((b) => !inCluster.has(b));
  if (missing.length > 0) {
    throw new LogDirsError(
      `ERROR: The given brokers do not exist from --broker-list: ${intOrder(missing).join(',')}. Current existent brokers: ${intOrder([...inCluster]).join(',')}`,
    );
  }
  return intOrder(plan.brokers.length === 0 ? [...inCluster] : plan.brokers);
}

async function describeBroker(client: NativeClient, broker: number, topics: ReadonlySet<string>): Promise<BrokerLogDirs> {
  const conn = await client.nodeConnection(broker);
  const res = await conn.send(DescribeLogDirsApi, { topics: null });
  if (res.errorCode !== 0) throw new LogDirsError(javaException(res.errorCode));
  const dirs = res.results.map((d) => {
    const replicas = d.topics
      .filter((t) => topics.size === 0 || topics.has(t.name))
      .flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partitionIndex, size: Number(p.partitionSize), offsetLag: Number(p.offsetLag), isFuture: p.isFutureKey })));
    return {
      logDir: d.logDir,
      error: d.errorCode === 0 ? null : javaExceptionClassName(d.errorCode),
      partitions: topicPartitionOrder(replicas).map((r) => ({ partition: `${r.topic}-${r.partition}`, size: r.size, offsetLag: r.offsetLag, isFuture: r.isFuture })),
      totalBytes: Number(d.totalBytes),
      usableBytes: Number(d.usableBytes),
    };
  });
  return { broker, logDirs: javaHashMapOrder(dirs, (d) => javaStringHash(d.logDir)) };
}

/** Describes the log dirs of `queried` (from brokersToQuery). */
export async function describeLogDirs(client: NativeClient, plan: LogDirsPlan, queried: readonly number[]): Promise<LogDirsResult> {
  try {
    const brokers = await Promise.all(queried.map((b) => describeBroker(client, b, plan.topics)));
    return { queried: [...queried], brokers };
  } catch (err) {
    if (err instanceof KafkaProtocolError) throw new LogDirsError(javaException(err.code));
    throw err;
  }
}
