// One LagSnapshot of a cluster over our native client, as kafka_exporter collects it: brokers and
// topic partitions from Metadata, oldest and current (log end) offsets from ListOffsets, groups from
// ListGroups + DescribeGroups, committed offsets from OffsetFetch. Lag in seconds is the age of the
// record at the committed offset (its timestamp, read with a small Fetch and cached per offset).
import { FetchApi } from '../../client/native/apis/fetch.js';
import { EARLIEST_TIMESTAMP, LATEST_TIMESTAMP, type NativeClient, type OffsetAnswer } from '../../client/native/client.js';
import { ZERO_UUID } from '../../protocol/codec/uuid.js';
import { defaultFetchPartition, defaultFetchRequest } from '../../protocol/generated/messages/fetch-request.js';
import { BASE_OFFSET, LAST_OFFSET_DELTA } from '../../protocol/records/batch-header.js';
import { decodeRecordBatch, splitRecordBatches } from '../../protocol/records/batch.js';
import type { GroupOffsetSnapshot, GroupSnapshot, LagSnapshot, PartitionSnapshot, TopicSnapshot } from '../../shared/metrics/lag-metrics.js';
import { lagOf } from '../../shared/metrics/lag-metrics.js';
import type { GroupAdmin } from '../consumer-groups/admin.js';
import type { CommittedOffset, TopicPartition } from '../consumer-groups/types.js';
import { keeps, type LagFilters } from './options.js';

const byName = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Runs `fn` over `items` with at most `limit` in flight; results in input order. */
async function mapLimit<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i] as T);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}

interface Wanted {
  topic: string;
  partition: number;
  offset: bigint;
}

const tsKey = (w: Wanted): string => `${w.topic}:${w.partition}:${w.offset}`;

// A fetch answer per partition big enough for several typical batches; a partition whose first batch is
// bigger comes back cut and is asked again alone, where the broker returns the first batch whole (KIP-74).
const PARTITION_MAX_BYTES = 64 * 1024;
const RESPONSE_MAX_BYTES = 4 * 1024 * 1024;

interface PendingPartition {
  topic: string;
  partition: number;
  /** Offsets still without a timestamp, ascending. */
  offsets: bigint[];
  /** The last round read nothing whole for it: ask alone, where the first batch comes back whatever its size. */
  alone: boolean;
}

/**
 * Timestamps (ms) of the records at the given offsets. A partition appears once per Fetch, at its
 * smallest offset still wanted: the batches that come back usually cover its other offsets too, and
 * the next round starts from the first one they did not reach. One Fetch per leader per round; an
 * offset with no record at or after it (an empty or compacted-away tail) is left out.
 */
async function recordTimestamps(client: NativeClient, wanted: readonly Wanted[]): Promise<Map<string, number>> {
  const out = new Map<string, number>();
  const pending = new Map<string, PendingPartition>();
  for (const w of wanted) {
    const k = `${w.topic}:${w.partition}`;
    const p = pending.get(k) ?? { topic: w.topic, partition: w.partition, offsets: [], alone: false };
    p.offsets.push(w.offset);
    pending.set(k, p);
  }
  for (const p of pending.values()) p.offsets.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));

  const fetchRound = async (leader: number, parts: readonly PendingPartition[], partitionMaxBytes: number): Promise<void> => {
    const conn = await client.nodeConnection(leader);
    const byTopic = new Map<string, PendingPartition[]>();
    for (const p of parts) {
      const l = byTopic.get(p.topic);
      if (l === undefined) byTopic.set(p.topic, [p]);
      else l.push(p);
    }
    const res = await conn.send(FetchApi, {
      ...defaultFetchRequest(),
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: RESPONSE_MAX_BYTES,
      isolationLevel: 0,
      topics: [...byTopic].map(([topic, ps]) => ({
        topic,
        topicId: ZERO_UUID,
        partitions: ps.map((p) => ({ ...defaultFetchPartition(), partition: p.partition, fetchOffset: p.offsets[0] as bigint, partitionMaxBytes })),
      })),
    });
    for (const t of res.responses) {
      for (const r of t.partitions) {
        const p = byTopic.get(t.topic)?.find((x) => x.partition === r.partitionIndex);
        if (p === undefined) continue;
        const before = p.offsets.length;
        if (r.errorCode === 0) {
          for (const raw of splitRecordBatches(r.records ?? Buffer.alloc(0)).batches) {
            const lastOffset = raw.readBigInt64BE(BASE_OFFSET) + BigInt(raw.readInt32BE(LAST_OFFSET_DELTA));
            if (p.offsets.length === 0 || lastOffset < (p.offsets[0] as bigint)) continue;
            const batch = decodeRecordBatch(raw);
            // Every wanted offset up to this batch's last one is answered by its first record at or after it;
            // a control batch (transaction marker) has the marker's time, when that offset was written.
            while (p.offsets.length > 0 && (p.offsets[0] as bigint) <= lastOffset) {
              const o = p.offsets.shift() as bigint;
              const record = batch.records.find((x) => x.offset >= o);
              out.set(`${p.topic}:${p.partition}:${o}`, Number(record?.timestamp ?? batch.maxTimestamp));
            }
          }
          // Offsets at or past the high watermark have no record.
          while (p.offsets.length > 0 && (p.offsets[p.offsets.length - 1] as bigint) >= r.highWatermark) p.offsets.pop();
        } else {
          p.offsets = [];
        }
        if (p.offsets.length === before) {
          // Nothing whole came back: cut by the size limits. Alone it comes back whole; if not even then, give up on it.
          if (p.alone) p.offsets = [];
          p.alone = true;
        } else {
          p.alone = false;
        }
      }
    }
  };

  for (let round = 0; round < 10_000; round++) {
    const left = [...pending.values()].filter((p) => p.offsets.length > 0);
    if (left.length === 0) break;
    const byLeader = new Map<number, PendingPartition[]>();
    for (const p of left) {
      const leader = client.leaderOf(p.topic, p.partition);
      if (leader < 0) {
        p.offsets = [];
        continue;
      }
      const l = byLeader.get(leader);
      if (l === undefined) byLeader.set(leader, [p]);
      else l.push(p);
    }
    await Promise.all(
      [...byLeader].map(async ([leader, ps]) => {
        const together = ps.filter((p) => !p.alone);
        if (together.length > 0) await fetchRound(leader, together, PARTITION_MAX_BYTES);
        for (const p of ps.filter((x) => x.alone)) await fetchRound(leader, [p], 1);
      }),
    );
  }
  return out;
}

const messageOf = (err: unknown): string => (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');

type Tp = { topic: string; partition: number };

/**
 * Earliest and latest offsets of the partitions. ListOffsets answers all or fails; when it fails the
 * topics are asked one by one, and a topic that still fails (being deleted, not authorized) is left
 * out with a warning instead of failing the collection.
 */
async function listBoth(client: NativeClient, parts: readonly Tp[], warnings: string[]): Promise<[Map<string, OffsetAnswer>, Map<string, OffsetAnswer>]> {
  const both = (ps: readonly Tp[]): Promise<[Map<string, OffsetAnswer>, Map<string, OffsetAnswer>]> =>
    Promise.all([client.listOffsets(ps.map((p) => ({ ...p, timestamp: EARLIEST_TIMESTAMP }))), client.listOffsets(ps.map((p) => ({ ...p, timestamp: LATEST_TIMESTAMP })))]);
  try {
    return await both(parts);
  } catch (err) {
    if (isConnectionError(err)) throw err;
    const oldest = new Map<string, OffsetAnswer>();
    const latest = new Map<string, OffsetAnswer>();
    for (const topic of [...new Set(parts.map((p) => p.topic))]) {
      try {
        const [o, l] = await both(parts.filter((p) => p.topic === topic));
        for (const [k, v] of o) oldest.set(k, v);
        for (const [k, v] of l) latest.set(k, v);
      } catch (e) {
        if (isConnectionError(e)) throw e;
        warnings.push(`Cannot read the offsets of topic ${topic}: ${messageOf(e)}`);
      }
    }
    return [oldest, latest];
  }
}

/** The cluster went away (as opposed to one topic or group failing): the whole collection fails. */
function isConnectionError(err: unknown): boolean {
  for (let e: unknown = err; e instanceof Error; e = e.cause) if (e.name === 'NativeConnectionError') return true;
  return false;
}

export interface CollectDeps {
  client: NativeClient;
  admin: GroupAdmin;
  filters: LagFilters;
  now: () => number;
}

/**
 * Collects lag snapshots; keeps the record timestamps it read (per partition and offset) for the next
 * collection, so a group whose committed offset did not move costs no Fetch.
 */
export class LagCollector {
  private timestamps = new Map<string, number>();
  /** What the last collection left out and why (a topic's offsets, a group's commits), for the log. */
  warnings: readonly string[] = [];

  async collect(deps: CollectDeps): Promise<LagSnapshot> {
    const { client, admin, filters } = deps;
    const meta = await client.metadata(null);
    const brokerInfo = meta.brokers.map((b) => ({ id: b.nodeId, address: `${b.host}:${b.port}` })).sort((a, b) => a.id - b.id);
    const topicsMeta = meta.topics
      .filter((t): t is typeof t & { name: string } => t.name !== null && t.errorCode === 0 && keeps(filters.topics, t.name))
      .sort((a, b) => byName(a.name, b.name));

    // Committed offsets before log ends: the log end only grows, so a lag read this way is never negative.
    const warnings: string[] = [];
    // Groups that cannot be listed or described (a broker without ListGroups, as librdkafka's mock
    // cluster; an authorizer that refuses) leave the groups out and keep the topic offsets, as
    // kafka_exporter logs "Cannot get consumer group" and goes on. A lost connection still fails.
    let groupIds: string[] = [];
    let descriptions: Awaited<ReturnType<GroupAdmin['describeGroups']>> = [];
    try {
      groupIds = (await admin.listGroups()).map((g) => g.groupId).filter((id) => keeps(filters.groups, id)).sort(byName);
      if (groupIds.length > 0) descriptions = await admin.describeGroups(groupIds);
    } catch (err) {
      if (isConnectionError(err)) throw err;
      warnings.push(`Cannot read the consumer groups: ${messageOf(err)}`);
      groupIds = [];
      descriptions = [];
    }
    // One group's failure (e.g. not authorized to its topics) leaves only its offsets out, as kafka_exporter does.
    const committed = await mapLimit(groupIds, 8, async (id) => {
      try {
        return await admin.fetchOffsets(id);
      } catch (err) {
        warnings.push(`Cannot read the committed offsets of group ${id}: ${messageOf(err)}`);
        return new Map<string, CommittedOffset & TopicPartition>();
      }
    });

    const withLeader = topicsMeta.flatMap((t) => t.partitions.filter((p) => p.leaderId >= 0).map((p) => ({ topic: t.name, partition: p.partitionIndex })));
    const [oldest, latest] = await listBoth(client, withLeader, warnings);

    const topics: TopicSnapshot[] = [];
    for (const t of topicsMeta) {
      const partitions: PartitionSnapshot[] = [];
      for (const p of [...t.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex)) {
        const k = `${t.name}:${p.partitionIndex}`;
        const o = oldest.get(k);
        const l = latest.get(k);
        // A partition without a leader has no offsets to show.
        if (o === undefined || l === undefined) continue;
        partitions.push({ partition: p.partitionIndex, oldestOffset: Number(o.offset), currentOffset: Number(l.offset), leader: p.leaderId, replicas: [...p.replicaNodes], isr: [...p.isrNodes] });
      }
      topics.push({ topic: t.name, partitions });
    }
    const logEnd = new Map<string, number>();
    for (const t of topics) for (const p of t.partitions) logEnd.set(`${t.topic}:${p.partition}`, p.currentOffset);

    // kafka_exporter (offset.show-all) asks every selected topic's partitions: a consumed topic shows its
    // partitions without a commit as -1.
    const groupRows = committed.map((commits) => {
      const consumed = new Set([...commits.values()].map((c) => c.topic));
      const rows: Array<{ topic: string; partition: number; committed: number; lag: number | null }> = [];
      for (const t of topicsMeta) {
        if (!consumed.has(t.name)) continue;
        for (const p of [...t.partitions].sort((a, b) => a.partitionIndex - b.partitionIndex)) {
          const c = commits.get(`${t.name}:${p.partitionIndex}`);
          const committedOffset = c === undefined ? -1 : Number(c.offset);
          const end = logEnd.get(`${t.name}:${p.partitionIndex}`);
          rows.push({ topic: t.name, partition: p.partitionIndex, committed: committedOffset, lag: end === undefined ? null : lagOf(end, committedOffset) });
        }
      }
      return rows;
    });

    const wanted = new Map<string, Wanted>();
    for (const rows of groupRows) {
      for (const r of rows) {
        if (r.lag === null || r.lag <= 0 || r.committed < 0) continue;
        const w = { topic: r.topic, partition: r.partition, offset: BigInt(r.committed) };
        wanted.set(tsKey(w), w);
      }
    }
    const missing = [...wanted.values()].filter((w) => !this.timestamps.has(tsKey(w)));
    const fetched = missing.length === 0 ? new Map<string, number>() : await recordTimestamps(client, missing);
    const timestamps = new Map<string, number>();
    for (const [k] of wanted) {
      const ts = this.timestamps.get(k) ?? fetched.get(k);
      if (ts !== undefined) timestamps.set(k, ts);
    }
    this.timestamps = timestamps;

    const now = deps.now();
    const groups: GroupSnapshot[] = groupIds.map((group, i) => {
      const offsets: GroupOffsetSnapshot[] = (groupRows[i] ?? []).map((r) => {
        let lagSeconds: number | null = null;
        if (r.lag !== null && r.committed >= 0) {
          if (r.lag <= 0) lagSeconds = 0;
          else {
            const ts = timestamps.get(tsKey({ topic: r.topic, partition: r.partition, offset: BigInt(r.committed) }));
            if (ts !== undefined && ts >= 0) lagSeconds = Math.max(0, now - ts) / 1000;
          }
        }
        return { topic: r.topic, partition: r.partition, committedOffset: r.committed, lag: r.lag, lagSeconds };
      });
      return { group, members: descriptions[i]?.members.length ?? 0, offsets };
    });

    this.warnings = warnings;
    return { brokers: brokerInfo.length, brokerInfo, topics, groups };
  }
}
