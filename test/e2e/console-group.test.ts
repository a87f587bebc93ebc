import kafkajs from 'kafkajs';
import type { Admin, Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli, type CliResult } from '../helpers/cli.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';

// The built bin/tkafka.js console-consumer as a consumer group member (like Kafka's tool, always
// in a group unless --partition): the generated group is visible and commits nothing, a named
// group commits exactly what was printed, two runs in one group split the partitions, and kafkajs
// reads the group's protocol and assignment.

let b: TestBroker;
let kafka: Kafka;
let admin: Admin;
const BASE_TS = Date.UTC(2024, 0, 1);

beforeAll(async () => {
  b = await startTestBroker({ config: { 'offsets.topic.num.partitions': '1' } });
  kafka = new kafkajs.Kafka({ brokers: [b.bootstrap], clientId: 'console-group-test', logLevel: kafkajs.logLevel.NOTHING });
  admin = kafka.admin();
  await admin.connect();
});

afterAll(async () => {
  await admin.disconnect();
  await b.dispose();
});

function consume(...args: string[]): Promise<CliResult> {
  return runCli(['console-consumer', '--bootstrap-server', b.bootstrap, ...args]);
}

function createTopic(name: string, partitions: number, configs: Record<string, string> = {}): void {
  if (!b.running.broker.topics.create(name, partitions, configs).ok) throw new Error(`cannot create ${name}`);
}

/** `values` as records spread over `partitions` (value i on partition i % partitions), timestamp BASE_TS + i. */
async function produce(topic: string, values: readonly number[], partitions: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((v) => ({ value: String(v), partition: v % partitions, timestamp: String(BASE_TS + v) })) });
  await producer.disconnect();
}

const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

describe('console-consumer in a consumer group', () => {
  it('without --group joins a generated console-consumer-N group, visible while it runs, and commits nothing', async () => {
    createTopic('gen', 2);
    await produce('gen', range(0, 5), 2);
    // The run must outlast the polls below (idle timeout 5 s): a shorter one can end on a busy machine before the group is seen Stable.
    const run = consume('--topic', 'gen', '--from-beginning', '--timeout-ms', '5000', '--property', 'print.timestamp=true', '--property', 'print.partition=true');
    // As in Kafka, the group is listed from the first JoinGroup (answered MEMBER_ID_REQUIRED) with no
    // protocol type yet; it takes the member's protocol type when that member rejoins.
    const group = await waitFor('the generated group', async () => (await admin.listGroups()).groups.find((g) => /^console-consumer-\d{1,5}$/.test(g.groupId) && g.protocolType !== ''));
    expect(group.protocolType).toBe('consumer');
    const described = await waitFor('a stable group', async () => {
      const d = (await admin.describeGroups([group.groupId])).groups[0];
      return d?.state === 'Stable' ? d : undefined;
    });
    expect(described.protocol).toBe('range');
    expect(described.members).toHaveLength(1);
    const assignment = kafkajs.AssignerProtocol.MemberAssignment.decode(described.members[0]?.memberAssignment ?? Buffer.alloc(0));
    expect(assignment?.assignment).toEqual({ gen: [0, 1] });
    const r = await run;
    expect(r.exitCode).toBe(0);
    expect(r.stderr).toBe('Processed a total of 6 messages\n');
    // Real CreateTime timestamps, per partition in offset order.
    const lines = r.stdout.trimEnd().split('\n');
    expect([...lines].sort()).toEqual(range(0, 5).map((v) => `CreateTime:${BASE_TS + v}\tPartition:${v % 2}\t${v}`).sort());
    expect(b.running.broker.groups.offsets.committed(group.groupId, 'gen', 0)).toBeUndefined();
    expect(b.running.broker.groups.offsets.committed(group.groupId, 'gen', 1)).toBeUndefined();
    // It left on exit.
    expect(b.running.broker.groups.membership.describeGroup(group.groupId).members).toEqual([]);
  });

  it('--group G commits the offset after the last record printed; the next run resumes there', async () => {
    createTopic('named', 1, { 'message.timestamp.type': 'LogAppendTime' });
    await produce('named', range(1, 10), 1);
    const first = await consume('--topic', 'named', '--group', 'g-named', '--from-beginning', '--max-messages', '4', '--property', 'print.timestamp=true', '--property', 'print.epoch=true');
    expect(first.exitCode).toBe(0);
    // The broker's LogAppendTime and the batch's leader epoch, as the native fetch path reads them.
    expect(first.stdout).toMatch(/^(LogAppendTime:\d{13}\tEpoch:0\t[1-4]\n){4}$/);
    expect(b.running.broker.groups.offsets.committed('g-named', 'named', 0)).toMatchObject({ offset: 4n });
    const second = await consume('--topic', 'named', '--group', 'g-named', '--max-messages', '6');
    expect(second.stdout).toBe(range(5, 10).map((v) => `${v}\n`).join(''));
    expect(b.running.broker.groups.offsets.committed('g-named', 'named', 0)).toMatchObject({ offset: 10n });
    // --tail overrides the commit for the run's first assignment; --exit-at-end stops at the end.
    const again = await consume('--topic', 'named', '--group', 'g-named', '--tail', '2', '--exit-at-end');
    expect(again).toMatchObject({ exitCode: 0, stdout: '9\n10\n' });
  });

  it('a second run joining the group takes half the partitions; together they print every record once', async () => {
    createTopic('split', 4);
    await produce('split', range(0, 399), 4);
    // Idle timeout 8 s: the first run must still be there when the second (a new Node process) has joined.
    const args = ['--topic', 'split', '--group', 'g-split', '--from-beginning', '--timeout-ms', '8000', '--property', 'print.partition=true', '--consumer-property', 'heartbeat.interval.ms=100'];
    const stableWith = (n: number) => async () => {
      const d = (await admin.describeGroups(['g-split'])).groups[0];
      return d?.state === 'Stable' && d.members.length === n ? d : undefined;
    };
    // The first run owns all 4 partitions; the second one's join revokes them (commit first, so no record prints twice).
    const runs = [consume(...args)];
    await waitFor('the first member', stableWith(1));
    runs.push(consume(...args));
    const described = await waitFor('two members sharing the partitions', stableWith(2));
    expect(described.protocol).toBe('range');
    const owned = described.members.map((m) => kafkajs.AssignerProtocol.MemberAssignment.decode(m.memberAssignment)?.assignment['split'] ?? []);
    expect(owned.map((p) => p.length)).toEqual([2, 2]);
    expect([...owned.flat()].sort()).toEqual([0, 1, 2, 3]);
    // Produced after the split: each run prints only its own two partitions.
    await produce('split', range(400, 799), 4);
    const [a, c] = await Promise.all(runs);
    expect(a?.exitCode).toBe(0);
    expect(c?.exitCode).toBe(0);
    const rows = (r: CliResult | undefined): Array<[number, number]> =>
      (r?.stdout ?? '')
        .trimEnd()
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => {
          const [p, v] = l.split('\t') as [string, string];
          return [Number(p.slice('Partition:'.length)), Number(v)];
        });
    const ra = rows(a);
    const rc = rows(c);
    expect([...ra, ...rc].map(([, v]) => v).sort((x, y) => x - y)).toEqual(range(0, 799));
    const latePartitions = (rs: Array<[number, number]>): number[] => [...new Set(rs.filter(([, v]) => v >= 400).map(([p]) => p))].sort();
    expect(latePartitions(ra)).toHaveLength(2);
    expect([...latePartitions(ra), ...latePartitions(rc)].sort()).toEqual([0, 1, 2, 3]);
    for (const p of [0, 1, 2, 3]) expect(b.running.broker.groups.offsets.committed('g-split', 'split', p)).toMatchObject({ offset: 200n });
  });
});
