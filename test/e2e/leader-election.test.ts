import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js leader-election against our single-node broker: its one replica already
// leads every partition, so each named partition is "Valid replica already elected" (Kafka's
// ELECTION_NOT_NEEDED), --all-topic-partitions elects nothing, an unknown partition fails as Kafka's does.

let b: TestBroker;

beforeAll(async () => {
  b = await startTestBroker();
  expect((await runCli(['topics', '--bootstrap-server', b.bootstrap, '--create', '--topic', 'lead', '--partitions', '3'])).exitCode).toBe(0);
});

afterAll(async () => {
  await b.dispose();
});

function elect(...args: string[]): Promise<CliResult> {
  return runCli(['leader-election', '--bootstrap-server', b.bootstrap, ...args]);
}

describe('tkafka leader-election', () => {
  it('reports partitions already led by their preferred replica, byte for byte', async () => {
    const one = await elect('--election-type', 'preferred', '--topic', 'lead', '--partition', '0');
    expect({ stdout: one.stdout, stderr: one.stderr, exitCode: one.exitCode }).toEqual({ stdout: 'Valid replica already elected for partitions lead-0\n', stderr: '', exitCode: 0 });

    const dir = mkdtempSync(path.join(tmpdir(), 'tkafka-elect-'));
    const file = path.join(dir, 'p.json');
    writeFileSync(file, JSON.stringify({ partitions: [{ topic: 'lead', partition: 2 }, { topic: 'lead', partition: 1 }] }));
    const fromFile = await elect('--election-type', 'UNCLEAN', '--path-to-json-file', file);
    // Kafka's HashSet<TopicPartition> order.
    expect({ stdout: fromFile.stdout, exitCode: fromFile.exitCode }).toEqual({ stdout: 'Valid replica already elected for partitions lead-2, lead-1\n', exitCode: 0 });

    const all = await elect('--election-type', 'preferred', '--all-topic-partitions');
    expect({ stdout: all.stdout, stderr: all.stderr, exitCode: all.exitCode }).toEqual({ stdout: '', stderr: '', exitCode: 0 });

    const json = await elect('--election-type', 'preferred', '--topic', 'lead', '--partition', '0', '-o', 'json');
    expect(JSON.parse(json.stdout)).toEqual({ electionType: 'PREFERRED', succeeded: [], noop: [{ topic: 'lead', partition: 0 }], failed: [] });
  });

  it("fails an unknown partition with Kafka's line and exit 1; usage errors exit 2", async () => {
    const bad = await elect('--election-type', 'unclean', '--topic', 'nope', '--partition', '0');
    expect({ stdout: bad.stdout, stderr: bad.stderr, exitCode: bad.exitCode }).toEqual({
      stdout: 'Error completing leader election (UNCLEAN) for partition: nope-0: org.apache.kafka.common.errors.UnknownTopicOrPartitionException: No such topic as nope\n',
      stderr: 'tkafka: 1 replica(s) could not be elected\n',
      exitCode: 1,
    });
    const noType = await elect('--topic', 'lead', '--partition', '0');
    expect({ first: noType.stderr.split('\n')[0], exitCode: noType.exitCode }).toEqual({ first: 'tkafka: Missing required option(s): election-type', exitCode: 2 });
    const two = await elect('--election-type', 'preferred', '--topic', 'lead', '--all-topic-partitions');
    expect(two.stderr.split('\n')[0]).toBe('tkafka: One and only one of the following options is required: topic, all-topic-partitions, path-to-json-file');
    const noPartition = await elect('--election-type', 'preferred', '--topic', 'lead');
    expect(noPartition.stderr.split('\n')[0]).toBe('tkafka: Missing required option(s): partition');
  });
});
