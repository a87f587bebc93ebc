// Client quotas on the bundled broker: AlterClientQuotas/DescribeClientQuotas with Kafka 4.4's
// answers (probed against Apache Kafka 4.4), persistence across a restart, Kafka's resolution order,
// and throttling that really holds a producer near its byte rate.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AlterClientQuotasApi } from '../../src/protocol/generated/apis/alter-client-quotas.js';
import { DescribeClientQuotasApi } from '../../src/protocol/generated/apis/describe-client-quotas.js';
import { ProduceApi } from '../../src/protocol/generated/apis/produce.js';
import { CreateTopicsApi } from '../../src/protocol/generated/apis/create-topics.js';
import { FetchApi } from '../../src/protocol/generated/apis/fetch.js';
import { defaultFetchRequest } from '../../src/protocol/generated/messages/fetch-request.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';
import type { AlterClientQuotasRequest } from '../../src/protocol/generated/messages/alter-client-quotas-request.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { WireClient, wireApi } from './admin-wire.js';

const Alter = wireApi(AlterClientQuotasApi);
const Describe = wireApi(DescribeClientQuotasApi);
const Produce = wireApi(ProduceApi);
const CreateTopics = wireApi(CreateTopicsApi);
const Fetch = wireApi(FetchApi);

const e = (entityType: string, entityName: string | null): { entityType: string; entityName: string | null } => ({ entityType, entityName });
const op = (key: string, value: number, remove = false): { key: string; value: number; remove: boolean } => ({ key, value, remove });
const INVALID_REQUEST = 42;

describe('client quotas', () => {
  let b: TestBroker;
  let wire: WireClient;
  const port = (): number => b.running.port;
  const alter = (entries: AlterClientQuotasRequest['entries'], validateOnly = false) => wire.request(Alter, 1, { entries, validateOnly });

  beforeAll(async () => {
    b = await startTestBroker();
    wire = await WireClient.connect(port());
  });
  afterAll(async () => {
    wire.close();
    await b.dispose();
  });

  it('refuses what Kafka 4.4 refuses, with its messages', async () => {
    const cases: [AlterClientQuotasRequest['entries'][number], string][] = [
      [{ entity: [e('user', 'u')], ops: [op('foo', 1)] }, 'Invalid configuration key foo'],
      [{ entity: [e('user', 'u')], ops: [op('producer_byte_rate', 1.5)] }, 'producer_byte_rate cannot be a fractional value.'],
      [{ entity: [e('user', 'u'), e('ip', '1.2.3.4')], ops: [op('producer_byte_rate', 1)] }, 'Invalid quota entity combination, IP entity shouldnot be combined with User or ClientId'],
      [{ entity: [], ops: [op('producer_byte_rate', 1)] }, 'Invalid empty client quota entity'],
      [{ entity: [e('foo', 'x')], ops: [op('producer_byte_rate', 1)] }, 'Unhandled client quota entity type: foo'],
      [{ entity: [e('user', '')], ops: [op('producer_byte_rate', 1)] }, 'Empty user not supported'],
      [{ entity: [e('user', 'a')], ops: [op('producer_byte_rate', 1), op('producer_byte_rate', 2)] }, 'Ignoring duplicate entity ClientQuotaEntity(entries={user=a})'],
      [{ entity: [e('ip', '1.2.3.4')], ops: [op('connection_creation_rate', 10.5)] }, 'connection_creation_rate cannot be a fractional value.'],
      [{ entity: [e('ip', 'not-a-host.invalid')], ops: [op('connection_creation_rate', 10)] }, 'not-a-host.invalid is not a valid IP or resolvable host.'],
      [{ entity: [e('ip', '1.2.3.4')], ops: [op('producer_byte_rate', 10)] }, 'Invalid configuration key producer_byte_rate'],
      [{ entity: [e('user', 'c')], ops: [op('SCRAM-SHA-256', 10)] }, 'Invalid configuration key SCRAM-SHA-256'],
      [{ entity: [e('user', 'c')], ops: [op('producer_byte_rate', 0)] }, 'Quota producer_byte_rate must be greater than 0'],
      [{ entity: [e('user', 'c')], ops: [op('request_percentage', -1)] }, 'Quota request_percentage must be greater than 0'],
      [{ entity: [e('user', 'c')], ops: [op('producer_byte_rate', 1e30)] }, 'Proposed value for producer_byte_rate is too large for a LONG.'],
    ];
    for (const [entry, message] of cases) {
      const res = await alter([entry], true);
      expect(res.entries.map((x) => [x.errorCode, x.errorMessage])).toEqual([[INVALID_REQUEST, message]]);
    }
    // Two entries for one entity answer once; removing what is not set is fine.
    const dup = await alter([{ entity: [e('user', 'd')], ops: [op('producer_byte_rate', 1)] }, { entity: [e('user', 'd')], ops: [op('producer_byte_rate', 2)] }], true);
    expect(dup.entries).toEqual([{ errorCode: INVALID_REQUEST, errorMessage: 'Ignoring duplicate entity ClientQuotaEntity(entries={user=d})', entity: [e('user', 'd')] }]);
    const rm = await alter([{ entity: [e('user', 'nobody')], ops: [op('foo', 0, true)] }]);
    expect(rm.entries).toEqual([{ errorCode: 0, errorMessage: null, entity: [e('user', 'nobody')] }]);
    // validateOnly changed nothing.
    expect((await wire.request(Describe, 1, { components: [], strict: false })).entries).toEqual([]);
  });

  it('describes filter errors on the response as Kafka does', async () => {
    const cases: [unknown[], number, string][] = [
      [[{ entityType: '', matchType: 0, match: 'x' }], INVALID_REQUEST, 'Invalid empty entity type.'],
      [[{ entityType: 'foo', matchType: 0, match: 'x' }], 35, 'Unsupported entity type foo'],
      [[{ entityType: 'user', matchType: 0, match: null }], INVALID_REQUEST, 'Request specified MATCH_TYPE_EXACT, but set match string to null.'],
      [[{ entityType: 'user', matchType: 1, match: 'x' }], INVALID_REQUEST, 'Request specified MATCH_TYPE_DEFAULT, but also specified a match string.'],
      [[{ entityType: 'user', matchType: 2, match: 'x' }], INVALID_REQUEST, 'Request specified MATCH_TYPE_SPECIFIED, but also specified a match string.'],
      [[{ entityType: 'user', matchType: 7, match: null }], INVALID_REQUEST, 'Unknown match type 7'],
      [[{ entityType: 'user', matchType: 2, match: null }, { entityType: 'user', matchType: 1, match: null }], INVALID_REQUEST, 'Entity type user cannot appear more than once in the filter.'],
      [
        [{ entityType: 'ip', matchType: 2, match: null }, { entityType: 'user', matchType: 1, match: null }],
        INVALID_REQUEST,
        'Invalid entity filter component combination. IP filter component should not be used with user or clientId filter component.',
      ],
    ];
    for (const [components, code, message] of cases) {
      for (const v of [0, 1]) {
        const res = await wire.request(Describe, v, { components: components as never, strict: false });
        expect([res.errorCode, res.errorMessage, res.entries]).toEqual([code, message, null]);
      }
    }
  });

  it('sets, matches (exact, default, specified, strict) and keeps quotas across a restart', async () => {
    const res = await alter([
      { entity: [e('client-id', 'h2c'), e('user', 'h2u')], ops: [op('producer_byte_rate', 2048), op('consumer_byte_rate', 4096), op('request_percentage', 50)] },
      { entity: [e('user', null)], ops: [op('producer_byte_rate', 1000)] },
      { entity: [e('user', 'h2u'), e('client-id', null)], ops: [op('producer_byte_rate', 3000)] },
      { entity: [e('client-id', 'h2c')], ops: [op('consumer_byte_rate', 5000)] },
      { entity: [e('ip', '10.0.0.1')], ops: [op('connection_creation_rate', 7)] },
      { entity: [e('user', 'h2bad')], ops: [op('producer_byte_rate', 7), op('foo', 1)] },
    ]);
    // Kafka 4.4's answer to this very request, order included.
    expect(res.entries).toEqual([
      { errorCode: 0, errorMessage: null, entity: [e('client-id', 'h2c')] },
      { errorCode: 0, errorMessage: null, entity: [e('client-id', null), e('user', 'h2u')] },
      { errorCode: INVALID_REQUEST, errorMessage: 'Invalid configuration key foo', entity: [e('user', 'h2bad')] },
      { errorCode: 0, errorMessage: null, entity: [e('client-id', 'h2c'), e('user', 'h2u')] },
      { errorCode: 0, errorMessage: null, entity: [e('user', null)] },
      { errorCode: 0, errorMessage: null, entity: [e('ip', '10.0.0.1')] },
    ]);
    const names = async (components: unknown[], strict: boolean): Promise<string[]> => {
      const r = await wire.request(Describe, 1, { components: components as never, strict });
      expect(r.errorCode).toBe(0);
      expect(r.errorMessage).toBe('');
      return (r.entries ?? []).map((x) => x.entity.map((p) => `${p.entityType}=${p.entityName ?? '<default>'}`).join(',')).sort();
    };
    expect(await names([], false)).toEqual(['client-id=<default>,user=h2u', 'client-id=h2c', 'client-id=h2c,user=h2u', 'ip=10.0.0.1', 'user=<default>']);
    expect(await names([], true)).toEqual([]);
    expect(await names([{ entityType: 'user', matchType: 0, match: 'h2u' }], false)).toEqual(['client-id=<default>,user=h2u', 'client-id=h2c,user=h2u']);
    expect(await names([{ entityType: 'user', matchType: 0, match: 'h2u' }], true)).toEqual([]);
    expect(await names([{ entityType: 'user', matchType: 1, match: null }], true)).toEqual(['user=<default>']);
    expect(await names([{ entityType: 'client-id', matchType: 2, match: null }], true)).toEqual(['client-id=h2c']);
    expect(await names([{ entityType: 'client-id', matchType: 2, match: null }, { entityType: 'user', matchType: 0, match: 'h2u' }], false)).toEqual([
      'client-id=<default>,user=h2u',
      'client-id=h2c,user=h2u',
    ]);
    const values = (await wire.request(Describe, 1, { components: [{ entityType: 'user', matchType: 0, match: 'h2u' }, { entityType: 'client-id', matchType: 0, match: 'h2c' }], strict: true })).entries;
    expect(values?.[0]?.values.map((v) => [v.key, v.value]).sort()).toEqual([['consumer_byte_rate', 4096], ['producer_byte_rate', 2048], ['request_percentage', 50]]);

    // Restart on the same data dir: the quotas are still there.
    wire.close();
    const dataDir = b.dataDir;
    await b.stop();
    b = await startTestBroker({ dataDir });
    wire = await WireClient.connect(port());
    expect(await names([], false)).toEqual(['client-id=<default>,user=h2u', 'client-id=h2c', 'client-id=h2c,user=h2u', 'ip=10.0.0.1', 'user=<default>']);
    // Removing every key removes the entity.
    await alter([{ entity: [e('ip', '10.0.0.1')], ops: [op('connection_creation_rate', 0, true)] }]);
    expect(await names([{ entityType: 'ip', matchType: 2, match: null }], false)).toEqual([]);
  });

  it("resolves a client's quota in Kafka's order (most specific first)", () => {
    const q = b.running.broker.quotas;
    const now = b.running.broker.clock.now();
    // One 100 000-byte record on a fresh sensor measures 10 000 B/s (11 windows, at least 10 s);
    // the throttle (rate − bound) / bound × 10 s then names the bound that applied.
    const boundFor = (user: string, client: string): number => {
      const t = q.produce.record(user, client, 100_000, now);
      return Math.round(10_000 / (t / 10_000 + 1));
    };
    expect(boundFor('h2u', 'h2c')).toBe(2048); // user + client-id
    expect(boundFor('h2u', 'other')).toBe(3000); // user + default client-id
    expect(boundFor('someone', 'h2c')).toBe(1000); // default user (before client-id alone)
  });

  it('throttles a producer above its byte rate and reports throttle_time_ms', async () => {
    const created = await wire.request(CreateTopics, 4, { topics: [{ name: 'quota-t', numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }], timeoutMs: 5000, validateOnly: false });
    expect(created.topics[0]?.errorCode).toBe(0);
    const RATE = 20_000;
    // WireClient's client id is wire-test; its own quota beats the default user's.
    expect((await alter([{ entity: [e('client-id', 'wire-test'), e('user', 'ANONYMOUS')], ops: [op('producer_byte_rate', RATE)] }])).entries[0]?.errorCode).toBe(0);
    const batch = encodeRecordBatch({ records: [{ value: Buffer.alloc(10_000, 7) }] });
    const started = Date.now();
    let bytes = 0;
    let throttled = 0;
    while (Date.now() - started < 4000) {
      const res = await wire.request(Produce, 9, { transactionalId: null, acks: 1, timeoutMs: 5000, topicData: [{ name: 'quota-t', partitionData: [{ index: 0, records: batch }] }] });
      expect(res.responses[0]?.partitionResponses[0]?.errorCode).toBe(0);
      bytes += batch.length;
      if (res.throttleTimeMs > 0) throttled++;
    }
    const seconds = (Date.now() - started) / 1000;
    expect(throttled).toBeGreaterThan(0);
    // Kafka's rate spans at least 10 s, so a fresh client may burst about 10 s of quota first;
    // beyond that the mutes hold it to the rate. Unthrottled, this loop writes hundreds of MB.
    expect(bytes).toBeLessThanOrEqual(RATE * (seconds + 11) * 1.5);
    const log = b.running.broker.topics.get('quota-t')?.partitions[0]?.log;
    expect(log?.logEndOffset).toBe(bytes / batch.length);
  }, 30_000);

  it('answers a fetch over its consumer_byte_rate with no data and throttle_time_ms, then within it with data', async () => {
    expect((await alter([{ entity: [e('client-id', 'wire-test'), e('user', 'ANONYMOUS')], ops: [op('consumer_byte_rate', 2000)] }])).entries[0]?.errorCode).toBe(0);
    const fetch = (maxBytes: number) => ({
      ...defaultFetchRequest(),
      replicaId: -1,
      maxWaitMs: 0,
      minBytes: 1,
      maxBytes,
      sessionEpoch: -1,
      topics: [{ topic: 'quota-t', topicId: ZERO_UUID, partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 0n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: maxBytes, replicaDirectoryId: ZERO_UUID }] }],
    });
    // Within the quota: 10 s × 2000 B/s covers one 10 kB batch (the first batch is always returned whole).
    const small = await WireClient.connect(port());
    const ok = await small.request(Fetch, 12, fetch(1));
    small.close();
    expect(ok.throttleTimeMs).toBe(0);
    expect(ok.responses[0]?.partitions[0]?.records?.length).toBeGreaterThan(0);
    // Everything at once is far beyond it: Kafka's throttled answer is empty (its own connection, muted afterwards).
    const big = await WireClient.connect(port());
    const res = await big.request(Fetch, 12, fetch(50 * 1024 * 1024));
    big.close();
    expect(res.throttleTimeMs).toBeGreaterThan(0);
    expect(res.errorCode).toBe(0);
    expect(res.responses).toEqual([]);
  });
});
