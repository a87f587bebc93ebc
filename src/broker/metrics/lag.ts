// Consumer lag from the broker itself: a plain-data LagSnapshot (shared/metrics/lag-metrics.ts, the
// families `tkafka lag-exporter` serves too) built from the group coordinator's committed offsets and
// the partition logs, without a request to itself.
import { lagOf, type GroupOffsetSnapshot, type GroupSnapshot, type LagSnapshot, type TopicSnapshot } from '../../shared/metrics/lag-metrics.js';
import type { Broker } from '../broker.js';
import type { PartitionLog } from '../log/partition-log.js';
import { forEachRecordMeta } from '../log/record-walk.js';

interface CachedTimestamp {
  offset: number;
  timestamp: number;
}

/** Per log, the last committed offset whose record timestamp was read. */
export type TimestampCache = WeakMap<PartitionLog, CachedTimestamp>;

/**
 * Timestamp of the record at `offset` (the first record at or after it: a compacted gap or a log start
 * moved past it), or null when the log has no such record. Remembered per log, so a group that has not
 * moved costs no read on the next scrape.
 */
function recordTimestamp(log: PartitionLog, offset: number, cache: TimestampCache): number | null {
  const at = Math.max(offset, log.logStartOffset);
  const hit = cache.get(log);
  if (hit !== undefined && hit.offset === at) return hit.timestamp;
  let found: number | null = null;
  try {
    // One byte with minOneBatch: exactly the first batch holding `at` (or the next one).
    const batch = log.read(at, 1, true).records;
    if (batch.length > 0) {
      forEachRecordMeta(batch, (m) => {
        if (m.offset < at) return false;
        found = m.timestamp;
        return true;
      });
    }
  } catch {
    return null;
  }
  if (found !== null) cache.set(log, { offset: at, timestamp: found });
  return found;
}

/** Builds the broker's LagSnapshot; `timestamps` is the caller's cache across scrapes. */
export function brokerLagSnapshot(broker: Broker, timestamps: TimestampCache): LagSnapshot {
  const now = broker.clock.now();
  const topics: TopicSnapshot[] = broker.topics.list().map((t) => ({
    topic: t.name,
    partitions: t.partitions.map((p) => ({
      partition: p.index,
      oldestOffset: p.log.logStartOffset,
      currentOffset: p.log.highWatermark,
      leader: broker.nodeId,
      replicas: [broker.nodeId],
      isr: [broker.nodeId],
    })),
  }));

  const members = new Map<string, number>();
  for (const g of broker.groups.membership.all()) members.set(g.groupId, g.members.size);
  for (const g of broker.groups.consumer.groups.values()) members.set(g.groupId, g.members.size);
  const committed = broker.groups.offsets.allCommitted();
  for (const groupId of committed.keys()) if (!members.has(groupId)) members.set(groupId, 0);

  const groups: GroupSnapshot[] = [];
  for (const [groupId, memberCount] of members) {
    const offsets: GroupOffsetSnapshot[] = [];
    for (const [topicName, parts] of committed.get(groupId) ?? []) {
      const topic = broker.topics.get(topicName);
      if (topic === undefined) continue;
      for (const [partition, v] of parts) {
        const log = topic.partitions[partition]?.log;
        if (log === undefined) continue;
        const committedOffset = Number(v.offset);
        const end = log.highWatermark;
        const lag = lagOf(end, committedOffset);
        let lagSeconds: number | null = null;
        if (committedOffset >= 0) {
          if (committedOffset >= end) lagSeconds = 0;
          else {
            const ts = recordTimestamp(log, committedOffset, timestamps);
            if (ts !== null) lagSeconds = Math.max(0, now - ts) / 1000;
          }
        }
        offsets.push({ topic: topicName, partition, committedOffset, lag, lagSeconds });
      }
    }
    groups.push({ group: groupId, members: memberCount, offsets });
  }
  return { brokers: 1, brokerInfo: [{ id: broker.nodeId, address: `${broker.advertisedHost}:${broker.port}` }], topics, groups };
}
