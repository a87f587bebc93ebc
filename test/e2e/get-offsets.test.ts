import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// bin/tkafka.js get-offsets against our broker: kafka-get-offsets.sh's lines, its sort order
// ("topic-partition" as a string), the --time specs, the filters, Kafka's errors and -o json.

const T0 = 1_700_000_000_000;
let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker();
  const kafka = new Kafka({ brokers: [b.bootstrap], clientId: 'get-offsets-e2e', logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  const producer = kafka.producer({ allowAutoTopicCreation: false });
  await Promise.all([admin.connect(), producer.connect()]);
  await admin.createTopics({ topics: [{ topic: 'go-a', numPartitions: 3 }, { topic: 'go-b', numPartitions: 12 }] });
  // go-a-0: timestamps T0, T0+2s, T0+1s; go-a-1 empty; go-a-2: T0+5s.
  await producer.send({ topic: 'go-a', messages: [0, 2000, 1000].map((d, i) => ({ partition: 0, value: `v${i}`, timestamp: String(T0 + d) })) });
  await producer.send({ topic: 'go-a', messages: [{ partition: 2, value: 'w', timestamp: String(T0 + 5000) }] });
  await Promise.all([admin.disconnect(), producer.disconnect()]);
});

afterAll(async () => {
  await b.dispose();
});

const go = (...args: string[]): Promise<CliResult> => runCli(['get-offsets', '--bootstrap-server', b.bootstrap, ...args]);
const out = (r: CliResult): unknown => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });
const ok = (stdout: string): unknown => ({ stdout, stderr: '', exitCode: 0 });

describe('tkafka get-offsets', () => {
  it('prints topic:partition:offset for each --time spec', async () => {
    expect(out(await go('--topic', 'go-a'))).toEqual(ok('go-a:0:3\ngo-a:1:0\ngo-a:2:1\n'));
    expect(out(await go('--topic', 'go-a', '--time', '-1'))).toEqual(ok('go-a:0:3\ngo-a:1:0\ngo-a:2:1\n'));
    expect(out(await go('--topic', 'go-a', '--time', 'earliest'))).toEqual(ok('go-a:0:0\ngo-a:1:0\ngo-a:2:0\n'));
    expect(out(await go('--topic', 'go-a', '--time', 'earliest-local'))).toEqual(ok('go-a:0:0\ngo-a:1:0\ngo-a:2:0\n'));
    // The record with the largest timestamp; an empty partition has none and is left out.
    expect(out(await go('--topic', 'go-a', '--time', 'max-timestamp'))).toEqual(ok('go-a:0:1\ngo-a:2:0\n'));
    expect(out(await go('--topic', 'go-a', '--time', '-5'))).toEqual(ok(''));
    // The first offset whose timestamp is at or after the time.
    expect(out(await go('--topic', 'go-a', '--time', String(T0 + 1000)))).toEqual(ok('go-a:0:1\ngo-a:2:0\n'));
    expect(out(await go('--topic', 'go-a', '--time', String(T0 + 6000)))).toEqual(ok(''));
  });

  it('filters with --topic/--partitions and --topic-partitions, sorted as Kafka sorts', async () => {
    expect(out(await go('--topic', 'go-b', '--partitions', '1,2,10'))).toEqual(ok('go-b:1:0\ngo-b:10:0\ngo-b:2:0\n'));
    expect(out(await go('--topic-partitions', 'go-a:1-,go-b:-2,go-b:11'))).toEqual(ok('go-a:1:0\ngo-a:2:1\ngo-b:0:0\ngo-b:1:0\ngo-b:11:0\n'));
    expect(out(await go('--topic-partitions', 'go-a:0-2'))).toEqual(ok('go-a:0:3\ngo-a:1:0\n'));
    expect(out(await go('--topic', 'go-.', '--partitions', '2'))).toEqual(ok('go-a:2:1\ngo-b:2:0\n'));
  });

  it('answers Kafka\'s errors', async () => {
    expect(out(await go('--topic', 'nothing'))).toEqual({ stdout: '', stderr: 'Error occurred: Could not match any topic-partitions with the specified filters\n', exitCode: 1 });
    expect(out(await go('--topic', '__.*', '--exclude-internal-topics'))).toEqual({
      stdout: '',
      stderr: 'Error occurred: Could not match any topic-partitions with the specified filters\n',
      exitCode: 1,
    });
    expect(out(await go('--topic', '['))).toEqual({ stdout: '', stderr: 'Error occurred: [ is an invalid regex.\n', exitCode: 1 });
    const malformed = await go('--time', 'soon');
    expect([malformed.exitCode, malformed.stdout, malformed.stderr.split('\n')[0]]).toEqual([
      2,
      '',
      'tkafka: Malformed time argument soon. Please use -1 or latest / -2 or earliest / -3 or max-timestamp / -4 or earliest-local / -5 or latest-tiered / -6 or earliest-pending-upload, or a specified long format timestamp',
    ]);
    const both = await go('--topic-partitions', 'go-a', '--topic', 'go-a');
    expect([both.exitCode, both.stderr.split('\n')[0]]).toEqual([2, 'tkafka: --topic-partitions cannot be used with --topic or --partitions']);
    const parts = await go('--partitions', 'a,1');
    expect([parts.exitCode, parts.stderr.split('\n')[0]]).toEqual([2, 'tkafka: --partitions expects a comma separated list of numeric partition ids, but received: a,1']);
    const rule = await go('--topic-partitions', 'go-a:x');
    expect([rule.exitCode, rule.stderr.split('\n')[0]]).toEqual([2, 'tkafka: Invalid rule specification: go-a:x']);
  });

  it('-o json', async () => {
    const r = await go('--topic', 'go-a', '--time', 'max-timestamp', '-o', 'json');
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      offsets: [
        { topic: 'go-a', partition: 0, offset: 1 },
        { topic: 'go-a', partition: 2, offset: 0 },
      ],
      skipped: [],
    });
  });
});
