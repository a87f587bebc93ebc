// Kafka's own cluster tools against Apache Kafka 4.4 (one KRaft node) and against our broker: the same
// command, both outputs compared. kafka-topics.sh --describe (DescribeTopicPartitions, paged by
// --partition-size-limit-per-response), kafka-metadata-quorum.sh describe --status/--replication
// (DescribeQuorum), kafka-leader-election.sh (ElectLeaders), kafka-reassign-partitions.sh
// --list/--execute/--verify (List/AlterPartitionReassignments) and kafka-features.sh describe
// (ApiVersions features). Only what differs by nature is normalised (cluster ids, ports, topic ids,
// times, data dirs); every other difference is declared below with its reason and asserted exactly.
import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { runKafkaTool } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const runDir = inject('refRunDir');
const TIER = "Kafka's cluster tools: Apache Kafka 4.4 vs tkafka broker";
const TOPIC = `pc-${Math.random().toString(36).slice(2, 7)}`;
let broker: TestBroker;

interface Out {
  stdout: string;
  stderr: string;
  exitCode: number | null;
}

/** What differs by nature between two brokers. */
function byNature(s: string): string {
  return s
    .replace(/(ClusterId:\s+)\S+/g, '$1<cluster-id>')
    // The quorum's leader epoch counts its elections: Kafka's grows with each restart of the node.
    .replace(/(LeaderEpoch:\s+)\d+/g, '$1<epoch>')
    .replace(/(TopicId: )\S+/g, '$1<topic-id>')
    .replace(/CONTROLLER:\/\/[^"]+/g, 'CONTROLLER://<host:port>')
    .replace(/\b1\d{12}\b/g, '<time>')
    .replace(/"log_dirs":\["[^"]*"\]/g, '"log_dirs":["<dir>"]');
}

interface Row {
  name: string;
  cls: string;
  args: string[];
  /** A declared divergence: what it is, and how both outputs must look once it is taken out. */
  divergence?: { why: string; apply(k: Out, t: Out): [Out, Out] };
}

async function row(r: Row): Promise<void> {
  const run = async (bootstrap: string): Promise<Out> => {
    const o = await runKafkaTool(kafka1, r.cls, ['--bootstrap-server', bootstrap, ...r.args]);
    return { stdout: o.stdout, stderr: o.stderr, exitCode: o.exitCode };
  };
  const kRaw = await run(kafka1.bootstrap);
  const tRaw = await run(broker.bootstrap);
  const k = { ...kRaw, stdout: byNature(kRaw.stdout), stderr: byNature(kRaw.stderr) };
  const t = { ...tRaw, stdout: byNature(tRaw.stdout), stderr: byNature(tRaw.stderr) };
  if (r.divergence !== undefined) {
    // The divergence is real: without it the outputs differ, with it taken out they are the same.
    expect(t).not.toEqual(k);
    const [k2, t2] = r.divergence.apply(k, t);
    expect(t2).toEqual(k2);
    logParity({ tier: TIER, scenario: r.name, result: 'differs', why: r.divergence.why });
    return;
  }
  expect(t).toEqual(k);
  logParity({ tier: TIER, scenario: r.name, result: JSON.stringify(kRaw) === JSON.stringify(tRaw) ? 'identical' : 'normalised-identical' });
}

const QUORUM_WHY = "the metadata log's offset: Kafka's counts every metadata record it wrote; tkafka keeps no metadata log and counts only the records its single node would have (leader change, features, registration, topics and partitions), so the figures differ (README: cluster-shaped answers)";
const MIN_ISR_WHY = "Kafka's formatting tool writes min.insync.replicas=1 as a cluster-wide dynamic default, which kafka-topics shows among a topic's configs; tkafka has no such record";

beforeAll(async () => {
  broker = await startTestBroker({ config: { 'node.id': String(kafka1.nodes[0]?.nodeId ?? 1) } });
  for (const bs of [kafka1.bootstrap, broker.bootstrap]) {
    const admin = new Kafka({ clientId: 'parity-cluster', brokers: [bs], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 3 }], waitForLeaders: true });
    await admin.disconnect();
  }
}, 120_000);

afterAll(async () => {
  await broker?.dispose();
});

describe("Kafka's cluster tools against Kafka and against tkafka", () => {
  it('kafka-topics.sh --describe pages through DescribeTopicPartitions with a cursor', async () => {
    await row({
      name: `kafka-topics.sh --describe --topic <3 partitions> --partition-size-limit-per-response 2`,
      cls: 'org.apache.kafka.tools.TopicCommand',
      args: ['--describe', '--topic', TOPIC, '--partition-size-limit-per-response', '2'],
      divergence: { why: MIN_ISR_WHY, apply: (k, t) => [{ ...k, stdout: k.stdout.replace('Configs: min.insync.replicas=1', 'Configs: ') }, t] },
    });
  });

  it('kafka-metadata-quorum.sh describe --status and --replication: one voter', async () => {
    const offsets = (o: Out): Out => ({ ...o, stdout: o.stdout.replace(/(HighWatermark:\s+)\d+/, '$1<offset>').replace(/^(\d+\s+\tA{22}\t)\d+\s+/m, '$1<offset>') });
    await row({ name: 'kafka-metadata-quorum.sh describe --status', cls: 'org.apache.kafka.tools.MetadataQuorumCommand', args: ['describe', '--status'], divergence: { why: QUORUM_WHY, apply: (k, t) => [offsets(k), offsets(t)] } });
    await row({ name: 'kafka-metadata-quorum.sh describe --replication', cls: 'org.apache.kafka.tools.MetadataQuorumCommand', args: ['describe', '--replication'], divergence: { why: QUORUM_WHY, apply: (k, t) => [offsets(k), offsets(t)] } });
  });

  it('kafka-leader-election.sh: the preferred leader already leads', async () => {
    await row({ name: 'kafka-leader-election.sh --election-type preferred --topic T --partition 0', cls: 'org.apache.kafka.tools.LeaderElectionCommand', args: ['--election-type', 'preferred', '--topic', TOPIC, '--partition', '0'] });
    await row({ name: 'kafka-leader-election.sh --election-type unclean --topic T --partition 9 (no such partition)', cls: 'org.apache.kafka.tools.LeaderElectionCommand', args: ['--election-type', 'unclean', '--topic', TOPIC, '--partition', '9'] });
    await row({ name: 'kafka-leader-election.sh --election-type preferred --all-topic-partitions', cls: 'org.apache.kafka.tools.LeaderElectionCommand', args: ['--election-type', 'preferred', '--all-topic-partitions'] });
  });

  it('kafka-reassign-partitions.sh: nothing in progress, a move to the current replica, a move to a broker that does not exist', async () => {
    const node = kafka1.nodes[0]?.nodeId ?? 1;
    const file = (name: string, replicas: number[]): string => {
      const f = path.join(runDir, `${TOPIC}-${name}.json`);
      fs.writeFileSync(f, JSON.stringify({ version: 1, partitions: [{ topic: TOPIC, partition: 0, replicas }] }));
      return f;
    };
    await row({ name: 'kafka-reassign-partitions.sh --list', cls: 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand', args: ['--list'] });
    await row({ name: 'kafka-reassign-partitions.sh --execute (the current replica: a no-op)', cls: 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand', args: ['--execute', '--reassignment-json-file', file('same', [node])] });
    await row({ name: 'kafka-reassign-partitions.sh --execute (a broker that does not exist)', cls: 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand', args: ['--execute', '--reassignment-json-file', file('missing', [node + 50])] });
    await row({
      name: 'kafka-reassign-partitions.sh --verify (completed; then clears the replication throttles through dynamic broker configs)',
      cls: 'org.apache.kafka.tools.reassign.ReassignPartitionsCommand',
      args: ['--verify', '--reassignment-json-file', file('same', [node])],
    });
  });

  it('kafka-features.sh describe: only the features tkafka serves, at the levels it serves', async () => {
    await row({
      name: 'kafka-features.sh describe',
      cls: 'org.apache.kafka.tools.FeatureCommand',
      args: ['describe'],
      divergence: {
        why:
          'tkafka lists only metadata.version, kraft.version, group.version and transaction.version at the levels it serves: transaction.version 0 (level 2 would make Java 4.x clients use KIP-890 part 2 transactions, not served), kraft.version up to 0 (a static quorum); ' +
          'no share.version, streams.version or eligible.leader.replicas.version (share groups, KIP-1071 streams groups and ELR are not served); the epoch is the metadata offset (0 here)',
        apply: (k, t) => {
          const epoch = (s: string): string => s.replace(/Epoch: \d+/g, 'Epoch: <n>');
          const expected = epoch(k.stdout)
            .split('\n')
            .filter((l) => !/^Feature: (share\.version|streams\.version|eligible\.leader\.replicas\.version)\s/.test(l))
            .map((l) =>
              /^Feature: (transaction|kraft)\.version\s/.test(l)
                ? l.replace(/(SupportedMaxVersion: )\d/, '$10').replace(/(FinalizedVersionLevel: )\d/, '$10')
                : l,
            )
            .join('\n');
          return [{ ...k, stdout: expected }, { ...t, stdout: epoch(t.stdout) }];
        },
      },
    });
  });
});
