// tkafka lag-exporter against Apache Kafka 4.4 (issue #17): a cluster that is not ours. On the three-node
// cluster (replicas, in-sync replicas, leaders spread, a group coordinator on any node) the exporter's
// lag per partition equals what Kafka's own kafka-consumer-groups prints, after exactly known produces
// and commits; on the one-node cluster it collects over SASL_SSL with the usual --command-config.
import kafkajs from 'kafkajs';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import type { LagSnapshot } from '../../src/shared/metrics/lag-metrics.js';
import { runCli } from '../helpers/cli.js';
import { runKafkaTool, type KafkaClusterInfo } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const kafka3 = inject('kafka3');
const runDir = inject('refRunDir');
const TIER = 'lag-exporter × Apache Kafka 4.4';
const GROUP_CMD = 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand';
const HOUR = 3_600_000;

async function produce(cluster: KafkaClusterInfo, topic: string, perPartition: number[], base: number): Promise<void> {
  const kafka = new kafkajs.Kafka({ brokers: cluster.bootstrap.split(','), clientId: 'lag-exporter-ref', logLevel: kafkajs.logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  // Kafka 4 refuses record timestamps older than message.timestamp.before.max.ms; these are hours old on purpose.
  const configEntries = [{ name: 'message.timestamp.before.max.ms', value: String(7 * 24 * HOUR) }];
  await admin.createTopics({ topics: [{ topic, numPartitions: perPartition.length, replicationFactor: cluster.nodes.length, configEntries }], waitForLeaders: true });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  for (const [partition, n] of perPartition.entries()) {
    // One record per send: its own batch, stamped base + offset hours.
    for (let o = 0; o < n; o++) await producer.send({ topic, acks: -1, messages: [{ partition, value: `v${o}`, timestamp: String(base + o * HOUR) }] });
  }
  await producer.disconnect();
}

/** Kafka's own reset to per-partition offsets from a CSV (topic,partition,offset). */
async function commit(cluster: KafkaClusterInfo, group: string, topic: string, offsets: Record<number, number>): Promise<void> {
  const csv = path.join(runDir, `lagexp-${group}.csv`);
  fs.writeFileSync(csv, Object.entries(offsets).map(([p, o]) => `${topic},${p},${o}\n`).join(''));
  const r = await runKafkaTool(cluster, GROUP_CMD, ['--bootstrap-server', cluster.bootstrap, '--reset-offsets', '--group', group, '--from-file', csv, '--execute']);
  expect(r.exitCode, r.stderr).toBe(0);
}

/** LAG per partition as Kafka's kafka-consumer-groups --describe prints it. */
async function kafkaLag(cluster: KafkaClusterInfo, group: string): Promise<Record<string, number>> {
  const r = await runKafkaTool(cluster, GROUP_CMD, ['--bootstrap-server', cluster.bootstrap, '--describe', '--group', group]);
  expect(r.exitCode, r.stderr).toBe(0);
  const lines = r.stdout.split('\n').filter((l) => l.trim() !== '');
  const header = (lines.find((l) => l.startsWith('GROUP')) ?? '').trim().split(/\s+/);
  const out: Record<string, number> = {};
  for (const l of lines.filter((x) => x.startsWith(`${group} `))) {
    const cols = l.trim().split(/\s+/);
    out[cols[header.indexOf('PARTITION')] as string] = Number(cols[header.indexOf('LAG')]);
  }
  return out;
}

async function snapshot(args: string[]): Promise<LagSnapshot> {
  const r = await runCli(['lag-exporter', '--once', '-o', 'json', ...args]);
  expect(r.exitCode, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as LagSnapshot;
}

describe('lag-exporter against Apache Kafka', () => {
  it('three nodes: exact lag per partition, as kafka-consumer-groups prints it; replicas, ISR and leaders from Kafka', async () => {
    const topic = 'lagexp';
    const base = Date.now() - 48 * HOUR;
    await produce(kafka3, topic, [9, 5, 2], base);
    await commit(kafka3, 'lagexp-g', topic, { 0: 3, 1: 5 });
    const started = Date.now();
    const snap = await snapshot(['--bootstrap-server', kafka3.bootstrap, '--group', '^lagexp-g$', '--include', `^${topic}$`]);
    const finished = Date.now();

    expect(snap.brokers).toBe(3);
    expect(snap.brokerInfo?.map((b) => b.id)).toEqual([1, 2, 3]);
    expect(snap.topics.map((t) => t.topic)).toEqual([topic]);
    const parts = snap.topics[0]?.partitions ?? [];
    expect(parts.map((p) => [p.partition, p.oldestOffset, p.currentOffset, p.replicas.length, p.isr.length])).toEqual([
      [0, 0, 9, 3, 3],
      [1, 0, 5, 3, 3],
      [2, 0, 2, 3, 3],
    ]);
    for (const p of parts) expect(p.replicas).toContain(p.leader);

    const g = snap.groups.find((x) => x.group === 'lagexp-g');
    expect(g?.members).toBe(0);
    expect(g?.offsets.map((o) => [o.partition, o.committedOffset, o.lag])).toEqual([
      [0, 3, 6],
      [1, 5, 0],
      [2, -1, -1],
    ]);
    // Kafka's tool prints the partitions with a commit; the exporter's lag equals its LAG on each.
    expect(await kafkaLag(kafka3, 'lagexp-g')).toEqual({ '0': 6, '1': 0 });
    // Record 3 of partition 0 was stamped base + 3h: its age at the collection.
    const written = base + 3 * HOUR;
    const lagSeconds = g?.offsets[0]?.lagSeconds ?? -1;
    expect(lagSeconds).toBeGreaterThanOrEqual((started - written) / 1000);
    expect(lagSeconds).toBeLessThanOrEqual((finished - written) / 1000);
    logParity({ tier: TIER, scenario: 'three nodes: lag per partition = kafka-consumer-groups LAG; replicas, ISR, leaders, lag seconds', result: 'passes' });
  });

  it("three nodes: the Prometheus text has kafka_exporter's series", async () => {
    const r = await runCli(['lag-exporter', '--once', '--bootstrap-server', kafka3.bootstrap, '--group', '^lagexp-g$', '--include', '^lagexp$']);
    expect(r.exitCode, r.stderr).toBe(0);
    const samples = r.stdout.split('\n').filter((l) => /^kafka_(consumergroup_lag|consumergroup_lag_sum|topic_partition_replicas|brokers)[{ ]/.test(l));
    expect(samples).toEqual([
      'kafka_brokers 3',
      'kafka_topic_partition_replicas{topic="lagexp",partition="0"} 3',
      'kafka_topic_partition_replicas{topic="lagexp",partition="1"} 3',
      'kafka_topic_partition_replicas{topic="lagexp",partition="2"} 3',
      'kafka_consumergroup_lag{consumergroup="lagexp-g",topic="lagexp",partition="0"} 6',
      'kafka_consumergroup_lag{consumergroup="lagexp-g",topic="lagexp",partition="1"} 0',
      'kafka_consumergroup_lag{consumergroup="lagexp-g",topic="lagexp",partition="2"} -1',
      'kafka_consumergroup_lag_sum{consumergroup="lagexp-g",topic="lagexp"} 6',
    ]);
    logParity({ tier: TIER, scenario: "three nodes: kafka_exporter's series in the Prometheus text", result: 'passes' });
  });

  it('one node over SASL_SSL (SCRAM-SHA-512) with --command-config', async () => {
    expect(kafka1.saslBootstrap).toBeDefined();
    const topic = 'lagexp-sasl';
    await produce(kafka1, topic, [4], Date.now() - 5 * HOUR);
    await commit(kafka1, 'lagexp-sasl-g', topic, { 0: 1 });
    const snap = await snapshot(['--bootstrap-server', kafka1.saslBootstrap as string, '--command-config', kafka1.saslClientConfig as string, '--group', '^lagexp-sasl-g$', '--include', `^${topic}$`]);
    expect(snap.brokers).toBe(1);
    expect(snap.groups.map((g) => g.offsets.map((o) => [o.topic, o.partition, o.committedOffset, o.lag]))).toEqual([[[topic, 0, 1, 3]]]);
    expect(await kafkaLag(kafka1, 'lagexp-sasl-g')).toEqual({ '0': 3 });
    logParity({ tier: TIER, scenario: 'one node, SASL_SSL SCRAM-SHA-512 via --command-config: exact lag', result: 'passes' });
  });
});
