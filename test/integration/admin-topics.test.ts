import fs from 'node:fs';
import path from 'node:path';
import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CreateTopicsApi } from '../../src/protocol/generated/apis/create-topics.js';
import { DeleteTopicsApi } from '../../src/protocol/generated/apis/delete-topics.js';
import { CreatePartitionsApi } from '../../src/protocol/generated/apis/create-partitions.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';
import { defaultCreatableTopic, type CreatableTopic } from '../../src/protocol/generated/messages/create-topics-request.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { kcat } from '../helpers/kcat.js';
import { WireClient, wireApi } from './admin-wire.js';

const CreateTopics = wireApi(CreateTopicsApi);
const DeleteTopics = wireApi(DeleteTopicsApi);
const CreatePartitions = wireApi(CreatePartitionsApi);

function topic(name: string, over: Partial<CreatableTopic> = {}): CreatableTopic {
  return { ...defaultCreatableTopic(), name, numPartitions: -1, replicationFactor: -1, ...over };
}

/** [name, errorCode, errorMessage] per result, in response order. */
function outcomes(rows: readonly { name: string | null; errorCode: number; errorMessage: string | null }[]): [string | null, number, string | null][] {
  return rows.map((r) => [r.name, r.errorCode, r.errorMessage]);
}

describe('admin topic APIs', () => {
  let b: TestBroker;
  let admin: Admin;
  let wire: WireClient;

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'num.partitions': '2', 'log.retention.hours': '48', 'log.segment.bytes': '536870912' } });
    admin = new Kafka({ brokers: [b.bootstrap], clientId: 'admin-topics', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    wire = await WireClient.connect(b.running.port);
  });
  afterAll(async () => {
    wire.close();
    await admin.disconnect();
    await b.dispose();
  });

  it('creates topics with kafkajs and reports an existing one as not created', async () => {
    expect(await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] })).toBe(true);
    expect(await admin.createTopics({ topics: [{ topic: 'orders', numPartitions: 3 }] })).toBe(false);
    expect(await admin.createTopics({ topics: [{ topic: 'defaults' }] })).toBe(true);
    const meta = await admin.fetchTopicMetadata({ topics: ['orders', 'defaults'] });
    const byName = Object.fromEntries(meta.topics.map((t) => [t.name, t.partitions]));
    expect(byName['orders']).toEqual(
      [0, 1, 2].map((i) => ({ partitionErrorCode: 0, partitionId: i, leader: 1, replicas: [1], isr: [1], offlineReplicas: [] })),
    );
    // -1 partitions takes num.partitions=2
    expect(byName['defaults']?.map((p) => p.partitionId)).toEqual([0, 1]);
    expect(fs.existsSync(path.join(b.dataDir, 'orders-2'))).toBe(true);
  });

  it('refuses a replication factor above 1 with INVALID_REPLICATION_FACTOR and Kafka\'s message', async () => {
    const err = await admin.createTopics({ topics: [{ topic: 'replicated', replicationFactor: 3 }] }).catch((e: unknown) => e);
    expect((err as { errors: { type: string; code: number }[] }).errors.map((e) => [e.type, e.code])).toEqual([['INVALID_REPLICATION_FACTOR', 38]]);
    const res = await wire.request(CreateTopics, 7, { topics: [topic('replicated', { replicationFactor: 3 })], timeoutMs: 5000, validateOnly: false });
    expect(outcomes(res.topics)).toEqual([
      ['replicated', 38, 'Unable to replicate the partition 3 time(s): The target replication factor of 3 cannot be reached because only 1 broker(s) are registered or some brokers have all their log directories cordoned.'],
    ]);
    expect(res.topics[0]?.numPartitions).toBe(-1);
    expect(res.topics[0]?.topicId).toBe(ZERO_UUID);
    expect((await admin.listTopics()).includes('replicated')).toBe(false);
  });

  it('validateOnly checks a topic and creates nothing', async () => {
    // kafkajs would wait for leaders of a topic that validateOnly never creates (as against Kafka)
    expect(await admin.createTopics({ validateOnly: true, waitForLeaders: false, topics: [{ topic: 'dry-run', numPartitions: 4 }] })).toBe(true);
    expect(await admin.listTopics()).not.toContain('dry-run');
    const res = await wire.request(CreateTopics, 7, { topics: [topic('dry-run-7', { numPartitions: 4 })], timeoutMs: 5000, validateOnly: true });
    expect(res.topics[0]).toMatchObject({ name: 'dry-run-7', errorCode: 0, errorMessage: null, numPartitions: 4, replicationFactor: 1 });
    expect(res.topics[0]?.topicId).not.toBe(ZERO_UUID);
    expect(fs.existsSync(path.join(b.dataDir, 'dry-run-7-0'))).toBe(false);
    expect(b.running.broker.topics.get('dry-run-7')).toBeUndefined();
  });

  it('stores configEntries as topic overrides', async () => {
    await admin.createTopics({
      topics: [{ topic: 'compacted', configEntries: [{ name: 'cleanup.policy', value: 'compact' }, { name: 'retention.ms', value: '60000' }] }],
    });
    expect(b.running.broker.topics.get('compacted')?.configs).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '60000' });
    const log = b.running.broker.topics.partition('compacted', 0)?.log;
    expect(log?.config.cleanupPolicy).toBe('compact');
    expect(log?.config.retentionMs).toBe(60000);
  });

  it('answers CreateTopics v7 with the id, counts and resolved configs of the new topic', async () => {
    const res = await wire.request(CreateTopics, 7, {
      topics: [topic('v7-topic', { numPartitions: 3, configs: [{ name: 'max.message.bytes', value: '2000' }] })],
      timeoutMs: 5000,
      validateOnly: false,
    });
    const r = res.topics[0];
    expect(r).toMatchObject({ name: 'v7-topic', errorCode: 0, errorMessage: null, topicConfigErrorCode: 0, numPartitions: 3, replicationFactor: 1 });
    expect(r?.topicId).toBe(b.running.broker.topics.get('v7-topic')?.id);
    const configs = Object.fromEntries((r?.configs ?? []).map((c) => [c.name, [c.value, c.configSource, c.readOnly, c.isSensitive]]));
    expect(r?.configs?.length).toBe(37);
    expect(r?.configs?.map((c) => c.name)).toEqual([...(r?.configs?.map((c) => c.name) ?? [])].sort());
    expect(configs['max.message.bytes']).toEqual(['2000', 1, false, false]); // DYNAMIC_TOPIC_CONFIG
    expect(configs['retention.ms']).toEqual(['172800000', 4, false, false]); // STATIC_BROKER_CONFIG from log.retention.hours=48
    expect(configs['segment.bytes']).toEqual(['536870912', 4, false, false]);
    expect(configs['segment.ms']).toEqual(['604800000', 5, false, false]); // DEFAULT_CONFIG
    expect(configs['message.timestamp.after.max.ms']).toEqual(['3600000', 5, false, false]);
  });

  it('fails each bad topic with Kafka\'s code and message', async () => {
    b.running.broker.topics.create('dot.ted', 1, {});
    b.running.broker.topics.create('existing', 1, {});
    const res = await wire.request(CreateTopics, 7, {
      topics: [
        topic('dup'),
        topic('dup', { numPartitions: 5 }),
        topic('bad name!'),
        topic('__cluster_metadata'),
        topic('existing'),
        topic('dot_ted'),
        topic('zero-parts', { numPartitions: 0 }),
        topic('zero-rf', { replicationFactor: 0 }),
        topic('null-config', { configs: [{ name: 'retention.ms', value: null }, { name: 'segment.ms', value: null }] }),
        topic('unknown-config', { configs: [{ name: 'retention.ms', value: 'abc' }, { name: 'no.such.config', value: '1' }] }),
        topic('bad-value', { configs: [{ name: 'retention.ms', value: 'abc' }] }),
        topic('low-value', { configs: [{ name: 'min.insync.replicas', value: '0' }] }),
        topic('bad-choice', { configs: [{ name: 'cleanup.policy', value: 'compact,shred' }] }),
        topic('manual-with-rf', { replicationFactor: 1, assignments: [{ partitionIndex: 0, brokerIds: [1] }] }),
        topic('other-broker', { assignments: [{ partitionIndex: 0, brokerIds: [2] }] }),
        topic('twice', { assignments: [{ partitionIndex: 0, brokerIds: [1, 1] }] }),
        topic('gap', { assignments: [{ partitionIndex: 0, brokerIds: [1] }, { partitionIndex: 2, brokerIds: [1] }] }),
        topic('manual', { assignments: [{ partitionIndex: 1, brokerIds: [1] }, { partitionIndex: 0, brokerIds: [1] }] }),
      ],
      timeoutMs: 5000,
      validateOnly: false,
    });
    expect(outcomes(res.topics)).toEqual([
      ['dup', 42, 'Duplicate topic name.'],
      ['bad name!', 17, "Topic name is invalid: 'bad name!' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"],
      ['__cluster_metadata', 42, 'Creation of internal topic __cluster_metadata is prohibited.'],
      ['existing', 36, "Topic 'existing' already exists."],
      ['dot_ted', 17, "Topic 'dot_ted' collides with existing topic: dot.ted"],
      ['zero-parts', 37, 'Number of partitions was set to an invalid non-positive value.'],
      ['zero-rf', 38, 'Replication factor must be larger than 0, or -1 to use the default value.'],
      ['null-config', 40, 'Null value not supported for topic configs: retention.ms,segment.ms'],
      ['unknown-config', 40, 'Unknown topic config name: no.such.config'],
      ['bad-value', 40, 'Invalid value abc for configuration retention.ms: Not a number of type LONG'],
      ['low-value', 40, 'Invalid value 0 for configuration min.insync.replicas: Value must be at least 1'],
      ['bad-choice', 40, 'Invalid value shred for configuration cleanup.policy: String must be one of: compact, delete'],
      ['manual-with-rf', 42, 'A manual partition assignment was specified, but replication factor was not set to -1.'],
      ['other-broker', 39, 'The manual partition assignment includes broker 2, but no such broker is registered.'],
      ['twice', 39, 'The manual partition assignment includes the broker 1 more than once.'],
      ['gap', 39, 'partitions should be a consecutive 0-based integer sequence'],
      ['manual', 0, null],
    ]);
    expect(b.running.broker.topics.get('manual')?.partitions.length).toBe(2);
    expect(b.running.broker.topics.get('dup')).toBeUndefined();
  });

  it('grows partitions with kafkajs and refuses to shrink', async () => {
    await admin.createTopics({ topics: [{ topic: 'growing', numPartitions: 2 }] });
    await admin.createPartitions({ topicPartitions: [{ topic: 'growing', count: 5 }] });
    const meta = await admin.fetchTopicMetadata({ topics: ['growing'] });
    expect(meta.topics[0]?.partitions.map((p) => p.partitionId).sort()).toEqual([0, 1, 2, 3, 4]);
    const err = await admin.createPartitions({ topicPartitions: [{ topic: 'growing', count: 3 }] }).catch((e: unknown) => e);
    expect((err as { type: string }).type).toBe('INVALID_PARTITIONS');
    const l = await kcat(['-b', b.bootstrap, '-L', '-t', 'growing']);
    expect(l.stdout).toContain('topic "growing" with 5 partitions:');
  });

  it('answers CreatePartitions with Kafka\'s codes and messages', async () => {
    for (const [name, partitions] of [['cp-twice', 5], ['cp-three', 3], ['cp-two', 2], ['cp-gap', 2], ['cp-manual', 2], ['cp-grows', 3]] as const) {
      if (!b.running.broker.topics.create(name, partitions, {}).ok) throw new Error(`cannot create ${name}`);
    }
    const res = await wire.request(CreatePartitions, 3, {
      topics: [
        { name: 'nope', count: 3, assignments: null },
        { name: 'cp-twice', count: 6, assignments: null },
        { name: 'cp-twice', count: 7, assignments: null },
        { name: 'cp-three', count: 3, assignments: null },
        { name: 'cp-two', count: 1, assignments: null },
        { name: 'cp-gap', count: 4, assignments: [{ brokerIds: [1] }] },
        { name: 'cp-manual', count: 3, assignments: [{ brokerIds: [1, 2] }] },
        { name: 'cp-grows', count: 4, assignments: [{ brokerIds: [1] }] },
      ],
      timeoutMs: 5000,
      validateOnly: false,
    });
    expect(outcomes(res.results)).toEqual([
      ['cp-twice', 42, 'Duplicate topic name.'],
      ['nope', 3, null],
      ['cp-three', 37, 'Topic already has 3 partition(s).'],
      ['cp-two', 37, 'The topic cp-two currently has 2 partition(s); 1 would not be an increase.'],
      ['cp-gap', 39, 'Attempted to add 2 additional partition(s), but only 1 assignment(s) were specified.'],
      ['cp-manual', 39, 'The manual partition assignment includes broker 2, but no such broker is registered.'],
      ['cp-grows', 0, null],
    ]);
    expect(b.running.broker.topics.get('cp-twice')?.partitions.length).toBe(5);
    expect(b.running.broker.topics.get('cp-grows')?.partitions.length).toBe(4);
    const dry = await wire.request(CreatePartitions, 0, { topics: [{ name: 'cp-grows', count: 8, assignments: null }], timeoutMs: 0, validateOnly: true });
    expect(outcomes(dry.results)).toEqual([['cp-grows', 0, null]]);
    expect(b.running.broker.topics.get('cp-grows')?.partitions.length).toBe(4);
  });

  it('deletes topics with kafkajs and removes their partition directories', async () => {
    await admin.createTopics({ topics: [{ topic: 'doomed', numPartitions: 2 }] });
    expect(fs.existsSync(path.join(b.dataDir, 'doomed-1'))).toBe(true);
    await admin.deleteTopics({ topics: ['doomed'] });
    expect(await admin.listTopics()).not.toContain('doomed');
    expect(fs.existsSync(path.join(b.dataDir, 'doomed-0'))).toBe(false);
    expect(fs.existsSync(path.join(b.dataDir, 'doomed-1'))).toBe(false);
  });

  it('deletes by name and by id with DeleteTopics v6 and Kafka\'s errors', async () => {
    await admin.createTopics({ topics: [{ topic: 'by-id' }, { topic: 'by-name' }, { topic: 'both' }, { topic: 'dup-orders' }] });
    const id = b.running.broker.topics.get('by-id')?.id ?? '';
    const ordersId = b.running.broker.topics.get('dup-orders')?.id ?? '';
    const bothId = b.running.broker.topics.get('both')?.id ?? '';
    const byNameId = b.running.broker.topics.get('by-name')?.id ?? '';
    const unknownId = 'AAAAAAAAAAAAAAAAAAAAAQ';
    const res = await wire.request(DeleteTopics, 6, {
      topicNames: [],
      timeoutMs: 5000,
      topics: [
        { name: null, topicId: id },
        { name: 'by-name', topicId: ZERO_UUID },
        { name: 'both', topicId: bothId },
        { name: null, topicId: ZERO_UUID },
        { name: null, topicId: unknownId },
        { name: 'missing', topicId: ZERO_UUID },
        { name: 'dup-orders', topicId: ZERO_UUID },
        { name: 'dup-orders', topicId: ZERO_UUID },
      ],
    });
    const rows = res.responses.map((r) => [r.name, r.topicId, r.errorCode, r.errorMessage]);
    expect(rows).toEqual([
      ['both', bothId, 42, 'You may not specify both topic name and topic id.'],
      [null, ZERO_UUID, 42, 'Neither topic name nor id were specified.'],
      ['dup-orders', ZERO_UUID, 42, 'Duplicate topic name.'],
      [null, unknownId, 100, 'This server does not host this topic ID.'],
      ['missing', ZERO_UUID, 3, 'This server does not host this topic-partition.'],
      ['by-id', id, 0, null],
      ['by-name', byNameId, 0, null],
    ]);
    expect(b.running.broker.topics.get('by-id')).toBeUndefined();
    expect(b.running.broker.topics.get('by-name')).toBeUndefined();
    // Refused requests delete nothing.
    expect(b.running.broker.topics.get('both')?.id).toBe(bothId);
    expect(b.running.broker.topics.get('dup-orders')?.id).toBe(ordersId);
  });

  it('refuses deletion when delete.topic.enable=false: INVALID_REQUEST before v3, TOPIC_DELETION_DISABLED after', async () => {
    const locked = await startTestBroker({ config: { 'delete.topic.enable': 'false' } });
    const c = await WireClient.connect(locked.running.port);
    try {
      const kept = locked.running.broker.topics.create('kept', 1, {});
      if (!kept.ok || kept.value === null) throw new Error('cannot create kept');
      const v1 = await c.request(DeleteTopics, 1, { topicNames: ['kept'], timeoutMs: 1000, topics: [] });
      expect(v1.responses.map((r) => [r.name, r.errorCode])).toEqual([['kept', 42]]);
      const v5 = await c.request(DeleteTopics, 5, { topicNames: ['kept', 'absent'], timeoutMs: 1000, topics: [] });
      expect(v5.responses.map((r) => [r.name, r.errorCode, r.errorMessage])).toEqual([
        ['kept', 73, null],
        ['absent', 73, null],
      ]);
      expect(locked.running.broker.topics.get('kept')?.id).toBe(kept.value.id);
    } finally {
      c.close();
      await locked.dispose();
    }
  });
});
