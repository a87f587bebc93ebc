// The CLI against Apache Kafka 3.9 (the last 3.x release), side by side with Kafka 4's own tools on it:
// a broker of the previous generation answers older API versions (no KIP-848 defaults, older
// DescribeTopicPartitions and group APIs), and tkafka must read it as Kafka's current tools do.
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { KAFKA_3, runKafkaTool, startKafka, stopKafka, type KafkaClusterInfo } from './kafka-ref.js';
import { logParity } from './parity-table.js';
import { expectParity, norm, type Scenario } from './parity.js';

const kafka1 = inject('kafka1');
let k39: KafkaClusterInfo;

beforeAll(async () => {
  k39 = await startKafka({ version: KAFKA_3, nodes: 1, dir: `${inject('refRunDir')}/kafka39` });
  logParity({ tier: `Apache Kafka ${KAFKA_3}`, scenario: `one KRaft node ready in ${(k39.readyMs / 1000).toFixed(1)} s, RSS ${(k39.rssKb / 1024).toFixed(0)} MiB`, result: 'passes' });
  const r = await runKafkaTool(k39, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', k39.bootstrap, '--create', '--topic', 'old', '--partitions', '3']);
  expect(r.exitCode).toBe(0);
});

afterAll(() => {
  if (k39 !== undefined) stopKafka(k39);
});

describe(`tkafka against Apache Kafka ${KAFKA_3}, compared with Kafka 4's tools`, () => {
  // Kafka 4's tools (the generation tkafka follows) run from the 4.x jars against the 3.9 broker.
  const tools = (): Pick<KafkaClusterInfo, 'lib' | 'toolJvmArgs'> => kafka1;
  const run = (s: Omit<Scenario, 'tier' | 'args'> & { args: (n: (b: string) => string) => string[] }): Promise<unknown> =>
    expectParity(tools(), { tier: `Kafka 4.4 tools vs tkafka on Kafka ${KAFKA_3}`, ...s, args: (n) => ['--bootstrap-server', k39.bootstrap, ...s.args(n)] });

  it('topics --create, --describe, --list', async () => {
    await run({ tool: 'topics', name: 'topics --create', args: (n) => ['--create', '--topic', n('made'), '--partitions', '2', '--config', 'retention.ms=60000'] });
    await run({ tool: 'topics', name: 'topics --describe', normalise: norm.topicIds, args: () => ['--describe', '--topic', 'old'] });
    await run({ tool: 'topics', name: 'topics --list', args: () => ['--list'] });
  });

  it('console-producer then console-consumer with keys', async () => {
    const input = 'a:1\nb:2\nc:3\n';
    // Topics made first: on auto-creation Kafka's producer logs a metadata WARN that only timing decides.
    for (const side of ['k', 't']) expect((await runKafkaTool(k39, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', k39.bootstrap, '--create', '--topic', `kv-${side}`, '--partitions', '3'])).exitCode).toBe(0);
    await run({ tool: 'console-producer', name: 'console-producer parse.key', input, args: (n) => ['--topic', n('kv'), '--reader-property', 'parse.key=true', '--reader-property', 'key.separator=:'] });
    await run({
      tool: 'console-consumer',
      name: 'console-consumer --from-beginning print.key print.partition',
      args: (n) => ['--topic', n('kv'), '--from-beginning', '--max-messages', '3', '--formatter-property', 'print.key=true', '--formatter-property', 'print.partition=true'],
      normalise: (s) => s.split('\n').sort().join('\n'),
      deviations: ['kip848-notice'],
    });
  });

  it('consumer-groups --describe of a group with committed offsets', async () => {
    for (const side of ['k', 't']) {
      const r = await runCli(['console-consumer', '--bootstrap-server', k39.bootstrap, '--topic', `kv-${side}`, '--group', `g39-${side}`, '--from-beginning', '--max-messages', '3']);
      expect(r.exitCode).toBe(0);
    }
    await run({ tool: 'consumer-groups', name: 'consumer-groups --describe (no members)', deviations: [], args: (n) => ['--describe', '--group', n('g39')] });
    await run({ tool: 'consumer-groups', name: 'consumer-groups --list', args: () => ['--list'] });
  });
});
