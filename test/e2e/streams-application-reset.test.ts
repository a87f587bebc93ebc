import fs from 'node:fs';
import path from 'node:path';
import kafkajs from 'kafkajs';
import type { Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NativeClient } from '../../src/client/native/client.js';
import { GroupMember } from '../../src/client/native/group-member.js';
import { NativeGroupAdmin } from '../../src/core/consumer-groups/admin.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';

// bin/tkafka.js streams-application-reset against our broker: an application `wc` with an input
// topic, an intermediate topic and three internal topics (changelog, repartition, FK-join), its
// group's commits; dry runs change nothing and print Kafka's exact lines, a real run commits the
// input topics' earliest and the intermediate topics' end offsets and deletes the internal topics;
// a live group is refused (or emptied with --force); bad flags are usage errors (exit 2).

let b: TestBroker;
let kafka: Kafka;
/** Record i of a partition has timestamp BASE + i s. */
const BASE = Date.UTC(2024, 0, 1);
const INTERNAL = ['wc-counts-changelog', 'wc-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition', 'wc-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007-topic'];

function cli(...args: string[]): Promise<CliResult> {
  return runCli([args[0] ?? '', '--bootstrap-server', b.bootstrap, ...args.slice(1)]);
}

function reset(...args: string[]): Promise<CliResult> {
  return cli('streams-application-reset', ...args);
}

const out = (r: CliResult): unknown => ({ stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode });

async function withAdmin<T>(fn: (admin: NativeGroupAdmin) => Promise<T>): Promise<T> {
  const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'e2e-sar' });
  try {
    return await fn(new NativeGroupAdmin(client));
  } finally {
    await client.close();
  }
}

/** Committed offsets of the group, `topic:partition=offset` sorted. */
async function committed(group: string): Promise<string[]> {
  const offsets = await withAdmin((a) => a.fetchOffsets(group));
  return [...offsets.values()].map((c) => `${c.topic}:${c.partition}=${c.offset}`).sort();
}

async function commit(group: string, offsets: Array<[string, number, number]>): Promise<void> {
  const results = await withAdmin((a) => a.commitOffsets(group, offsets.map(([topic, partition, offset]) => ({ topic, partition, offset: BigInt(offset) }))));
  expect(results.every((r) => r.errorCode === 0)).toBe(true);
}

async function topicList(): Promise<string[]> {
  return (await cli('topics', '--list')).stdout.split('\n').filter((l) => l !== '' && !l.startsWith('__'));
}

async function createTopic(name: string, partitions: number): Promise<void> {
  const r = await cli('topics', '--create', '--topic', name, '--partitions', String(partitions));
  expect(out(r)).toEqual({ stdout: `Created topic ${name}.\n`, stderr: '', exitCode: 0 });
}

/** The application's state: lines 6+3 records, mid 3+0, the internal topics, commits lines [4,2] mid [1,0]. */
async function seed(): Promise<void> {
  for (const t of INTERNAL) await createTopic(t, 1);
  await commit('wc', [
    ['lines', 0, 4],
    ['lines', 1, 2],
    ['mid', 0, 1],
    ['mid', 1, 0],
  ]);
}

beforeAll(async () => {
  b = await startTestBroker();
  kafka = new kafkajs.Kafka({ brokers: [b.bootstrap], clientId: 'e2e-sar', logLevel: kafkajs.logLevel.NOTHING });
  await createTopic('lines', 2);
  await createTopic('mid', 2);
  await createTopic('wc-notes', 1);
  await createTopic('other-changelog', 1);
  const producer = kafka.producer();
  await producer.connect();
  const records = (partition: number, n: number): Array<{ partition: number; value: string; timestamp: string }> =>
    Array.from({ length: n }, (_, i) => ({ partition, value: `v${i}`, timestamp: String(BASE + i * 1000) }));
  await producer.send({ topic: 'lines', messages: [...records(0, 6), ...records(1, 3)] });
  await producer.send({ topic: 'mid', messages: records(0, 3) });
  await producer.disconnect();
  await seed();
});

afterAll(async () => {
  await b.dispose();
});

const DRY = '----Dry run displays the actions which will be performed when running Streams Reset Tool----\n';
// listTopics' HashMap order (of the 7 topics), as Kafka prints it.
const INFERRED = 'Deleting inferred internal topics [wc-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition, wc-counts-changelog, wc-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007-topic]\nDone.\n';
const BEFORE = ['lines:0=4', 'lines:1=2', 'mid:0=1', 'mid:1=0'];

describe('tkafka streams-application-reset', () => {
  it('--dry-run prints the plan in Kafka\'s words and changes nothing', async () => {
    const r = await reset('--application-id', 'wc', '--input-topics', 'lines', '--intermediate-topics', 'mid', '--dry-run');
    expect(out(r)).toEqual({
      stdout:
        DRY +
        'WARN: `--intermediate-topics` is deprecated and will be removed in a future release\n' +
        'Reset-offsets for input topics [lines]\n' +
        'Seek-to-end for intermediate topics [mid]\n' +
        'Following input topics offsets will be reset to (for consumer group wc)\n' +
        'Topic: lines Partition: 0 Offset: 0\n' +
        'Topic: lines Partition: 1 Offset: 0\n' +
        'Following intermediate topics offsets will be reset to end (for consumer group wc)\n' +
        'Topic: mid\n' +
        'Topic: mid\n' +
        'Done.\n' +
        INFERRED,
      stderr: '',
      exitCode: 0,
    });
    expect(await committed('wc')).toEqual(BEFORE);
    expect(await topicList()).toEqual(expect.arrayContaining(INTERNAL));
  });

  it('--to-datetime falls back to the end of a partition without a later record; --shift-by clamps with Kafka\'s message', async () => {
    const dt = await reset('--application-id', 'wc', '--input-topics', 'lines', '--to-datetime', new Date(BASE + 3000).toISOString().replace('Z', ''), '--dry-run', '--internal-topics', 'wc-counts-changelog');
    expect(out(dt)).toEqual({
      stdout:
        DRY +
        'Reset-offsets for input topics [lines]\n' +
        'Following input topics offsets will be reset to (for consumer group wc)\n' +
        'Partition 1 from topic lines is empty, without a committed record. Falling back to latest known offset.\n' +
        'Topic: lines Partition: 0 Offset: 3\n' +
        'Topic: lines Partition: 1 Offset: 3\n' +
        'Done.\n' +
        'Deleting specified internal topics [wc-counts-changelog]\nDone.\n',
      stderr: '',
      exitCode: 0,
    });
    const shift = await reset('--application-id', 'wc', '--input-topics', 'lines', '--shift-by', '-3', '--dry-run');
    expect(shift.stdout).toBe(
      DRY +
        'Reset-offsets for input topics [lines]\n' +
        'Following input topics offsets will be reset to (for consumer group wc)\n' +
        'New offset (-1) is lower than earliest offset. Value will be set to 0\n' +
        'Topic: lines Partition: 0 Offset: 1\n' +
        'Topic: lines Partition: 1 Offset: 0\n' +
        'Done.\n' +
        INFERRED,
    );
    const toOffset = await reset('--application-id', 'wc', '--input-topics', 'lines', '--to-offset', '5', '--dry-run', '-o', 'json');
    expect([toOffset.exitCode, toOffset.stderr]).toEqual([0, '']);
    expect(JSON.parse(toOffset.stdout)).toEqual({
      applicationId: 'wc',
      dryRun: true,
      removedMembers: [],
      inputPartitions: [
        { topic: 'lines', partition: 0, offset: 5 },
        { topic: 'lines', partition: 1, offset: 3 },
      ],
      intermediatePartitions: [],
      notFoundInputTopics: [],
      notFoundIntermediateTopics: [],
      internalTopics: ['wc-KSTREAM-AGGREGATE-STATE-STORE-0000000003-repartition', 'wc-counts-changelog', 'wc-KTABLE-FK-JOIN-SUBSCRIPTION-REGISTRATION-0000000007-topic'],
      internalTopicsSpecified: false,
      internalTopicsDeleted: false,
    });
    expect(await committed('wc')).toEqual(BEFORE);
  });

  it('names missing topics and exits 1; refuses --internal-topics outside the inferred ones', async () => {
    const r = await reset('--application-id', 'wc', '--input-topics', 'lines,nope', '--intermediate-topics', 'gone', '--dry-run');
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('Following input topics are not found, skipping them\nTopic: nope\nFollowing intermediate topics are not found, skipping them\nTopic:gone\n');
    const bad = await reset('--application-id', 'wc', '--internal-topics', 'wc-notes', '--dry-run');
    expect(out(bad)).toEqual({
      stdout: `${DRY}No input or intermediate topics specified. Skipping seek.\n`,
      stderr:
        'ERROR: java.lang.IllegalArgumentException: Invalid topic specified in the --internal-topics option. Ensure that the topics specified are all internal topics. ' +
        'Do a dry run without the --internal-topics option to see the list of all internal topics that can be deleted.\n',
      exitCode: 1,
    });
  });

  it('resets for real: input to earliest, intermediate to the end, internal topics deleted', async () => {
    const r = await reset('--application-id', 'wc', '--input-topics', 'lines', '--intermediate-topics', 'mid');
    expect(out(r)).toEqual({
      stdout:
        'WARN: `--intermediate-topics` is deprecated and will be removed in a future release\n' +
        'Reset-offsets for input topics [lines]\n' +
        'Seek-to-end for intermediate topics [mid]\n' +
        'Following input topics offsets will be reset to (for consumer group wc)\n' +
        'Topic: lines Partition: 0 Offset: 0\n' +
        'Topic: lines Partition: 1 Offset: 0\n' +
        'Following intermediate topics offsets will be reset to end (for consumer group wc)\n' +
        'Topic: mid\n' +
        'Topic: mid\n' +
        'Done.\n' +
        INFERRED,
      stderr: '',
      exitCode: 0,
    });
    expect(await committed('wc')).toEqual(['lines:0=0', 'lines:1=0', 'mid:0=3', 'mid:1=0']);
    await waitFor('internal topics deleted', async () => (await topicList()).every((t) => !INTERNAL.includes(t)));
    expect(await topicList()).toEqual(['lines', 'mid', 'other-changelog', 'wc-notes']);
  });

  it('a real --to-datetime commits the offsets found; -o json says what was deleted', async () => {
    await seed();
    const r = await reset('--application-id', 'wc', '--input-topics', 'lines', '--to-datetime', new Date(BASE + 2000).toISOString(), '-o', 'json');
    expect([r.exitCode, r.stderr]).toEqual([0, '']);
    const doc = JSON.parse(r.stdout) as { inputPartitions: unknown; internalTopics: string[]; internalTopicsDeleted: boolean };
    expect(doc.inputPartitions).toEqual([
      { topic: 'lines', partition: 0, offset: 2 },
      { topic: 'lines', partition: 1, offset: 2 },
    ]);
    expect([doc.internalTopics.length, doc.internalTopicsDeleted]).toEqual([3, true]);
    expect(await committed('wc')).toEqual(['lines:0=2', 'lines:1=2', 'mid:0=1', 'mid:1=0']);
    await waitFor('internal topics deleted', async () => (await topicList()).every((t) => !INTERNAL.includes(t)));
  });

  it('refuses a group with active members; --force removes them', async () => {
    const consumer = kafka.consumer({ groupId: 'live', maxWaitTimeInMs: 100, sessionTimeout: 30_000 });
    await consumer.connect();
    await consumer.subscribe({ topic: 'lines', fromBeginning: true });
    await consumer.run({ eachMessage: () => Promise.resolve() });
    try {
      const member = await waitFor('a stable group', async () => {
        const [g] = await withAdmin((a) => a.describeGroups(['live']));
        return g?.state === 'Stable' ? g.members[0] : undefined;
      });
      const assignment = member.assignment.map((tp) => `${tp.topic}-${tp.partition}`).join(',');
      const refused = await reset('--application-id', 'live', '--input-topics', 'lines');
      expect(out(refused)).toEqual({
        stdout: '',
        stderr:
          `ERROR: java.lang.IllegalStateException: Consumer group 'live' is still active and has following members: [(memberId=${member.memberId}, groupInstanceId=null, rackId=null, ` +
          `clientId=e2e-sar, host=/127.0.0.1, assignment=(topicPartitions=${assignment}), targetAssignment=Optional.empty, memberEpoch=null, upgraded=null)]. ` +
          "Make sure to stop all running application instances before running the reset tool. You can use option '--force' to remove active members from the group.\n",
        exitCode: 1,
      });
      const forced = await reset('--application-id', 'live', '--force', '--dry-run');
      expect(out(forced)).toEqual({
        stdout: `Force deleting all active members in the group: live\n${DRY}No input or intermediate topics specified. Skipping seek.\nDeleting inferred internal topics []\nDone.\n`,
        stderr: '',
        exitCode: 0,
      });
    } finally {
      await consumer.disconnect();
    }
  });

  it('--force removes a stopped static member (long session timeout), then resets for real', async () => {
    // A static member that stopped without leaving: it stays in the group for its session timeout.
    const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'stopped-app' });
    const member = new GroupMember(client, { groupId: 'stopped', groupInstanceId: 'instance-1', sessionTimeoutMs: 60_000, autoCommit: false });
    member.subscribe(['lines']);
    await member.poll();
    await member.close();
    await client.close();
    const [before] = await withAdmin((a) => a.describeGroups(['stopped']));
    expect(before?.members.map((m) => m.groupInstanceId)).toEqual(['instance-1']);

    const refused = await reset('--application-id', 'stopped', '--input-topics', 'lines');
    expect([refused.exitCode, refused.stdout]).toEqual([1, '']);
    expect(refused.stderr).toContain("Consumer group 'stopped' is still active and has following members: [(memberId=");
    expect(refused.stderr).toContain('groupInstanceId=instance-1, rackId=null, clientId=stopped-app');

    const forced = await reset('--application-id', 'stopped', '--input-topics', 'lines', '--to-latest', '--force');
    expect(out(forced)).toEqual({
      stdout:
        'Force deleting all active members in the group: stopped\n' +
        'Reset-offsets for input topics [lines]\n' +
        'Following input topics offsets will be reset to (for consumer group stopped)\n' +
        'Topic: lines Partition: 0 Offset: 6\n' +
        'Topic: lines Partition: 1 Offset: 3\n' +
        'Done.\n' +
        'Deleting inferred internal topics []\nDone.\n',
      stderr: '',
      exitCode: 0,
    });
    const [after] = await withAdmin((a) => a.describeGroups(['stopped']));
    expect(after?.members).toEqual([]);
    expect(await committed('stopped')).toEqual(['lines:0=6', 'lines:1=3']);
  });

  it("--config-file (deprecated: Kafka's notice first) and Kafka 3.x's --bootstrap-servers still work", async () => {
    const props = path.join(b.dataDir, '..', `sar-${process.pid}.properties`);
    fs.writeFileSync(props, 'client.id=reset-tool\nauto.offset.reset=earliest\n');
    try {
      const r = await runCli(['streams-application-reset', '--bootstrap-servers', b.bootstrap, '--application-id', 'fresh', '--input-topics', 'lines', '--shift-by', '1', '--config-file', props, '--dry-run']);
      expect(out(r)).toEqual({
        stdout:
          'Option --config-file has been deprecated and will be removed in a future version. Use --command-config instead.\n' +
          DRY +
          'Reset-offsets for input topics [lines]\n' +
          'Following input topics offsets will be reset to (for consumer group fresh)\n' +
          'Topic: lines Partition: 0 Offset: 1\n' +
          'Topic: lines Partition: 1 Offset: 1\n' +
          'Done.\n' +
          'Deleting inferred internal topics []\nDone.\n',
        stderr: '',
        exitCode: 0,
      });
    } finally {
      fs.rmSync(props, { force: true });
    }
  });

  it('usage errors: Kafka\'s message, exit 2, nothing done', async () => {
    for (const [args, message] of [
      [['--input-topics', 'lines'], 'Missing required option(s) [application-id]'],
      [['--application-id', 'wc', '--to-earliest', '--to-latest'], 'Option "[to-earliest]" can\'t be used with option "[to-latest]"'],
      [['--application-id', 'wc', '--shift-by', '1', '--from-file', 'x.csv'], 'Option "[from-file]" can\'t be used with option "[shift-by]"'],
      [['--application-id', 'wc', '--config-file', 'a', '--command-config', 'b'], 'Option "[config-file]" can\'t be used with option "[command-config]"'],
      [['--application-id', 'wc', '--input-topics', 'lines', '--to-offset', 'x'], "Cannot parse argument 'x' of option to-offset"],
      [['--application-id', 'wc', '--input-topics', 'lines', '--to-datetime', '2024-01-01'], "Error parsing timestamp. It does not contain a 'T' according to ISO8601 format"],
      [['--application-id', 'wc', '--input-topics', 'lines', '--to-datetime', '2024-01-01T10:00'], 'Unparseable date: "2024-01-01T10:00Z"'],
      [['--application-id', 'wc', '--input-topics', 'lines', '--by-duration', 'P1'], 'Text cannot be parsed to a Duration'],
      [['--application-id', 'wc', '--input-topics', 'lines', '--from-file', '/nonexistent/plan.csv'], 'Unable to read file /nonexistent/plan.csv'],
      [['--application-id', 'wc', '--bogus'], "unknown option '--bogus'"],
    ] as const) {
      const r = await reset(...args);
      expect(out(r)).toEqual({ stdout: '', stderr: `tkafka: ${message}\nRun 'tkafka streams-application-reset --help' for usage.\n`, exitCode: 2 });
    }
  });
});
