// tkafka topics side by side with Kafka's TopicCommand, on Apache Kafka's three-node cluster and on the
// SASL_SSL listener of the single node.
import { beforeAll, describe, inject, it } from 'vitest';
import { runKafkaTool, type KafkaClusterInfo } from './kafka-ref.js';
import { expectParity, norm, type Scenario } from './parity.js';

const kafka3 = inject('kafka3');
const kafka1 = inject('kafka1');
const TIER = 'topics vs TopicCommand (Kafka 3 nodes)';

function scenario(s: Omit<Scenario, 'tier' | 'tool'>): Scenario {
  return { tier: TIER, tool: 'topics', ...s };
}

async function kafkaTopics(c: KafkaClusterInfo, args: string[]): Promise<void> {
  const r = await runKafkaTool(c, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', c.bootstrap, ...args]);
  if (r.exitCode !== 0) throw new Error(`TopicCommand ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

describe('topics against a 3-broker Apache Kafka', () => {
  const bs = kafka3.bootstrap;
  beforeAll(async () => {
    await kafkaTopics(kafka3, ['--create', '--topic', 'rf3', '--partitions', '6', '--replication-factor', '3', '--config', 'cleanup.policy=compact']);
    await kafkaTopics(kafka3, ['--create', '--topic', 'rf1', '--partitions', '2', '--replication-factor', '1']);
  });

  it('creates a topic with RF 3', async () => {
    await expectParity(kafka3, scenario({ name: '--create --partitions 3 --replication-factor 3', args: (n) => ['--bootstrap-server', bs, '--create', '--topic', n('created'), '--partitions', '3', '--replication-factor', '3'] }));
  });

  it('describes RF-3 topics with leaders spread', async () => {
    await expectParity(kafka3, scenario({ name: '--describe --topic rf3 (RF 3, compacted)', normalise: norm.topicIds, args: () => ['--bootstrap-server', bs, '--describe', '--topic', 'rf3'] }));
  });

  it('lists topics', async () => {
    await expectParity(kafka3, scenario({ name: '--list', args: () => ['--bootstrap-server', bs, '--list'] }));
  });

  it('refuses an invalid topic name', async () => {
    await expectParity(kafka3, scenario({ name: "--create --topic 'bad topic!'", deviations: ['error-log'], args: () => ['--bootstrap-server', bs, '--create', '--topic', 'bad topic!'] }));
  });
});

describe('topics over SASL_SSL with --command-config', () => {
  it('describes a topic', async () => {
    const bs = kafka1.saslBootstrap ?? '';
    const cfg = kafka1.saslClientConfig ?? '';
    await kafkaTopics(kafka1, ['--create', '--topic', 'secure', '--partitions', '2']);
    await expectParity(kafka1, { tier: 'topics vs TopicCommand (SASL_SSL)', tool: 'topics', name: '--describe over SASL_SSL SCRAM-SHA-512', normalise: norm.topicIds, args: () => ['--bootstrap-server', bs, '--command-config', cfg, '--describe', '--topic', 'secure'] });
  });
});
