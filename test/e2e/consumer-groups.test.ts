import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import kafkajs from 'kafkajs';
import type { Consumer, Kafka } from 'kafkajs';
import { NativeClient } from '../../src/client/native/client.js';
import { NativeGroupAdmin } from '../../src/core/consumer-groups/admin.js';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';

// The built bin/tkafka.js against a real in-process broker: a kafkajs group commits 40 of 100
// records on 3 partitions (13/14/13 of 34/33/33), and every view, reset spec and deletion is
// checked byte for byte against Kafka's format, with exit codes.

let b: TestBroker;
let kafka: Kafka;
const BASE_TS = Date.UTC(2024, 0, 1);
const TARGETS: Record<number, number> = { 0: 13, 1: 14, 2: 13 };
// Kafka 4.x's wording (test/reference/parity-groups.test.ts compares it with ConsumerGroupCommand's).
const DRY_RUN_WARNING =
  'WARN: No action will be performed as the --execute option is missing. In version 5.0, this command will require either --dry-run or --execute to be specified. You should add the --dry-run option explicitly if you are scripting this command and want to keep the current default behavior without prompting.\n';

function cg(...args: string[]): Promise<CliResult> {
  return runCli(['consumer-groups', '--bootstrap-server', b.bootstrap, ...args]);
}

/** Creates `topic` with 3 partitions and 100 records, record i on partition i % 3 with timestamp BASE_TS + i s. */
async function seedTopic(topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 3 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: Array.from({ length: 100 }, (_, i) => ({ value: `v${i}`, partition: i % 3, timestamp: String(BASE_TS + i * 1000) })) });
  await producer.disconnect();
}

/** A group member that commits TARGETS and then pauses: the group stays Stable with known offsets. */
async function startCommitter(groupId: string, topic: string, clientId: string): Promise<{ consumer: Consumer; memberId: string }> {
  const c = new kafkajs.Kafka({ brokers: [b.bootstrap], clientId, logLevel: kafkajs.logLevel.NOTHING }).consumer({ groupId, maxWaitTimeInMs: 100 });
  await c.connect();
  await c.subscribe({ topic, fromBeginning: true });
  const done = new Set<number>();
  let resolve: () => void = () => undefined;
  const all = new Promise<void>((r) => (resolve = r));
  await c.run({
    autoCommit: false,
    eachBatch: async ({ batch }) => {
      const p = batch.partition;
      if (done.has(p)) return;
      await c.commitOffsets([{ topic, partition: p, offset: String(TARGETS[p]) }]);
      c.pause([{ topic, partitions: [p] }]);
      done.add(p);
      if (done.size === 3) resolve();
    },
  });
  await all;
  const admin = kafka.admin();
  await admin.connect();
  const { groups } = await admin.describeGroups([groupId]);
  await admin.disconnect();
  const memberId = groups[0]?.members[0]?.memberId;
  if (memberId === undefined) throw new Error('no member');
  return { consumer: c, memberId };
}

async function committed(groupId: string, topic: string): Promise<number[]> {
  const admin = kafka.admin();
  await admin.connect();
  const res = await admin.fetchOffsets({ groupId, topics: [topic] });
  await admin.disconnect();
  return (res[0]?.partitions ?? []).sort((x, y) => x.partition - y.partition).map((p) => Number(p.offset));
}

/** A standalone commit (generation -1) through the native client, as an admin tool would make it. */
async function commit(groupId: string, topic: string, offsets: number[]): Promise<void> {
  const client = await NativeClient.connect({ brokers: [b.bootstrap], clientId: 'e2e-seed' });
  try {
    const results = await new NativeGroupAdmin(client).commitOffsets(
      groupId,
      offsets.map((o, partition) => ({ topic, partition, offset: BigInt(o) })),
    );
    expect(results.every((r) => r.errorCode === 0)).toBe(true);
  } finally {
    await client.close();
  }
}

interface JsonPlan {
  mode: string;
  groups: Array<{ group: string; error: string | null; partitions: Array<{ partition: number; currentOffset: number | null; newOffset: number; lagBefore: number | null; lagAfter: number }> }>;
}

function newOffsets(r: CliResult): number[] {
  const doc = JSON.parse(r.stdout) as JsonPlan;
  return (doc.groups[0]?.partitions ?? []).map((p) => p.newOffset);
}

beforeAll(async () => {
  b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
  kafka = new kafkajs.Kafka({ brokers: [b.bootstrap], clientId: 'e2e-admin', logLevel: kafkajs.logLevel.NOTHING });
  await seedTopic('orders');
});

afterAll(async () => {
  await b.dispose();
});

describe('describe a live group, then after it stops', () => {
  it('offsets, members and state views are exact; the owner columns turn to - when the consumer leaves', async () => {
    const { consumer, memberId } = await startCommitter('app', 'orders', 'e2e-client');
    const w = Math.max(15, memberId.length);
    const id = memberId.padEnd(w);
    const port = String(b.running.port);
    const nodeId = b.running.broker.config.nodeId;

    const offsets = await cg('--describe', '--group', 'app');
    expect(offsets.stderr).toBe('');
    expect(offsets.exitCode).toBe(0);
    expect(offsets.stdout).toBe(
      '\n' +
        `GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             ${'CONSUMER-ID'.padEnd(w)} HOST            CLIENT-ID\n` +
        `app             orders          0          13              34              21              ${id} /127.0.0.1      e2e-client\n` +
        `app             orders          1          14              33              19              ${id} /127.0.0.1      e2e-client\n` +
        `app             orders          2          13              33              20              ${id} /127.0.0.1      e2e-client\n`,
    );
    const json = JSON.parse((await cg('--describe', '--group', 'app', '-o', 'json')).stdout) as { groups: Array<{ totalLag: number; partitions: Array<{ lag: number }> }> };
    expect(json.groups[0]?.partitions.map((p) => p.lag)).toEqual([21, 19, 20]);
    expect(json.groups[0]?.totalLag).toBe(60);

    const members = await cg('--describe', '--group', 'app', '--members');
    expect(members.exitCode).toBe(0);
    expect(members.stdout).toBe(
      '\n' +
        `GROUP           ${'CONSUMER-ID'.padEnd(w)} HOST            CLIENT-ID       #PARTITIONS     \n` +
        `app             ${id} /127.0.0.1      e2e-client      3               \n`,
    );
    const verbose = await cg('--describe', '--group', 'app', '--members', '--verbose');
    expect(verbose.stdout.split('\n')[2]).toBe(`app             ${id} /127.0.0.1      e2e-client      3               -               orders:0,1,2         -               -                   `);

    const state = await cg('--describe', '--group', 'app', '--state');
    const coordinator = `127.0.0.1:${port}  (${nodeId})`.padEnd(25);
    expect(state.stdout).toBe(
      '\n' +
        `GROUP           ${'COORDINATOR (ID)'.padEnd(coordinator.length)} ASSIGNMENT-STRATEGY  STATE                #MEMBERS\n` +
        `app             ${coordinator} RoundRobinAssigner   Stable               1\n`,
    );

    const topicView = await cg('--describe', '--group', 'app', '--by-topic');
    expect(topicView.stdout).toBe(
      '\nGROUP           TOPIC           PARTITIONS CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMERS\n' + 'app             orders          3          40              100             60              1\n',
    );

    // Kafka's refusal to reset an active group: exit 1, or 0 as Kafka's tool exits.
    const refused = await cg('--reset-offsets', '--group', 'app', '--topic', 'orders', '--to-earliest', '--execute');
    const refusal = "\nError: Assignments can only be reset if the group 'app' is inactive, but the current state is Stable.\n";
    expect(refused.stdout).toBe(`${refusal}\nGROUP           TOPIC           PARTITION  NEW-OFFSET\n`);
    expect(refused.exitCode).toBe(1);
    const compat = await cg('--reset-offsets', '--group', 'app', '--topic', 'orders', '--to-earliest', '--execute', '--compat-exit-codes');
    expect(compat.stdout).toBe(refused.stdout);
    expect(compat.exitCode).toBe(0);
    expect(await committed('app', 'orders')).toEqual([13, 14, 13]);

    const del = await cg('--delete', '--group', 'app');
    expect(del.stdout).toBe("\nError: Deletion of some consumer groups failed:\n* Group 'app' could not be deleted due to: org.apache.kafka.common.errors.GroupNotEmptyException: The group is not empty.\n");
    expect(del.exitCode).toBe(1);

    await consumer.disconnect();
    const after = await cg('--describe', '--group', 'app');
    expect(after.exitCode).toBe(0);
    expect(after.stderr).toBe("\nConsumer group 'app' has no active members.\n");
    expect(after.stdout).toBe(
      '\n' +
        'GROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID\n' +
        'app             orders          0          13              34              21              -               -               -\n' +
        'app             orders          1          14              33              19              -               -               -\n' +
        'app             orders          2          13              33              20              -               -               -\n',
    );
    const emptyMembers = await cg('--describe', '--group', 'app', '--members');
    expect(emptyMembers.stderr).toBe("\nConsumer group 'app' has no active members.\n");
    expect(emptyMembers.stdout).toBe('\nGROUP           CONSUMER-ID     HOST            CLIENT-ID       #PARTITIONS     \n');
    const emptyState = await cg('--describe', '--group', 'app', '--state');
    expect(emptyState.stdout.split('\n')[2]).toBe(`app             ${coordinator} -                    Empty                0`);

    const list = await cg('--list', '--state');
    expect(list.stdout).toContain('app                       Empty               \n');
    expect((await cg('--list', '--state', 'stable')).stdout).toBe('GROUP                     STATE               \n');

    const gone = await cg('--describe', '--group', 'nope');
    expect(gone).toMatchObject({ exitCode: 1, stdout: "\nError: Consumer group 'nope' does not exist.\n", stderr: '' });
    expect((await cg('--describe', '--group', 'nope', '--compat-exit-codes')).exitCode).toBe(0);

    expect(await cg('--delete', '--group', 'app')).toMatchObject({ exitCode: 0, stdout: "Deletion of requested consumer groups ('app') was successful.\n" });
    expect((await cg('--list')).stdout).not.toMatch(/^app$/m);
  });
});

describe.concurrent('reset-offsets', () => {
  const specs: Array<[string, string[], number[]]> = [
    ['to-earliest', ['--to-earliest'], [0, 0, 0]],
    ['to-latest', ['--to-latest'], [34, 33, 33]],
    ['to-current', ['--to-current'], [13, 14, 13]],
    ['to-offset', ['--to-offset', '20'], [20, 20, 20]],
    ['shift-by', ['--shift-by', '-5'], [8, 9, 8]],
    ['to-datetime', ['--to-datetime', '2024-01-01T00:00:50.000'], [17, 17, 16]],
    ['to-datetime with zone', ['--to-datetime', '2024-01-01T01:00:50.000+01:00'], [17, 17, 16]],
    ['by-duration', ['--by-duration', 'P9999D'], [0, 0, 0]],
  ];
  for (const [name, args, expected] of specs) {
    it(`${name}: dry run changes nothing, --execute commits ${expected.join('/')}`, async () => {
      const group = `reset-${name.replaceAll(' ', '-')}`;
      await commit(group, 'orders', [13, 14, 13]);
      const dry = await cg('--reset-offsets', '--group', group, '--topic', 'orders', ...args, '-o', 'json');
      expect(dry.stderr).toBe(DRY_RUN_WARNING);
      expect(dry.exitCode).toBe(0);
      expect(newOffsets(dry)).toEqual(expected);
      expect(await committed(group, 'orders')).toEqual([13, 14, 13]);
      const run = await cg('--reset-offsets', '--group', group, '--topic', 'orders', ...args, '--execute');
      expect(run.exitCode).toBe(0);
      expect(await committed(group, 'orders')).toEqual(expected);
    });
  }

  it('the dry-run plan shows current offsets and lag before -> after; --execute prints Kafka’s four columns', async () => {
    await commit('plan', 'orders', [13, 14, 13]);
    const dry = await cg('--reset-offsets', '--group', 'plan', '--topic', 'orders', '--shift-by', '-3', '--dry-run');
    expect(dry).toMatchObject({ exitCode: 0, stderr: '' });
    expect(dry.stdout).toBe(
      '\nGROUP           TOPIC           PARTITION  NEW-OFFSET      CURRENT-OFFSET  LAG\n' +
        'plan            orders          0          10              13              21 → 24\n' +
        'plan            orders          1          11              14              19 → 22\n' +
        'plan            orders          2          10              13              20 → 23\n',
    );
    const run = await cg('--reset-offsets', '--group', 'plan', '--topic', 'orders', '--shift-by', '-3', '--execute');
    expect(run.stdout).toBe('\nGROUP           TOPIC           PARTITION  NEW-OFFSET\nplan            orders          0          10\nplan            orders          1          11\nplan            orders          2          10\n');
    expect(await committed('plan', 'orders')).toEqual([10, 11, 10]);
  });

  it('clamps to the log range with Kafka’s warning, and --topic t:0,2 / --all-topics scopes', async () => {
    await commit('clamp', 'orders', [13, 14, 13]);
    const high = await cg('--reset-offsets', '--group', 'clamp', '--topic', 'orders:0,2', '--to-offset', '1000', '--execute');
    expect(high.exitCode).toBe(0);
    const warns = high.stderr.trimEnd().split('\n');
    expect(warns).toHaveLength(2);
    expect(warns[0]).toMatch(/^\[\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}\] WARN New offset \(1000\) is higher than latest offset for topic partition orders-[02]\. Value will be set to 3[34]\. \(org\.apache\.kafka\.tools\.GroupOffsetsResetter\)$/);
    expect(await committed('clamp', 'orders')).toEqual([34, 14, 33]);
    const low = await cg('--reset-offsets', '--group', 'clamp', '--all-topics', '--shift-by', '-100', '--execute');
    expect(low.stderr).toContain('WARN New offset (-86) is lower than earliest offset for topic partition orders-1. Value will be set to 0.');
    expect(await committed('clamp', 'orders')).toEqual([0, 0, 0]);
  });

  it('--export writes Kafka’s CSV and --from-file reads it back', async () => {
    await commit('src', 'orders', [13, 14, 13]);
    await commit('dst', 'orders', [0, 0, 0]);
    const exported = await cg('--reset-offsets', '--group', 'src', '--topic', 'orders', '--to-current', '--export', '--dry-run');
    expect(exported).toMatchObject({ exitCode: 0, stdout: 'orders,0,13\norders,1,14\norders,2,13\n\n' });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tkafka-cg-')), 'plan.csv');
    fs.writeFileSync(file, exported.stdout);
    const dry = await cg('--reset-offsets', '--group', 'dst', '--from-file', file, '--dry-run', '-o', 'json');
    expect(newOffsets(dry)).toEqual([13, 14, 13]);
    expect(await committed('dst', 'orders')).toEqual([0, 0, 0]);
    const run = await cg('--reset-offsets', '--group', 'dst', '--from-file', file, '--execute');
    expect(run.exitCode).toBe(0);
    expect(await committed('dst', 'orders')).toEqual([13, 14, 13]);
    // Several groups: the group column comes first.
    const both = await cg('--reset-offsets', '--group', 'src', '--group', 'dst', '--topic', 'orders:1', '--to-latest', '--export', '--dry-run');
    expect(both.stdout.split('\n').sort()).toEqual(['', '', 'dst,orders,1,33', 'src,orders,1,33']);
  });

  it('--delete-offsets removes a group’s commits for a topic', async () => {
    await commit('offdel', 'orders', [1, 2, 3]);
    const r = await cg('--delete-offsets', '--group', 'offdel', '--topic', 'orders:0,1');
    expect(r).toMatchObject({
      exitCode: 0,
      stdout: 'Request succeeded for deleting offsets from group offdel.\n\nTOPIC           PARTITION  STATUS         \norders          0          Successful     \norders          1          Successful     \n',
    });
    expect(await committed('offdel', 'orders')).toEqual([-1, -1, 3]);
    const missing = await cg('--delete-offsets', '--group', 'no-such-group', '--topic', 'orders:0');
    expect(missing.exitCode).toBe(1);
    expect(missing.stdout).toBe(
      '\nError: The group id does not exist.\n\nTOPIC           PARTITION  STATUS         \norders          0          Error: org.apache.kafka.common.errors.GroupIdNotFoundException: The group id does not exist.\n',
    );
  });

  it('usage errors exit 2 (1 with --compat-exit-codes) before connecting', async () => {
    const r = await runCli(['consumer-groups', '--bootstrap-server', '127.0.0.1:1', '--reset-offsets', '--group', 'g', '--to-earliest', '--to-latest']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(`tkafka: Option "[to-earliest]" can't be used with option "[to-latest]"`);
    const compat = await runCli(['consumer-groups', '--bootstrap-server', '127.0.0.1:1', '--describe', '--compat-exit-codes']);
    expect(compat.exitCode).toBe(1);
    expect(compat.stderr).toContain('tkafka: Option [describe] takes one of these options: [group], [all-groups]');
  });
});
