import { describe, expect, it } from 'vitest';
import { Reader } from '../../../src/protocol/codec/reader.js';
import { Writer } from '../../../src/protocol/codec/writer.js';
import { defaultCreatableTopicResult, defaultCreateTopicsResponse, encodeCreateTopicsResponse } from '../../../src/protocol/generated/messages/create-topics-response.js';
import { encodeCreatePartitionsResponse } from '../../../src/protocol/generated/messages/create-partitions-response.js';
import { defaultDeletableTopicResult, encodeDeleteTopicsResponse } from '../../../src/protocol/generated/messages/delete-topics-response.js';
import { defaultDescribeConfigsResourceResult, encodeDescribeConfigsResponse } from '../../../src/protocol/generated/messages/describe-configs-response.js';
import {
  defaultDescribeTopicPartitionsResponsePartition,
  defaultDescribeTopicPartitionsResponseTopic,
  encodeDescribeTopicPartitionsResponse,
} from '../../../src/protocol/generated/messages/describe-topic-partitions-response.js';
import {
  defaultMetadataResponse,
  defaultMetadataResponseBroker,
  defaultMetadataResponsePartition,
  defaultMetadataResponseTopic,
  encodeMetadataResponse,
} from '../../../src/protocol/generated/messages/metadata-response.js';
import { formatPartitionLine } from '../../../src/core/topics/render.js';
import { TopicCommandError } from '../../../src/core/topics/types.js';
import { WireTopicAdmin, type AdminTransport } from '../../../src/core/topics/admin.js';
import type { WireApi } from '../../../src/core/topics/admin.js';

// WireTopicAdmin over a fake connection: requests are captured as built, responses go through the
// real response encoders and the admin's decoders at the negotiated version.

interface Sent {
  apiKey: number;
  version: number;
  request: unknown;
  to: 'any' | 'controller';
}

type Handler = (request: never, version: number) => unknown;

const ENCODERS: Record<number, (w: Writer, m: never, v: number) => void> = {
  3: encodeMetadataResponse,
  19: encodeCreateTopicsResponse,
  20: encodeDeleteTopicsResponse,
  32: encodeDescribeConfigsResponse,
  37: encodeCreatePartitionsResponse,
  75: encodeDescribeTopicPartitionsResponse,
};

class FakeTransport implements AdminTransport {
  readonly sent: Sent[] = [];
  readonly maxVersions: Record<number, number>;
  readonly handlers: Record<number, Handler>;

  constructor(maxVersions: Record<number, number>, handlers: Record<number, Handler>) {
    this.maxVersions = maxVersions;
    this.handlers = handlers;
  }

  version(api: Pick<WireApi<unknown, unknown>, 'apiKey' | 'min' | 'max'>): number | null {
    const max = this.maxVersions[api.apiKey];
    return max === undefined ? null : Math.min(max, api.max);
  }

  send<Req, Res>(api: WireApi<Req, Res>, build: (version: number) => Req, to: 'any' | 'controller' = 'any'): Promise<{ version: number; body: Res }> {
    const version = this.version(api);
    const handler = this.handlers[api.apiKey];
    const encode = ENCODERS[api.apiKey];
    if (version === null || handler === undefined || encode === undefined) return Promise.reject(new Error(`unexpected ${api.name}`));
    const request = build(version);
    this.sent.push({ apiKey: api.apiKey, version, request, to });
    const w = new Writer();
    encode(w, handler(request as never, version) as never, version);
    return Promise.resolve({ version, body: api.decode(new Reader(w.toBuffer()), version) });
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

const ID = 'w_H_w3F-S5qbT7PtD_vEyw';

function metadata(): ReturnType<typeof defaultMetadataResponse> {
  return {
    ...defaultMetadataResponse(),
    brokers: [{ ...defaultMetadataResponseBroker(), nodeId: 1, host: 'h', port: 9092 }],
    controllerId: 1,
    topics: [
      {
        ...defaultMetadataResponseTopic(),
        name: 'orders',
        topicId: ID,
        partitions: [1, 0].map((i) => ({ ...defaultMetadataResponsePartition(), partitionIndex: i, leaderId: i === 1 ? -1 : 1, replicaNodes: [1], isrNodes: i === 1 ? [] : [1] })),
      },
      { ...defaultMetadataResponseTopic(), name: '__consumer_offsets', isInternal: true, partitions: [{ ...defaultMetadataResponsePartition(), leaderId: 1 }] },
    ],
  };
}

function admin(maxVersions: Record<number, number>, handlers: Record<number, Handler>): { admin: WireTopicAdmin; t: FakeTransport } {
  const t = new FakeTransport(maxVersions, handlers);
  return { admin: new WireTopicAdmin(t, { timeoutMs: 1234, partitionLimit: 2 }), t };
}

describe('WireTopicAdmin', () => {
  it('lists topics from one all-topics Metadata request at the newest common version', async () => {
    const { admin: a, t } = admin({ 3: 12 }, { 3: () => metadata() });
    expect(await a.listTopics()).toEqual([
      { name: 'orders', id: ID, internal: false, partitionCount: 2 },
      { name: '__consumer_offsets', id: null, internal: true, partitionCount: 1 },
    ]);
    expect([...(await a.liveBrokers())]).toEqual([1]);
    expect(t.sent).toEqual([{ apiKey: 3, version: 12, to: 'any', request: { topics: null, allowAutoTopicCreation: false, includeClusterAuthorizedOperations: false, includeTopicAuthorizedOperations: false } }]);
  });

  it('Metadata v0 asks for all topics with an empty list and has no ids', async () => {
    const { admin: a, t } = admin({ 3: 0 }, { 3: () => metadata() });
    expect((await a.listTopics()).map((l) => l.id)).toEqual([null, null]);
    expect(t.sent[0]?.request).toMatchObject({ topics: [] });
  });

  it('describes from Metadata when the broker lacks DescribeTopicPartitions: no leader → null, ELR unknown', async () => {
    const { admin: a, t } = admin({ 3: 12 }, { 3: () => metadata() });
    await a.listTopics();
    const [orders] = await a.describeTopics(['orders']);
    expect(orders?.partitions).toEqual([
      { partition: 1, leader: null, replicas: [1], isr: [], elr: null, lastKnownElr: null },
      { partition: 0, leader: 1, replicas: [1], isr: [1], elr: null, lastKnownElr: null },
    ]);
    expect(t.sent).toHaveLength(1);
  });

  it('follows the DescribeTopicPartitions cursor and keeps ELR lists (printed empty, not N/A)', async () => {
    const part = (i: number): ReturnType<typeof defaultDescribeTopicPartitionsResponsePartition> => ({
      ...defaultDescribeTopicPartitionsResponsePartition(),
      partitionIndex: i,
      leaderId: 1,
      replicaNodes: [1],
      isrNodes: [1],
      eligibleLeaderReplicas: [],
      lastKnownElr: [],
    });
    const topic = (name: string, parts: number[]): ReturnType<typeof defaultDescribeTopicPartitionsResponseTopic> => ({
      ...defaultDescribeTopicPartitionsResponseTopic(),
      name,
      topicId: ID,
      partitions: parts.map(part),
    });
    let call = 0;
    const { admin: a, t } = admin(
      { 75: 0 },
      {
        75: () =>
          ++call === 1
            ? { throttleTimeMs: 0, topics: [topic('a', [0]), topic('b', [0])], nextCursor: { topicName: 'b', partitionIndex: 1 } }
            : { throttleTimeMs: 0, topics: [topic('b', [1, 2])], nextCursor: null },
      },
    );
    const described = await a.describeTopics(['b', 'a']);
    expect(described.map((d) => [d.name, d.partitions.map((p) => p.partition)])).toEqual([
      ['b', [0, 1, 2]],
      ['a', [0]],
    ]);
    expect(t.sent.map((s) => s.request)).toEqual([
      { topics: [{ name: 'a' }, { name: 'b' }], responsePartitionLimit: 2, cursor: null },
      { topics: [{ name: 'b' }], responsePartitionLimit: 2, cursor: { topicName: 'b', partitionIndex: 1 } },
    ]);
    const first = described[1]?.partitions[0];
    if (first === undefined) throw new Error('no partition');
    expect(formatPartitionLine('a', first)).toBe('\tTopic: a\tPartition: 0\tLeader: 1\tReplicas: 1\tIsr: 1\tElr: \tLastKnownElr: ');
  });

  it('marks configs default by source (v1+), keeps broker order, and returns per-topic errors', async () => {
    const { admin: a, t } = admin(
      { 32: 4 },
      {
        32: () => ({
          throttleTimeMs: 0,
          results: [
            {
              errorCode: 0,
              errorMessage: '',
              resourceType: 2,
              resourceName: 'orders',
              configs: [
                { ...defaultDescribeConfigsResourceResult(), name: 'retention.ms', value: '1000', configSource: 1 },
                { ...defaultDescribeConfigsResourceResult(), name: 'segment.bytes', value: '1073741824', configSource: 4 },
                { ...defaultDescribeConfigsResourceResult(), name: 'cleanup.policy', value: 'delete', configSource: 5 },
              ],
            },
            { errorCode: 3, errorMessage: '', resourceType: 2, resourceName: 'gone', configs: [] },
          ],
        }),
      },
    );
    const configs = await a.describeConfigs(['orders', 'gone']);
    expect(configs.get('orders')).toEqual([
      { name: 'retention.ms', value: '1000', isDefault: false },
      { name: 'segment.bytes', value: '1073741824', isDefault: false },
      { name: 'cleanup.policy', value: 'delete', isDefault: true },
    ]);
    const gone = configs.get('gone');
    expect(gone).toBeInstanceOf(TopicCommandError);
    expect((gone as TopicCommandError).errorCode).toBe(3);
    expect(t.sent[0]).toMatchObject({ version: 4, request: { includeSynonyms: false, includeDocumentation: false, resources: [{ resourceType: 2, resourceName: 'orders', configurationKeys: null }, { resourceName: 'gone' }] } });
  });

  it('creates through the controller with -1 for unset counts and reports what the broker decided', async () => {
    const { admin: a, t } = admin(
      { 19: 7 },
      { 19: () => ({ ...defaultCreateTopicsResponse(), topics: [{ ...defaultCreatableTopicResult(), name: 'n', topicId: ID, numPartitions: 3, replicationFactor: 1, configs: [] }] }) },
    );
    expect(await a.createTopic({ name: 'n', partitions: null, replicationFactor: null, assignment: null, configs: { 'retention.ms': '5' } })).toEqual({ id: ID, partitions: 3, replicationFactor: 1 });
    expect(t.sent[0]).toEqual({
      apiKey: 19,
      version: 7,
      to: 'controller',
      request: { topics: [{ name: 'n', numPartitions: -1, replicationFactor: -1, assignments: [], configs: [{ name: 'retention.ms', value: '5' }] }], timeoutMs: 1234, validateOnly: false },
    });
  });

  it('turns broker errors into TopicCommandErrors with the broker\'s message, or the standard one', async () => {
    const { admin: a } = admin(
      { 19: 4, 20: 6, 37: 3 },
      {
        19: () => ({ ...defaultCreateTopicsResponse(), topics: [{ ...defaultCreatableTopicResult(), name: 'n', errorCode: 38, errorMessage: 'Unable to replicate the partition 3 time(s)' }] }),
        20: () => ({ throttleTimeMs: 0, responses: [{ ...defaultDeletableTopicResult(), name: 'd', errorCode: 3, errorMessage: null }] }),
        37: () => ({ throttleTimeMs: 0, results: [{ name: 'p', errorCode: 37, errorMessage: 'Topic already has 3 partition(s).' }] }),
      },
    );
    const err = (p: Promise<unknown>): Promise<TopicCommandError> => p.then(() => Promise.reject(new Error('no error')), (e: unknown) => e as TopicCommandError);
    const create = await err(a.createTopic({ name: 'n', partitions: 1, replicationFactor: 3, assignment: null, configs: {} }));
    expect([create.message, create.errorCode]).toEqual(['Unable to replicate the partition 3 time(s)', 38]);
    const del = await err(a.deleteTopics(['d']));
    expect([del.message, del.errorCode]).toEqual(['This broker does not host that topic or partition.', 3]);
    const alter = await err(a.createPartitions([{ name: 'p', count: 3, assignments: null }]));
    expect(alter.message).toBe('Topic already has 3 partition(s).');
  });
});
