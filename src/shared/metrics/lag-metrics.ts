// Consumer lag and partition offset metrics with danielqsj/kafka_exporter's names, types and labels, so
// its dashboards and alerts work unchanged against `tkafka lag-exporter` and the broker's own /metrics.
// The data comes from an async snapshot provider (plain data, below); the Prometheus text is rendered
// by prom-client. Lag in seconds follows seldomly/kafka-lag-exporter's `kafka_consumergroup_group_lag_seconds`
// but keeps kafka_exporter's `consumergroup` label so one dashboard variable selects both.

import type { Registry } from 'prom-client';
import { registerComputed } from './computed.js';

/** One partition of a topic, as metadata and ListOffsets report it. */
export interface PartitionSnapshot {
  readonly partition: number;
  /** Log start offset (ListOffsets EARLIEST). */
  readonly oldestOffset: number;
  /** Log end offset / high watermark (ListOffsets LATEST). */
  readonly currentOffset: number;
  /** Leader broker id, -1 when there is none. */
  readonly leader: number;
  /** Replica broker ids in preference order (the first is the preferred leader). */
  readonly replicas: readonly number[];
  readonly isr: readonly number[];
}

export interface TopicSnapshot {
  readonly topic: string;
  readonly partitions: readonly PartitionSnapshot[];
}

/** A group's committed position on one partition. */
export interface GroupOffsetSnapshot {
  readonly topic: string;
  readonly partition: number;
  /** Committed offset, -1 when the group has none for this partition. */
  readonly committedOffset: number;
  /** Log end - committed; -1 when there is no committed offset; null when the log end is unknown (no series). */
  readonly lag: number | null;
  /** Seconds since the record at the committed offset was written (0 at zero lag); null when unknown (no series). */
  readonly lagSeconds: number | null;
}

export interface GroupSnapshot {
  readonly group: string;
  readonly members: number;
  readonly offsets: readonly GroupOffsetSnapshot[];
}

export interface BrokerInfo {
  readonly id: number;
  /** host:port */
  readonly address: string;
}

export interface LagSnapshot {
  /** Brokers in the cluster; 0 when the cluster cannot be reached. */
  readonly brokers: number;
  /** kafka_broker_info series; omitted = none. */
  readonly brokerInfo?: readonly BrokerInfo[];
  readonly topics: readonly TopicSnapshot[];
  readonly groups: readonly GroupSnapshot[];
}

export type LagSnapshotProvider = () => Promise<LagSnapshot>;

/** The families registerLagMetrics adds, in output order (README's table and the dashboard test use it). */
export const LAG_METRIC_NAMES = [
  'kafka_brokers',
  'kafka_broker_info',
  'kafka_topic_partitions',
  'kafka_topic_partition_current_offset',
  'kafka_topic_partition_oldest_offset',
  'kafka_topic_partition_leader',
  'kafka_topic_partition_replicas',
  'kafka_topic_partition_in_sync_replica',
  'kafka_topic_partition_leader_is_preferred',
  'kafka_topic_partition_under_replicated_partition',
  'kafka_consumergroup_current_offset',
  'kafka_consumergroup_current_offset_sum',
  'kafka_consumergroup_lag',
  'kafka_consumergroup_lag_sum',
  'kafka_consumergroup_members',
  'kafka_consumergroup_group_lag_seconds',
  'kafka_consumergroup_group_max_lag_seconds',
] as const;

/** Log end - committed, the way kafka-consumer-groups and kafka_exporter count it (-1: nothing committed). */
export function lagOf(logEndOffset: number, committedOffset: number): number {
  return committedOffset < 0 ? -1 : logEndOffset - committedOffset;
}

type Labels = Record<string, string | number>;
type Fill = (snap: LagSnapshot, set: (labels: Labels, value: number) => void) => void;

const TP = ['topic', 'partition'] as const;
const GTP = ['consumergroup', 'topic', 'partition'] as const;
const GT = ['consumergroup', 'topic'] as const;

/** A group's offsets by topic, keeping only topics it consumes (at least one committed offset), as kafka_exporter does. */
function consumedTopics(group: GroupSnapshot): Map<string, GroupOffsetSnapshot[]> {
  const byTopic = new Map<string, GroupOffsetSnapshot[]>();
  for (const o of group.offsets) {
    const list = byTopic.get(o.topic);
    if (list === undefined) byTopic.set(o.topic, [o]);
    else list.push(o);
  }
  for (const [topic, list] of byTopic) {
    if (!list.some((o) => o.committedOffset >= 0)) byTopic.delete(topic);
  }
  return byTopic;
}

function eachPartition(snap: LagSnapshot, fn: (topic: string, p: PartitionSnapshot) => void): void {
  for (const t of snap.topics) for (const p of t.partitions) fn(t.topic, p);
}

function eachGroupOffset(snap: LagSnapshot, fn: (group: string, o: GroupOffsetSnapshot) => void): void {
  for (const g of snap.groups) {
    for (const list of consumedTopics(g).values()) for (const o of list) fn(g.group, o);
  }
}

interface Family {
  readonly name: (typeof LAG_METRIC_NAMES)[number];
  readonly help: string;
  readonly labels: readonly string[];
  readonly fill: Fill;
}

const FAMILIES: readonly Family[] = [
  { name: 'kafka_brokers', help: 'Number of Brokers in the Kafka Cluster.', labels: [], fill: (s, set) => set({}, s.brokers) },
  {
    name: 'kafka_broker_info', help: 'Information about the Kafka Broker.', labels: ['id', 'address'],
    fill: (s, set) => { for (const b of s.brokerInfo ?? []) set({ id: b.id, address: b.address }, 1); },
  },
  {
    name: 'kafka_topic_partitions', help: 'Number of partitions for this Topic', labels: ['topic'],
    fill: (s, set) => { for (const t of s.topics) set({ topic: t.topic }, t.partitions.length); },
  },
  {
    name: 'kafka_topic_partition_current_offset', help: 'Current Offset of a Broker at Topic/Partition', labels: TP,
    fill: (s, set) => eachPartition(s, (topic, p) => set({ topic, partition: p.partition }, p.currentOffset)),
  },
  {
    name: 'kafka_topic_partition_oldest_offset', help: 'Oldest Offset of a Broker at Topic/Partition', labels: TP,
    fill: (s, set) => eachPartition(s, (topic, p) => set({ topic, partition: p.partition }, p.oldestOffset)),
  },
  {
    name: 'kafka_topic_partition_leader', help: 'Leader Broker ID of this Topic/Partition', labels: TP,
    fill: (s, set) => eachPartition(s, (topic, p) => { if (p.leader >= 0) set({ topic, partition: p.partition }, p.leader); }),
  },
  {
    name: 'kafka_topic_partition_replicas', help: 'Number of Replicas for this Topic/Partition', labels: TP,
    fill: (s, set) => eachPartition(s, (topic, p) => set({ topic, partition: p.partition }, p.replicas.length)),
  },
  {
    name: 'kafka_topic_partition_in_sync_replica', help: 'Number of In-Sync Replicas for this Topic/Partition', labels: TP,
    fill: (s, set) => eachPartition(s, (topic, p) => set({ topic, partition: p.partition }, p.isr.length)),
  },
  {
    name: 'kafka_topic_partition_leader_is_preferred', help: '1 if Topic/Partition is using the Preferred Broker', labels: TP,
    fill: (s, set) => eachPartition(s, (topic, p) =>
      set({ topic, partition: p.partition }, p.leader >= 0 && p.replicas[0] === p.leader ? 1 : 0)),
  },
  {
    name: 'kafka_topic_partition_under_replicated_partition', help: '1 if Topic/Partition is under Replicated', labels: TP,
    fill: (s, set) => eachPartition(s, (topic, p) =>
      set({ topic, partition: p.partition }, p.isr.length < p.replicas.length ? 1 : 0)),
  },
  {
    name: 'kafka_consumergroup_current_offset', help: 'Current Offset of a ConsumerGroup at Topic/Partition', labels: GTP,
    fill: (s, set) => eachGroupOffset(s, (g, o) =>
      set({ consumergroup: g, topic: o.topic, partition: o.partition }, o.committedOffset)),
  },
  {
    name: 'kafka_consumergroup_current_offset_sum', help: 'Current Offset of a ConsumerGroup at Topic for all partitions', labels: GT,
    fill: (s, set) => {
      for (const g of s.groups) {
        for (const [topic, list] of consumedTopics(g)) {
          set({ consumergroup: g.group, topic }, list.reduce((sum, o) => sum + o.committedOffset, 0));
        }
      }
    },
  },
  {
    name: 'kafka_consumergroup_lag', help: 'Current Approximate Lag of a ConsumerGroup at Topic/Partition', labels: GTP,
    fill: (s, set) => eachGroupOffset(s, (g, o) => {
      if (o.lag !== null) set({ consumergroup: g, topic: o.topic, partition: o.partition }, o.committedOffset < 0 ? -1 : o.lag);
    }),
  },
  {
    name: 'kafka_consumergroup_lag_sum', help: 'Current Approximate Lag of a ConsumerGroup at Topic for all partitions', labels: GT,
    fill: (s, set) => {
      for (const g of s.groups) {
        for (const [topic, list] of consumedTopics(g)) {
          // The -1 of a partition without a committed offset is not lag; kafka_exporter leaves it out of the sum.
          set({ consumergroup: g.group, topic }, list.reduce((sum, o) => sum + (o.committedOffset >= 0 && o.lag !== null ? o.lag : 0), 0));
        }
      }
    },
  },
  {
    name: 'kafka_consumergroup_members', help: 'Amount of members in a consumer group', labels: ['consumergroup'],
    fill: (s, set) => { for (const g of s.groups) set({ consumergroup: g.group }, g.members); },
  },
  {
    name: 'kafka_consumergroup_group_lag_seconds',
    help: 'Seconds since the record at the committed offset of a ConsumerGroup at Topic/Partition was written (0 at zero lag)',
    labels: GTP,
    fill: (s, set) => eachGroupOffset(s, (g, o) => {
      if (o.lagSeconds !== null && o.committedOffset >= 0) set({ consumergroup: g, topic: o.topic, partition: o.partition }, o.lagSeconds);
    }),
  },
  {
    name: 'kafka_consumergroup_group_max_lag_seconds', help: 'Largest lag in seconds of a ConsumerGroup over its partitions',
    labels: ['consumergroup'],
    fill: (s, set) => {
      for (const g of s.groups) {
        let max: number | undefined;
        for (const list of consumedTopics(g).values()) {
          for (const o of list) {
            if (o.lagSeconds !== null && o.committedOffset >= 0) max = Math.max(max ?? 0, o.lagSeconds);
          }
        }
        if (max !== undefined) set({ consumergroup: g.group }, max);
      }
    },
  },
];

/**
 * Registers kafka_exporter's families on `registry`; every scrape (registry.metrics()) calls `provider` once
 * and fills all families from that one snapshot. A provider that throws fails the scrape; callers that must
 * keep serving (the exporter) hand in a provider that returns their last good or an empty snapshot instead.
 */
export function registerLagMetrics(registry: Registry, provider: LagSnapshotProvider): void {
  // registry.metrics() starts every family's collect() in the same tick (Promise.all), so sharing the
  // in-flight promise gives one provider call per scrape; it is dropped once settled.
  let inFlight: Promise<LagSnapshot> | undefined;
  const snapshot = (): Promise<LagSnapshot> => {
    if (inFlight === undefined) {
      const p = provider();
      inFlight = p;
      const clear = (): void => {
        if (inFlight === p) inFlight = undefined;
      };
      p.then(clear, clear);
    }
    return inFlight;
  };
  for (const family of FAMILIES) {
    registerComputed(registry, {
      name: family.name,
      help: family.help,
      type: 'gauge',
      collect: async (emit) => {
        const snap = await snapshot();
        family.fill(snap, (labels, value) => emit(value, labels));
      },
    });
  }
}

/** An empty snapshot: what an exporter serves before its first collection or while the cluster is away. */
export const EMPTY_LAG_SNAPSHOT: LagSnapshot = { brokers: 0, topics: [], groups: [] };
