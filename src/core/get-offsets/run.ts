// kafka-get-offsets (GetOffsetShell.fetchOffsets) over our native client: list the topics
// (Metadata, internal ones unless excluded), keep the partitions the filter allows, ask each
// partition's leader for the offset of the spec (ListOffsets), drop partitions without one
// (offset -1) and sort by Kafka's TopicPartition.toString (`topic-partition`).
import { ListOffsetsApi } from '../../client/native/apis/list-offsets.js';
import type { NativeClient } from '../../client/native/client.js';
import { isStaleMetadataError } from '../../client/native/client.js';
import type { BrokerConnection } from '../../client/native/connection.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { javaException } from './java-errors.js';
import { GetOffsetsError, type GetOffsetsPlan } from './options.js';

export interface PartitionOffset {
  topic: string;
  partition: number;
  offset: number;
}

export interface SkippedPartition {
  topic: string;
  partition: number;
  /** Kafka's text: the Java exception as `class: message`. */
  error: string;
}

export interface GetOffsetsResult {
  offsets: PartitionOffset[];
  skipped: SkippedPartition[];
}

interface Tp {
  topic: string;
  partition: number;
}

const key = (tp: Tp): string => `${tp.topic}-${tp.partition}`;

/** The partitions the plan selects, in metadata order; throws Kafka's error when there are none. */
async function selectPartitions(client: NativeClient, plan: GetOffsetsPlan): Promise<Tp[]> {
  const md = await client.metadata(null);
  const out: Tp[] = [];
  for (const t of md.topics) {
    if (t.name === null || t.errorCode !== 0) continue;
    if (t.isInternal && plan.excludeInternal) continue;
    const name = t.name;
    if (!plan.rules.some((r) => r.topic(name))) continue;
    for (const p of t.partitions) {
      const partition = p.partitionIndex;
      if (plan.rules.some((r) => r.topic(name) && r.partition(partition))) out.push({ topic: name, partition });
    }
  }
  if (out.length === 0) throw new GetOffsetsError('Could not match any topic-partitions with the specified filters');
  return out;
}

interface Answer {
  tp: Tp;
  errorCode: number;
  offset: bigint;
  message?: string;
}

async function askLeader(conn: BrokerConnection, tps: readonly Tp[], plan: GetOffsetsPlan, timeoutMs: number): Promise<Answer[]> {
  const brokerMax = conn.supportedVersion(ListOffsetsApi.apiKey) ?? -1;
  const version = Math.min(brokerMax, ListOffsetsApi.max);
  if (version < Math.max(plan.spec.minVersion, ListOffsetsApi.min)) {
    // Kafka's admin client fails each partition when no version both sides speak carries the spec.
    const why =
      plan.spec.minVersion > ListOffsetsApi.max
        ? `${plan.spec.name} needs ListOffsets v${plan.spec.minVersion}; tkafka speaks up to v${ListOffsetsApi.max}.`
        : `The broker at ${conn.address} supports ListOffsets up to v${brokerMax}; ${plan.spec.name} needs v${plan.spec.minVersion}.`;
    return tps.map((tp) => ({ tp, errorCode: ErrorCode.UNSUPPORTED_VERSION, offset: -1n, message: `org.apache.kafka.common.errors.UnsupportedVersionException: ${why}` }));
  }
  const byTopic = new Map<string, number[]>();
  for (const tp of tps) byTopic.set(tp.topic, [...(byTopic.get(tp.topic) ?? []), tp.partition]);
  const res = await conn.send(
    ListOffsetsApi,
    {
      replicaId: -1,
      isolationLevel: 0,
      topics: [...byTopic].map(([name, parts]) => ({ name, partitions: parts.map((p) => ({ partitionIndex: p, currentLeaderEpoch: -1, timestamp: plan.spec.timestamp, maxNumOffsets: 1 })) })),
      timeoutMs,
    },
    { version },
  );
  const answers = new Map<string, Answer>();
  for (const t of res.topics) for (const p of t.partitions) answers.set(`${t.name}-${p.partitionIndex}`, { tp: { topic: t.name, partition: p.partitionIndex }, errorCode: p.errorCode, offset: p.offset });
  return tps.map((tp) => answers.get(key(tp)) ?? { tp, errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, offset: -1n });
}

/** GetOffsetShell.fetchOffsets. */
export async function runGetOffsets(client: NativeClient, plan: GetOffsetsPlan): Promise<GetOffsetsResult> {
  let todo = await selectPartitions(client, plan);
  const offsets: PartitionOffset[] = [];
  const skipped: SkippedPartition[] = [];
  // As Kafka's admin client, a partition whose leader moved is asked again after fresh metadata.
  for (let attempt = 0; todo.length > 0; attempt++) {
    if (attempt > 0) await client.metadata([...new Set(todo.map((t) => t.topic))]);
    const byLeader = new Map<number, Tp[]>();
    for (const tp of todo) {
      const leader = client.leaderOf(tp.topic, tp.partition);
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), tp]);
    }
    const retry: Tp[] = [];
    const lastAttempt = attempt >= 3;
    for (const [leader, tps] of byLeader) {
      const answers: Answer[] =
        leader < 0 ? tps.map((tp) => ({ tp, errorCode: ErrorCode.LEADER_NOT_AVAILABLE, offset: -1n })) : await askLeader(await client.nodeConnection(leader), tps, plan, client.requestTimeoutMs);
      for (const a of answers) {
        if (a.errorCode === ErrorCode.NONE) {
          if (a.offset !== -1n) offsets.push({ ...a.tp, offset: Number(a.offset) });
        } else if (isStaleMetadataError(a.errorCode) && a.errorCode !== ErrorCode.UNKNOWN_TOPIC_OR_PARTITION && !lastAttempt) {
          retry.push(a.tp);
        } else {
          skipped.push({ ...a.tp, error: a.message ?? javaException(a.errorCode) });
        }
      }
    }
    todo = retry;
  }
  offsets.sort((a, b) => compareJava(key(a), key(b)));
  skipped.sort((a, b) => compareJava(key(a), key(b)));
  return { offsets, skipped };
}

/** String.compareTo: UTF-16 code unit order, which is also JavaScript's `<` on strings. */
function compareJava(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
