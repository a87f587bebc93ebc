import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import {
  EMPTY_LAG_SNAPSHOT,
  LAG_METRIC_NAMES,
  type LagSnapshot,
  lagOf,
  registerLagMetrics,
} from '../../../../src/shared/metrics/lag-metrics.js';

const SNAP: LagSnapshot = {
  brokers: 2,
  brokerInfo: [{ id: 1, address: 'h1:9092' }, { id: 2, address: 'h2:9092' }],
  topics: [
    {
      topic: 'orders',
      partitions: [
        { partition: 0, oldestOffset: 0, currentOffset: 10, leader: 1, replicas: [1, 2], isr: [1, 2] },
        { partition: 1, oldestOffset: 3, currentOffset: 7, leader: 1, replicas: [2, 1], isr: [1] },
      ],
    },
    { topic: 'empty', partitions: [{ partition: 0, oldestOffset: 0, currentOffset: 0, leader: -1, replicas: [1], isr: [] }] },
  ],
  groups: [
    {
      group: 'g1',
      members: 3,
      offsets: [
        { topic: 'orders', partition: 0, committedOffset: 4, lag: 6, lagSeconds: 12.5 },
        { topic: 'orders', partition: 1, committedOffset: -1, lag: -1, lagSeconds: null },
        // Nothing committed on any partition of 'empty': kafka_exporter leaves the topic out.
        { topic: 'empty', partition: 0, committedOffset: -1, lag: -1, lagSeconds: null },
      ],
    },
    { group: 'idle', members: 0, offsets: [{ topic: 'orders', partition: 1, committedOffset: 7, lag: 0, lagSeconds: 0 }] },
  ],
};

const EXPECTED = `# HELP kafka_brokers Number of Brokers in the Kafka Cluster.
# TYPE kafka_brokers gauge
kafka_brokers 2

# HELP kafka_broker_info Information about the Kafka Broker.
# TYPE kafka_broker_info gauge
kafka_broker_info{id="1",address="h1:9092"} 1
kafka_broker_info{id="2",address="h2:9092"} 1

# HELP kafka_topic_partitions Number of partitions for this Topic
# TYPE kafka_topic_partitions gauge
kafka_topic_partitions{topic="orders"} 2
kafka_topic_partitions{topic="empty"} 1

# HELP kafka_topic_partition_current_offset Current Offset of a Broker at Topic/Partition
# TYPE kafka_topic_partition_current_offset gauge
kafka_topic_partition_current_offset{topic="orders",partition="0"} 10
kafka_topic_partition_current_offset{topic="orders",partition="1"} 7
kafka_topic_partition_current_offset{topic="empty",partition="0"} 0

# HELP kafka_topic_partition_oldest_offset Oldest Offset of a Broker at Topic/Partition
# TYPE kafka_topic_partition_oldest_offset gauge
kafka_topic_partition_oldest_offset{topic="orders",partition="0"} 0
kafka_topic_partition_oldest_offset{topic="orders",partition="1"} 3
kafka_topic_partition_oldest_offset{topic="empty",partition="0"} 0

# HELP kafka_topic_partition_leader Leader Broker ID of this Topic/Partition
# TYPE kafka_topic_partition_leader gauge
kafka_topic_partition_leader{topic="orders",partition="0"} 1
kafka_topic_partition_leader{topic="orders",partition="1"} 1

# HELP kafka_topic_partition_replicas Number of Replicas for this Topic/Partition
# TYPE kafka_topic_partition_replicas gauge
kafka_topic_partition_replicas{topic="orders",partition="0"} 2
kafka_topic_partition_replicas{topic="orders",partition="1"} 2
kafka_topic_partition_replicas{topic="empty",partition="0"} 1

# HELP kafka_topic_partition_in_sync_replica Number of In-Sync Replicas for this Topic/Partition
# TYPE kafka_topic_partition_in_sync_replica gauge
kafka_topic_partition_in_sync_replica{topic="orders",partition="0"} 2
kafka_topic_partition_in_sync_replica{topic="orders",partition="1"} 1
kafka_topic_partition_in_sync_replica{topic="empty",partition="0"} 0

# HELP kafka_topic_partition_leader_is_preferred 1 if Topic/Partition is using the Preferred Broker
# TYPE kafka_topic_partition_leader_is_preferred gauge
kafka_topic_partition_leader_is_preferred{topic="orders",partition="0"} 1
kafka_topic_partition_leader_is_preferred{topic="orders",partition="1"} 0
kafka_topic_partition_leader_is_preferred{topic="empty",partition="0"} 0

# HELP kafka_topic_partition_under_replicated_partition 1 if Topic/Partition is under Replicated
# TYPE kafka_topic_partition_under_replicated_partition gauge
kafka_topic_partition_under_replicated_partition{topic="orders",partition="0"} 0
kafka_topic_partition_under_replicated_partition{topic="orders",partition="1"} 1
kafka_topic_partition_under_replicated_partition{topic="empty",partition="0"} 1

# HELP kafka_consumergroup_current_offset Current Offset of a ConsumerGroup at Topic/Partition
# TYPE kafka_consumergroup_current_offset gauge
kafka_consumergroup_current_offset{consumergroup="g1",topic="orders",partition="0"} 4
kafka_consumergroup_current_offset{consumergroup="g1",topic="orders",partition="1"} -1
kafka_consumergroup_current_offset{consumergroup="idle",topic="orders",partition="1"} 7

# HELP kafka_consumergroup_current_offset_sum Current Offset of a ConsumerGroup at Topic for all partitions
# TYPE kafka_consumergroup_current_offset_sum gauge
kafka_consumergroup_current_offset_sum{consumergroup="g1",topic="orders"} 3
kafka_consumergroup_current_offset_sum{consumergroup="idle",topic="orders"} 7

# HELP kafka_consumergroup_lag Current Approximate Lag of a ConsumerGroup at Topic/Partition
# TYPE kafka_consumergroup_lag gauge
kafka_consumergroup_lag{consumergroup="g1",topic="orders",partition="0"} 6
kafka_consumergroup_lag{consumergroup="g1",topic="orders",partition="1"} -1
kafka_consumergroup_lag{consumergroup="idle",topic="orders",partition="1"} 0

# HELP kafka_consumergroup_lag_sum Current Approximate Lag of a ConsumerGroup at Topic for all partitions
# TYPE kafka_consumergroup_lag_sum gauge
kafka_consumergroup_lag_sum{consumergroup="g1",topic="orders"} 6
kafka_consumergroup_lag_sum{consumergroup="idle",topic="orders"} 0

# HELP kafka_consumergroup_members Amount of members in a consumer group
# TYPE kafka_consumergroup_members gauge
kafka_consumergroup_members{consumergroup="g1"} 3
kafka_consumergroup_members{consumergroup="idle"} 0

# HELP kafka_consumergroup_group_lag_seconds Seconds since the record at the committed offset of a ConsumerGroup at Topic/Partition was written (0 at zero lag)
# TYPE kafka_consumergroup_group_lag_seconds gauge
kafka_consumergroup_group_lag_seconds{consumergroup="g1",topic="orders",partition="0"} 12.5
kafka_consumergroup_group_lag_seconds{consumergroup="idle",topic="orders",partition="1"} 0

# HELP kafka_consumergroup_group_max_lag_seconds Largest lag in seconds of a ConsumerGroup over its partitions
# TYPE kafka_consumergroup_group_max_lag_seconds gauge
kafka_consumergroup_group_max_lag_seconds{consumergroup="g1"} 12.5
kafka_consumergroup_group_max_lag_seconds{consumergroup="idle"} 0
`;

describe('registerLagMetrics', () => {
  it("renders kafka_exporter's families, names, types and labels exactly", async () => {
    const registry = new Registry();
    registerLagMetrics(registry, () => Promise.resolve(SNAP));
    expect(await registry.metrics()).toBe(EXPECTED);
    expect(registry.getMetricsAsArray().map((m) => (m as unknown as { name: string }).name)).toEqual([...LAG_METRIC_NAMES]);
  });

  it('calls the provider once per scrape and drops series that disappeared', async () => {
    const registry = new Registry();
    let calls = 0;
    let snap: LagSnapshot = SNAP;
    registerLagMetrics(registry, () => {
      calls++;
      return Promise.resolve(snap);
    });
    await registry.metrics();
    expect(calls).toBe(1);
    snap = EMPTY_LAG_SNAPSHOT;
    const text = await registry.metrics();
    expect(calls).toBe(2);
    const samples = text.split('\n').filter((l) => l !== '' && !l.startsWith('#'));
    expect(samples).toEqual(['kafka_brokers 0']);
  });

  it('fails the scrape when the provider throws, and recovers on the next', async () => {
    const registry = new Registry();
    let fail = true;
    registerLagMetrics(registry, () => (fail ? Promise.reject(new Error('down')) : Promise.resolve(SNAP)));
    await expect(registry.metrics()).rejects.toThrow('down');
    fail = false;
    expect(await registry.metrics()).toBe(EXPECTED);
  });

  it('lagOf counts like kafka-consumer-groups: log end - committed, -1 with nothing committed', () => {
    expect(lagOf(10, 4)).toBe(6);
    expect(lagOf(10, 10)).toBe(0);
    expect(lagOf(10, -1)).toBe(-1);
  });
});
