// GROUP (32) and CLIENT_METRICS (16) config resources and ListClientMetricsResources (74) on the
// wire, with the error codes and texts Apache Kafka 4.4 answers (each checked against it), their
// persistence across a restart, and a group's consumer.* configs reaching its KIP-848 members.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { AlterConfigsApi } from '../../src/protocol/generated/apis/alter-configs.js';
import { DescribeConfigsApi } from '../../src/protocol/generated/apis/describe-configs.js';
import { IncrementalAlterConfigsApi } from '../../src/protocol/generated/apis/incremental-alter-configs.js';
import { ListClientMetricsResourcesApi } from '../../src/protocol/generated/apis/list-client-metrics-resources.js';
import {
  ConsumerGroupHeartbeatRequestVersions,
  defaultConsumerGroupHeartbeatRequest,
  encodeConsumerGroupHeartbeatRequest,
} from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { decodeConsumerGroupHeartbeatResponse } from '../../src/protocol/generated/messages/consumer-group-heartbeat-response.js';
import { startTestBroker, tempDataDir, type TestBroker } from '../helpers/broker.js';
import { waitFor } from '../helpers/wait.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';
import { WireClient, wireApi } from './admin-wire.js';

const DescribeConfigs = wireApi(DescribeConfigsApi);
const AlterConfigs = wireApi(AlterConfigsApi);
const IncrementalAlterConfigs = wireApi(IncrementalAlterConfigsApi);
const ListClientMetrics = wireApi(ListClientMetricsResourcesApi);
const HB = api(ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, decodeConsumerGroupHeartbeatResponse);

const CLIENT_METRICS = 16;
const GROUP = 32;
const SET = 0;
const DELETE = 1;
const APPEND = 2;
const SUBTRACT = 3;
// Config sources on the wire.
const DEFAULT = 5;
const CLIENT_METRICS_CONFIG = 7;
const GROUP_CONFIG = 8;

type Op = { name: string; op: number; value?: string | null };

describe('GROUP and CLIENT_METRICS config resources', () => {
  let b: TestBroker;
  let w: WireClient;

  const inc = async (type: number, name: string, ops: Op[], validateOnly = false): Promise<{ errorCode: number; errorMessage: string | null }> => {
    const res = await w.request(IncrementalAlterConfigs, 1, {
      resources: [{ resourceType: type, resourceName: name, configs: ops.map((o) => ({ name: o.name, configOperation: o.op, value: o.value ?? null })) }],
      validateOnly,
    });
    const r = res.responses[0];
    return { errorCode: r?.errorCode ?? -1, errorMessage: r?.errorMessage ?? null };
  };
  const set = (type: number, name: string, kv: Record<string, string>): Promise<{ errorCode: number; errorMessage: string | null }> =>
    inc(type, name, Object.entries(kv).map(([k, v]) => ({ name: k, op: SET, value: v })));
  const describeRes = async (type: number, name: string, keys: string[] | null = null) => {
    const res = await w.request(DescribeConfigs, 4, { resources: [{ resourceType: type, resourceName: name, configurationKeys: keys }], includeSynonyms: true, includeDocumentation: false });
    return res.results[0];
  };
  const names = async (): Promise<string[]> => (await w.request(ListClientMetrics, 0, {})).clientMetricsResources.map((r) => r.name);

  beforeAll(async () => {
    b = await startTestBroker();
    w = await WireClient.connect(b.running.port);
  });
  afterAll(async () => {
    w.close();
    await b.dispose();
  });

  it('client metrics: a subscription exists once it has a config, described with its defaults', async () => {
    expect(await names()).toEqual([]);
    const fresh = await describeRes(CLIENT_METRICS, 'none');
    expect(fresh?.errorCode).toBe(0);
    expect(fresh?.configs.map((c) => [c.name, c.value, c.configSource, c.configType, c.synonyms])).toEqual([
      ['interval.ms', '300000', DEFAULT, 3, []],
      ['match', '', DEFAULT, 7, []],
      ['metrics', '', DEFAULT, 7, []],
    ]);
    expect(await set(CLIENT_METRICS, 'cm1', { metrics: 'org.apache.kafka.producer.', 'interval.ms': '1000', match: ' client_id = a.* ,client_software_name=java' })).toEqual({ errorCode: 0, errorMessage: null });
    expect(await names()).toEqual(['cm1']);
    const d = await describeRes(CLIENT_METRICS, 'cm1');
    expect(d?.configs.map((c) => [c.name, c.value, c.configSource, c.synonyms])).toEqual([
      ['interval.ms', '1000', CLIENT_METRICS_CONFIG, [{ name: 'interval.ms', value: '1000', source: CLIENT_METRICS_CONFIG }]],
      ['match', 'client_id = a.*,client_software_name=java', CLIENT_METRICS_CONFIG, [{ name: 'match', value: 'client_id = a.*,client_software_name=java', source: CLIENT_METRICS_CONFIG }]],
      ['metrics', 'org.apache.kafka.producer.', CLIENT_METRICS_CONFIG, [{ name: 'metrics', value: 'org.apache.kafka.producer.', source: CLIENT_METRICS_CONFIG }]],
    ]);
    // Deleting every key removes the subscription.
    expect(await inc(CLIENT_METRICS, 'cm1', [{ name: 'interval.ms', op: DELETE }, { name: 'metrics', op: DELETE }, { name: 'match', op: DELETE }])).toEqual({ errorCode: 0, errorMessage: null });
    expect(await names()).toEqual([]);
  });

  it("client metrics: Kafka's refusals", async () => {
    const cases: Array<[string, Op[], number, string]> = [
      ['', [{ name: 'interval.ms', op: SET, value: '1000' }], ErrorCode.INVALID_REQUEST, "Subscription name can't be empty"],
      ['x', [{ name: 'foo', op: SET, value: '1' }], ErrorCode.INVALID_REQUEST, 'Unknown client metrics configuration: foo'],
      ['x', [{ name: 'interval.ms', op: SET, value: '50' }], ErrorCode.INVALID_REQUEST, 'Invalid value 50 for interval.ms, interval must be between 100 and 3600000 (1 hour)'],
      ['x', [{ name: 'interval.ms', op: SET, value: 'abc' }], ErrorCode.INVALID_CONFIG, 'Invalid value abc for configuration interval.ms: Not a number of type INT'],
      ['x', [{ name: 'interval.ms', op: SET, value: '99999999999' }], ErrorCode.INVALID_CONFIG, 'Invalid value 99999999999 for configuration interval.ms: Not a number of type INT'],
      ['x', [{ name: 'match', op: SET, value: 'client_id=a=b' }], ErrorCode.INVALID_CONFIG, 'Illegal client matching pattern: client_id=a=b'],
      ['x', [{ name: 'match', op: SET, value: 'foo=bar' }], ErrorCode.INVALID_CONFIG, 'Illegal client matching pattern: foo=bar'],
      ['x', [{ name: 'match', op: SET, value: 'client_id=[a' }], ErrorCode.INVALID_CONFIG, 'Illegal client matching pattern: client_id=[a'],
      ['x', [{ name: 'metrics', op: APPEND, value: 'a' }], ErrorCode.INVALID_CONFIG, "Can't APPEND to key metrics because its type is not LIST."],
      ['x', [{ name: 'metrics', op: SUBTRACT, value: 'a' }], ErrorCode.INVALID_CONFIG, "Can't SUBTRACT to key metrics because its type is not LIST."],
    ];
    for (const [name, ops, code, message] of cases) expect(await inc(CLIENT_METRICS, name, ops)).toEqual({ errorCode: code, errorMessage: message });
    expect(await describeRes(CLIENT_METRICS, '')).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Client metrics subscription name must not be empty' });
    expect(await names()).toEqual([]);
  });

  it('legacy AlterConfigs replaces the whole set; validateOnly changes nothing', async () => {
    const alter = async (type: number, name: string, kv: Record<string, string>, validateOnly = false) =>
      (await w.request(AlterConfigs, 2, { resources: [{ resourceType: type, resourceName: name, configs: Object.entries(kv).map(([k, v]) => ({ name: k, value: v })) }], validateOnly })).responses[0];
    expect(await set(CLIENT_METRICS, 'legacy', { metrics: 'a', 'interval.ms': '2000' })).toMatchObject({ errorCode: 0 });
    expect(await alter(CLIENT_METRICS, 'legacy', { 'interval.ms': '3000' })).toMatchObject({ errorCode: 0 });
    expect(b.running.broker.entityConfigs.get('clientMetrics', 'legacy')).toEqual({ 'interval.ms': '3000' });
    expect(await alter(CLIENT_METRICS, 'legacy', { bad: '1' })).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Unknown client metrics configuration: bad' });
    expect(await inc(CLIENT_METRICS, 'legacy', [{ name: 'interval.ms', op: SET, value: '4000' }], true)).toEqual({ errorCode: 0, errorMessage: null });
    expect(b.running.broker.entityConfigs.get('clientMetrics', 'legacy')).toEqual({ 'interval.ms': '3000' });
    expect(await alter(GROUP, 'lg', { 'consumer.session.timeout.ms': '50000' })).toMatchObject({ errorCode: 0 });
    expect(await alter(GROUP, 'lg', {})).toMatchObject({ errorCode: 0 });
    expect(b.running.broker.entityConfigs.names('group')).not.toContain('lg');
    expect(await inc(CLIENT_METRICS, 'legacy', [{ name: 'interval.ms', op: DELETE }])).toMatchObject({ errorCode: 0 });
  });

  it('groups: every group config with its broker default, the set ones as GROUP_CONFIG', async () => {
    const fresh = await describeRes(GROUP, 'g1');
    expect(fresh?.configs.map((c) => c.name)).toEqual([
      'consumer.session.timeout.ms', 'streams.assignor.name', 'consumer.assignment.interval.ms', 'errors.deadletterqueue.copy.record.enable',
      'share.auto.offset.reset', 'streams.rack.aware.assignment.tags', 'share.renew.acknowledge.enable', 'streams.initial.rebalance.delay.ms',
      'share.session.timeout.ms', 'streams.assignment.interval.ms', 'share.heartbeat.interval.ms', 'streams.heartbeat.interval.ms',
      'share.delivery.count.limit', 'errors.deadletterqueue.topic.name', 'consumer.heartbeat.interval.ms', 'share.record.lock.duration.ms',
      'share.assignment.interval.ms', 'share.isolation.level', 'streams.session.timeout.ms', 'share.partition.max.record.locks',
      'streams.num.standby.replicas',
    ]);
    expect(await set(GROUP, 'g1', { 'consumer.session.timeout.ms': ' 50000 ', 'share.auto.offset.reset': 'by_duration:PT1H' })).toEqual({ errorCode: 0, errorMessage: null });
    const d = await describeRes(GROUP, 'g1', ['consumer.session.timeout.ms', 'share.auto.offset.reset', 'streams.assignor.name']);
    expect(d?.configs.map((c) => [c.name, c.value, c.configSource, c.synonyms])).toEqual([
      ['consumer.session.timeout.ms', '50000', GROUP_CONFIG, [{ name: 'consumer.session.timeout.ms', value: '50000', source: GROUP_CONFIG }, { name: 'group.consumer.session.timeout.ms', value: '45000', source: DEFAULT }]],
      ['streams.assignor.name', 'sticky', DEFAULT, [{ name: 'group.streams.assignors', value: 'sticky', source: DEFAULT }]],
      ['share.auto.offset.reset', 'by_duration:PT1H', GROUP_CONFIG, [{ name: 'share.auto.offset.reset', value: 'by_duration:PT1H', source: GROUP_CONFIG }, { name: 'share.auto.offset.reset', value: 'latest', source: DEFAULT }]],
    ]);
    expect(await describeRes(GROUP, '')).toMatchObject({ errorCode: ErrorCode.INVALID_REQUEST, errorMessage: 'Group name must not be empty' });
  });

  it("groups: Kafka's refusals", async () => {
    const cases: Array<[string, Op[], number, string]> = [
      ['', [{ name: 'consumer.session.timeout.ms', op: SET, value: '50000' }], ErrorCode.INVALID_REQUEST, 'Default group resources are not allowed.'],
      ['g2', [{ name: 'foo', op: SET, value: '1' }], ErrorCode.INVALID_CONFIG, 'Unknown group config name: foo'],
      ['g2', [{ name: 'consumer.session.timeout.ms', op: SET, value: '0' }], ErrorCode.INVALID_CONFIG, 'Invalid value 0 for configuration consumer.session.timeout.ms: Value must be at least 1'],
      ['g2', [{ name: 'consumer.session.timeout.ms', op: SET, value: '5000' }], ErrorCode.INVALID_CONFIG, 'consumer.session.timeout.ms must be in the range 45000 to 60000 inclusive.'],
      ['g2', [{ name: 'consumer.heartbeat.interval.ms', op: SET, value: '60000' }], ErrorCode.INVALID_CONFIG, 'consumer.heartbeat.interval.ms must be in the range 5000 to 15000 inclusive.'],
      ['g2', [{ name: 'consumer.heartbeat.interval.ms', op: SET, value: 'abc' }], ErrorCode.INVALID_CONFIG, 'Invalid value abc for configuration consumer.heartbeat.interval.ms: Not a number of type INT'],
      ['g2', [{ name: 'share.isolation.level', op: SET, value: 'bogus' }], ErrorCode.INVALID_CONFIG, 'Invalid value bogus for configuration share.isolation.level: String must be one of: read_committed, read_uncommitted'],
      [
        'g2',
        [{ name: 'share.auto.offset.reset', op: SET, value: 'bogus' }],
        ErrorCode.INVALID_CONFIG,
        "Invalid value bogus for configuration share.auto.offset.reset: Invalid value `bogus` for configuration share.auto.offset.reset. The value must be either 'earliest', 'latest' or of the format 'by_duration:<PnDTnHnMn.nS>'.",
      ],
      ['g2', [{ name: 'share.renew.acknowledge.enable', op: SET, value: 'yes' }], ErrorCode.INVALID_CONFIG, 'Invalid value yes for configuration share.renew.acknowledge.enable: Expected value to be either true or false'],
      ['g2', [{ name: 'streams.num.standby.replicas', op: SET, value: '3' }], ErrorCode.INVALID_CONFIG, 'streams.num.standby.replicas must be less than or equal to 2'],
      ['g2', [{ name: 'streams.assignor.name', op: SET, value: 'foo' }], ErrorCode.INVALID_CONFIG, "streams.assignor.name 'foo' is not a registered task assignor. Registered assignors are: [sticky]."],
      ['g2', [{ name: 'streams.rack.aware.assignment.tags', op: SET, value: 'a,b,a' }], ErrorCode.INVALID_CONFIG, 'streams.rack.aware.assignment.tags must not contain duplicate tag keys.'],
      ['g2', [{ name: 'errors.deadletterqueue.topic.name', op: SET, value: '__x' }], ErrorCode.INVALID_CONFIG, "errors.deadletterqueue.topic.name: DLQ topic name must not start with '__'"],
      ['g2', [{ name: 'streams.acceptable.recovery.lag', op: SET, value: '-1' }], ErrorCode.INVALID_CONFIG, 'Invalid value -1 for configuration streams.acceptable.recovery.lag: Value must be at least 0'],
      ['g2', [{ name: 'streams.rack.aware.assignment.tags', op: APPEND, value: 'a' }], ErrorCode.INVALID_CONFIG, "Can't APPEND to key streams.rack.aware.assignment.tags because its type is not LIST."],
    ];
    for (const [name, ops, code, message] of cases) expect(await inc(GROUP, name, ops)).toEqual({ errorCode: code, errorMessage: message });
    expect(b.running.broker.entityConfigs.names('group')).toEqual(['g1']);
  });
});

describe('GROUP and CLIENT_METRICS configs survive a restart', () => {
  it('are read back from the data dir', async () => {
    const dataDir = tempDataDir();
    const first = await startTestBroker({ dataDir });
    const w = await WireClient.connect(first.running.port);
    const ops = (kv: Record<string, string>) => Object.entries(kv).map(([name, value]) => ({ name, configOperation: SET, value }));
    const res = await w.request(IncrementalAlterConfigs, 1, {
      resources: [
        { resourceType: CLIENT_METRICS, resourceName: 'subs', configs: ops({ metrics: 'a,b', 'interval.ms': '60000' }) },
        { resourceType: GROUP, resourceName: 'orders', configs: ops({ 'consumer.session.timeout.ms': '50000' }) },
      ],
      validateOnly: false,
    });
    expect(res.responses.map((r) => r.errorCode)).toEqual([0, 0]);
    w.close();
    await first.stop();
    const second = await startTestBroker({ dataDir });
    try {
      const w2 = await WireClient.connect(second.running.port);
      expect((await w2.request(ListClientMetrics, 0, {})).clientMetricsResources).toEqual([{ name: 'subs' }]);
      const d = await w2.request(DescribeConfigs, 4, {
        resources: [
          { resourceType: CLIENT_METRICS, resourceName: 'subs', configurationKeys: null },
          { resourceType: GROUP, resourceName: 'orders', configurationKeys: ['consumer.session.timeout.ms'] },
        ],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      expect(d.results.map((r) => r.configs.filter((c) => c.configSource !== DEFAULT).map((c) => `${c.name}=${c.value}`))).toEqual([['interval.ms=60000', 'metrics=a,b'], ['consumer.session.timeout.ms=50000']]);
      w2.close();
    } finally {
      await second.dispose();
    }
  });
});

describe("a group's consumer.* configs reach its KIP-848 members", () => {
  let b: TestBroker;
  let c: RawClient;
  let w: WireClient;
  beforeAll(async () => {
    // A laptop broker: sessions of 1.5 s (the unset bounds widen to take it in).
    b = await startTestBroker({ config: { 'group.consumer.heartbeat.interval.ms': '500', 'group.consumer.session.timeout.ms': '1500' } });
    c = await RawClient.connect(b.running.port);
    w = await WireClient.connect(b.running.port);
    expect(b.running.broker.topics.create('t', 1, {}).ok).toBe(true);
  });
  afterAll(async () => {
    c.close();
    w.close();
    await b.dispose();
  });

  const join = (groupId: string, memberId: string) =>
    c.call(HB, 1, { ...defaultConsumerGroupHeartbeatRequest(), groupId, memberId, memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['t'], topicPartitions: [] });
  const members = (groupId: string): number | undefined => b.running.broker.groups.consumer.groups.get(groupId)?.members.size;

  it('the heartbeat interval and the session timeout follow the group config', async () => {
    const res = await w.request(IncrementalAlterConfigs, 1, {
      resources: [
        {
          resourceType: GROUP,
          resourceName: 'slow',
          configs: [
            { name: 'consumer.session.timeout.ms', configOperation: SET, value: '5000' },
            { name: 'consumer.heartbeat.interval.ms', configOperation: SET, value: '1200' },
          ],
        },
      ],
      validateOnly: false,
    });
    expect(res.responses[0]?.errorCode).toBe(0);
    const started = Date.now();
    const slow = await join('slow', 'm-slow');
    const fast = await join('fast', 'm-fast');
    expect(slow).toMatchObject({ errorCode: ErrorCode.NONE, heartbeatIntervalMs: 1200 });
    expect(fast).toMatchObject({ errorCode: ErrorCode.NONE, heartbeatIntervalMs: 500 });
    // The broker-wide 1.5 s session fences the member of `fast`; `slow`'s member lives for 5 s.
    await waitFor('the member of fast to expire', () => (members('fast') === 0 ? true : undefined), 10_000);
    expect(members('slow')).toBe(1);
    await waitFor('the member of slow to expire', () => (members('slow') === 0 ? true : undefined), 15_000);
    expect(Date.now() - started).toBeGreaterThanOrEqual(4500);
  });
});

describe('under an authorizer', () => {
  it('needs DESCRIBE_CONFIGS / ALTER_CONFIGS on the cluster (client metrics) or the group, as Kafka', async () => {
    const b = await startTestBroker({ config: { 'authorizer.class.name': 'org.apache.kafka.metadata.authorizer.StandardAuthorizer' } });
    const w = await WireClient.connect(b.running.port);
    try {
      expect(await w.request(ListClientMetrics, 0, {})).toMatchObject({ errorCode: ErrorCode.CLUSTER_AUTHORIZATION_FAILED, clientMetricsResources: [] });
      const d = await w.request(DescribeConfigs, 4, {
        resources: [
          { resourceType: CLIENT_METRICS, resourceName: 'cm', configurationKeys: null },
          { resourceType: GROUP, resourceName: 'g', configurationKeys: null },
        ],
        includeSynonyms: false,
        includeDocumentation: false,
      });
      expect(d.results.map((r) => [r.resourceType, r.errorCode, r.configs.length])).toEqual([
        [CLIENT_METRICS, ErrorCode.CLUSTER_AUTHORIZATION_FAILED, 0],
        [GROUP, ErrorCode.GROUP_AUTHORIZATION_FAILED, 0],
      ]);
      const a = await w.request(IncrementalAlterConfigs, 1, {
        resources: [
          { resourceType: CLIENT_METRICS, resourceName: 'cm', configs: [{ name: 'interval.ms', configOperation: SET, value: '1000' }] },
          { resourceType: GROUP, resourceName: 'g', configs: [{ name: 'consumer.session.timeout.ms', configOperation: SET, value: '50000' }] },
        ],
        validateOnly: false,
      });
      expect(a.responses.map((r) => r.errorCode)).toEqual([ErrorCode.CLUSTER_AUTHORIZATION_FAILED, ErrorCode.GROUP_AUTHORIZATION_FAILED]);
      expect(b.running.broker.entityConfigs.names('clientMetrics')).toEqual([]);
      expect(b.running.broker.entityConfigs.names('group')).toEqual([]);
    } finally {
      w.close();
      await b.dispose();
    }
  });
});
