// Dynamic broker configs on the bundled broker: IncrementalAlterConfigs/AlterConfigs on the BROKER
// resource (this node's id and the cluster default ""), with Kafka 4.4's refusals (probed against
// Apache Kafka 4.4), sources and synonyms as Kafka reports them, topics following a new broker
// default at once, and the values surviving a restart.
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlterConfigsApi } from '../../src/protocol/generated/apis/alter-configs.js';
import { DescribeConfigsApi } from '../../src/protocol/generated/apis/describe-configs.js';
import { IncrementalAlterConfigsApi } from '../../src/protocol/generated/apis/incremental-alter-configs.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { WireClient, wireApi } from './admin-wire.js';

const Inc = wireApi(IncrementalAlterConfigsApi);
const Legacy = wireApi(AlterConfigsApi);
const Describe = wireApi(DescribeConfigsApi);
const BROKER = 4;
const SET = 0;
const DELETE = 1;
const APPEND = 2;
const DYNAMIC_BROKER = 2;
const DYNAMIC_DEFAULT = 3;
const STATIC = 4;
const DEFAULT = 5;

describe('dynamic broker configs', () => {
  let b: TestBroker;
  let wire: WireClient;
  const inc = async (name: string, configs: [string, number, string | null][], validateOnly = false): Promise<[number, string | null]> => {
    const res = await wire.request(Inc, 1, { validateOnly, resources: [{ resourceType: BROKER, resourceName: name, configs: configs.map(([n, o, v]) => ({ name: n, configOperation: o, value: v })) }] });
    const r = res.responses[0];
    return [r?.errorCode ?? -1, r?.errorMessage ?? null];
  };
  const describeBroker = async (name: string, keys: string[] | null) => {
    const res = await wire.request(Describe, 4, { resources: [{ resourceType: BROKER, resourceName: name, configurationKeys: keys }], includeSynonyms: true, includeDocumentation: false });
    return res.results[0]?.configs ?? [];
  };

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'log.retention.hours': '48' } });
    wire = await WireClient.connect(b.running.port);
  });
  afterAll(async () => {
    wire.close();
    await b.dispose();
  });

  it("refuses what Kafka 4.4 refuses, with its texts, and changes nothing then", async () => {
    expect(await inc('1', [['num.partitions', SET, '3']], true)).toEqual([42, 'Cannot update these configs dynamically: [num.partitions]']);
    expect(await inc('', [['num.partitions', SET, '3'], ['auto.create.topics.enable', SET, 'false']])).toEqual([42, 'Cannot update these configs dynamically: [num.partitions, auto.create.topics.enable]']);
    expect(await inc('1', [['log.retention.ms', SET, 'abc']])).toEqual([42, 'Invalid value abc for configuration log.retention.ms: Not a number of type LONG']);
    expect(await inc('1', [['log.segment.bytes', SET, '5']])).toEqual([42, 'Invalid value 5 for configuration log.segment.bytes: Value must be at least 1048576']);
    expect(await inc('1', [['log.retention.ms', APPEND, '5']])).toEqual([40, 'Config value append is not allowed for config key: log.retention.ms']);
    expect(await inc('7', [['log.retention.ms', SET, '5']])).toEqual([42, 'Unexpected broker id, expected 1, but received 7']);
    expect(await inc('1', [['log.retention.hours', SET, '5']])).toEqual([42, 'Cannot update these configs dynamically: [log.retention.hours]']);
    const legacy = await wire.request(Legacy, 2, { validateOnly: true, resources: [{ resourceType: BROKER, resourceName: '1', configs: [{ name: 'num.partitions', value: '3' }] }] });
    expect(legacy.responses[0]?.errorMessage).toBe('Cannot update these configs dynamically: [num.partitions]');
    expect(await inc('1', [['log.retention.ms', SET, '1234']], true)).toEqual([0, null]);
    expect(b.running.broker.config.logRetentionMs).toBe(48 * 3_600_000);
  });

  it('applies per-broker and cluster-default values at once, with Kafka sources and synonyms', async () => {
    if (!b.running.broker.topics.create('dyn-t', 1, {}).ok) throw new Error('cannot create dyn-t');
    const log = (): { retentionMs: number; segmentBytes: number; maxMessageBytes: number } => b.running.broker.topics.get('dyn-t')?.partitions[0]?.log.config as never;
    expect(log().retentionMs).toBe(48 * 3_600_000);

    expect(await inc('', [['log.retention.ms', SET, '3600000'], ['log.retention.bytes', SET, '999999'], ['message.max.bytes', SET, '2000000']])).toEqual([0, null]);
    expect(log().retentionMs).toBe(3_600_000); // the default layer hides the static log.retention.hours
    expect(log().maxMessageBytes).toBe(2_000_000);
    expect(await inc('1', [['log.retention.ms', SET, '7200000'], ['log.segment.bytes', SET, '2000000']])).toEqual([0, null]);
    expect(log().retentionMs).toBe(7_200_000);
    expect(log().segmentBytes).toBe(2_000_000);

    const entries = Object.fromEntries((await describeBroker('1', ['log.retention.ms', 'log.segment.bytes', 'log.retention.bytes', 'num.partitions'])).map((c) => [c.name, c]));
    expect(entries['log.retention.ms']).toMatchObject({
      value: '7200000',
      readOnly: false,
      configSource: DYNAMIC_BROKER,
      synonyms: [
        { name: 'log.retention.ms', value: '7200000', source: DYNAMIC_BROKER },
        { name: 'log.retention.ms', value: '3600000', source: DYNAMIC_DEFAULT },
        { name: 'log.retention.hours', value: '48', source: STATIC },
        { name: 'log.retention.hours', value: '168', source: DEFAULT },
      ],
    });
    expect(entries['log.segment.bytes']?.synonyms).toEqual([
      { name: 'log.segment.bytes', value: '2000000', source: DYNAMIC_BROKER },
      { name: 'log.segment.bytes', value: '1073741824', source: DEFAULT },
    ]);
    expect(entries['log.retention.bytes']).toMatchObject({ value: '999999', configSource: DYNAMIC_DEFAULT, readOnly: false });
    expect(entries['num.partitions']).toMatchObject({ readOnly: true });
    const defaults = await describeBroker('', null);
    expect(defaults.map((c) => [c.name, c.value, c.configSource, c.readOnly])).toEqual([
      ['log.retention.bytes', '999999', DYNAMIC_DEFAULT, false],
      ['log.retention.ms', '3600000', DYNAMIC_DEFAULT, false],
      ['message.max.bytes', '2000000', DYNAMIC_DEFAULT, false],
    ]);

    // kafkajs sees the same through its describeConfigs.
    const kafka = new Kafka({ brokers: [b.bootstrap], logLevel: logLevel.NOTHING });
    const admin = kafka.admin();
    await admin.connect();
    try {
      const res = await admin.describeConfigs({ resources: [{ type: BROKER, name: '1', configNames: ['log.retention.ms'] }], includeSynonyms: false });
      expect(res.resources[0]?.configEntries.map((c) => [c.configName, c.configValue, c.readOnly])).toEqual([['log.retention.ms', '7200000', false]]);
      // A topic's own view: retention.ms now comes from the dynamic broker config.
      const t = await admin.describeConfigs({ resources: [{ type: 2, name: 'dyn-t', configNames: ['retention.ms'] }], includeSynonyms: false });
      expect(t.resources[0]?.configEntries.map((c) => [c.configName, c.configValue, (c as unknown as { configSource: number }).configSource])).toEqual([['retention.ms', '7200000', DYNAMIC_BROKER]]);
    } finally {
      await admin.disconnect();
    }
  });

  it('describes and alters the broker logger level as Kafka 4.4 does', async () => {
    const logger = async (name: string, op: number, value: string | null): Promise<[number, string | null]> => {
      const res = await wire.request(Inc, 1, { validateOnly: false, resources: [{ resourceType: 8, resourceName: '1', configs: [{ name, configOperation: op, value }] }] });
      return [res.responses[0]?.errorCode ?? -1, res.responses[0]?.errorMessage ?? null];
    };
    expect(await logger('root', SET, 'BOGUS')).toEqual([40, 'Cannot set the log level of root to BOGUS as it is not a supported log level. Valid log levels are DEBUG, ERROR, FATAL, INFO, TRACE, WARN']);
    expect(await logger('kafka.nope', SET, 'DEBUG')).toEqual([40, 'Logger kafka.nope does not exist!']);
    expect(await logger('root', DELETE, null)).toEqual([42, 'Removing the log level of the root logger is not allowed']);
    expect(await logger('root', APPEND, 'DEBUG')).toEqual([42, 'APPEND operation is not allowed for the BROKER_LOGGER resource']);
    expect(await logger('root', SET, 'DEBUG')).toEqual([0, null]);
    const res = await wire.request(Describe, 4, { resources: [{ resourceType: 8, resourceName: '1', configurationKeys: null }], includeSynonyms: true, includeDocumentation: false });
    expect(res.results[0]?.configs.map((c) => [c.name, c.value, c.configSource, c.readOnly])).toEqual([['root', 'DEBUG', 6, false]]);
  });

  it('keeps the dynamic configs across a restart, and DELETE falls back to the layers below', async () => {
    wire.close();
    const dataDir = b.dataDir;
    await b.stop();
    b = await startTestBroker({ dataDir, config: { 'log.retention.hours': '48' } });
    wire = await WireClient.connect(b.running.port);
    const log = () => b.running.broker.topics.get('dyn-t')?.partitions[0]?.log.config;
    expect(log()?.retentionMs).toBe(7_200_000);
    expect(b.running.broker.config.messageMaxBytes).toBe(2_000_000);
    expect(await inc('1', [['log.retention.ms', DELETE, null]])).toEqual([0, null]);
    expect(log()?.retentionMs).toBe(3_600_000);
    expect(await inc('', [['log.retention.ms', DELETE, null]])).toEqual([0, null]);
    expect(log()?.retentionMs).toBe(48 * 3_600_000);
    // Legacy AlterConfigs replaces the layer whole.
    const legacy = await wire.request(Legacy, 2, { validateOnly: false, resources: [{ resourceType: BROKER, resourceName: '', configs: [{ name: 'log.cleaner.min.cleanable.ratio', value: '0.3' }] }] });
    expect(legacy.responses[0]?.errorCode).toBe(0);
    expect((await describeBroker('', null)).map((c) => c.name)).toEqual(['log.cleaner.min.cleanable.ratio']);
  });
});
