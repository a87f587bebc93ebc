import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { listenerPort, startTestBroker, type TestBroker } from '../helpers/broker.js';
import { writeClientConfig } from '../helpers/client-config.js';

// tkafka configs (kafka-configs.sh) against our broker through bin/tkafka.js: SCRAM users created,
// described and deleted with it and then used to log in over SASL_PLAINTEXT, and Kafka's messages
// for bad command lines, byte for byte.

let b: TestBroker;
let plain: string;
let sasl: string;
let dir: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-configs-'));
  b = await startTestBroker({
    config: {
      listeners: 'PLAINTEXT://127.0.0.1:0,SASL_PLAINTEXT://127.0.0.1:0',
      'sasl.enabled.mechanisms': 'SCRAM-SHA-256,SCRAM-SHA-512',
      'offsets.topic.num.partitions': '1',
    },
  });
  plain = `127.0.0.1:${listenerPort(b, 'PLAINTEXT')}`;
  sasl = `127.0.0.1:${listenerPort(b, 'SASL_PLAINTEXT')}`;
});

afterAll(async () => {
  await b.dispose();
  fs.rmSync(dir, { recursive: true, force: true });
});

const configs = (...args: string[]): ReturnType<typeof runCli> => runCli(['configs', '--bootstrap-server', plain, ...args]);

function scramProps(name: string, user: string, password: string, mechanism: string): string {
  return writeClientConfig(path.join(dir, `${name}.properties`), [
    'security.protocol=SASL_PLAINTEXT',
    `sasl.mechanism=${mechanism}`,
    `sasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="${user}" password="${password}";`,
  ]);
}

describe('users: SCRAM credentials', () => {
  it('creates a user that then logs in, describes it, and deleting a mechanism refuses that login', async () => {
    expect(await configs('--alter', '--entity-type', 'users', '--entity-name', 'alice', '--add-config', 'SCRAM-SHA-256=[iterations=8192,password=alice-secret]')).toMatchObject({
      exitCode: 0,
      stdout: 'Completed updating config for user alice.\n',
      stderr: '',
    });
    expect(await configs('--alter', '--user', 'alice', '--add-config', 'SCRAM-SHA-512=[password=alice-secret]')).toMatchObject({ exitCode: 0, stdout: 'Completed updating config for user alice.\n', stderr: '' });
    expect(await configs('--describe', '--entity-type', 'users', '--entity-name', 'alice')).toMatchObject({
      exitCode: 0,
      stdout: "SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192, SCRAM-SHA-512=iterations=4096\n",
      stderr: '',
    });
    // A user without credentials is left out, as Kafka's DescribeUserScramCredentialsResult.users().
    expect(await configs('--describe', '--entity-type', 'users', '--entity-name', 'nobody')).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });

    const topic = 'configs-scram';
    expect(await runCli(['topics', '--bootstrap-server', plain, '--create', '--topic', topic, '--partitions', '1'])).toMatchObject({ exitCode: 0 });
    for (const mechanism of ['SCRAM-SHA-256', 'SCRAM-SHA-512']) {
      const cc = scramProps(`alice-${mechanism}`, 'alice', 'alice-secret', mechanism);
      expect(await runCli(['console-producer', '--bootstrap-server', sasl, '--command-config', cc, '--topic', topic], { input: `via ${mechanism}\n` })).toMatchObject({ exitCode: 0, stdout: '', stderr: '' });
    }
    const consumed = await runCli(['console-consumer', '--bootstrap-server', sasl, '--command-config', scramProps('alice-c', 'alice', 'alice-secret', 'SCRAM-SHA-256'), '--topic', topic, '--from-beginning', '--max-messages', '2']);
    expect(consumed).toMatchObject({ exitCode: 0, stdout: 'via SCRAM-SHA-256\nvia SCRAM-SHA-512\n', stderr: 'Processed a total of 2 messages\n' });

    const wrong = await runCli(['console-producer', '--bootstrap-server', sasl, '--command-config', scramProps('alice-wrong', 'alice', 'not-it', 'SCRAM-SHA-256'), '--topic', topic], { input: 'x\n' });
    expect(wrong).toMatchObject({ exitCode: 3, stdout: '', stderr: `tkafka: SASL authentication with ${sasl} failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-256\n` });

    expect(await configs('--alter', '--entity-type', 'users', '--entity-name', 'alice', '--delete-config', 'SCRAM-SHA-512')).toMatchObject({ exitCode: 0, stdout: 'Completed updating config for user alice.\n', stderr: '' });
    expect(await configs('--describe', '--entity-type', 'users')).toMatchObject({ exitCode: 0, stdout: "SCRAM credential configs for user-principal 'alice' are SCRAM-SHA-256=iterations=8192\n", stderr: '' });
    const gone = await runCli(['console-producer', '--bootstrap-server', sasl, '--command-config', scramProps('alice-512', 'alice', 'alice-secret', 'SCRAM-SHA-512'), '--topic', topic], { input: 'x\n' });
    expect(gone).toMatchObject({ exitCode: 3, stdout: '', stderr: `tkafka: SASL authentication with ${sasl} failed: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512\n` });

    const json = await configs('--describe', '--entity-type', 'users', '--entity-name', 'alice', '-o', 'json');
    expect(json.exitCode).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({ quotas: [], scram: [{ user: 'alice', credentials: [{ mechanism: 'SCRAM-SHA-256', iterations: 8192 }] }] });
  });

  it("refuses what Kafka refuses, with Kafka's messages", async () => {
    const fails = async (args: string[], stderr: string, exitCode = 1): Promise<void> => {
      expect(await configs(...args)).toMatchObject({ exitCode, stdout: '', stderr });
    };
    const alter = ['--alter', '--entity-type', 'users', '--entity-name', 'bob'];
    await fails([...alter, '--add-config', 'SCRAM-SHA-256=[iterations=100,password=x]'], 'tkafka: Iterations 100 is less than the minimum 4096 required for SCRAM-SHA-256\n');
    await fails([...alter, '--add-config', 'SCRAM-SHA-256=[iterations=x,password=x]'], 'tkafka: Invalid credential property SCRAM_SHA_256=iterations=x,password=x\n');
    await fails([...alter, '--add-config', 'foo=1,bar=2,SCRAM-SHA-256=[password=x]'], "tkafka: Only quota and SCRAM credential configs can be added for 'users' using --bootstrap-server. Unexpected config names: bar,foo\n");
    await fails([...alter, '--add-config', 'a'], 'tkafka: Invalid entity config: all configs to be added must be in the format "key=val" or  "key=[val1,val2]" to group values which contain commas.\n');
    await fails(['--alter', '--entity-type', 'users', '--entity-default', '--add-config', 'SCRAM-SHA-256=[password=x]'], 'tkafka: The use of --entity-default or --user-defaults is not allowed with User SCRAM Credentials using --bootstrap-server.\n');
    // Kafka (and our broker) refuse two alterations of one user in one request.
    await fails([...alter, '--add-config', 'SCRAM-SHA-256=[password=x],SCRAM-SHA-512=[password=x]'], 'tkafka: org.apache.kafka.common.errors.DuplicateResourceException: A user credential cannot be altered twice in the same request\n');
    await fails([...alter, '--delete-config', 'SCRAM-SHA-256'], 'tkafka: org.apache.kafka.common.errors.ResourceNotFoundException: Attempt to delete a user credential that does not exist\n');
    const hint = "Run 'tkafka configs --help' for usage.\n";
    await fails(alter, `tkafka: At least one of --add-config, --add-config-file, or --delete-config must be specified with --alter\n${hint}`, 2);
    await fails(['--describe', '--alter', '--entity-type', 'users'], `tkafka: Command must include exactly one action: --describe, --alter\n${hint}`, 2);
    await fails(['--entity-type', 'users'], `tkafka: Command must include exactly one action: --describe, --alter\n${hint}`, 2);
    await fails(['--describe', '--entity-type', 'users', '--entity-type', 'users'], `tkafka: Duplicate entity type(s) specified: users\n${hint}`, 2);
    await fails(['--describe', '--entity-type', 'hosts'], `tkafka: Invalid entity type hosts, the entity type must be one of broker-loggers, topics, clients, users, brokers, ips, client-metrics, groups with a --bootstrap-server or --bootstrap-controller argument\n${hint}`, 2);
    await fails(['--describe', '--entity-type', 'users', '--entity-type', 'topics'], `tkafka: Only 'users' and 'clients' entity types may be specified together\n${hint}`, 2);
    await fails(['--describe', '--entity-type', 'users', '--user', 'a'], `tkafka: Duplicate entity type(s) specified: users\n${hint}`, 2);
    await fails(['--describe', '--entity-type', 'topics', '--client', 'a'], `tkafka: Only 'users' and 'clients' entity types may be specified together\n${hint}`, 2);
    await fails(['--describe', '--entity-type', 'users', '--entity-name', 'a', '--client', 'c'], `tkafka: --entity-{type,name,default} should not be used in conjunction with specific entity flags\n${hint}`, 2);
  });
});

describe('topics', () => {
  it('alters and describes dynamic topic configs, from --add-config and --add-config-file', async () => {
    const topic = 'configs-topic';
    expect(await runCli(['topics', '--bootstrap-server', plain, '--create', '--topic', topic])).toMatchObject({ exitCode: 0 });
    expect(await configs('--describe', '--topic', topic)).toMatchObject({ exitCode: 0, stdout: `Dynamic configs for topic ${topic} are:\n`, stderr: '' });
    expect(await configs('--alter', '--entity-type', 'topics', '--entity-name', topic, '--add-config', 'retention.ms=86400000,cleanup.policy=[compact,delete]')).toMatchObject({
      exitCode: 0,
      stdout: `Completed updating config for topic ${topic}.\n`,
      stderr: '',
    });
    const file = path.join(dir, 'add.properties');
    fs.writeFileSync(file, '# more\nsegment.bytes = 1048576\n');
    expect(await configs('--alter', '--topic', topic, '--add-config-file', file)).toMatchObject({ exitCode: 0, stdout: `Completed updating config for topic ${topic}.\n` });
    expect(await configs('--describe', '--entity-type', 'topics', '--entity-name', topic)).toMatchObject({
      exitCode: 0,
      stdout: [
        `Dynamic configs for topic ${topic} are:`,
        '  cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}',
        '  retention.ms=86400000 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:retention.ms=86400000}',
        '  segment.bytes=1048576 sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:segment.bytes=1048576, DEFAULT_CONFIG:log.segment.bytes=1073741824}',
        '',
      ].join('\n'),
      stderr: '',
    });
    // Kafka 4.4 does not read the configs before deleting: an unset one is a no-op.
    expect(await configs('--alter', '--topic', topic, '--delete-config', 'retention.ms,segment.ms', '--delete-config', 'segment.bytes')).toMatchObject({ exitCode: 0, stdout: `Completed updating config for topic ${topic}.\n` });
    const all = await configs('--describe', '--topic', topic, '--all');
    expect(all.exitCode).toBe(0);
    const lines = all.stdout.split('\n');
    expect(lines[0]).toBe(`All configs for topic ${topic} are:`);
    expect(lines).toContain('  cleanup.policy=compact,delete sensitive=false synonyms={DYNAMIC_TOPIC_CONFIG:cleanup.policy=compact,delete, DEFAULT_CONFIG:log.cleanup.policy=delete}');
    expect(lines).toContain('  retention.ms=604800000 sensitive=false synonyms={}');
    const names = lines.slice(1, -1).map((l) => l.slice(2, l.indexOf('=')));
    expect(names).toEqual([...names].sort());

    const json = await configs('--describe', '--topic', topic, '-o', 'json');
    expect(JSON.parse(json.stdout)).toEqual({
      entities: [
        {
          entityType: 'topics',
          entityName: topic,
          configs: [
            {
              name: 'cleanup.policy',
              value: 'compact,delete',
              source: 'DYNAMIC_TOPIC_CONFIG',
              sensitive: false,
              readOnly: false,
              synonyms: [
                { name: 'cleanup.policy', value: 'compact,delete', source: 'DYNAMIC_TOPIC_CONFIG' },
                { name: 'log.cleanup.policy', value: 'delete', source: 'DEFAULT_CONFIG' },
              ],
            },
          ],
        },
      ],
    });
  });

  it("answers Kafka's way for missing topics and bad configs", async () => {
    expect(await configs('--describe', '--topic', 'configs-nope')).toMatchObject({ exitCode: 0, stdout: "The topic 'configs-nope' doesn't exist and doesn't have dynamic config.\n", stderr: '' });
    expect(await configs('--describe', '--topic', 'a b')).toMatchObject({
      exitCode: 1,
      stdout: '',
      stderr: "tkafka: Topic name is invalid: 'a b' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'\n",
    });
    expect(await configs('--alter', '--topic', 'configs-nope', '--add-config', 'retention.ms=1')).toMatchObject({ exitCode: 1, stdout: '', stderr: expect.stringMatching(/^tkafka: org\.apache\.kafka\.common\.errors\.UnknownTopicOrPartitionException: .+\n$/) as unknown });
    expect(await runCli(['topics', '--bootstrap-server', plain, '--create', '--topic', 'configs-bad'])).toMatchObject({ exitCode: 0 });
    expect(await configs('--alter', '--topic', 'configs-bad', '--add-config', 'foo.bar=1')).toMatchObject({ exitCode: 1, stderr: 'tkafka: org.apache.kafka.common.errors.InvalidConfigurationException: Unknown topic config name: foo.bar\n' });
    expect(await configs('--alter', '--topic', 'configs-bad', '--add-config', 'retention.ms=abc')).toMatchObject({
      exitCode: 1,
      stderr: 'tkafka: org.apache.kafka.common.errors.InvalidConfigurationException: Invalid value abc for configuration retention.ms: Not a number of type LONG\n',
    });
    expect(await configs('--alter', '--topic', 'configs-bad', '--add-config', 'a b=1')).toMatchObject({ exitCode: 1, stderr: 'tkafka: Invalid character found for config key: a b\n' });
    const hint = "Run 'tkafka configs --help' for usage.\n";
    expect(await configs('--alter', '--topic', 'configs-bad', '--add-config', 'a=1', '--add-config-file', 'x')).toMatchObject({ exitCode: 2, stderr: `tkafka: Only one of --add-config or --add-config-file must be specified\n${hint}` });
    expect(await configs('--describe', '--entity-type', 'topics', '--entity-default')).toMatchObject({ exitCode: 2, stderr: `tkafka: --entity-default must not be specified with --describe of topics\n${hint}` });
    expect(await configs('--alter', '--entity-type', 'topics', '--add-config', 'a=1')).toMatchObject({ exitCode: 2, stderr: `tkafka: An entity name must be specified with --alter of topics\n${hint}` });
  });
});

describe('brokers and broker loggers', () => {
  it('describes broker 1, the cluster default and the loggers', async () => {
    expect(await configs('--describe', '--entity-type', 'brokers', '--entity-name', '1')).toMatchObject({ exitCode: 0, stdout: 'Dynamic configs for broker 1 are:\n', stderr: '' });
    expect(await configs('--describe', '--entity-type', 'brokers', '--entity-default')).toMatchObject({ exitCode: 0, stdout: 'Default configs for brokers in the cluster are:\n', stderr: '' });
    expect(await configs('--describe', '--broker-defaults')).toMatchObject({ exitCode: 0, stdout: 'Default configs for brokers in the cluster are:\n', stderr: '' });
    expect(await configs('--describe', '--entity-type', 'brokers')).toMatchObject({ exitCode: 0, stdout: 'Dynamic configs for broker 1 are:\nDefault configs for brokers in the cluster are:\n', stderr: '' });
    expect(await configs('--describe', '--broker', '7')).toMatchObject({ exitCode: 0, stdout: "The broker '7' doesn't exist and doesn't have dynamic config.\n", stderr: '' });
    const loggers = await configs('--describe', '--broker-logger', '1');
    expect(loggers).toMatchObject({ exitCode: 0, stderr: '' });
    expect(loggers.stdout.split('\n')[0]).toBe('Dynamic configs for broker-logger 1 are:');
    expect(loggers.stdout).toContain('\n  root=');
    const hint = "Run 'tkafka configs --help' for usage.\n";
    expect(await configs('--describe', '--broker', 'one')).toMatchObject({ exitCode: 2, stderr: `tkafka: The entity name for brokers must be a valid integer broker id, but it is: one\n${hint}` });
    expect(await configs('--describe', '--entity-type', 'broker-loggers')).toMatchObject({ exitCode: 2, stderr: `tkafka: An entity name must be specified with --describe of broker-loggers\n${hint}` });
    expect(await configs('--alter', '--broker-logger', '1', '--add-config', 'no.such.Logger=DEBUG')).toMatchObject({ exitCode: 1, stderr: 'tkafka: Invalid broker logger(s): no.such.Logger\n' });
  });
});

describe('quotas', () => {
  it('alters and describes user, client, user+client, default and ip quotas', async () => {
    const ok = async (args: string[], stdout: string): Promise<void> => {
      expect(await configs(...args)).toMatchObject({ exitCode: 0, stdout, stderr: '' });
    };
    await ok(['--alter', '--user', 'qu', '--add-config', 'producer_byte_rate=1048576,consumer_byte_rate=20000000,request_percentage=50.5'], 'Completed updating config for user qu.\n');
    await ok(['--alter', '--entity-type', 'users', '--entity-name', 'qu', '--entity-type', 'clients', '--entity-name', 'qc', '--add-config', 'producer_byte_rate=1024'], 'Completed updating config for user qu.\n');
    await ok(['--alter', '--client-defaults', '--add-config', 'consumer_byte_rate=2048'], 'Completed updating default config for clients in the cluster.\n');
    await ok(['--alter', '--ip', '10.1.2.3', '--add-config', 'connection_creation_rate=10'], 'Completed updating config for ip 10.1.2.3.\n');
    await ok(['--alter', '--ip-defaults', '--add-config', 'connection_creation_rate=100'], 'Completed updating default config for ips in the cluster.\n');
    // Kafka's HashMap order and Double.toString.
    await ok(['--describe', '--user', 'qu'], "Quota configs for user-principal 'qu' are consumer_byte_rate=2.0E7, request_percentage=50.5, producer_byte_rate=1048576.0\n");
    await ok(['--describe', '--user', 'qu', '--client', 'qc'], "Quota configs for user-principal 'qu', client-id 'qc' are producer_byte_rate=1024.0\n");
    await ok(['--describe', '--entity-type', 'users', '--entity-type', 'clients'], "Quota configs for user-principal 'qu', client-id 'qc' are producer_byte_rate=1024.0\n");
    await ok(['--describe', '--client-defaults'], 'Quota configs for the default client-id are consumer_byte_rate=2048.0\n');
    await ok(['--describe', '--entity-type', 'ips'], "Quota configs for ip '10.1.2.3' are connection_creation_rate=10.0\nQuota configs for the default ip are connection_creation_rate=100.0\n");
    await ok(['--alter', '--user', 'qu', '--delete-config', 'request_percentage'], 'Completed updating config for user qu.\n');
    await ok(['--describe', '--user', 'qu'], "Quota configs for user-principal 'qu' are consumer_byte_rate=2.0E7, producer_byte_rate=1048576.0\n");
    const json = await configs('--describe', '--user-defaults', '-o', 'json');
    expect(JSON.parse(json.stdout)).toEqual({ quotas: [] });

    const fails = async (args: string[], stderr: string): Promise<void> => {
      expect(await configs(...args)).toMatchObject({ exitCode: 1, stdout: '', stderr });
    };
    await fails(['--alter', '--user', 'qu', '--delete-config', 'controller_mutation_rate'], 'tkafka: Invalid config(s): controller_mutation_rate\n');
    await fails(['--alter', '--user', 'qu', '--add-config', 'producer_byte_rate=abc'], 'tkafka: Cannot parse quota configuration value for producer_byte_rate: abc\n');
    await fails(['--alter', '--ip', '10.1.2.3', '--add-config', 'producer_byte_rate=1'], "tkafka: Only connection quota configs can be added for 'ips' using --bootstrap-server. Unexpected config names: producer_byte_rate\n");
    await fails(['--alter', '--client', 'qc', '--add-config', 'SCRAM-SHA-256=[password=x],foo=1'], "tkafka: Only quota configs can be added for 'clients' using --bootstrap-server. Unexpected config names: SCRAM-SHA-256,foo\n");
    await fails(['--alter', '--user', 'qu', '--add-config', 'SCRAM-SHA-256=[password=x],producer_byte_rate=1'], "tkafka: Cannot alter both quota and SCRAM credential configs simultaneously for 'users' using --bootstrap-server.\n");
  });
});

describe('dynamic broker configs', () => {
  it('alters and describes broker 1 and the cluster-wide default', async () => {
    const ok = async (args: string[], stdout: string): Promise<void> => {
      expect(await configs(...args)).toMatchObject({ exitCode: 0, stdout, stderr: '' });
    };
    await ok(['--alter', '--entity-type', 'brokers', '--entity-default', '--add-config', 'log.cleaner.threads=2'], 'Completed updating default config for brokers in the cluster.\n');
    await ok(['--alter', '--broker', '1', '--add-config', 'message.max.bytes=2000000'], 'Completed updating config for broker 1.\n');
    await ok(['--describe', '--broker', '1'], 'Dynamic configs for broker 1 are:\n  message.max.bytes=2000000 sensitive=false synonyms={DYNAMIC_BROKER_CONFIG:message.max.bytes=2000000, DEFAULT_CONFIG:message.max.bytes=1048588}\n');
    await ok(['--describe', '--broker-defaults'], 'Default configs for brokers in the cluster are:\n  log.cleaner.threads=2 sensitive=false synonyms={DYNAMIC_DEFAULT_BROKER_CONFIG:log.cleaner.threads=2}\n');
    await ok(['--alter', '--broker', '1', '--delete-config', 'message.max.bytes'], 'Completed updating config for broker 1.\n');
    await ok(['--alter', '--broker-defaults', '--delete-config', 'log.cleaner.threads'], 'Completed updating default config for brokers in the cluster.\n');
    await ok(['--describe', '--entity-type', 'brokers'], 'Dynamic configs for broker 1 are:\nDefault configs for brokers in the cluster are:\n');
  });
});
