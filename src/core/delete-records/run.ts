// kafka-delete-records (DeleteRecordsCommand.execute) over our native client: each partition's
// DeleteRecords goes to its leader. Kafka prints the partitions in the iteration order of an
// immutable map (Collectors.toUnmodifiableMap), which is salted per JVM and so differs from run to
// run; tkafka prints them sorted by topic, then partition.
import { clientApi } from '../../client/native/apis.js';
import type { NativeClient } from '../../client/native/client.js';
import { isStaleMetadataError } from '../../client/native/client.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { DeleteRecordsApi as DeleteRecordsSpec } from '../../protocol/generated/apis/delete-records.js';
import { javaException } from '../get-offsets/java-errors.js';
import type { RecordsToDelete } from './options.js';

export const DeleteRecordsApi = clientApi(DeleteRecordsSpec, 0, 2);

export type DeleteRecordsOutcome = { topic: string; partition: number; lowWatermark: number } | { topic: string; partition: number; error: string };

const key = (t: { topic: string; partition: number }): string => `${t.partition}\0${t.topic}`;

/** Sends the deletions to the partitions' leaders; one outcome per partition, sorted by topic and partition. */
export async function runDeleteRecords(client: NativeClient, records: readonly RecordsToDelete[]): Promise<DeleteRecordsOutcome[]> {
  const outcomes = new Map<string, DeleteRecordsOutcome>();
  let todo = [...records];
  for (let attempt = 0; todo.length > 0; attempt++) {
    const topics = [...new Set(todo.map((r) => r.topic))];
    await client.metadata(topics);
    const byLeader = new Map<number, RecordsToDelete[]>();
    for (const r of todo) {
      const info = client.cachedTopic(r.topic);
      if (info === undefined || !info.partitions.some((p) => p.partition === r.partition)) {
        // Kafka's admin client retries an unknown partition until its timeout; we answer at once.
        outcomes.set(key(r), { topic: r.topic, partition: r.partition, error: javaException(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION) });
        continue;
      }
      const leader = client.leaderOf(r.topic, r.partition);
      byLeader.set(leader, [...(byLeader.get(leader) ?? []), r]);
    }
    const retry: RecordsToDelete[] = [];
    const last = attempt >= 3;
    for (const [leader, list] of byLeader) {
      if (leader < 0) {
        for (const r of list) {
          if (last) outcomes.set(key(r), { topic: r.topic, partition: r.partition, error: javaException(ErrorCode.LEADER_NOT_AVAILABLE) });
          else retry.push(r);
        }
        continue;
      }
      const conn = await client.nodeConnection(leader);
      const byTopic = new Map<string, RecordsToDelete[]>();
      for (const r of list) byTopic.set(r.topic, [...(byTopic.get(r.topic) ?? []), r]);
      const res = await conn.send(DeleteRecordsApi, {
        topics: [...byTopic].map(([name, rs]) => ({ name, partitions: rs.map((r) => ({ partitionIndex: r.partition, offset: r.offset })) })),
        timeoutMs: client.requestTimeoutMs,
      });
      const answers = new Map<string, { errorCode: number; lowWatermark: bigint }>();
      for (const t of res.topics) for (const p of t.partitions) answers.set(key({ topic: t.name, partition: p.partitionIndex }), p);
      for (const r of list) {
        const a = answers.get(key(r)) ?? { errorCode: ErrorCode.UNKNOWN_SERVER_ERROR, lowWatermark: -1n };
        if (a.errorCode === ErrorCode.NONE) outcomes.set(key(r), { topic: r.topic, partition: r.partition, lowWatermark: Number(a.lowWatermark) });
        else if (isStaleMetadataError(a.errorCode) && !last) retry.push(r);
        else outcomes.set(key(r), { topic: r.topic, partition: r.partition, error: javaException(a.errorCode) });
      }
    }
    todo = retry;
  }
  return records
    .map((r) => outcomes.get(key(r)))
    .filter((o): o is DeleteRecordsOutcome => o !== undefined)
    .sort((a, b) => (a.topic < b.topic ? -1 : a.topic > b.topic ? 1 : a.partition - b.partition));
}
