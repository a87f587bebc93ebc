// tkafka topics side by side with Kafka's TopicCommand: on Apache Kafka's three-node cluster, on the
// SASL_SSL listener of the single node, and on error paths (bad names, missing topics, bad flags,
// an unreachable broker).
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runKafkaTool, type KafkaClusterInfo } from './kafka-ref.js';
import { expectParity, norm, type Scenario } from './parity.js';

const kafka3 = inject('kafka3');
const kafka1 = inject('kafka1');
const TIER = 'topics vs TopicCommand (Kafka, 3 nodes)';

async function kafkaTopics(c: KafkaClusterInfo, args: string[]): Promise<void> {
  const r = await runKafkaTool(c, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', c.bootstrap, ...args]);
  if (r.exitCode !== 0) throw new Error(`TopicCommand ${args.join(' ')}: ${r.stdout}${r.stderr}`);
}

describe('topics against a 3-broker Apache Kafka', () => {
  const bs = kafka3.bootstrap;
  const run = (s: Omit<Scenario, 'tier' | 'tool' | 'args'> & { args: (n: (b: string) => string) => string[] }): Promise<unknown> =>
    expectParity(kafka3, { tier: TIER, tool: 'topics', ...s, args: (n) => ['--bootstrap-server', bs, ...s.args(n)] });

  beforeAll(async () => {
    // The same starting state for both sides: shared topics that only describe/list read, and a side-named
    // pair for each scenario that changes something.
    await kafkaTopics(kafka3, ['--create', '--topic', 'rf3', '--partitions', '6', '--replication-factor', '3', '--config', 'cleanup.policy=compact', '--config', 'min.insync.replicas=2']);
    await kafkaTopics(kafka3, ['--create', '--topic', 'rf1', '--partitions', '2', '--replication-factor', '1']);
    for (const side of ['k', 't']) {
      await kafkaTopics(kafka3, ['--create', '--topic', `grow-${side}`, '--partitions', '2', '--replication-factor', '2']);
      await kafkaTopics(kafka3, ['--create', '--topic', `gone-${side}`, '--partitions', '1']);
      await kafkaTopics(kafka3, ['--create', '--topic', `tmp.a-${side}`, '--partitions', '1']);
      await kafkaTopics(kafka3, ['--create', '--topic', `tmp.b-${side}`, '--partitions', '1']);
    }
  });

  it('--create with partitions and replication factor 3', async () => {
    await run({ name: '--create --partitions 3 --replication-factor 3', args: (n) => ['--create', '--topic', n('created'), '--partitions', '3', '--replication-factor', '3'] });
  });

  it('--create with configs and the name-collision warning', async () => {
    await run({ name: "--create 'a.b_c' --config retention.ms=1000 (period/underscore WARNING)", args: (n) => ['--create', '--topic', n('with.dot_under'), '--config', 'retention.ms=1000', '--config', 'cleanup.policy=compact'] });
  });

  it('--create --replica-assignment', async () => {
    await run({ name: '--create --replica-assignment 1:2,2:3,3:1', args: (n) => ['--create', '--topic', n('assigned'), '--replica-assignment', '1:2,2:3,3:1'] });
  });

  it('--create of an existing topic, and --if-not-exists', async () => {
    await run({ name: '--create of an existing topic', deviations: ['error-log', 'hint'], args: () => ['--create', '--topic', 'rf1'] });
    await run({ name: '--create --if-not-exists of an existing topic', args: () => ['--create', '--topic', 'rf1', '--if-not-exists'] });
  });

  it('--create with a replication factor larger than the cluster', async () => {
    await run({ name: '--create --replication-factor 4 on 3 brokers', deviations: ['error-log'], args: (n) => ['--create', '--topic', n('too-wide'), '--replication-factor', '4'] });
  });

  it('--create with an invalid config value and an unknown config', async () => {
    await run({ name: '--create --config cleanup.policy=bogus', deviations: ['error-log'], args: (n) => ['--create', '--topic', n('badcfg'), '--config', 'cleanup.policy=bogus'] });
    await run({ name: '--create --config no.such.config=1', deviations: ['error-log'], args: (n) => ['--create', '--topic', n('unknowncfg'), '--config', 'no.such.config=1'] });
  });

  it('--create with an invalid name, and an overlong name', async () => {
    await run({ name: "--create --topic 'bad topic!'", deviations: ['error-log'], args: () => ['--create', '--topic', 'bad topic!'] });
    await run({ name: '--create --topic <250 chars>', deviations: ['error-log'], args: () => ['--create', '--topic', 'x'.repeat(250)] });
  });

  it('--describe of RF-3 topics with leaders spread', async () => {
    await run({ name: '--describe --topic rf3 (RF 3, compacted, min.insync.replicas)', normalise: norm.topicIds, args: () => ['--describe', '--topic', 'rf3'] });
  });

  it('--describe with a regex and of every topic', async () => {
    await run({ name: "--describe --topic 'rf.*'", normalise: norm.topicIds, args: () => ['--describe', '--topic', 'rf.*'] });
  });

  it('--describe --topics-with-overrides, --exclude-internal', async () => {
    await run({ name: '--describe --topics-with-overrides --topic rf.*', normalise: norm.topicIds, args: () => ['--describe', '--topics-with-overrides', '--topic', 'rf.*'] });
    await run({ name: '--describe --exclude-internal --topic rf1', normalise: norm.topicIds, args: () => ['--describe', '--exclude-internal', '--topic', 'rf1'] });
  });

  it('--describe partition filters', async () => {
    for (const f of ['--under-replicated-partitions', '--unavailable-partitions', '--under-min-isr-partitions', '--at-min-isr-partitions']) {
      await run({ name: `--describe ${f}`, args: () => ['--describe', f, '--topic', 'rf.*'] });
    }
  });

  it('--describe of __consumer_offsets is listed as internal', async () => {
    // Create the offsets topic first (it appears with the first group).
    await runKafkaTool(kafka3, 'org.apache.kafka.tools.consumer.group.ConsumerGroupCommand', ['--bootstrap-server', bs, '--list']);
    await run({ name: '--list (with internal topics)', args: () => ['--list', '--topic', '__consumer_offsets|rf.*'] });
    await run({ name: '--list --exclude-internal', args: () => ['--list', '--exclude-internal', '--topic', '__consumer_offsets|rf.*'] });
  });

  it('--describe and --list of a missing topic', async () => {
    await run({ name: '--describe --topic missing', deviations: ['error-log'], args: () => ['--describe', '--topic', 'missing'] });
    await run({ name: '--list --topic missing', args: () => ['--list', '--topic', 'missing'] });
  });

  it('--list', async () => {
    await run({ name: '--list', args: () => ['--list'] });
  });

  it('--alter --partitions grows a topic, and refuses to shrink it', async () => {
    await run({ name: '--alter --partitions 4', args: (n) => ['--alter', '--topic', n('grow'), '--partitions', '4'] });
    // Kafka placed the two sides' first partitions at random when they were created: compare counts, not placement.
    const placement = (s: string): string => norm.topicIds(s).replace(/Leader: \d+\tReplicas: [\d,]+\tIsr: [\d,]+/g, 'Leader: <n>\tReplicas: <r>\tIsr: <r>');
    await run({ name: '--describe after --alter', normalise: placement, args: (n) => ['--describe', '--topic', n('grow')] });
    await run({ name: '--alter --partitions 1 (shrink)', deviations: ['error-log'], args: (n) => ['--alter', '--topic', n('grow'), '--partitions', '1'] });
  });

  it('--alter of a missing topic, with and without --if-exists', async () => {
    await run({ name: '--alter --topic missing', deviations: ['error-log'], args: () => ['--alter', '--topic', 'missing', '--partitions', '3'] });
    await run({ name: '--alter --topic missing --if-exists', args: () => ['--alter', '--topic', 'missing', '--partitions', '3', '--if-exists'] });
  });

  it('--delete by name and by regex', async () => {
    await run({ name: '--delete --topic gone', args: (n) => ['--delete', '--topic', n('gone')] });
    // The regex matches each side's own pair.
    await expectParity(kafka3, { tier: TIER, tool: 'topics', name: "--delete --topic 'tmp\\..-<side>'", args: (_n, side) => ['--bootstrap-server', bs, '--delete', '--topic', `tmp\\..-${side}`] });
    await run({ name: '--list after --delete', args: () => ['--list', '--topic', 'gone.*|tmp.*'] });
  });

  it('--delete of a missing topic, with and without --if-exists', async () => {
    await run({ name: '--delete --topic missing', deviations: ['error-log'], args: () => ['--delete', '--topic', 'missing'] });
    await run({ name: '--delete --topic missing --if-exists', args: () => ['--delete', '--topic', 'missing', '--if-exists'] });
  });

  it('usage errors', async () => {
    await run({ name: 'no action', deviations: ['usage'], args: () => [] });
    await run({ name: '--list --describe (two actions)', deviations: ['usage'], args: () => ['--list', '--describe'] });
    await run({ name: '--create without --topic', deviations: ['usage'], args: () => ['--create'] });
    await run({ name: '--create --partitions 0', deviations: ['error-log'], args: (n) => ['--create', '--topic', n('zero'), '--partitions', '0'] });
    await run({ name: '--partitions x', deviations: ['usage'], args: (n) => ['--create', '--topic', n('nan'), '--partitions', 'x'] });
    await run({ name: '--alter without --partitions', deviations: ['usage'], args: () => ['--alter', '--topic', 'rf1'] });
    await run({ name: '--replication-factor with --alter', deviations: ['usage'], args: () => ['--alter', '--topic', 'rf1', '--partitions', '3', '--replication-factor', '2'] });
  });
});

describe('topics against an unreachable broker', () => {
  it('says so in one line and exits 1, where Kafka retries until its timeout', async () => {
    const { runCli } = await import('../helpers/cli.js');
    const r = await runCli(['topics', '--bootstrap-server', '127.0.0.1:1', '--list']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr.split('\n')[0]).toMatch(/^tkafka: Nothing answers at 127\.0\.0\.1:1\b/);
  });
});

describe('topics over SASL_SSL with --command-config', () => {
  it('creates, describes and lists over SCRAM-SHA-512', async () => {
    const bs = kafka1.saslBootstrap ?? '';
    const cfg = kafka1.saslClientConfig ?? '';
    const tier = 'topics vs TopicCommand (SASL_SSL)';
    await expectParity(kafka1, { tier, tool: 'topics', name: '--create over SASL_SSL', args: (n) => ['--bootstrap-server', bs, '--command-config', cfg, '--create', '--topic', n('secure'), '--partitions', '2'] });
    await expectParity(kafka1, { tier, tool: 'topics', name: '--describe over SASL_SSL', normalise: norm.topicIds, args: (n) => ['--bootstrap-server', bs, '--command-config', cfg, '--describe', '--topic', n('secure')] });
    await expectParity(kafka1, { tier, tool: 'topics', name: '--list over SASL_SSL', args: () => ['--bootstrap-server', bs, '--command-config', cfg, '--list'] });
  });

  it("a wrong password: Kafka's own error_message, on one line, exit 3, the password nowhere", async () => {
    const bs = kafka1.saslBootstrap ?? '';
    const wrong = path.join(path.dirname(kafka1.saslClientConfig ?? ''), 'client-sasl-wrong.properties');
    fs.writeFileSync(wrong, fs.readFileSync(kafka1.saslClientConfig ?? '', 'utf8').replace(/password="[^"]*"/, 'password="not-the-password"'));
    const message = 'Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512';
    const k = await runKafkaTool(kafka1, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', bs, '--command-config', wrong, '--list']);
    expect(k).toMatchObject({ exitCode: 1, stdout: `Error while executing topic command : ${message}\n` });
    const t = await runCli(['topics', '--bootstrap-server', bs, '--command-config', wrong, '--list']);
    expect(t).toMatchObject({ exitCode: 3, stdout: '', stderr: `tkafka: SASL authentication with ${bs} failed: ${message}\n` });
  });
});
