import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js reassign-partitions against our single-node broker (node 1): the only
// assignment one node can hold is [1], so --execute of it starts and completes at once; a broker
// that does not exist is Kafka's "Unknown broker id" error; throttles are set and cleared.

let b: TestBroker;
let dir: string;

beforeAll(async () => {
  b = await startTestBroker();
  dir = mkdtempSync(path.join(tmpdir(), 'tkafka-reassign-'));
  const created = await runCli(['topics', '--bootstrap-server', b.bootstrap, '--create', '--topic', 'moves', '--partitions', '2']);
  expect(created.exitCode).toBe(0);
});

afterAll(async () => {
  await b.dispose();
});

function file(name: string, body: unknown): string {
  const p = path.join(dir, name);
  writeFileSync(p, JSON.stringify(body));
  return p;
}

function reassign(...args: string[]): Promise<CliResult> {
  return runCli(['reassign-partitions', '--bootstrap-server', b.bootstrap, ...args]);
}

const logDir = (): string => b.dataDir;

describe('tkafka reassign-partitions', () => {
  it('generates, executes with a throttle, verifies (clearing throttles) and lists, byte for byte', async () => {
    const topics = file('topics.json', { topics: [{ topic: 'moves' }], version: 1 });
    const gen = await reassign('--generate', '--topics-to-move-json-file', topics, '--broker-list', '1');
    expect(gen.stderr).toBe('');
    expect(gen.stdout).toBe(
      'Current partition replica assignment\n' +
        `{"version":1,"partitions":[{"topic":"moves","partition":0,"replicas":[1],"log_dirs":["${logDir()}"]},{"topic":"moves","partition":1,"replicas":[1],"log_dirs":["${logDir()}"]}]}\n\n` +
        'Proposed partition reassignment configuration\n' +
        '{"version":1,"partitions":[{"topic":"moves","partition":0,"replicas":[1],"log_dirs":["any"]},{"topic":"moves","partition":1,"replicas":[1],"log_dirs":["any"]}]}\n',
    );

    const plan = file('plan.json', { version: 1, partitions: [{ topic: 'moves', partition: 0, replicas: [1] }, { topic: 'moves', partition: 1, replicas: [1] }] });
    const exec = await reassign('--execute', '--reassignment-json-file', plan, '--throttle', '1000000');
    expect({ stdout: exec.stdout, stderr: exec.stderr, exitCode: exec.exitCode }).toEqual({
      stdout:
        'Current partition replica assignment\n\n' +
        `{"version":1,"partitions":[{"topic":"moves","partition":0,"replicas":[1],"log_dirs":["${logDir()}"]},{"topic":"moves","partition":1,"replicas":[1],"log_dirs":["${logDir()}"]}]}\n\n` +
        'Save this to use as the --reassignment-json-file option during rollback\n' +
        'Warning: You must run --verify periodically, until the reassignment completes, to ensure the throttle is removed.\n' +
        'The inter-broker throttle limit was set to 1000000 B/s\n' +
        'Successfully started partition reassignments for moves-0,moves-1\n',
      stderr: '',
      exitCode: 0,
    });

    const ver = await reassign('--verify', '--reassignment-json-file', plan);
    expect({ stdout: ver.stdout, exitCode: ver.exitCode }).toEqual({
      stdout:
        'Status of partition reassignment:\nReassignment of partition moves-0 is completed.\nReassignment of partition moves-1 is completed.\n\n' +
        'Clearing broker-level throttles on broker 1\nClearing topic-level throttles on topic moves\n',
      exitCode: 0,
    });

    const list = await reassign('--list');
    expect({ stdout: list.stdout, exitCode: list.exitCode }).toEqual({ stdout: 'No partition reassignments found.\n', exitCode: 0 });

    const cancel = await reassign('--cancel', '--reassignment-json-file', plan, '--preserve-throttles');
    expect({ stdout: cancel.stdout, exitCode: cancel.exitCode }).toEqual({
      stdout: 'None of the specified partition reassignments are active.\nNone of the specified partition moves are active.',
      exitCode: 0,
    });
  });

  it("answers Kafka's errors: an unknown broker, an unknown topic, duplicates, a bad action", async () => {
    const unknownBroker = await reassign('--execute', '--reassignment-json-file', file('bad.json', { version: 1, partitions: [{ topic: 'moves', partition: 0, replicas: [1, 9] }] }));
    expect({ stdout: unknownBroker.stdout, exitCode: unknownBroker.exitCode }).toEqual({ stdout: 'Error: Unknown broker id 9\n', exitCode: 1 });

    const noTopic = await reassign('--execute', '--reassignment-json-file', file('none.json', { version: 1, partitions: [{ topic: 'nope', partition: 0, replicas: [1] }] }));
    expect({ stdout: noTopic.stdout, exitCode: noTopic.exitCode }).toEqual({
      stdout: 'Error: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: Topic nope not found.\n',
      exitCode: 1,
    });

    const dups = await reassign('--execute', '--reassignment-json-file', file('dups.json', { version: 1, partitions: [{ topic: 'moves', partition: 0, replicas: [1, 1] }] }));
    expect(dups.stdout).toBe('Error: Partition replica lists may not contain duplicate entries: moves-0 contains multiple entries for 1\n');

    const twoBrokers = await reassign('--generate', '--topics-to-move-json-file', file('t.json', { topics: [{ topic: 'moves' }] }), '--broker-list', '1,1');
    expect(twoBrokers.stdout).toBe('Error: Broker list contains duplicate entries: [1]\n');

    const usage = await reassign('--list', '--throttle', '5');
    expect({ stderr: usage.stderr.split('\n')[0], exitCode: usage.exitCode }).toEqual({ stderr: 'tkafka: Option "[throttle]" can\'t be used with action "[list]"', exitCode: 2 });
    const none = await reassign();
    expect(none.stderr.split('\n')[0]).toBe('tkafka: Command must include exactly one action: --generate, --execute, --verify, --cancel, --list');
  });
});
