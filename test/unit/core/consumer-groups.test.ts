import { describe, expect, it } from 'vitest';
import type { GroupAdmin } from '../../../src/core/consumer-groups/admin.js';
import { decodeConsumerAssignment } from '../../../src/core/consumer-groups/admin.js';
import { collectGroupsOffsets, lagByTopic } from '../../../src/core/consumer-groups/describe.js';
import { javaHashMapOrder, topicPartitionHash, topicPartitionOrder } from '../../../src/core/consumer-groups/java-order.js';
import { DRY_RUN_WARNING, checkConsumerGroupsArgs, longOptionError, parseStates, resetSpecOf, type ConsumerGroupsFlags } from '../../../src/core/consumer-groups/options.js';
import { assignmentString, renderList, renderMembers, renderOffsets, renderStates, type Printer } from '../../../src/core/consumer-groups/render.js';
import { exportCsv, parseResetPlan, parseTopicWithPartitions, planGroupReset, type PlanContext } from '../../../src/core/consumer-groups/reset.js';
import { parseIsoDuration, parseKafkaDateTime } from '../../../src/core/consumer-groups/time.js';
import { tpKey, type GroupDescription, type OffsetSpec, type TopicPartition } from '../../../src/core/consumer-groups/types.js';
import { LagTracker, etaSeconds, formatEta, sparkline } from '../../../src/core/consumer-groups/watch.js';
import { UsageError } from '../../../src/shared/errors.js';
import { Writer } from '../../../src/protocol/codec/writer.js';

function recorder(): Printer & { chunks: Array<['out' | 'err', string]>; stdout(): string } {
  const chunks: Array<['out' | 'err', string]> = [];
  return {
    chunks,
    out: (t) => chunks.push(['out', t]),
    err: (t) => chunks.push(['err', t]),
    stdout: () => chunks.filter(([s]) => s === 'out').map(([, t]) => t).join(''),
  };
}

const COORD = { id: 1, host: 'broker', port: 9092 };

/** An in-memory cluster: topic → [log start, log end] per partition, timestamps → offsets. */
function fakeAdmin(opts: {
  topics: Record<string, Array<[number, number]>>;
  committed?: Record<string, Record<string, number>>;
  groups?: GroupDescription[];
  byTime?: (tp: TopicPartition, ts: bigint) => bigint;
}): GroupAdmin {
  const range = (tp: TopicPartition): [number, number] | undefined => opts.topics[tp.topic]?.[tp.partition];
  return {
    listGroups: () => Promise.resolve([]),
    describeGroups: (ids) =>
      Promise.resolve(ids.map((id) => opts.groups?.find((g) => g.groupId === id) ?? { groupId: id, state: 'Dead', protocolType: '', assignor: '', members: [], coordinator: COORD })),
    fetchOffsets: (group) => {
      const m = new Map<string, { topic: string; partition: number; offset: bigint; leaderEpoch: number }>();
      for (const [key, offset] of Object.entries(opts.committed?.[group] ?? {})) {
        const [topic = '', p = '0'] = key.split(':');
        m.set(key, { topic, partition: Number(p), offset: BigInt(offset), leaderEpoch: -1 });
      }
      return Promise.resolve(m);
    },
    commitOffsets: () => Promise.resolve([]),
    deleteGroups: () => Promise.resolve([]),
    deleteOffsets: () => Promise.resolve({ errorCode: 0, partitions: [] }),
    topicPartitions: (topics) =>
      Promise.resolve(new Map(topics.filter((t) => opts.topics[t] !== undefined).map((t) => [t, (opts.topics[t] ?? []).map((_, partition) => ({ partition, leader: 1 }))]))),
    listOffsets: (partitions, spec: OffsetSpec) => {
      const out = new Map<string, bigint>();
      for (const tp of partitions) {
        const r = range(tp);
        if (r === undefined) continue;
        out.set(tpKey(tp.topic, tp.partition), spec === 'earliest' ? BigInt(r[0]) : spec === 'latest' ? BigInt(r[1]) : (opts.byTime?.(tp, spec.timestamp) ?? -1n));
      }
      return Promise.resolve(out);
    },
    topicNames: () => Promise.resolve(Object.keys(opts.topics)),
    close: () => Promise.resolve(),
  };
}

describe('option checks (ConsumerGroupCommandOptions)', () => {
  const usage = (flags: ConsumerGroupsFlags): string => {
    try {
      checkConsumerGroupsArgs(flags);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      return (err as Error).message;
    }
    return '';
  };

  it("gives Kafka's messages", () => {
    expect(usage({})).toBe('Command must include exactly one action: --list, --describe, --delete, --reset-offsets, --delete-offsets, --validate-regex');
    // Kafka checks the options (checkArgs) before it counts the actions.
    expect(usage({ list: true, describe: true })).toBe('Option [describe] takes one of these options: [group], [all-groups]');
    expect(usage({ list: true, describe: true, allGroups: true })).toMatch(/^Command must include exactly one action/);
    expect(usage({ describe: true })).toBe('Option [describe] takes one of these options: [group], [all-groups]');
    expect(usage({ describe: true, group: ['g'], members: true, state: true })).toBe('Option [describe] takes at most one of these options: [members], [offsets], [state]');
    expect(usage({ describe: true, group: ['g'], state: 'stable' })).toBe('Option [describe] does not take a value for [state]');
    expect(usage({ delete: true, group: ['g'], topic: ['t'] })).toBe('The consumer does not support topic-specific offset deletion from a consumer group.');
    expect(usage({ deleteOffsets: true, group: ['g'] })).toBe('Option [delete-offsets] takes the following options: [group], [topic]');
    expect(usage({ resetOffsets: true, group: ['g'], dryRun: true, execute: true })).toBe('Option [reset-offsets] only accepts one of [execute] and [dry-run]');
    expect(usage({ resetOffsets: true, group: ['g'], toLatest: true, shiftBy: '1' })).toBe('Option "[to-latest]" can\'t be used with option "[shift-by]"');
    expect(usage({ describe: true, group: ['g'], allGroups: true })).toBe('Option "[group]" can\'t be used with option "[all-groups]"');
    expect(usage({ list: true, group: ['g'] })).toBe('Option "[group]" can\'t be used with option "[list]"');
    expect(usage({ describe: true, group: ['g'], topic: ['t'] })).toBe('Option "[topic]" can\'t be used with option "[describe]"');
    expect(usage({ list: true, members: true })).toBe('Option(s) [members] are unavailable given other options on the command line');
    expect(usage({ describe: true, group: ['g'], members: true, watch: true })).toBe('--watch works with --describe (the offsets view) only.');
    expect(usage({ describe: true, group: ['g'], interval: 100 })).toBe('--interval needs --watch.');
  });

  it('prints the dry-run notice before a usage error that follows it; a bad Long goes to the catch-all', () => {
    const notices: string[] = [];
    expect(() => checkConsumerGroupsArgs({ resetOffsets: true, toEarliest: true }, (l) => notices.push(l))).toThrow('Option [reset-offsets] takes one of these options: [group], [all-groups]');
    expect(notices).toEqual([DRY_RUN_WARNING]);
    expect(longOptionError({ resetOffsets: true, toOffset: 'abc' })).toBe("Cannot parse argument 'abc' of option to-offset");
    expect(longOptionError({ resetOffsets: true, shiftBy: '9223372036854775808' })).toBe("Cannot parse argument '9223372036854775808' of option shift-by");
    expect(longOptionError({ resetOffsets: true, toOffset: '-5', shiftBy: '+3' })).toBeNull();
  });

  it('warns that a reset without --execute is a dry run; picks the describe view', () => {
    expect(checkConsumerGroupsArgs({ resetOffsets: true, group: ['g'], toEarliest: true }).stderrNotices).toEqual([DRY_RUN_WARNING]);
    expect(checkConsumerGroupsArgs({ resetOffsets: true, group: ['g'], toEarliest: true, dryRun: true }).stderrNotices).toEqual([]);
    expect(checkConsumerGroupsArgs({ describe: true, allGroups: true, state: true }).view).toBe('state');
    expect(checkConsumerGroupsArgs({ describe: true, group: ['g'] }).view).toBe('offsets');
  });

  it('parses reset specs and states', () => {
    expect(resetSpecOf({ toOffset: '-5' })).toEqual({ kind: 'to-offset', offset: -5n });
    expect(resetSpecOf({ byDuration: 'PT1H' })).toEqual({ kind: 'by-duration', durationMs: 3_600_000 });
    expect(() => resetSpecOf({ toDatetime: '2024-01-01' })).toThrow('Unparseable date: "2024-01-01"');
    expect(() => resetSpecOf({ shiftBy: 'x' })).toThrow("Cannot parse argument 'x' of option shift-by");
    expect(() => resetSpecOf({})).toThrow(/^Option '\[reset-offsets\]' requires one of the following scenarios: \[\[to-offset\], \[shift-by\]/);
    expect(parseStates('stable, EMPTY')).toEqual(['Stable', 'Empty']);
    expect(() => parseStates('stable,bogus')).toThrow("Invalid state list 'stable,bogus'. Valid states are: PreparingRebalance, CompletingRebalance, Stable, Dead, Empty, Assigning, Reconciling");
  });
});

describe('time formats', () => {
  it("Kafka's Utils.getDateTime: UTC by default, zones Z, ±HH, ±HHmm, ±HH:mm, strict", () => {
    const utc = Date.UTC(2024, 1, 29, 12, 30, 15, 250);
    expect(parseKafkaDateTime('2024-02-29T12:30:15.250')).toBe(utc);
    expect(parseKafkaDateTime('2024-02-29T12:30:15.250Z')).toBe(utc);
    expect(parseKafkaDateTime('2024-02-29T14:30:15.250+02')).toBe(utc);
    expect(parseKafkaDateTime('2024-02-29T14:30:15.250+0200')).toBe(utc);
    expect(parseKafkaDateTime('2024-02-29T10:00:15.250-02:30')).toBe(utc);
    for (const bad of ['2023-02-29T00:00:00.000', '2024-02-29T12:30:15', '2024-13-01T00:00:00.000', '2024-01-01 00:00:00.000', '2024-01-01T24:00:00.000']) expect(parseKafkaDateTime(bad)).toBeNull();
  });

  it('java.time.Duration.parse', () => {
    expect(parseIsoDuration('P1DT2H3M4.5S')).toBe(86_400_000 + 7_200_000 + 180_000 + 4500);
    expect(parseIsoDuration('pt30m')).toBe(1_800_000);
    expect(parseIsoDuration('-PT1S')).toBe(-1000);
    expect(parseIsoDuration('PT-1.5S')).toBe(-1500);
    for (const bad of ['P', 'PT', 'P1DT', '1H', 'P1H']) expect(parseIsoDuration(bad)).toBeNull();
  });
});

describe('Java HashMap order of reset plans', () => {
  it('hashes TopicPartition as Java does and iterates buckets in order', () => {
    // "hello".hashCode() is 99162322 in Java.
    expect(topicPartitionHash({ topic: 'hello', partition: 0 })).toBe(31 * 31 + 99162322);
    expect(topicPartitionOrder([0, 1, 2, 3, 4, 5].map((partition) => ({ topic: 't', partition }))).map((x) => x.partition)).toEqual([5, 4, 3, 2, 1, 0]);
    // Two keys in one bucket keep insertion order; past 12 entries the table doubles to 32 buckets.
    expect(javaHashMapOrder([17, 1, 0], (h) => h)).toEqual([0, 17, 1]);
    expect(javaHashMapOrder(Array.from({ length: 13 }, (_, i) => 16 + i).concat([0]), (h) => h)[0]).toBe(0);
    expect(javaHashMapOrder([16, 1], (h) => h)).toEqual([16, 1]);
  });
});

describe('describe', () => {
  it('fails as Kafka 4 does for a group the broker reports missing (the first in HashMap order), unless asked not to', async () => {
    const missing = (groupId: string): GroupDescription => ({ groupId, state: 'Dead', protocolType: '', assignor: '', members: [], coordinator: COORD, notFound: `org.apache.kafka.common.errors.GroupIdNotFoundException: Group ${groupId} not found.` });
    const admin = fakeAdmin({ topics: {}, groups: [missing('x'), missing('y')] });
    await expect(collectGroupsOffsets(admin, ['y', 'x'], { failOnMissing: true })).rejects.toThrow('org.apache.kafka.common.errors.GroupIdNotFoundException: Group x not found.');
    expect((await collectGroupsOffsets(admin, ['x'])).map((g) => g.state)).toEqual(['Dead']);
  });

  it('orders rows by member (most partitions first), then partitions without an owner; lag needs a commit and a log end', async () => {
    const admin = fakeAdmin({
      topics: { a: [[0, 10], [0, 20]], b: [[0, 5]] },
      committed: { g: { 'a:0': 4, 'a:1': 20, 'b:0': 1 } },
      groups: [
        {
          groupId: 'g',
          state: 'Stable',
          protocolType: 'consumer',
          assignor: 'range',
          coordinator: COORD,
          members: [
            { memberId: 'm1', groupInstanceId: null, clientId: 'c1', host: '/10.0.0.1', assignment: [{ topic: 'a', partition: 1 }] },
            { memberId: 'm2', groupInstanceId: null, clientId: 'c2', host: '/10.0.0.2', assignment: [{ topic: 'b', partition: 0 }, { topic: 'a', partition: 0 }] },
          ],
        },
      ],
    });
    const [g] = await collectGroupsOffsets(admin, ['g', 'g']);
    expect(g?.rows.map((r) => [r.topic, r.partition, r.consumerId, r.lag])).toEqual([
      ['a', 0, 'm2', 6n],
      ['b', 0, 'm2', 4n],
      ['a', 1, 'm1', 0n],
    ]);
    const p = recorder();
    renderOffsets(p, g === undefined ? [] : [g], { verbose: false });
    expect(p.stdout()).toBe(
      '\nGROUP           TOPIC           PARTITION  CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID\n' +
        'g               a               0          4               10              6               m2              /10.0.0.2       c2\n' +
        'g               b               0          1               5               4               m2              /10.0.0.2       c2\n' +
        'g               a               1          20              20              0               m1              /10.0.0.1       c1\n',
    );
    expect(lagByTopic(g?.rows ?? [])).toEqual([
      { topic: 'a', partitions: 2, currentOffset: 24n, logEndOffset: 30n, lag: 6n, consumers: 2 },
      { topic: 'b', partitions: 1, currentOffset: 1n, logEndOffset: 5n, lag: 4n, consumers: 1 },
    ]);
  });

  it('prints Kafka’s notices: no members, rebalancing, missing group; `-` for missing values', () => {
    const p = recorder();
    const row = { group: 'a-long-group-name-x', topic: 't', partition: 0, currentOffset: null, logEndOffset: 7n, lag: null, leaderEpoch: null, consumerId: null, host: null, clientId: null };
    const r = renderOffsets(
      p,
      [
        { group: 'a-long-group-name-x', state: 'PreparingRebalance', coordinator: COORD, rows: [row] },
        { group: 'dead', state: 'Dead', coordinator: COORD, rows: [] },
        { group: 'idle', state: 'Empty', coordinator: COORD, rows: [] },
      ],
      { verbose: true },
    );
    expect(r.failed).toBe(true);
    expect(p.chunks).toEqual([
      ['err', "\nWarning: Consumer group 'a-long-group-name-x' is rebalancing.\n"],
      [
        'out',
        '\nGROUP               TOPIC           PARTITION  LEADER-EPOCH    CURRENT-OFFSET  LOG-END-OFFSET  LAG             CONSUMER-ID     HOST            CLIENT-ID\n' +
          'a-long-group-name-x t               0          -               -               7               -               -               -               -\n',
      ],
      ['out', "\nError: Consumer group 'dead' does not exist.\n"],
      ['err', "\nConsumer group 'idle' has no active members.\n"],
    ]);
  });

  it('members (with GROUP-INSTANCE-ID when a member is static), state and list layouts', () => {
    const p = recorder();
    renderMembers(
      p,
      [
        {
          group: 'g',
          state: 'Stable',
          members: [
            { group: 'g', consumerId: 'm1', groupInstanceId: 'static-1', host: '/h', clientId: 'c', assignment: [{ topic: 'b', partition: 2 }, { topic: 'a', partition: 1 }, { topic: 'b', partition: 0 }], currentEpoch: null, targetEpoch: null, targetAssignment: null },
          ],
        },
      ],
      { verbose: true },
    );
    expect(p.stdout()).toBe(
      '\nGROUP           CONSUMER-ID     GROUP-INSTANCE-ID HOST            CLIENT-ID       #PARTITIONS     CURRENT-EPOCH   CURRENT-ASSIGNMENT   TARGET-EPOCH    TARGET-ASSIGNMENT   \n' +
        'g               m1              static-1          /h              c               3               -               a:1;b:0,2            -               -                   \n',
    );
    expect(assignmentString([{ topic: 'z', partition: 3 }, { topic: 'z', partition: 1 }, { topic: 'y', partition: 0 }])).toBe('y:0;z:1,3');

    const s = recorder();
    renderStates(s, [{ group: 'g', state: 'Stable', coordinator: COORD, assignmentStrategy: '', members: 2, groupEpoch: null, targetAssignmentEpoch: null }], { verbose: true });
    expect(s.stdout()).toBe(
      '\nGROUP           COORDINATOR (ID)          ASSIGNMENT-STRATEGY  STATE                GROUP-EPOCH     TARGET-ASSIGNMENT-EPOCH   #MEMBERS\n' +
        'g               broker:9092  (1)          -                    Stable               -               -                         2\n',
    );

    const l = recorder();
    renderList(l, [{ groupId: 'orders-app', protocolType: 'consumer', state: 'Stable', type: 'classic' }], { includeState: true, includeType: true });
    expect(l.stdout()).toBe('GROUP                     TYPE                 STATE               \norders-app                Classic              Stable              \n');
  });

  it('decodes ConsumerProtocol assignments; garbage gives none', () => {
    const w = new Writer(64);
    w.int16(1).int32(1).string('t').int32(2).int32(0).int32(2).int32(-1);
    expect(decodeConsumerAssignment(w.toBuffer())).toEqual([
      { topic: 't', partition: 0 },
      { topic: 't', partition: 2 },
    ]);
    expect(decodeConsumerAssignment(Buffer.from([0, 0, 0, 0, 0, 9]))).toEqual([]);
    expect(decodeConsumerAssignment(Buffer.alloc(0))).toEqual([]);
  });
});

describe('reset planning', () => {
  const topics = { t: [[5, 50], [0, 30], [0, 0]] as Array<[number, number]> };
  const ctx = (over: Partial<PlanContext>): PlanContext & { warnings: string[]; notices: string[] } => {
    const warnings: string[] = [];
    const notices: string[] = [];
    return {
      admin: fakeAdmin({ topics, committed: { g: { 't:0': 20, 't:1': 29 } }, byTime: (tp, ts) => (tp.partition === 2 ? -1n : ts / 1000n) }),
      spec: { kind: 'to-earliest' },
      topics: ['t'],
      allTopics: false,
      now: () => 1_000_000,
      warn: (l) => warnings.push(l),
      notice: (t) => notices.push(t),
      warnings,
      notices,
      ...over,
    };
  };
  const offsets = (entries: Array<{ partition: number; newOffset: bigint }>): Record<number, number> => Object.fromEntries(entries.map((e) => [e.partition, Number(e.newOffset)]));

  it('computes every spec, clamping to [log start, log end] with a WARN line each', async () => {
    expect(offsets((await planGroupReset(ctx({ spec: { kind: 'to-earliest' } }), 'g')).entries)).toEqual({ 0: 5, 1: 0, 2: 0 });
    expect(offsets((await planGroupReset(ctx({ spec: { kind: 'to-latest' } }), 'g')).entries)).toEqual({ 0: 50, 1: 30, 2: 0 });
    expect(offsets((await planGroupReset(ctx({ spec: { kind: 'to-current' } }), 'g')).entries)).toEqual({ 0: 20, 1: 29, 2: 0 });
    const c = ctx({ spec: { kind: 'to-offset', offset: 40n } });
    expect(offsets((await planGroupReset(c, 'g')).entries)).toEqual({ 0: 40, 1: 30, 2: 0 });
    // In Kafka's HashMap<TopicPartition, Long> order: t-2 hashes to bucket 3, t-1 to bucket 4.
    expect(c.warnings.map((w) => w.replace(/^\[[^\]]+\] /, ''))).toEqual([
      'WARN New offset (40) is higher than latest offset for topic partition t-2. Value will be set to 0. (org.apache.kafka.tools.GroupOffsetsResetter)',
      'WARN New offset (40) is higher than latest offset for topic partition t-1. Value will be set to 30. (org.apache.kafka.tools.GroupOffsetsResetter)',
    ]);
    const shift = ctx({ spec: { kind: 'shift-by', by: -18n }, topics: ['t:0,1'] });
    expect(offsets((await planGroupReset(shift, 'g')).entries)).toEqual({ 0: 5, 1: 11 });
    expect(shift.warnings[0]).toContain('New offset (2) is lower than earliest offset for topic partition t-0. Value will be set to 5.');
    await expect(planGroupReset(ctx({ spec: { kind: 'shift-by', by: 1n } }), 'g')).rejects.toThrow('Cannot shift offset for partition t-2 since there is no current committed offset');
    const dt = ctx({ spec: { kind: 'to-datetime', timestamp: 12_000 } });
    expect(offsets((await planGroupReset(dt, 'g')).entries)).toEqual({ 0: 12, 1: 12, 2: 0 });
    expect(dt.notices).toEqual(['\nWarn: Partition 2 from topic t is empty. Falling back to latest known offset.\n']);
    expect(offsets((await planGroupReset(ctx({ spec: { kind: 'by-duration', durationMs: 990_000 } }), 'g')).entries)).toEqual({ 0: 10, 1: 10, 2: 0 });
    expect(offsets((await planGroupReset(ctx({ spec: { kind: 'to-earliest' }, topics: [], allTopics: true }), 'g')).entries)).toEqual({ 0: 5, 1: 0 });
  });

  it('refuses partitions that do not exist and needs a scope', async () => {
    await expect(planGroupReset(ctx({ topics: ['t:0,7'] }), 'g')).rejects.toThrow('The partitions "t-7" do not exist');
    await expect(planGroupReset(ctx({ topics: ['nope'] }), 'g')).rejects.toThrow('This server does not host this topic-partition.');
    await expect(planGroupReset(ctx({ topics: [] }), 'g')).rejects.toThrow('One of the reset scopes should be defined: --all-topics, --topic.');
    expect(() => parseTopicWithPartitions('t:a')).toThrow("Invalid partition 'a' specified in topic arg 't:a''");
    expect(() => parseTopicWithPartitions('t:1:2')).toThrow("Invalid topic arg 't:1:2', expected topic name and partitions");
  });

  it('exports CSV that --from-file reads back, in both layouts', async () => {
    const plan = await planGroupReset(ctx({ spec: { kind: 'to-latest' } }), 'g');
    const one = exportCsv([plan], true);
    expect(one).toBe('t,2,0\nt,1,30\nt,0,50\n\n');
    const back = parseResetPlan(one, ['g']);
    expect([...(back.get('g')?.values() ?? [])].map((e) => [e.partition, Number(e.offset)])).toEqual([
      [2, 0],
      [1, 30],
      [0, 50],
    ]);
    const many = exportCsv([{ ...plan, group: 'a,b' }, plan], false);
    expect(many.split('\n')[0]).toBe('"a,b",t,2,0');
    expect([...parseResetPlan(many, ['a,b', 'g']).keys()]).toEqual(['a,b', 'g']);
    const fromFile = ctx({ spec: { kind: 'from-file', path: 'x' }, filePlan: parseResetPlan('t,0,99\nt,1,3\n', ['g']) });
    expect(offsets((await planGroupReset(fromFile, 'g')).entries)).toEqual({ 0: 50, 1: 3 });
    expect((await planGroupReset(fromFile, 'other')).error).toBe('No reset plan for group other found.');
    expect(() => parseResetPlan('t,0\n', ['g'])).toThrow(/Cannot parse line 1/);
    // A topic,partition,offset plan for several groups reads as group,topic,partition (offset 0), as Jackson reads it: no plan for a and g.
    const misread = parseResetPlan('t,0,99\n', ['a', 'g']);
    expect([...misread.keys()]).toEqual(['t']);
    expect(misread.get('t')?.get(tpKey('0', 99))?.offset).toBe(0n);
  });
});

describe('watch', () => {
  const snap = (current: number, end: number) => [
    {
      group: 'g',
      state: 'Stable',
      coordinator: COORD,
      rows: [{ group: 'g', topic: 't', partition: 0, currentOffset: BigInt(current), logEndOffset: BigInt(end), lag: BigInt(end - current), leaderEpoch: null, consumerId: 'm', host: '/h', clientId: 'c' }],
    },
  ];

  it('turns successive snapshots into rates, time-to-zero and a lag history', () => {
    const t = new LagTracker();
    const f1 = t.update(0, snap(0, 100));
    expect(f1.groups[0]).toMatchObject({ totalLag: 100, consumedPerSec: null, producedPerSec: null, etaSeconds: null, members: 1 });
    const f2 = t.update(2000, snap(40, 110));
    expect(f2.intervalSec).toBe(2);
    expect(f2.groups[0]).toMatchObject({ totalLag: 70, consumedPerSec: 20, producedPerSec: 5, etaSeconds: 70 / 15, history: [100, 70] });
    expect(f2.groups[0]?.partitions[0]).toMatchObject({ consumedPerSec: 20, producedPerSec: 5 });
  });

  it('formats the estimate and the sparkline', () => {
    expect(etaSeconds(0, null, null)).toBe(0);
    expect(etaSeconds(10, 5, 5)).toBeNull();
    expect(formatEta(null)).toBe('-');
    expect(formatEta(59.2)).toBe('1m00s');
    expect(formatEta(3725)).toBe('1h02m');
    expect(sparkline([0, 50, 100])).toBe('▁▅█');
    expect(sparkline([0, 0])).toBe('▁▁');
  });
});
