import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// tkafka client-metrics (kafka-client-metrics.sh) and tkafka configs --entity-type
// groups|client-metrics against our broker through bin/tkafka.js, with Kafka 4.4's output and
// messages byte for byte (test/reference/parity-client-metrics.test.ts compares with Kafka's tools).

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
});

afterAll(async () => {
  await b.dispose();
});

const cm = (...args: string[]): ReturnType<typeof runCli> => runCli(['client-metrics', '--bootstrap-server', b.bootstrap, ...args]);
const configs = (...args: string[]): ReturnType<typeof runCli> => runCli(['configs', '--bootstrap-server', b.bootstrap, ...args]);
const HINT = "Run 'tkafka client-metrics --help' for usage.";

describe('tkafka client-metrics', () => {
  it('alters, lists, describes and deletes a subscription', async () => {
    expect(await cm('--list')).toMatchObject({ exitCode: 0, stdout: '\n', stderr: '' });
    expect(await cm('--describe')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    expect(await cm('--alter', '--name', 'producers', '--metrics', 'org.apache.kafka.producer.', '--metrics', 'org.apache.kafka.consumer.', '--interval', '60000', '--match', 'client_software_name=apache-kafka-java')).toMatchObject({
      exitCode: 0,
      stdout: 'Altered client metrics config for producers.\n',
      stderr: '',
    });
    expect(await cm('--list')).toMatchObject({ exitCode: 0, stdout: 'producers\n' });
    const described =
      'Client metrics configs for producers are:\n  interval.ms=60000\n  match=client_software_name=apache-kafka-java\n  metrics=org.apache.kafka.producer.,org.apache.kafka.consumer.\n';
    expect(await cm('--describe', '--name', 'producers')).toMatchObject({ exitCode: 0, stdout: described, stderr: '' });
    expect(await cm('--describe')).toMatchObject({ exitCode: 0, stdout: described });
    // An empty value removes the key: the interval goes back to its default.
    expect(await cm('--alter', '--name', 'producers', '--interval', '')).toMatchObject({ exitCode: 0, stdout: 'Altered client metrics config for producers.\n' });
    expect((await cm('--describe', '--name', 'producers')).stdout).toContain('  interval.ms=300000\n');
    expect(JSON.parse((await cm('--describe', '--name', 'producers', '-o', 'json')).stdout)).toEqual({
      resources: [{ name: 'producers', configs: { 'interval.ms': '300000', match: 'client_software_name=apache-kafka-java', metrics: 'org.apache.kafka.producer.,org.apache.kafka.consumer.' } }],
    });
    expect(await cm('--describe', '--name', 'nope')).toMatchObject({ exitCode: 0, stdout: "The client metric resource nope doesn't exist and doesn't have dynamic config.\n" });
    expect(await cm('--delete', '--name', 'producers')).toMatchObject({ exitCode: 0, stdout: 'Deleted client metrics config for producers.\n', stderr: '' });
    expect(await cm('--list')).toMatchObject({ exitCode: 0, stdout: '\n' });
  });

  it('--generate-name makes a Kafka Uuid name', async () => {
    const r = await cm('--alter', '--generate-name', '--metrics', '*', '-o', 'json');
    expect(r.exitCode).toBe(0);
    const doc = JSON.parse(r.stdout) as { altered: string; set: Record<string, string>; deleted: string[] };
    expect(doc.altered).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
    expect(doc).toMatchObject({ set: { metrics: '*' }, deleted: [] });
    expect((await cm('--list')).stdout).toBe(`${doc.altered}\n`);
    expect(await cm('--delete', '--name', doc.altered)).toMatchObject({ exitCode: 0 });
  });

  it("prints the broker's refusals as Kafka's tool does, exit 1", async () => {
    expect(await cm('--alter', '--name', 'bad', '--interval', '5')).toMatchObject({
      exitCode: 1,
      stdout: 'Error while executing client metrics command : Invalid value 5 for interval.ms, interval must be between 100 and 3600000 (1 hour)\n',
      stderr: '',
    });
    expect(await cm('--alter', '--name', 'bad', '--match', 'foo=bar')).toMatchObject({ exitCode: 1, stdout: 'Error while executing client metrics command : Illegal client matching pattern: foo=bar\n' });
    expect(await cm('--list')).toMatchObject({ stdout: '\n' });
  });

  it("refuses bad command lines with Kafka's messages, exit 2", async () => {
    const usage = async (args: string[], message: string): Promise<void> => {
      expect(await cm(...args)).toMatchObject({ exitCode: 2, stdout: '', stderr: `tkafka: ${message}\n${HINT}\n` });
    };
    await usage([], 'Command must include exactly one action: --alter, --delete, --describe or --list.');
    await usage(['--list', '--describe'], 'Command must include exactly one action: --alter, --delete, --describe or --list.');
    await usage(['--alter'], 'One of --name or --generate-name must be specified with --alter.');
    await usage(['--alter', '--name', 'a', '--generate-name'], 'One of --name or --generate-name must be specified with --alter.');
    await usage(['--alter', '--name', 'a', '--interval', 'abc'], 'Invalid interval value. Enter an integer, or leave empty to reset.');
    await usage(['--delete'], 'A client metrics resource name must be specified with --delete.');
    await usage(['--list', '--name', 'x'], 'Option "[list]" can\'t be used with option "[name]"');
    await usage(['--describe', '--metrics', 'a'], 'Option "[describe]" can\'t be used with option "[metrics]"');
    await usage(['--delete', '--name', 'a', '--interval', '100'], 'Option "[delete]" can\'t be used with option "[interval]"');
  });
});

describe('tkafka configs --entity-type groups|client-metrics', () => {
  it('alters and describes group configs', async () => {
    expect(await configs('--describe', '--entity-type', 'groups', '--entity-name', 'orders')).toMatchObject({
      exitCode: 0,
      stdout: "The group 'orders' doesn't exist and doesn't have dynamic config.\n",
    });
    expect(await configs('--alter', '--entity-type', 'groups', '--entity-name', 'orders', '--add-config', 'consumer.session.timeout.ms=50000,consumer.heartbeat.interval.ms=6000')).toMatchObject({
      exitCode: 0,
      stdout: 'Completed updating config for group orders.\n',
      stderr: '',
    });
    expect(await configs('--describe', '--group', 'orders')).toMatchObject({
      exitCode: 0,
      stdout:
        'Dynamic configs for group orders are:\n' +
        '  consumer.heartbeat.interval.ms=6000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:consumer.heartbeat.interval.ms=6000, DEFAULT_CONFIG:group.consumer.heartbeat.interval.ms=5000}\n' +
        '  consumer.session.timeout.ms=50000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:consumer.session.timeout.ms=50000, DEFAULT_CONFIG:group.consumer.session.timeout.ms=45000}\n',
      stderr: '',
    });
    const all = await configs('--describe', '--entity-type', 'groups', '--entity-name', 'orders', '--all');
    expect(all.stdout.split('\n').slice(0, 5).join('\n')).toBe(
      'All configs for group orders are:\n' +
        '  consumer.assignment.interval.ms=1000 sensitive=false synonyms={DEFAULT_CONFIG:group.consumer.assignment.interval.ms=1000}\n' +
        '  consumer.heartbeat.interval.ms=6000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:consumer.heartbeat.interval.ms=6000, DEFAULT_CONFIG:group.consumer.heartbeat.interval.ms=5000}\n' +
        '  consumer.session.timeout.ms=50000 sensitive=false synonyms={DYNAMIC_GROUP_CONFIG:consumer.session.timeout.ms=50000, DEFAULT_CONFIG:group.consumer.session.timeout.ms=45000}\n' +
        '  errors.deadletterqueue.copy.record.enable=false sensitive=false synonyms={DEFAULT_CONFIG:errors.deadletterqueue.copy.record.enable=false}',
    );
    expect(all.stdout.split('\n').filter((l) => l.startsWith('  '))).toHaveLength(21);
    expect(await configs('--alter', '--group', 'orders', '--add-config', 'consumer.session.timeout.ms=5000')).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr: 'tkafka: org.apache.kafka.common.errors.InvalidConfigurationException: consumer.session.timeout.ms must be in the range 45000 to 60000 inclusive.\n',
    });
    expect(await configs('--alter', '--group', 'orders', '--add-config', 'foo=1')).toMatchObject({
      exitCode: 1,
      stderr: 'tkafka: org.apache.kafka.common.errors.InvalidConfigurationException: Unknown group config name: foo\n',
    });
    expect(await configs('--alter', '--group', 'orders', '--delete-config', 'consumer.session.timeout.ms,consumer.heartbeat.interval.ms')).toMatchObject({ exitCode: 0 });
    expect(await configs('--describe', '--group', 'orders')).toMatchObject({ stdout: "The group 'orders' doesn't exist and doesn't have dynamic config.\n" });
  });

  it('alters and describes client-metrics configs', async () => {
    expect(await configs('--alter', '--entity-type', 'client-metrics', '--entity-name', 'cm', '--add-config', 'metrics=[a,b],interval.ms=1000')).toMatchObject({
      exitCode: 0,
      stdout: 'Completed updating config for client-metric cm.\n',
    });
    expect(await configs('--describe', '--entity-type', 'client-metrics')).toMatchObject({
      exitCode: 0,
      stdout:
        'Dynamic configs for client-metric cm are:\n' +
        '  interval.ms=1000 sensitive=false synonyms={DYNAMIC_CLIENT_METRICS_CONFIG:interval.ms=1000}\n' +
        '  metrics=a,b sensitive=false synonyms={DYNAMIC_CLIENT_METRICS_CONFIG:metrics=a,b}\n',
    });
    expect(await configs('--describe', '--client-metrics', 'cm', '--all')).toMatchObject({
      exitCode: 0,
      stdout:
        'All configs for client-metric cm are:\n' +
        '  interval.ms=1000 sensitive=false synonyms={DYNAMIC_CLIENT_METRICS_CONFIG:interval.ms=1000}\n' +
        '  match= sensitive=false synonyms={}\n' +
        '  metrics=a,b sensitive=false synonyms={DYNAMIC_CLIENT_METRICS_CONFIG:metrics=a,b}\n',
    });
    expect(await configs('--alter', '--client-metrics', 'cm', '--add-config', 'interval.ms=50')).toMatchObject({
      exitCode: 1,
      stderr: 'tkafka: org.apache.kafka.common.errors.InvalidRequestException: Invalid value 50 for interval.ms, interval must be between 100 and 3600000 (1 hour)\n',
    });
    expect(await configs('--alter', '--client-metrics', 'cm', '--delete-config', 'metrics,interval.ms')).toMatchObject({ exitCode: 0 });
    expect(await configs('--describe', '--client-metrics', 'cm')).toMatchObject({ stdout: "The client-metric 'cm' doesn't exist and doesn't have dynamic config.\n" });
  });
});
