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
