import { describe, expect, it } from 'vitest';
import { EXACTLY_ONE_ACTION, checkTopicsArgs, parseReplicaAssignment, parseTopicConfigs, topicFilter, type TopicsFlags } from '../../../src/core/topics/options.js';
import { COLLISION_WARNING, formatPartitionLine, formatTopicSummary, renderTopics } from '../../../src/core/topics/render.js';
import { runTopicCommand, selectTopics, similarTopics } from '../../../src/core/topics/run.js';
import {
  TopicCommandError,
  type ConfigEntry,
  type CreatedTopic,
  type NewTopicSpec,
  type PartitionIncrease,
  type PartitionInfo,
  type TopicAdmin,
  type TopicListing,
  type TopicPartitions,
} from '../../../src/core/topics/types.js';
import { UsageError } from '../../../src/shared/errors.js';

// ---- a cluster in memory -----------------------------------------------------------------------

interface FakeTopic {
  id: string | null;
  internal?: boolean;
  partitions: PartitionInfo[];
  overrides?: Record<string, string>;
}

const DEFAULT_CONFIGS: ReadonlyArray<readonly [string, string]> = [
  ['cleanup.policy', 'delete'],
  ['min.insync.replicas', '1'],
  ['retention.ms', '604800000'],
  ['segment.bytes', '1073741824'],
];

function partitions(n: number, over: Partial<PartitionInfo> = {}): PartitionInfo[] {
  return Array.from({ length: n }, (_, i) => ({ partition: i, leader: 1, replicas: [1], isr: [1], elr: null, lastKnownElr: null, ...over }));
}

class FakeAdmin implements TopicAdmin {
  readonly topics = new Map<string, FakeTopic>();
  live: ReadonlySet<number> = new Set([1]);
  readonly calls: string[] = [];
  created: NewTopicSpec[] = [];
  increases: PartitionIncrease[] = [];
  createError: TopicCommandError | undefined;

  constructor(topics: Record<string, FakeTopic> = {}) {
    for (const [name, t] of Object.entries(topics)) this.topics.set(name, t);
  }

  listTopics(): Promise<TopicListing[]> {
    this.calls.push('list');
    return Promise.resolve([...this.topics].map(([name, t]) => ({ name, id: t.id, internal: t.internal ?? false, partitionCount: t.partitions.length })));
  }

  describeTopics(names: readonly string[]): Promise<TopicPartitions[]> {
    this.calls.push(`describe ${names.join(',')}`);
    return Promise.resolve(
      names.map((name) => {
        const t = this.topics.get(name);
        if (t === undefined) throw new Error(`no ${name}`);
        // Reversed, to check the command sorts partitions itself.
        return { name, id: t.id, internal: t.internal ?? false, partitions: [...t.partitions].reverse() };
      }),
    );
  }

  describeConfigs(names: readonly string[]): Promise<Map<string, ConfigEntry[] | TopicCommandError>> {
    return Promise.resolve(
      new Map(
        names.map((name) => {
          const o = this.topics.get(name)?.overrides ?? {};
          const entries = DEFAULT_CONFIGS.map(([k, v]) => ({ name: k, value: o[k] ?? v, isDefault: o[k] === undefined }));
          for (const [k, v] of Object.entries(o)) if (!DEFAULT_CONFIGS.some(([d]) => d === k)) entries.push({ name: k, value: v, isDefault: false });
          return [name, entries];
        }),
      ),
    );
  }

  liveBrokers(): Promise<ReadonlySet<number>> {
    return Promise.resolve(this.live);
  }

  createTopic(spec: NewTopicSpec): Promise<CreatedTopic> {
    this.created.push(spec);
    if (this.createError !== undefined) return Promise.reject(this.createError);
    if (this.topics.has(spec.name)) return Promise.reject(new TopicCommandError(`Topic '${spec.name}' already exists.`, { errorCode: 36 }));
    const n = spec.partitions ?? 1;
    this.topics.set(spec.name, { id: 'AAAAAAAAAAAAAAAAAAAAAQ', partitions: partitions(n), overrides: spec.configs });
    return Promise.resolve({ id: 'AAAAAAAAAAAAAAAAAAAAAQ', partitions: n, replicationFactor: spec.replicationFactor ?? 1 });
  }

  createPartitions(increases: readonly PartitionIncrease[]): Promise<void> {
    this.increases.push(...increases);
    return Promise.resolve();
  }

  deleteTopics(names: readonly string[]): Promise<void> {
    this.calls.push(`delete ${names.join(',')}`);
    for (const n of names) this.topics.delete(n);
    return Promise.resolve();
  }
}

async function run(flags: TopicsFlags, admin: TopicAdmin, format: 'text' | 'json' = 'text'): Promise<{ stdout: string; stderr: string }> {
  const { action } = checkTopicsArgs(flags);
  const result = await runTopicCommand(action, flags, admin, { format });
  const text = renderTopics(result, format);
  if (result.failure !== undefined) throw result.failure;
  return text;
}

async function failure(flags: TopicsFlags, admin: TopicAdmin): Promise<TopicCommandError> {
  const err: unknown = await run(flags, admin).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof TopicCommandError)) throw new Error(`expected a TopicCommandError, got ${String(err)}`);
  return err;
}

// ---- argument checks ------------------------------------------------------------------------------

describe('checkTopicsArgs', () => {
  const usage = (flags: TopicsFlags): string => {
    try {
      checkTopicsArgs(flags);
    } catch (err) {
      expect(err).toBeInstanceOf(UsageError);
      expect((err as UsageError).exitCode).toBe(2);
      return (err as UsageError).message;
    }
    throw new Error('no usage error');
  };

  it('wants exactly one action', () => {
    expect(usage({})).toBe(EXACTLY_ONE_ACTION);
    expect(usage({ list: true, describe: true })).toBe(EXACTLY_ONE_ACTION);
    expect(checkTopicsArgs({ delete: true, topic: 't' }).action).toBe('delete');
  });

  it('requires --topic except for list and describe, and --partitions for alter', () => {
    expect(usage({ create: true })).toBe('Missing required argument "[topic]"');
    expect(usage({ delete: true })).toBe('Missing required argument "[topic]"');
    expect(usage({ alter: true, topic: 't' })).toBe('Missing required argument "[partitions]"');
    expect(checkTopicsArgs({ describe: true }).action).toBe('describe');
  });

  it('rejects options that do not apply, with Kafka\'s wording', () => {
    expect(usage({ list: true, partitions: 3 })).toBe('Option "[partitions]" can\'t be used with option "[list]"');
    expect(usage({ describe: true, config: ['a=b'] })).toBe('Option "[config]" can\'t be used with option "[describe]"');
    expect(usage({ alter: true, topic: 't', partitions: 2, config: ['a=b'] })).toBe(
      'Option "[config]" can\'t be used with option "[alter]" (To alter topic configurations, the kafka-configs tool can be used.)',
    );
    expect(usage({ alter: true, topic: 't', partitions: 2, replicationFactor: 1 })).toBe('Option "[replication-factor]" can\'t be used with option "[alter]"');
    expect(usage({ create: true, topic: 't', replicaAssignment: '1', partitions: 1 })).toBe('Option "[replica-assignment]" can\'t be used with option "[partitions]"');
    expect(usage({ list: true, underReplicatedPartitions: true })).toBe('Option "[under-replicated-partitions]" can\'t be used with option "[list]"');
    expect(usage({ describe: true, atMinIsrPartitions: true, topicsWithOverrides: true })).toBe(
      'Option "[at-min-isr-partitions]" can\'t be used with option "[topics-with-overrides]"',
    );
    expect(usage({ create: true, topic: 't', ifExists: true })).toBe('Option "[if-exists]" can\'t be used with option "[create]"');
    expect(usage({ delete: true, topic: 't', ifNotExists: true })).toBe('Option "[if-not-exists]" can\'t be used with option "[delete]"');
    expect(usage({ delete: true, topic: 't', excludeInternal: true })).toBe('Option "[exclude-internal]" can\'t be used with option "[delete]"');
    expect(usage({ describe: true, ifExists: true })).toBe('--topic or --topic-id is required to describe a topic');
  });

  it('collects Kafka\'s notices', () => {
    expect(checkTopicsArgs({ list: true, deleteConfig: ['x'] }).stderrNotices).toEqual([
      'delete-config option is no longer supported and deprecated since version 4.0. The config will be fully removed in future releases.',
    ]);
    expect(checkTopicsArgs({ describe: true, ifExists: true, topic: 'a', topicId: 'b' }).stdoutNotices).toHaveLength(1);
  });
});

describe('option values', () => {
  it('parses --config like Kafka, quirks included', () => {
    expect(parseTopicConfigs(['retention.ms=1000', ' cleanup.policy = compact '])).toEqual({ 'retention.ms': '1000', 'cleanup.policy': 'compact' });
    expect(parseTopicConfigs(['a=1', 'a=2'])).toEqual({ a: '2' });
    expect(parseTopicConfigs(['k=v='])).toEqual({ k: 'v' });
    const bad = 'requirement failed: Invalid topic config: all configs to be added must be in the format "key=val".';
    for (const raw of ['k', 'k=', 'k==v', 'a=b=c']) expect(() => parseTopicConfigs([raw]), raw).toThrow(bad);
  });

  it('parses --replica-assignment and reports Kafka\'s errors', () => {
    expect(parseReplicaAssignment('1:2, 3 :4')).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(() => parseReplicaAssignment('1:1:2:2')).toThrow('Partition replica lists may not contain duplicate entries: 1,2');
    expect(() => parseReplicaAssignment('1:2,3')).toThrow('Partition 1 has different replication factor: [3]');
    expect(() => parseReplicaAssignment('1:x')).toThrow('For input string: "x"');
  });

  it('reads --topic as Kafka\'s IncludeList regex', () => {
    expect(['a', 'b', 'c'].filter(topicFilter('a,b'))).toEqual(['a', 'b']);
    expect(['orders'].filter(topicFilter(' "orders" '))).toEqual(['orders']);
    expect(['my-topic'].filter(topicFilter('my - topic'))).toEqual(['my-topic']);
    expect(() => topicFilter('(')).toThrow('( is an invalid regex.');
  });

  it('selects sorted names and leaves internal topics out only when asked', () => {
    const all: TopicListing[] = [
      { name: 'b', id: null, internal: false, partitionCount: 1 },
      { name: '__consumer_offsets', id: null, internal: true, partitionCount: 50 },
      { name: 'a', id: null, internal: false, partitionCount: 1 },
    ];
    expect(selectTopics(all, undefined, false)).toEqual(['__consumer_offsets', 'a', 'b']);
    expect(selectTopics(all, undefined, true)).toEqual(['a', 'b']);
    expect(selectTopics(all, '.*', true)).toEqual(['a', 'b']);
    expect(selectTopics(all, '_.*', false)).toEqual(['__consumer_offsets']);
  });

  it('suggests near names for a missing topic', () => {
    const all: TopicListing[] = ['orders', 'Orders2', 'payments', '__consumer_offsets'].map((name) => ({ name, id: null, internal: false, partitionCount: 1 }));
    expect(similarTopics('orderz', all)).toEqual(['orders', 'Orders2']);
    expect(similarTopics('order', all)).toEqual(['orders']);
    expect(similarTopics('xyz', all)).toEqual([]);
  });
});

// ---- output -------------------------------------------------------------------------------------

describe('describe lines', () => {
  it('formats the summary and partition lines byte for byte', () => {
    const t: TopicPartitions = { name: 'orders', id: 'w_H_w3F-S5qbT7PtD_vEyw', internal: false, partitions: partitions(3, { replicas: [1, 2, 3], isr: [1, 2, 3] }) };
    expect(formatTopicSummary(t, [{ name: 'min.insync.replicas', value: '2', isDefault: false }])).toBe(
      'Topic: orders\tTopicId: w_H_w3F-S5qbT7PtD_vEyw\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: min.insync.replicas=2',
    );
    expect(formatTopicSummary({ ...t, id: 'AAAAAAAAAAAAAAAAAAAAAA' }, [])).toBe('Topic: orders\tPartitionCount: 3\tReplicationFactor: 3\tConfigs: ');
    expect(formatPartitionLine('orders', { partition: 0, leader: 1, replicas: [1, 2, 3], isr: [1, 2, 3], elr: [], lastKnownElr: [] })).toBe(
      '\tTopic: orders\tPartition: 0\tLeader: 1\tReplicas: 1,2,3\tIsr: 1,2,3\tElr: \tLastKnownElr: ',
    );
    expect(formatPartitionLine('orders', { partition: 2, leader: null, replicas: [2], isr: [], elr: null, lastKnownElr: [2] })).toBe(
      '\tTopic: orders\tPartition: 2\tLeader: none\tReplicas: 2\tIsr: \tElr: N/A\tLastKnownElr: 2',
    );
  });
});

describe('runTopicCommand', () => {
  const cluster = (): FakeAdmin =>
    new FakeAdmin({
      'streams-wordcount-output': { id: '7seQkML0Sv2Auo8YdgJm5w', partitions: partitions(1), overrides: { 'cleanup.policy': 'compact' } },
      'streams-plaintext-input': { id: 'HqBemQ-GTDKBc4lHiwmuEg', partitions: partitions(2) },
      __consumer_offsets: { id: 'GXJxrv2hQUy5Nb_ZYjXdFA', internal: true, partitions: partitions(1), overrides: { 'cleanup.policy': 'compact' } },
    });

  it('a failure after output keeps that output first, as Kafka had printed it (collision warning, a topic before a config error)', async () => {
    const created = await runTopicCommand('create', { create: true, topic: 'a.b', replicationFactor: 0 }, new FakeAdmin(), { format: 'text' });
    expect(created.failure?.message).toBe('The replication factor must be between 1 and 32767 inclusive');
    expect(renderTopics(created, 'text')).toEqual({ stdout: `${COLLISION_WARNING}\n`, stderr: '' });
    expect(renderTopics(created, 'json')).toEqual({ stdout: '', stderr: `${COLLISION_WARNING}\n` });

    const admin = cluster();
    const broken = new TopicCommandError('Authorization failed.', { errorCode: 29 });
    admin.describeConfigs = (names) => Promise.resolve(new Map(names.map((n) => [n, n === 'streams-plaintext-input' ? broken : [{ name: 'cleanup.policy', value: 'compact', isDefault: false }]])));
    const described = await runTopicCommand('describe', { describe: true, excludeInternal: true }, admin, { format: 'text' });
    expect(described.failure).toBe(broken);
    expect(renderTopics(described, 'text')).toEqual({
      stdout:
        'Topic: streams-wordcount-output\tTopicId: 7seQkML0Sv2Auo8YdgJm5w\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: cleanup.policy=compact\n' +
        '\tTopic: streams-wordcount-output\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A\n',
      stderr: '',
    });
  });

  it('--list prints sorted names, internal ones included unless excluded', async () => {
    expect((await run({ list: true }, cluster())).stdout).toBe('__consumer_offsets\nstreams-plaintext-input\nstreams-wordcount-output\n');
    expect((await run({ list: true, excludeInternal: true }, cluster())).stdout).toBe('streams-plaintext-input\nstreams-wordcount-output\n');
    expect((await run({ list: true, topic: '.*input' }, cluster())).stdout).toBe('streams-plaintext-input\n');
  });

  it('--list on an empty cluster prints one empty line, as println("") does', async () => {
    expect((await run({ list: true }, new FakeAdmin())).stdout).toBe('\n');
    expect((await run({ list: true }, new FakeAdmin(), 'json')).stdout).toBe('[]\n');
  });

  it('--list -o json gives name, id, internal flag and partition count', async () => {
    const doc = JSON.parse((await run({ list: true, excludeInternal: true }, cluster(), 'json')).stdout) as unknown;
    expect(doc).toEqual([
      { name: 'streams-plaintext-input', id: 'HqBemQ-GTDKBc4lHiwmuEg', internal: false, partitionCount: 2 },
      { name: 'streams-wordcount-output', id: '7seQkML0Sv2Auo8YdgJm5w', internal: false, partitionCount: 1 },
    ]);
  });

  it('--describe prints topics in Kafka\'s HashMap order with sorted partitions', async () => {
    const { stdout } = await run({ describe: true, excludeInternal: true }, cluster());
    expect(stdout).toBe(
      'Topic: streams-wordcount-output\tTopicId: 7seQkML0Sv2Auo8YdgJm5w\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: cleanup.policy=compact\n' +
        '\tTopic: streams-wordcount-output\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A\n' +
        'Topic: streams-plaintext-input\tTopicId: HqBemQ-GTDKBc4lHiwmuEg\tPartitionCount: 2\tReplicationFactor: 1\tConfigs: \n' +
        '\tTopic: streams-plaintext-input\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A\n' +
        '\tTopic: streams-plaintext-input\tPartition: 1\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: N/A\tLastKnownElr: N/A\n',
    );
  });

  it('--describe --topics-with-overrides prints only summaries of topics with overrides', async () => {
    const { stdout } = await run({ describe: true, topicsWithOverrides: true }, cluster());
    expect(stdout.split('\n').filter((l) => l !== '')).toEqual([
      'Topic: streams-wordcount-output\tTopicId: 7seQkML0Sv2Auo8YdgJm5w\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: cleanup.policy=compact',
      'Topic: __consumer_offsets\tTopicId: GXJxrv2hQUy5Nb_ZYjXdFA\tPartitionCount: 1\tReplicationFactor: 1\tConfigs: cleanup.policy=compact',
    ]);
  });

  it('partition report options print only the matching partition lines', async () => {
    const admin = new FakeAdmin({
      t: {
        id: null,
        partitions: [
          { partition: 0, leader: 1, replicas: [1, 2], isr: [1, 2], elr: null, lastKnownElr: null },
          { partition: 1, leader: 1, replicas: [1, 2], isr: [1], elr: null, lastKnownElr: null },
          { partition: 2, leader: null, replicas: [1, 2], isr: [], elr: null, lastKnownElr: null },
          { partition: 3, leader: 3, replicas: [3, 2], isr: [3, 2], elr: null, lastKnownElr: null },
        ],
        overrides: { 'min.insync.replicas': '2' },
      },
    });
    admin.live = new Set([1, 2]);
    const lines = async (flags: TopicsFlags): Promise<string[]> =>
      (await run({ describe: true, ...flags }, admin)).stdout
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => /Partition: (\d+)/.exec(l)?.[1] ?? l);
    expect(await lines({ underReplicatedPartitions: true })).toEqual(['1', '2']);
    expect(await lines({ unavailablePartitions: true })).toEqual(['2', '3']);
    expect(await lines({ underMinIsrPartitions: true })).toEqual(['1', '2']);
    expect(await lines({ atMinIsrPartitions: true })).toEqual(['0', '3']);
    expect(await lines({ underReplicatedPartitions: true, unavailablePartitions: true })).toEqual(['1', '2', '3']);
  });

  it('--describe -o json is sorted by name with the documented fields', async () => {
    const doc = JSON.parse((await run({ describe: true, topic: 'streams.*' }, cluster(), 'json')).stdout) as unknown;
    expect(doc).toEqual([
      {
        name: 'streams-plaintext-input',
        id: 'HqBemQ-GTDKBc4lHiwmuEg',
        internal: false,
        partitionCount: 2,
        replicationFactor: 1,
        configs: {},
        partitions: [
          { partition: 0, leader: 1, replicas: [1], isr: [1], elr: null, lastKnownElr: null },
          { partition: 1, leader: 1, replicas: [1], isr: [1], elr: null, lastKnownElr: null },
        ],
      },
      {
        name: 'streams-wordcount-output',
        id: '7seQkML0Sv2Auo8YdgJm5w',
        internal: false,
        partitionCount: 1,
        replicationFactor: 1,
        configs: { 'cleanup.policy': 'compact' },
        partitions: [{ partition: 0, leader: 1, replicas: [1], isr: [1], elr: null, lastKnownElr: null }],
      },
    ]);
  });

  it('--describe by --topic-id, and its errors', async () => {
    expect((await run({ describe: true, topicId: 'HqBemQ-GTDKBc4lHiwmuEg' }, cluster())).stdout).toMatch(/^Topic: streams-plaintext-input\t/);
    expect((await failure({ describe: true, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ' }, cluster())).message).toBe("TopicId 'AAAAAAAAAAAAAAAAAAAAAQ' does not exist as expected");
    expect((await run({ describe: true, topicId: 'AAAAAAAAAAAAAAAAAAAAAQ', ifExists: true }, cluster())).stdout).toBe('');
    expect((await failure({ describe: true, topicId: 'nope' }, cluster())).message).toMatch(/not a valid base64 UUID/);
  });

  it('a --topic that matches nothing fails unless --if-exists, naming the pattern as given', async () => {
    for (const flags of [{ describe: true }, { delete: true }, { alter: true, partitions: 3 }]) {
      const err = await failure({ ...flags, topic: 'stream-plaintext-input' }, cluster());
      expect(err.message).toBe("Topic 'stream-plaintext-input' does not exist as expected");
      expect(err.hint).toBe("Did you mean 'streams-plaintext-input'?");
      expect((await run({ ...flags, topic: 'nothing.*', ifExists: true }, cluster())).stdout).toBe('');
    }
  });

  it('--create prints Created topic, with the collision WARNING first', async () => {
    const admin = new FakeAdmin();
    expect((await run({ create: true, topic: 'orders', partitions: 3, config: ['retention.ms=1000'] }, admin)).stdout).toBe('Created topic orders.\n');
    expect(admin.created[0]).toEqual({ name: 'orders', partitions: 3, replicationFactor: null, assignment: null, configs: { 'retention.ms': '1000' } });
    expect((await run({ create: true, topic: 'my.topic' }, admin)).stdout).toBe(`${COLLISION_WARNING}\nCreated topic my.topic.\n`);
    const json = await run({ create: true, topic: 'my_topic', replicationFactor: 1 }, admin, 'json');
    expect(json.stderr).toBe(`${COLLISION_WARNING}\n`);
    expect(JSON.parse(json.stdout)).toEqual({ name: 'my_topic', created: true, id: 'AAAAAAAAAAAAAAAAAAAAAQ', partitions: 1, replicationFactor: 1 });
  });

  it('--create validates the counts before asking the cluster', async () => {
    const admin = new FakeAdmin();
    expect((await failure({ create: true, topic: 't', partitions: 0 }, admin)).message).toBe('The partitions must be greater than 0');
    expect((await failure({ create: true, topic: 't', replicationFactor: 0 }, admin)).message).toBe('The replication factor must be between 1 and 32767 inclusive');
    expect((await failure({ create: true, topic: 't', replicationFactor: 32768 }, admin)).message).toBe('The replication factor must be between 1 and 32767 inclusive');
    expect(admin.created).toEqual([]);
  });

  it('--create on an existing topic fails unless --if-not-exists', async () => {
    const admin = cluster();
    const err = await failure({ create: true, topic: 'streams-plaintext-input' }, admin);
    expect([err.message, err.errorCode]).toEqual(["Topic 'streams-plaintext-input' already exists.", 36]);
    expect((await run({ create: true, topic: 'streams-plaintext-input', ifNotExists: true }, admin)).stdout).toBe('');
    const json = JSON.parse((await run({ create: true, topic: 'streams-plaintext-input', ifNotExists: true }, admin, 'json')).stdout) as unknown;
    expect(json).toEqual({ name: 'streams-plaintext-input', created: false, id: null, partitions: null, replicationFactor: null });
    admin.createError = new TopicCommandError('Unable to replicate', { errorCode: 38 });
    expect((await failure({ create: true, topic: 'x', ifNotExists: true }, admin)).message).toBe('Unable to replicate');
  });

  it('--create with --replica-assignment sends the lists and no counts', async () => {
    const admin = new FakeAdmin();
    await run({ create: true, topic: 't', replicaAssignment: '1,1' }, admin);
    expect(admin.created[0]).toMatchObject({ partitions: null, replicationFactor: null, assignment: [[1], [1]] });
  });

  it('--alter raises every matching topic, passing only the new partitions\' assignments', async () => {
    const admin = cluster();
    expect((await run({ alter: true, topic: 'streams-.*', partitions: 4, replicaAssignment: '1,1,1,1' }, admin)).stdout).toBe('');
    expect(admin.increases).toEqual([
      { name: 'streams-plaintext-input', count: 4, assignments: [[1], [1]] },
      { name: 'streams-wordcount-output', count: 4, assignments: [[1], [1], [1]] },
    ]);
  });

  it('--delete removes every matching topic', async () => {
    const admin = cluster();
    expect((await run({ delete: true, topic: 'streams-.*' }, admin)).stdout).toBe('');
    expect(admin.calls).toContain('delete streams-plaintext-input,streams-wordcount-output');
    expect([...admin.topics.keys()]).toEqual(['__consumer_offsets']);
    expect(JSON.parse((await run({ delete: true, topic: '__consumer_offsets' }, admin, 'json')).stdout)).toEqual({ deleted: ['__consumer_offsets'] });
  });
});
