import { Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DescribeConfigsApi } from '../../src/protocol/generated/apis/describe-configs.js';
import { AlterConfigsApi } from '../../src/protocol/generated/apis/alter-configs.js';
import { IncrementalAlterConfigsApi } from '../../src/protocol/generated/apis/incremental-alter-configs.js';
import { type AlterConfigsRequest } from '../../src/protocol/generated/messages/alter-configs-request.js';
import { type DescribeConfigsRequest } from '../../src/protocol/generated/messages/describe-configs-request.js';
import { type IncrementalAlterConfigsResponse } from '../../src/protocol/generated/messages/incremental-alter-configs-response.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { WireClient, wireApi } from './admin-wire.js';

const DescribeConfigs = wireApi(DescribeConfigsApi);
const AlterConfigs = wireApi(AlterConfigsApi);
const IncrementalAlterConfigs = wireApi(IncrementalAlterConfigsApi);

const TOPIC = 2;
const BROKER = 4;
const SET = 0;
const DELETE = 1;
const APPEND = 2;
const SUBTRACT = 3;
// DescribeConfigs wire ids of config sources.
const DYNAMIC_TOPIC = 1;
const STATIC_BROKER = 4;
const DEFAULT = 5;

const BROKER_CONFIG = { 'num.partitions': '3', 'log.retention.hours': '48', 'log.segment.bytes': '536870912' };

type Entry = { configName: string; configValue: string | null; readOnly: boolean; isDefault: boolean; configSource: number; isSensitive: boolean; configSynonyms: unknown[] };

describe('admin config APIs', () => {
  let b: TestBroker;
  let admin: Admin;
  let wire: WireClient;

  const describeTopic = async (name: string): Promise<Record<string, Entry>> => {
    const res = await admin.describeConfigs({ resources: [{ type: TOPIC, name }], includeSynonyms: true });
    return Object.fromEntries((res.resources[0]?.configEntries as Entry[]).map((e) => [e.configName, e]));
  };
  const overrides = (name: string): Record<string, string> | undefined => b.running.broker.topics.get(name)?.configs;

  beforeAll(async () => {
    b = await startTestBroker({ config: BROKER_CONFIG });
    admin = new Kafka({ brokers: [b.bootstrap], clientId: 'admin-configs', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    wire = await WireClient.connect(b.running.port);
    await admin.createTopics({
      topics: [
        { topic: 'plain' },
        { topic: 'tuned', configEntries: [{ name: 'retention.ms', value: '3600000' }, { name: 'cleanup.policy', value: 'compact,delete' }] },
        { topic: 'incremental' },
        { topic: 'legacy' },
      ],
    });
  });
  afterAll(async () => {
    wire.close();
    await admin.disconnect();
    await b.dispose();
  });

  it('describes a topic without overrides: values, sources and Kafka\'s synonym chains', async () => {
    const c = await describeTopic('plain');
    expect(Object.keys(c)).toHaveLength(37);
    const plain = (configName: string, value: string, source: number, synonyms: unknown[]): Entry => ({
      configName,
      configValue: value,
      readOnly: false,
      isDefault: source === DEFAULT,
      configSource: source,
      isSensitive: false,
      configSynonyms: synonyms,
    });
    expect(c['cleanup.policy']).toEqual(plain('cleanup.policy', 'delete', DEFAULT, [{ configName: 'log.cleanup.policy', configValue: 'delete', configSource: DEFAULT }]));
    expect(c['segment.bytes']).toEqual(
      plain('segment.bytes', '536870912', STATIC_BROKER, [
        { configName: 'log.segment.bytes', configValue: '536870912', configSource: STATIC_BROKER },
        { configName: 'log.segment.bytes', configValue: '1073741824', configSource: DEFAULT },
      ]),
    );
    // Kafka drops synonyms ahead of the primary key (log.retention.ms), so a value that comes from
    // log.retention.hours reports DEFAULT_CONFIG and no synonyms.
    expect(c['retention.ms']).toEqual(plain('retention.ms', '172800000', DEFAULT, []));
    expect(c['segment.ms']).toEqual(plain('segment.ms', '604800000', DEFAULT, []));
    expect(c['flush.ms']).toEqual(plain('flush.ms', '9223372036854775807', DEFAULT, []));
    expect(c['max.message.bytes']).toEqual(plain('max.message.bytes', '1048588', DEFAULT, [{ configName: 'message.max.bytes', configValue: '1048588', configSource: DEFAULT }]));
    expect(c['message.timestamp.after.max.ms']?.configValue).toBe('3600000');
    expect(c['min.cleanable.dirty.ratio']?.configValue).toBe('0.5');
    expect(c['leader.replication.throttled.replicas']).toEqual(plain('leader.replication.throttled.replicas', '', DEFAULT, []));
    expect(c['remote.storage.enable']).toEqual(plain('remote.storage.enable', 'false', DEFAULT, []));
  });

  it('describes a topic with overrides as DYNAMIC_TOPIC_CONFIG, and only the requested keys', async () => {
    const c = await describeTopic('tuned');
    expect(c['retention.ms']).toMatchObject({
      configValue: '3600000',
      configSource: DYNAMIC_TOPIC,
      isDefault: false,
      configSynonyms: [{ configName: 'retention.ms', configValue: '3600000', configSource: DYNAMIC_TOPIC }],
    });
    expect(c['cleanup.policy']).toMatchObject({
      configValue: 'compact,delete',
      configSource: DYNAMIC_TOPIC,
      configSynonyms: [
        { configName: 'cleanup.policy', configValue: 'compact,delete', configSource: DYNAMIC_TOPIC },
        { configName: 'log.cleanup.policy', configValue: 'delete', configSource: DEFAULT },
      ],
    });
    const some = await admin.describeConfigs({ resources: [{ type: TOPIC, name: 'tuned', configNames: ['retention.ms', 'no.such.key'] }], includeSynonyms: false });
    expect(some.resources[0]?.configEntries).toEqual([
      { configName: 'retention.ms', configValue: '3600000', readOnly: false, isDefault: false, configSource: DYNAMIC_TOPIC, isSensitive: false, configSynonyms: [] },
    ]);
  });

  it('describes the broker: its keys, read-only, with static and default synonyms', async () => {
    const res = await admin.describeConfigs({ resources: [{ type: BROKER, name: '1' }], includeSynonyms: true });
    const c = Object.fromEntries((res.resources[0]?.configEntries as Entry[]).map((e) => [e.configName, e]));
    expect(c['num.partitions']).toEqual({
      configName: 'num.partitions',
      configValue: '3',
      readOnly: true,
      isDefault: false,
      configSource: STATIC_BROKER,
      isSensitive: false,
      configSynonyms: [
        { configName: 'num.partitions', configValue: '3', configSource: STATIC_BROKER },
        { configName: 'num.partitions', configValue: '1', configSource: DEFAULT },
      ],
    });
    expect(c['log.retention.hours']).toMatchObject({
      configValue: '48',
      configSource: STATIC_BROKER,
      configSynonyms: [
        { configName: 'log.retention.hours', configValue: '48', configSource: STATIC_BROKER },
        { configName: 'log.retention.hours', configValue: '168', configSource: DEFAULT },
      ],
    });
    expect(c['log.retention.ms']).toMatchObject({ configValue: null, configSource: DEFAULT, configSynonyms: [] });
    expect(c['auto.create.topics.enable']).toMatchObject({
      configValue: 'true',
      configSource: DEFAULT,
      configSynonyms: [{ configName: 'auto.create.topics.enable', configValue: 'true', configSource: DEFAULT }],
    });
    expect(c['node.id']).toMatchObject({ configValue: '1', configSource: DEFAULT });
    // set by the test helper
    expect(c['group.initial.rebalance.delay.ms']).toMatchObject({ configValue: '0', configSource: STATIC_BROKER });
    // "" names the cluster-wide dynamic defaults, of which this broker has none (kafkajs refuses "").
    const cluster = await wire.request(DescribeConfigs, 1, {
      includeSynonyms: true,
      includeDocumentation: false,
      resources: [{ resourceType: BROKER, resourceName: '', configurationKeys: null }],
    });
    expect(cluster.results).toEqual([{ errorCode: 0, errorMessage: '', resourceType: BROKER, resourceName: '', configs: [] }]);
  });

  it('answers DescribeConfigs errors with Kafka\'s codes and messages', async () => {
    const res = await wire.request(DescribeConfigs, 4, {
      includeSynonyms: false,
      includeDocumentation: false,
      resources: [
        { resourceType: TOPIC, resourceName: 'missing', configurationKeys: null },
        { resourceType: TOPIC, resourceName: 'bad/name', configurationKeys: null },
        { resourceType: BROKER, resourceName: '7', configurationKeys: null },
        { resourceType: BROKER, resourceName: 'one', configurationKeys: null },
      ],
    });
    expect(res.results.map((r) => [r.resourceName, r.errorCode, r.errorMessage, r.configs.length])).toEqual([
      ['missing', 3, '', 0],
      ['bad/name', 17, "Topic name is invalid: 'bad/name' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'", 0],
      ['7', 42, 'Unexpected broker id, expected 1 or empty string, but received 7', 0],
      ['one', 42, 'Broker id must be an integer, but it is: one', 0],
    ]);
  });

  it('reports config types and, when asked, documentation (v3+)', async () => {
    const keys = ['retention.ms', 'cleanup.policy', 'min.cleanable.dirty.ratio', 'preallocate', 'segment.bytes', 'compression.type'];
    const req = (includeDocumentation: boolean): DescribeConfigsRequest => ({
      includeSynonyms: false,
      includeDocumentation,
      resources: [{ resourceType: TOPIC, resourceName: 'plain', configurationKeys: keys }],
    });
    const withDocs = await wire.request(DescribeConfigs, 4, req(true));
    expect(withDocs.results[0]?.configs.map((c) => [c.name, c.configType])).toEqual([
      ['cleanup.policy', 7],
      ['compression.type', 2],
      ['min.cleanable.dirty.ratio', 6],
      ['preallocate', 1],
      ['retention.ms', 5],
      ['segment.bytes', 3],
    ]);
    for (const c of withDocs.results[0]?.configs ?? []) expect(typeof c.documentation === 'string' && c.documentation.length > 10).toBe(true);
    const without = await wire.request(DescribeConfigs, 3, req(false));
    expect(without.results[0]?.configs.map((c) => c.documentation)).toEqual(keys.map(() => null));
  });

  it('alterConfigs replaces every override of a topic and reconfigures its log', async () => {
    if (!b.running.broker.topics.create('replaced', 1, { 'retention.ms': '3600000', 'cleanup.policy': 'compact,delete' }).ok) throw new Error('cannot create replaced');
    await admin.alterConfigs({ validateOnly: false, resources: [{ type: TOPIC, name: 'replaced', configEntries: [{ name: 'retention.ms', value: '1000' }] }] });
    expect(overrides('replaced')).toEqual({ 'retention.ms': '1000' });
    const c = await describeTopic('replaced');
    expect(c['retention.ms']).toMatchObject({ configValue: '1000', configSource: DYNAMIC_TOPIC });
    expect(c['cleanup.policy']).toMatchObject({ configValue: 'delete', configSource: DEFAULT });
    const log = b.running.broker.topics.partition('replaced', 0)?.log;
    expect(log?.config.retentionMs).toBe(1000);
    expect(log?.config.cleanupPolicy).toBe('delete');

    await admin.alterConfigs({ validateOnly: true, resources: [{ type: TOPIC, name: 'replaced', configEntries: [{ name: 'retention.ms', value: '5' }] }] });
    expect(overrides('replaced')).toEqual({ 'retention.ms': '1000' });
  });

  it('answers AlterConfigs errors with Kafka\'s codes and messages', async () => {
    // One resource per request: a resource named twice in one request fails as a duplicate.
    const one = async (resource: AlterConfigsRequest['resources'][number]): Promise<[number, string, number, string | null]> => {
      const res = await wire.request(AlterConfigs, 2, { validateOnly: false, resources: [resource] });
      const r = res.responses[0];
      return [r?.resourceType ?? -1, r?.resourceName ?? '', r?.errorCode ?? -1, r?.errorMessage ?? null];
    };
    const rows = [];
    for (const resource of [
      { resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'retention.ms', value: 'abc' }] },
      { resourceType: TOPIC, resourceName: 'missing', configs: [{ name: 'retention.ms', value: '1' }] },
      { resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'a', value: '1' }, { name: 'a', value: '2' }] },
      { resourceType: TOPIC, resourceName: '', configs: [] },
      { resourceType: TOPIC, resourceName: 'plain', configs: [{ name: 'segment.ms', value: null }] },
      { resourceType: TOPIC, resourceName: 'plain', configs: [{ name: 'remote.storage.enable', value: 'true' }] },
      { resourceType: BROKER, resourceName: '1', configs: [{ name: 'num.partitions', value: '5' }] },
      { resourceType: BROKER, resourceName: '2', configs: [] },
      { resourceType: BROKER, resourceName: '', configs: [] },
      { resourceType: 99, resourceName: 'x', configs: [] },
    ]) {
      rows.push(await one(resource));
    }
    expect(rows).toEqual([
      [TOPIC, 'legacy', 40, 'Invalid value abc for configuration retention.ms: Not a number of type LONG'],
      [TOPIC, 'missing', 3, "The topic 'missing' does not exist."],
      [TOPIC, 'legacy', 42, 'Error due to duplicate config keys'],
      [TOPIC, '', 42, 'Default topic resources are not allowed.'],
      [TOPIC, 'plain', 42, 'Null value not supported for : segment.ms'],
      [TOPIC, 'plain', 40, 'Tiered Storage functionality is disabled in the broker. Topic cannot be configured with remote log storage.'],
      [BROKER, '1', 42, 'Cannot update these configs dynamically: [num.partitions]'],
      [BROKER, '2', 42, 'Unexpected broker id, expected 1, but received 2'],
      [BROKER, '', 0, null],
      [99, 'x', 42, 'Unknown resource type 99'],
    ]);
    const dup = await wire.request(AlterConfigs, 0, {
      validateOnly: false,
      resources: [
        { resourceType: TOPIC, resourceName: 'plain', configs: [{ name: 'retention.ms', value: '1' }] },
        { resourceType: TOPIC, resourceName: 'legacy', configs: [] },
        { resourceType: TOPIC, resourceName: 'plain', configs: [] },
      ],
    });
    expect(dup.responses.map((r) => [r.resourceName, r.errorCode, r.errorMessage])).toEqual([
      ['plain', 42, 'Each resource must appear at most once.'],
      ['legacy', 0, null],
      ['plain', 42, 'Each resource must appear at most once.'],
    ]);
    expect(overrides('legacy')).toEqual({});
    expect(overrides('plain')).toEqual({});
  });

  it('applies IncrementalAlterConfigs SET, DELETE, APPEND and SUBTRACT', async () => {
    const alter = (configs: { name: string; configOperation: number; value: string | null }[], validateOnly = false, version = 1): Promise<IncrementalAlterConfigsResponse> =>
      wire.request(IncrementalAlterConfigs, version, { validateOnly, resources: [{ resourceType: TOPIC, resourceName: 'incremental', configs }] });
    const ok = [{ resourceType: TOPIC, resourceName: 'incremental', errorCode: 0, errorMessage: null }];

    // APPEND starts from the topic-level default (delete) when there is no override.
    expect((await alter([{ name: 'cleanup.policy', configOperation: APPEND, value: 'compact' }])).responses).toEqual(ok);
    expect(overrides('incremental')).toEqual({ 'cleanup.policy': 'delete,compact' });
    expect(b.running.broker.topics.partition('incremental', 0)?.log.config.cleanupPolicy).toBe('compact,delete');

    await alter([
      { name: 'cleanup.policy', configOperation: SUBTRACT, value: 'delete' },
      { name: 'retention.ms', configOperation: SET, value: '86400000' },
      { name: 'max.message.bytes', configOperation: SET, value: '5000' },
    ]);
    expect(overrides('incremental')).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '86400000', 'max.message.bytes': '5000' });

    await alter([{ name: 'max.message.bytes', configOperation: DELETE, value: null }], false, 0);
    expect(overrides('incremental')).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '86400000' });
    expect(b.running.broker.topics.partition('incremental', 0)?.log.config.maxMessageBytes).toBe(1048588);

    expect((await alter([{ name: 'retention.ms', configOperation: SET, value: '1' }], true)).responses).toEqual(ok);
    expect(overrides('incremental')?.['retention.ms']).toBe('86400000');

    const c = await describeTopic('incremental');
    expect(c['cleanup.policy']).toMatchObject({ configValue: 'compact', configSource: DYNAMIC_TOPIC });
    expect(c['max.message.bytes']).toMatchObject({ configValue: '1048588', configSource: DEFAULT });
  });

  it('answers IncrementalAlterConfigs errors with Kafka\'s codes and messages', async () => {
    if (!b.running.broker.topics.create('inc-errors', 1, { 'cleanup.policy': 'compact', 'retention.ms': '86400000' }).ok) throw new Error('cannot create inc-errors');
    const rows = [];
    for (const resource of [
      { resourceType: TOPIC, resourceName: 'inc-errors', configs: [{ name: 'retention.ms', configOperation: APPEND, value: '5' }] },
      { resourceType: TOPIC, resourceName: 'plain', configs: [{ name: 'retention.ms', configOperation: SET, value: null }] },
      { resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'retention.ms', configOperation: 7, value: '1' }] },
      { resourceType: TOPIC, resourceName: 'missing', configs: [{ name: 'retention.ms', configOperation: DELETE, value: null }] },
      { resourceType: TOPIC, resourceName: 'legacy', configs: [{ name: 'cleanup.policy', configOperation: APPEND, value: 'shred' }] },
      { resourceType: BROKER, resourceName: '1', configs: [{ name: 'num.partitions', configOperation: SET, value: '3' }] },
    ]) {
      const res = await wire.request(IncrementalAlterConfigs, 1, { validateOnly: false, resources: [resource] });
      rows.push(res.responses.map((r) => [r.resourceName, r.errorCode, r.errorMessage]));
    }
    expect(rows.flat()).toEqual([
      ['inc-errors', 40, "Can't APPEND to key retention.ms because its type is not LIST."],
      ['plain', 42, 'Null value not supported for : retention.ms'],
      ['legacy', 42, 'Unknown operations type 7'],
      ['missing', 3, "The topic 'missing' does not exist."],
      ['legacy', 40, 'Invalid value shred for configuration cleanup.policy: String must be one of: compact, delete'],
      ['1', 42, 'Cannot update these configs dynamically: [num.partitions]'],
    ]);
    expect(overrides('inc-errors')).toEqual({ 'cleanup.policy': 'compact', 'retention.ms': '86400000' });
    expect(overrides('legacy')).toEqual({});
  });

  it('keeps altered overrides across a broker restart', async () => {
    if (!b.running.broker.topics.create('restart-kept', 1, {}).ok) throw new Error('cannot create restart-kept');
    const set = await wire.request(IncrementalAlterConfigs, 1, {
      validateOnly: false,
      resources: [
        {
          resourceType: TOPIC,
          resourceName: 'restart-kept',
          configs: [
            { name: 'cleanup.policy', configOperation: SET, value: 'compact' },
            { name: 'retention.ms', configOperation: SET, value: '86400000' },
          ],
        },
      ],
    });
    expect(set.responses.map((r) => r.errorCode)).toEqual([0]);
    const dataDir = b.dataDir;
    await admin.disconnect();
    wire.close();
    await b.stop();
    b = await startTestBroker({ config: BROKER_CONFIG, dataDir });
    admin = new Kafka({ brokers: [b.bootstrap], clientId: 'admin-configs', logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    wire = await WireClient.connect(b.running.port);
    const c = await describeTopic('restart-kept');
    expect(c['cleanup.policy']).toMatchObject({ configValue: 'compact', configSource: DYNAMIC_TOPIC });
    expect(c['retention.ms']).toMatchObject({ configValue: '86400000', configSource: DYNAMIC_TOPIC });
    expect(b.running.broker.topics.partition('restart-kept', 0)?.log.config.retentionMs).toBe(86400000);
  });
});
