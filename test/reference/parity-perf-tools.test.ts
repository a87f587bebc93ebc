// The perf and verifiable tools side by side with Kafka's own (ProducerPerformance,
// ConsumerPerformance, EndToEndLatency, VerifiableProducer, VerifiableConsumer) on the single
// Apache Kafka 4.4 node: the same arguments, outputs compared after figures and timestamps are
// normalised, and verifiable-producer's records read back identically from both topics.
import { describe, expect, inject, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { runKafkaTool } from './kafka-ref.js';
import { logParity } from './parity-table.js';

const kafka1 = inject('kafka1');
const TIER = 'perf tools vs Kafka 4.4 tools (1 node)';
const bs = kafka1.bootstrap;

/** Figures become N, timestamps and dates T: what is left is the shape of each line. */
function shape(stdout: string): string[] {
  return stdout
    .split('\n')
    .filter((l) => l !== '' && !/\bWARN\b|^\[/.test(l))
    .map((l) =>
      l
        .replace(/"timestamp":\d+/g, '"timestamp":T')
        .replace(/\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}:\d{3}/g, 'T')
        .replace(/"avg_throughput":[\d.E-]+/g, '"avg_throughput":N')
        .replace(/\d+(\.\d+)?(E-?\d+)?/g, 'N'),
    );
}

async function both(scenario: string, kafkaClass: string, kafkaArgs: (topic: string) => string[], ourArgs: (topic: string) => string[], topic: string, normalise = shape): Promise<{ k: string[]; t: string[] }> {
  const k = await runKafkaTool(kafka1, kafkaClass, kafkaArgs(`${topic}-k`));
  const t = await runCli(ourArgs(`${topic}-t`));
  expect(k.exitCode).toBe(0);
  expect({ exitCode: t.exitCode, stderr: t.stderr }).toEqual({ exitCode: 0, stderr: '' });
  // The sides use their own topics and groups: name them alike before comparing.
  const kn = normalise(k.stdout.replaceAll(/(par)-k\b/g, '$1-S'));
  const tn = normalise(t.stdout.replaceAll(/(par)-t\b/g, '$1-S'));
  logParity({ tier: TIER, scenario, result: JSON.stringify(kn) === JSON.stringify(tn) ? 'normalised-identical' : 'differs' });
  return { k: kn, t: tn };
}

describe('perf tools against Apache Kafka 4.4', () => {
  it('producer-perf-test: the total line (and the warm-up lines) have the same shape', async () => {
    const args = (topic: string): string[] => ['--bootstrap-server', bs, '--topic', topic, '--num-records', '300', '--record-size', '100', '--throughput', '-1', '--warmup-records', '10'];
    const r = await both('producer-perf-test --record-size 100 --warmup-records 10', 'org.apache.kafka.tools.ProducerPerformance', args, (t) => ['producer-perf-test', ...args(t)], 'ppt-par', (s) => shape(s).filter((l) => l !== 'In steady state.' && !l.includes('ms avg latency, N ms max latency.')));
    expect(r.t).toEqual(r.k);
  });

  it('producer-perf-test --transactional-id: the same lines; read_committed reads every record of both; both ids CompleteCommit', async () => {
    const args = (topic: string): string[] => ['--bootstrap-server', bs, '--topic', topic, '--num-records', '300', '--payload-monotonic', '--throughput', '1000', '--transactional-id', `${topic}-tx`, '--transaction-duration-ms', '100'];
    const r = await both('producer-perf-test --transactional-id --transaction-duration-ms 100', 'org.apache.kafka.tools.ProducerPerformance', args, (t) => ['producer-perf-test', ...args(t)], 'ppt-txn-par', (s) => shape(s).filter((l) => !l.includes('ms avg latency, N ms max latency.')));
    expect(r.t).toEqual(r.k);
    for (const side of ['k', 't']) {
      const read = await runCli(['console-consumer', '--bootstrap-server', bs, '--topic', `ppt-txn-par-${side}`, '--from-beginning', '--isolation-level', 'read_committed', '--timeout-ms', '5000']);
      expect(read.stdout.split('\n').slice(0, -1).map(Number).sort((a, b) => a - b)).toEqual(Array.from({ length: 300 }, (_, i) => i));
      const k = await runKafkaTool(kafka1, 'org.apache.kafka.tools.TransactionsCommand', ['--bootstrap-server', bs, 'describe', '--transactional-id', `ppt-txn-par-${side}-tx`]);
      const [header, values] = k.stdout.split('\n').map((l) => l.split('\t').map((c) => c.trim()));
      expect(values?.[header?.indexOf('TransactionState') ?? -1]).toBe('CompleteCommit');
    }
    logParity({ tier: TIER, scenario: 'producer-perf-test --transactional-id: read_committed counts, CompleteCommit', result: 'identical' });
  });

  it('verifiable-producer: the same event sequence, and the records read back identically', async () => {
    const args = (topic: string): string[] => ['--bootstrap-server', bs, '--topic', topic, '--max-messages', '20', '--value-prefix', '3', '--repeating-keys', '4'];
    for (const side of ['k', 't']) await runKafkaTool(kafka1, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', bs, '--create', '--topic', `vp-par-${side}`, '--partitions', '1']);
    const r = await both('verifiable-producer --value-prefix 3 --repeating-keys 4', 'org.apache.kafka.tools.VerifiableProducer', args, (t) => ['verifiable-producer', ...args(t)], 'vp-par');
    expect(r.t).toEqual(r.k);
    const read = async (topic: string): Promise<string> => (await runCli(['console-consumer', '--bootstrap-server', bs, '--topic', topic, '--from-beginning', '--max-messages', '20', '--property', 'print.key=true', '--property', 'print.offset=true'])).stdout;
    const kr = await read('vp-par-k');
    expect(kr.split('\n')).toHaveLength(21);
    expect(await read('vp-par-t')).toBe(kr);
    logParity({ tier: TIER, scenario: 'verifiable-producer records read back', result: 'identical' });
  });

  it('verifiable-consumer: the same event sequence on the records verifiable-producer wrote', async () => {
    const args = (topic: string): string[] => ['--bootstrap-server', bs, '--topic', topic.replace(/^vc-par/, 'vp-par'), '--group-id', `${topic}-g`, '--max-messages', '20'];
    const r = await both('verifiable-consumer --max-messages 20', 'org.apache.kafka.tools.VerifiableConsumer', args, (t) => ['verifiable-consumer', ...args(t)], 'vc-par', (s) => {
      // Kafka may split the 20 records over several polls; compare the events without the per-poll ones.
      const lines = shape(s);
      return lines.filter((l) => !l.includes('records_consumed') && !l.includes('offsets_committed'));
    });
    expect(r.t).toEqual(r.k);
  });

  it('verifiable-consumer --group-protocol consumer (KIP-848): the same event sequence on Kafka 4.4', async () => {
    const args = (topic: string): string[] => ['--bootstrap-server', bs, '--topic', topic.replace(/^vc848-par/, 'vp-par'), '--group-id', `${topic}-g`, '--group-protocol', 'consumer', '--max-messages', '20'];
    // Kafka's coordinator sometimes answers the first heartbeat before it has a target assignment, and
    // the Java consumer then reports that empty reconciliation as its own partitions_assigned event
    // (seen once in CI); an empty first assignment followed by the real one is dropped on both sides.
    const r = await both('verifiable-consumer --group-protocol consumer --max-messages 20', 'org.apache.kafka.tools.VerifiableConsumer', args, (t) => ['verifiable-consumer', ...args(t)], 'vc848-par', (s) => {
      const lines = shape(s).filter((l) => !l.includes('records_consumed') && !l.includes('offsets_committed'));
      const empty = '{"timestamp":T,"name":"partitions_assigned","partitions":[]}';
      const i = lines.findIndex((l) => l.includes('"partitions_assigned"'));
      return i >= 0 && lines[i] === empty && lines[i + 1]?.includes('"partitions_assigned"') ? lines.filter((_, j) => j !== i) : lines;
    });
    expect(r.t).toEqual(r.k);
    // Both groups are consumer-protocol groups on Kafka's coordinator, each with all 20 committed.
    const listed = await runCli(['groups', '--bootstrap-server', bs, '--list', '--group-type', 'consumer']);
    expect(listed.stdout.split('\n').filter((l) => /^vc848-par-[kt]-g\s+Consumer\s+consumer\s*$/.test(l))).toHaveLength(2);
    for (const side of ['k', 't']) {
      const d = await runCli(['consumer-groups', '--bootstrap-server', bs, '--describe', '--group', `vc848-par-${side}-g`, '-o', 'json']);
      const rows = (JSON.parse(d.stdout) as { groups: Array<{ partitions: Array<{ partition: number; currentOffset: number | null }> }> }).groups[0]?.partitions ?? [];
      expect(rows.map((x) => [x.partition, x.currentOffset])).toEqual([[0, 20]]);
    }
  });

  it('consumer-perf-test: header and row shapes', async () => {
    const args = (topic: string): string[] => ['--bootstrap-server', bs, '--topic', topic.replace(/^cpt-par/, 'vp-par'), '--num-records', '20', '--group', `${topic}-g`];
    const r = await both('consumer-perf-test --num-records 20', 'org.apache.kafka.tools.ConsumerPerformance', args, (t) => ['consumer-perf-test', ...args(t)], 'cpt-par', (s) => shape(s).filter((l) => l !== 'Starting consumer...'));
    expect(r.t).toEqual(r.k);
  });

  it('e2e-latency: the same lines', async () => {
    const args = (topic: string): string[] => ['--bootstrap-server', bs, '--topic', topic, '--num-records', '50', '--producer-acks', '1', '--record-size', '20'];
    for (const side of ['k', 't']) await runKafkaTool(kafka1, 'org.apache.kafka.tools.TopicCommand', ['--bootstrap-server', bs, '--create', '--topic', `lat-par-${side}`, '--partitions', '1']);
    const r = await both('e2e-latency --num-records 50', 'org.apache.kafka.tools.EndToEndLatency', args, (t) => ['e2e-latency', ...args(t)], 'lat-par');
    expect(r.t).toEqual(r.k);
  });
});
