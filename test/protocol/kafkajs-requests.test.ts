// Cross-check against a second implementation: kafkajs 2.2.4's own protocol code. Requests are
// encoded by kafkajs and decoded by our generated codecs; responses are encoded by ours and decoded
// (then parsed, which is where kafkajs throws on error codes) by kafkajs.
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { Reader } from '../../src/protocol/codec/reader.js';
import { ZERO_UUID } from '../../src/protocol/codec/uuid.js';
import { Writer } from '../../src/protocol/codec/writer.js';
import { ApiKey, requestHeaderVersion, responseHeaderVersion } from '../../src/protocol/generated/api-keys.js';
import * as addOffsetsToTxnReq from '../../src/protocol/generated/messages/add-offsets-to-txn-request.js';
import * as addOffsetsToTxnRes from '../../src/protocol/generated/messages/add-offsets-to-txn-response.js';
import * as addPartitionsToTxnReq from '../../src/protocol/generated/messages/add-partitions-to-txn-request.js';
import * as addPartitionsToTxnRes from '../../src/protocol/generated/messages/add-partitions-to-txn-response.js';
import * as alterConfigsReq from '../../src/protocol/generated/messages/alter-configs-request.js';
import * as alterConfigsRes from '../../src/protocol/generated/messages/alter-configs-response.js';
import * as apiVersionsReq from '../../src/protocol/generated/messages/api-versions-request.js';
import * as apiVersionsRes from '../../src/protocol/generated/messages/api-versions-response.js';
import * as createPartitionsReq from '../../src/protocol/generated/messages/create-partitions-request.js';
import * as createPartitionsRes from '../../src/protocol/generated/messages/create-partitions-response.js';
import * as createTopicsReq from '../../src/protocol/generated/messages/create-topics-request.js';
import * as createTopicsRes from '../../src/protocol/generated/messages/create-topics-response.js';
import * as deleteGroupsReq from '../../src/protocol/generated/messages/delete-groups-request.js';
import * as deleteGroupsRes from '../../src/protocol/generated/messages/delete-groups-response.js';
import * as deleteRecordsReq from '../../src/protocol/generated/messages/delete-records-request.js';
import * as deleteRecordsRes from '../../src/protocol/generated/messages/delete-records-response.js';
import * as deleteTopicsReq from '../../src/protocol/generated/messages/delete-topics-request.js';
import * as deleteTopicsRes from '../../src/protocol/generated/messages/delete-topics-response.js';
import * as describeConfigsReq from '../../src/protocol/generated/messages/describe-configs-request.js';
import * as describeConfigsRes from '../../src/protocol/generated/messages/describe-configs-response.js';
import * as describeGroupsReq from '../../src/protocol/generated/messages/describe-groups-request.js';
import * as describeGroupsRes from '../../src/protocol/generated/messages/describe-groups-response.js';
import * as endTxnReq from '../../src/protocol/generated/messages/end-txn-request.js';
import * as endTxnRes from '../../src/protocol/generated/messages/end-txn-response.js';
import * as fetchReq from '../../src/protocol/generated/messages/fetch-request.js';
import * as fetchRes from '../../src/protocol/generated/messages/fetch-response.js';
import * as findCoordinatorReq from '../../src/protocol/generated/messages/find-coordinator-request.js';
import * as findCoordinatorRes from '../../src/protocol/generated/messages/find-coordinator-response.js';
import * as heartbeatReq from '../../src/protocol/generated/messages/heartbeat-request.js';
import * as heartbeatRes from '../../src/protocol/generated/messages/heartbeat-response.js';
import * as initProducerIdReq from '../../src/protocol/generated/messages/init-producer-id-request.js';
import * as initProducerIdRes from '../../src/protocol/generated/messages/init-producer-id-response.js';
import * as joinGroupReq from '../../src/protocol/generated/messages/join-group-request.js';
import * as joinGroupRes from '../../src/protocol/generated/messages/join-group-response.js';
import * as leaveGroupReq from '../../src/protocol/generated/messages/leave-group-request.js';
import * as leaveGroupRes from '../../src/protocol/generated/messages/leave-group-response.js';
import * as listGroupsReq from '../../src/protocol/generated/messages/list-groups-request.js';
import * as listGroupsRes from '../../src/protocol/generated/messages/list-groups-response.js';
import * as listOffsetsReq from '../../src/protocol/generated/messages/list-offsets-request.js';
import * as listOffsetsRes from '../../src/protocol/generated/messages/list-offsets-response.js';
import * as metadataReq from '../../src/protocol/generated/messages/metadata-request.js';
import * as metadataRes from '../../src/protocol/generated/messages/metadata-response.js';
import * as offsetCommitReq from '../../src/protocol/generated/messages/offset-commit-request.js';
import * as offsetCommitRes from '../../src/protocol/generated/messages/offset-commit-response.js';
import * as offsetFetchReq from '../../src/protocol/generated/messages/offset-fetch-request.js';
import * as offsetFetchRes from '../../src/protocol/generated/messages/offset-fetch-response.js';
import * as produceReq from '../../src/protocol/generated/messages/produce-request.js';
import * as produceRes from '../../src/protocol/generated/messages/produce-response.js';
import { decodeRequestHeader } from '../../src/protocol/generated/messages/request-header.js';
import { encodeResponseHeader } from '../../src/protocol/generated/messages/response-header.js';
import * as saslHandshakeReq from '../../src/protocol/generated/messages/sasl-handshake-request.js';
import * as saslHandshakeRes from '../../src/protocol/generated/messages/sasl-handshake-response.js';
import * as syncGroupReq from '../../src/protocol/generated/messages/sync-group-request.js';
import * as syncGroupRes from '../../src/protocol/generated/messages/sync-group-response.js';
import * as txnOffsetCommitReq from '../../src/protocol/generated/messages/txn-offset-commit-request.js';
import * as txnOffsetCommitRes from '../../src/protocol/generated/messages/txn-offset-commit-response.js';

const require = createRequire(import.meta.url);
const KJS = 'kafkajs/src/protocol';

interface KjsRequest {
  apiKey: number;
  apiVersion: number;
  encode(): Promise<{ buffer: Buffer }>;
}
interface KjsResponse {
  decode(raw: Buffer): Promise<unknown>;
  parse(data: unknown): Promise<unknown>;
}
interface KjsDecoder {
  readInt32(): number;
  readAll(): Buffer;
}
interface KjsMessage {
  key: Buffer | null;
  value: Buffer | null;
  offset: string;
  timestamp: string;
  headers: Record<string, Buffer>;
}

const ConfigSource = require(`${KJS}/configSource.js`) as Record<string, number>;

function kjsRequest(api: string, v: number, args?: unknown): KjsRequest {
  const factory = require(`${KJS}/requests/${api}/v${v}/request.js`) as (a: unknown) => KjsRequest;
  return factory(args);
}

function kjsResponse(api: string, v: number, args?: unknown): KjsResponse {
  const mod = require(`${KJS}/requests/${api}/v${v}/response.js`) as KjsResponse | ((a: unknown) => KjsResponse);
  return typeof mod === 'function' ? mod(args) : mod;
}

/** kafkajs encodes the request body; ours decodes it, consuming every byte. */
async function decodeTheirs<T>(req: KjsRequest, apiKey: number, v: number, decode: (r: Reader, v: number) => T): Promise<T> {
  expect([req.apiKey, req.apiVersion]).toEqual([apiKey, v]);
  const r = new Reader((await req.encode()).buffer);
  const out = decode(r, v);
  expect(r.remaining).toBe(0);
  return out;
}

/** Ours encodes the response body; kafkajs decodes and parses it. */
async function kafkajsReads<T>(api: string, v: number, encode: (w: Writer, m: T, v: number) => void, m: T, args?: unknown): Promise<unknown> {
  const w = new Writer();
  encode(w, m, v);
  const res = kjsResponse(api, v, args);
  return res.parse(await res.decode(w.toBuffer()));
}

/** kafkajs reports the broker's throttle time as clientSideThrottleTime from the KIP-219 versions on. */
function throttle(v: number, clientSideFrom: number, t: number): Record<string, number> {
  return v >= clientSideFrom ? { throttleTime: 0, clientSideThrottleTime: t } : { throttleTime: t };
}

const range = (a: number, b: number): number[] => Array.from({ length: b - a + 1 }, (_, i) => a + i);

const TS = 1_700_000_000_000;
const MESSAGES = [
  { key: 'k1', value: 'v1', timestamp: TS, headers: { h: 'x' } },
  { key: null, value: 'v2', timestamp: TS + 5 },
];

function produceArgs(v: number): Record<string, unknown> {
  return {
    acks: -1,
    timeout: 30000,
    compression: 0,
    ...(v >= 3 ? { transactionalId: 'tx-1', producerId: 1234, producerEpoch: 2 } : {}),
    topicData: [{ topic: 'orders', partitions: [{ partition: 2, firstSequence: 0, messages: MESSAGES }] }],
  };
}

describe('kafkajs request framing', () => {
  it('decodes a full kafkajs request frame with our request header v1', async () => {
    const encodeFrame = require(`${KJS}/request.js`) as (a: unknown) => Promise<{ buffer: Buffer }>;
    const frame = (await encodeFrame({ correlationId: 42, clientId: 'tk-test', request: kjsRequest('metadata', 6, { topics: ['orders'] }) })).buffer;
    const r = new Reader(frame);
    expect(r.int32()).toBe(frame.length - 4);
    expect(requestHeaderVersion(ApiKey.Metadata, 6)).toBe(1);
    expect(decodeRequestHeader(r, 1)).toStrictEqual({ requestApiKey: 3, requestApiVersion: 6, correlationId: 42, clientId: 'tk-test' });
    expect(metadataReq.decodeMetadataRequest(r, 6).topics).toStrictEqual([{ topicId: ZERO_UUID, name: 'orders' }]);
    expect(r.remaining).toBe(0);
  });

  it('kafkajs reads our framed response: size, response header v0, body', async () => {
    const w = new Writer().startFrame();
    encodeResponseHeader(w, { correlationId: 77 }, responseHeaderVersion(ApiKey.ApiVersions, 2));
    apiVersionsRes.encodeApiVersionsResponse(w, { ...apiVersionsRes.defaultApiVersionsResponse(), apiKeys: [{ apiKey: 3, minVersion: 0, maxVersion: 12 }] }, 2);
    const Decoder = require(`${KJS}/decoder.js`) as new (b: Buffer) => KjsDecoder;
    const d = new Decoder(w.toBuffer());
    const size = d.readInt32();
    const body = new Decoder(d.readAll());
    expect(size).toBe(w.length - 4);
    expect(body.readInt32()).toBe(77);
    const res = kjsResponse('apiVersions', 2);
    expect(await res.parse(await res.decode(body.readAll()))).toEqual({
      errorCode: 0, apiVersions: [{ apiKey: 3, minVersion: 0, maxVersion: 12 }], throttleTime: 0, clientSideThrottleTime: 0,
    });
  });
});

describe('kafkajs ↔ generated codecs', () => {
  it('Produce v3-7', async () => {
    for (const v of range(3, 7)) {
      const m = await decodeTheirs(kjsRequest('produce', v, produceArgs(v)), ApiKey.Produce, v, produceReq.decodeProduceRequest);
      expect({ ...m, topicData: [] }).toStrictEqual({ transactionalId: 'tx-1', acks: -1, timeoutMs: 30000, topicData: [] });
      expect(m.topicData).toHaveLength(1);
      expect(m.topicData[0]?.name).toBe('orders');
      const part = m.topicData[0]?.partitionData[0];
      expect(part?.index).toBe(2);
      const batch = part?.records;
      if (batch === null || batch === undefined) throw new Error('no records');
      // One v2 record batch: length field covers the rest, magic 2, producer id, 2 records.
      expect(batch.readInt32BE(8)).toBe(batch.length - 12);
      expect(batch.readInt8(16)).toBe(2);
      expect(batch.readBigInt64BE(43)).toBe(1234n);
      expect(batch.readInt32BE(57)).toBe(2);

      const out = await kafkajsReads('produce', v, produceRes.encodeProduceResponse, {
        ...produceRes.defaultProduceResponse(),
        responses: [{ name: 'orders', partitionResponses: [{ ...produceRes.defaultPartitionProduceResponse(), index: 2, baseOffset: 42n, logAppendTimeMs: -1n, logStartOffset: 7n }] }],
        throttleTimeMs: 5,
      });
      expect(out).toEqual({
        topics: [{ topicName: 'orders', partitions: [{ partition: 2, errorCode: 0, baseOffset: '42', logAppendTime: '-1', ...(v >= 5 ? { logStartOffset: '7' } : {}) }] }],
        ...throttle(v, 6, 5),
      });
    }
    const failing = kafkajsReads('produce', 7, produceRes.encodeProduceResponse, {
      ...produceRes.defaultProduceResponse(),
      responses: [{ name: 'orders', partitionResponses: [{ ...produceRes.defaultPartitionProduceResponse(), index: 0, errorCode: 6 }] }],
    });
    await expect(failing).rejects.toMatchObject({ type: 'NOT_LEADER_FOR_PARTITION' });
  });

  it('Fetch v4-11', async () => {
    // A real record batch, made by kafkajs's producer code.
    const produced = await decodeTheirs(kjsRequest('produce', 7, produceArgs(7)), ApiKey.Produce, 7, produceReq.decodeProduceRequest);
    const batch = produced.topicData[0]?.partitionData[0]?.records ?? null;
    for (const v of range(4, 11)) {
      const args = {
        replicaId: -1, maxWaitTime: 500, minBytes: 1, maxBytes: 1048576, isolationLevel: 1, sessionId: 7, sessionEpoch: 2, rackId: 'rack-a',
        topics: [{ topic: 'orders', partitions: [{ partition: 0, currentLeaderEpoch: 3, fetchOffset: '100', logStartOffset: 5, maxBytes: 65536 }] }],
        forgottenTopics: [{ topic: 'old', partitions: [1, 2] }],
      };
      const m = await decodeTheirs(kjsRequest('fetch', v, args), ApiKey.Fetch, v, fetchReq.decodeFetchRequest);
      expect(m).toStrictEqual({
        ...fetchReq.defaultFetchRequest(),
        replicaId: -1, maxWaitMs: 500, minBytes: 1, maxBytes: 1048576, isolationLevel: 1,
        sessionId: v >= 7 ? 7 : 0,
        sessionEpoch: v >= 7 ? 2 : -1,
        topics: [{
          topic: 'orders', topicId: ZERO_UUID,
          partitions: [{
            ...fetchReq.defaultFetchPartition(), partition: 0, currentLeaderEpoch: v >= 9 ? 3 : -1, fetchOffset: 100n,
            logStartOffset: v >= 5 ? 5n : -1n, partitionMaxBytes: 65536,
          }],
        }],
        forgottenTopicsData: v >= 7 ? [{ topic: 'old', topicId: ZERO_UUID, partitions: [1, 2] }] : [],
        rackId: v >= 11 ? 'rack-a' : '',
      });

      const out = (await kafkajsReads('fetch', v, fetchRes.encodeFetchResponse, {
        ...fetchRes.defaultFetchResponse(),
        throttleTimeMs: 3,
        sessionId: 9,
        responses: [{
          ...fetchRes.defaultFetchableTopicResponse(),
          topic: 'orders',
          partitions: [{
            ...fetchRes.defaultPartitionData(), partitionIndex: 0, highWatermark: 12n, lastStableOffset: 11n, logStartOffset: 1n,
            abortedTransactions: [{ producerId: 77n, firstOffset: 3n }], preferredReadReplica: -1, records: batch,
          }],
        }],
      })) as { responses: { partitions: { messages: KjsMessage[] }[] }[] };
      const messages = out.responses[0]?.partitions[0]?.messages ?? [];
      expect(messages.map((x) => [x.key?.toString() ?? null, x.value?.toString(), x.offset, x.timestamp, Object.keys(x.headers)])).toEqual([
        ['k1', 'v1', '0', String(TS), ['h']],
        [null, 'v2', '1', String(TS + 5), []],
      ]);
      expect(out).toEqual({
        ...(v >= 8 ? { throttleTime: 0, clientSideThrottleTime: 3 } : { throttleTime: 3 }),
        ...(v >= 7 ? { errorCode: 0, sessionId: 9 } : {}),
        responses: [{
          topicName: 'orders',
          partitions: [{
            partition: 0, errorCode: 0, highWatermark: '12', lastStableOffset: '11', ...(v >= 5 ? { lastStartOffset: '1' } : {}),
            abortedTransactions: [{ producerId: '77', firstOffset: '3' }], ...(v >= 11 ? { preferredReadReplica: -1 } : {}), messages,
          }],
        }],
      });
    }
  });

  it('Metadata v0-6', async () => {
    for (const v of range(0, 6)) {
      const m = await decodeTheirs(kjsRequest('metadata', v, { topics: ['orders', 'audit'], allowAutoTopicCreation: false }), ApiKey.Metadata, v, metadataReq.decodeMetadataRequest);
      expect(m).toStrictEqual({
        ...metadataReq.defaultMetadataRequest(),
        topics: [{ topicId: ZERO_UUID, name: 'orders' }, { topicId: ZERO_UUID, name: 'audit' }],
        allowAutoTopicCreation: v < 4,
      });
      if (v >= 1) {
        // kafkajs sends "all topics" as a null array from v1 on.
        const all = await decodeTheirs(kjsRequest('metadata', v, { topics: [] }), ApiKey.Metadata, v, metadataReq.decodeMetadataRequest);
        expect(all.topics).toBeNull();
      }

      const out = await kafkajsReads('metadata', v, metadataRes.encodeMetadataResponse, {
        ...metadataRes.defaultMetadataResponse(),
        throttleTimeMs: 4,
        brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, rack: null }],
        clusterId: 'tk-cluster',
        controllerId: 1,
        topics: [{
          ...metadataRes.defaultMetadataResponseTopic(), name: 'orders', isInternal: false,
          partitions: [{ errorCode: 0, partitionIndex: 0, leaderId: 1, leaderEpoch: 0, replicaNodes: [1], isrNodes: [1], offlineReplicas: [] }],
        }],
      });
      expect(out).toEqual({
        ...(v >= 3 ? throttle(v, 6, 4) : {}),
        brokers: [{ nodeId: 1, host: '127.0.0.1', port: 9092, ...(v >= 1 ? { rack: null } : {}) }],
        ...(v >= 2 ? { clusterId: 'tk-cluster' } : {}),
        ...(v >= 1 ? { controllerId: 1 } : {}),
        topicMetadata: [{
          topicErrorCode: 0, topic: 'orders', ...(v >= 1 ? { isInternal: false } : {}),
          partitionMetadata: [{ partitionErrorCode: 0, partitionId: 0, leader: 1, replicas: [1], isr: [1], ...(v >= 5 ? { offlineReplicas: [] } : {}) }],
        }],
      });
    }
  });

  it('ListOffsets v1-3', async () => {
    for (const v of range(1, 3)) {
      const args = { replicaId: -1, isolationLevel: 1, topics: [{ topic: 'orders', partitions: [{ partition: 0, timestamp: -2 }, { partition: 1, timestamp: String(TS) }] }] };
      const m = await decodeTheirs(kjsRequest('listOffsets', v, args), ApiKey.ListOffsets, v, listOffsetsReq.decodeListOffsetsRequest);
      const p = listOffsetsReq.defaultListOffsetsPartition();
      expect(m).toStrictEqual({
        ...listOffsetsReq.defaultListOffsetsRequest(),
        replicaId: -1,
        isolationLevel: v >= 2 ? 1 : 0,
        topics: [{ name: 'orders', partitions: [{ ...p, partitionIndex: 0, timestamp: -2n }, { ...p, partitionIndex: 1, timestamp: BigInt(TS) }] }],
      });
      const out = await kafkajsReads('listOffsets', v, listOffsetsRes.encodeListOffsetsResponse, {
        throttleTimeMs: 2,
        topics: [{ name: 'orders', partitions: [{ ...listOffsetsRes.defaultListOffsetsPartitionResponse(), partitionIndex: 0, timestamp: -1n, offset: 42n }] }],
      });
      expect(out).toEqual({
        ...(v >= 2 ? throttle(v, 3, 2) : {}),
        responses: [{ topic: 'orders', partitions: [{ partition: 0, errorCode: 0, timestamp: '-1', offset: '42' }] }],
      });
    }
  });

  it('CreateTopics v0-3', async () => {
    for (const v of range(0, 3)) {
      const args = {
        validateOnly: true, timeout: 10000,
        topics: [{ topic: 'new', numPartitions: 3, replicationFactor: 1, replicaAssignment: [{ partition: 0, replicas: [1] }], configEntries: [{ name: 'cleanup.policy', value: 'compact' }] }],
      };
      const m = await decodeTheirs(kjsRequest('createTopics', v, args), ApiKey.CreateTopics, v, createTopicsReq.decodeCreateTopicsRequest);
      expect(m).toStrictEqual({
        topics: [{ name: 'new', numPartitions: 3, replicationFactor: 1, assignments: [{ partitionIndex: 0, brokerIds: [1] }], configs: [{ name: 'cleanup.policy', value: 'compact' }] }],
        timeoutMs: 10000,
        validateOnly: v >= 1,
      });
      const result = createTopicsRes.defaultCreatableTopicResult();
      const out = await kafkajsReads('createTopics', v, createTopicsRes.encodeCreateTopicsResponse, {
        throttleTimeMs: 1,
        topics: [{ ...result, name: 'b-topic', errorMessage: null }, { ...result, name: 'a-topic', errorMessage: null }],
      });
      const errorMessage = v >= 1 ? { errorMessage: null } : {};
      expect(out).toEqual({
        ...(v >= 2 ? throttle(v, 3, 1) : {}),
        topicErrors: [{ topic: 'a-topic', errorCode: 0, ...errorMessage }, { topic: 'b-topic', errorCode: 0, ...errorMessage }],
      });
    }
    const failing = kafkajsReads('createTopics', 3, createTopicsRes.encodeCreateTopicsResponse, {
      throttleTimeMs: 0,
      topics: [{ ...createTopicsRes.defaultCreatableTopicResult(), name: 'dup', errorCode: 36, errorMessage: 'exists' }],
    });
    await expect(failing).rejects.toMatchObject({ name: 'KafkaJSAggregateError' });
  });

  it('DeleteTopics v0-1', async () => {
    for (const v of range(0, 1)) {
      const m = await decodeTheirs(kjsRequest('deleteTopics', v, { topics: ['a', 'b'], timeout: 3000 }), ApiKey.DeleteTopics, v, deleteTopicsReq.decodeDeleteTopicsRequest);
      expect(m).toStrictEqual({ topics: [], topicNames: ['a', 'b'], timeoutMs: 3000 });
      const out = await kafkajsReads('deleteTopics', v, deleteTopicsRes.encodeDeleteTopicsResponse, {
        throttleTimeMs: 2,
        responses: [{ ...deleteTopicsRes.defaultDeletableTopicResult(), name: 'a' }],
      });
      expect(out).toEqual({ ...(v >= 1 ? throttle(v, 1, 2) : {}), topicErrors: [{ topic: 'a', errorCode: 0 }] });
    }
  });

  it('CreatePartitions v0-1', async () => {
    for (const v of range(0, 1)) {
      const args = { validateOnly: false, timeout: 2000, topicPartitions: [{ topic: 't', count: 4, assignments: [[1], [1]] }, { topic: 'u', count: 2 }] };
      const m = await decodeTheirs(kjsRequest('createPartitions', v, args), ApiKey.CreatePartitions, v, createPartitionsReq.decodeCreatePartitionsRequest);
      expect(m).toStrictEqual({
        // kafkajs writes an empty assignment list as a null array.
        topics: [{ name: 't', count: 4, assignments: [{ brokerIds: [1] }, { brokerIds: [1] }] }, { name: 'u', count: 2, assignments: null }],
        timeoutMs: 2000,
        validateOnly: false,
      });
      const out = await kafkajsReads('createPartitions', v, createPartitionsRes.encodeCreatePartitionsResponse, {
        throttleTimeMs: 6,
        results: [{ name: 't', errorCode: 0, errorMessage: null }],
      });
      expect(out).toEqual({ ...throttle(v, 1, 6), topicErrors: [{ topic: 't', errorCode: 0, errorMessage: null }] });
    }
  });

  it('DescribeConfigs v0-2', async () => {
    for (const v of range(0, 2)) {
      const args = { includeSynonyms: true, resources: [{ type: 2, name: 'orders', configNames: ['retention.ms'] }, { type: 4, name: '1', configNames: [] }] };
      const m = await decodeTheirs(kjsRequest('describeConfigs', v, args), ApiKey.DescribeConfigs, v, describeConfigsReq.decodeDescribeConfigsRequest);
      expect(m).toStrictEqual({
        resources: [{ resourceType: 2, resourceName: 'orders', configurationKeys: ['retention.ms'] }, { resourceType: 4, resourceName: '1', configurationKeys: null }],
        includeSynonyms: v >= 1,
        includeDocumentation: false,
      });
      const out = await kafkajsReads('describeConfigs', v, describeConfigsRes.encodeDescribeConfigsResponse, {
        throttleTimeMs: 0,
        results: [{
          errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders',
          configs: [{
            ...describeConfigsRes.defaultDescribeConfigsResourceResult(), name: 'retention.ms', value: '1000', configSource: ConfigSource['TOPIC_CONFIG'] as number,
            synonyms: [{ name: 'retention.ms', value: '1000', source: ConfigSource['TOPIC_CONFIG'] as number }],
          }],
        }],
      });
      const entry = {
        configName: 'retention.ms', configValue: '1000', readOnly: false, isDefault: false, configSource: ConfigSource['TOPIC_CONFIG'], isSensitive: false,
        ...(v >= 1 ? { configSynonyms: [{ configName: 'retention.ms', configValue: '1000', configSource: ConfigSource['TOPIC_CONFIG'] }] } : {}),
      };
      expect(out).toEqual({
        ...throttle(v, 2, 0),
        resources: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders', configEntries: [entry] }],
      });
    }
  });

  it('AlterConfigs v0-1', async () => {
    for (const v of range(0, 1)) {
      const args = { validateOnly: true, resources: [{ type: 2, name: 'orders', configEntries: [{ name: 'retention.ms', value: '5000' }] }] };
      const m = await decodeTheirs(kjsRequest('alterConfigs', v, args), ApiKey.AlterConfigs, v, alterConfigsReq.decodeAlterConfigsRequest);
      expect(m).toStrictEqual({ resources: [{ resourceType: 2, resourceName: 'orders', configs: [{ name: 'retention.ms', value: '5000' }] }], validateOnly: true });
      const out = await kafkajsReads('alterConfigs', v, alterConfigsRes.encodeAlterConfigsResponse, {
        throttleTimeMs: 1,
        responses: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' }],
      });
      expect(out).toEqual({ ...throttle(v, 1, 1), resources: [{ errorCode: 0, errorMessage: null, resourceType: 2, resourceName: 'orders' }] });
    }
  });

  it('FindCoordinator v0-2', async () => {
    for (const v of range(0, 2)) {
      const args = v === 0 ? { groupId: 'g' } : { coordinatorKey: 'tx', coordinatorType: 1 };
      const m = await decodeTheirs(kjsRequest('findCoordinator', v, args), ApiKey.FindCoordinator, v, findCoordinatorReq.decodeFindCoordinatorRequest);
      expect(m).toStrictEqual({ key: v === 0 ? 'g' : 'tx', keyType: v === 0 ? 0 : 1, coordinatorKeys: [] });
      const out = await kafkajsReads('findCoordinator', v, findCoordinatorRes.encodeFindCoordinatorResponse, {
        ...findCoordinatorRes.defaultFindCoordinatorResponse(), nodeId: 1, host: 'localhost', port: 9092, errorMessage: null,
      });
      expect(out).toEqual({
        ...(v >= 1 ? { ...throttle(v, 2, 0), errorMessage: null } : {}),
        errorCode: 0,
        coordinator: { nodeId: 1, host: 'localhost', port: 9092 },
      });
    }
  });

  it('JoinGroup v0-5', async () => {
    for (const v of range(0, 5)) {
      const args = {
        groupId: 'g', sessionTimeout: 30000, rebalanceTimeout: 60000, memberId: '', groupInstanceId: 'inst-1', protocolType: 'consumer',
        groupProtocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('meta') }],
      };
      const m = await decodeTheirs(kjsRequest('joinGroup', v, args), ApiKey.JoinGroup, v, joinGroupReq.decodeJoinGroupRequest);
      expect(m).toStrictEqual({
        groupId: 'g', sessionTimeoutMs: 30000, rebalanceTimeoutMs: v >= 1 ? 60000 : -1, memberId: '', groupInstanceId: v >= 5 ? 'inst-1' : null,
        protocolType: 'consumer', protocols: [{ name: 'RoundRobinAssigner', metadata: Buffer.from('meta') }], reason: null,
      });
      const out = await kafkajsReads('joinGroup', v, joinGroupRes.encodeJoinGroupResponse, {
        ...joinGroupRes.defaultJoinGroupResponse(), throttleTimeMs: 8, generationId: 3, protocolName: 'RoundRobinAssigner', leader: 'm-1', memberId: 'm-1',
        members: [{ memberId: 'm-1', groupInstanceId: 'inst-1', metadata: Buffer.from('meta') }],
      });
      expect(out).toEqual({
        ...(v >= 2 ? throttle(v, 3, 8) : {}),
        errorCode: 0, generationId: 3, groupProtocol: 'RoundRobinAssigner', leaderId: 'm-1', memberId: 'm-1',
        members: [{ memberId: 'm-1', ...(v >= 5 ? { groupInstanceId: 'inst-1' } : {}), memberMetadata: Buffer.from('meta') }],
      });
    }
    const needsId = kafkajsReads('joinGroup', 4, joinGroupRes.encodeJoinGroupResponse, { ...joinGroupRes.defaultJoinGroupResponse(), errorCode: 79, memberId: 'assigned-id' });
    await expect(needsId).rejects.toMatchObject({ name: 'KafkaJSMemberIdRequired', memberId: 'assigned-id' });
  });

  it('SyncGroup v0-3', async () => {
    for (const v of range(0, 3)) {
      const args = { groupId: 'g', generationId: 3, memberId: 'm-1', groupInstanceId: 'inst-1', groupAssignment: [{ memberId: 'm-1', memberAssignment: Buffer.from('assign') }] };
      const m = await decodeTheirs(kjsRequest('syncGroup', v, args), ApiKey.SyncGroup, v, syncGroupReq.decodeSyncGroupRequest);
      expect(m).toStrictEqual({
        groupId: 'g', generationId: 3, memberId: 'm-1', groupInstanceId: v >= 3 ? 'inst-1' : null, protocolType: null, protocolName: null,
        assignments: [{ memberId: 'm-1', assignment: Buffer.from('assign') }],
      });
      const out = await kafkajsReads('syncGroup', v, syncGroupRes.encodeSyncGroupResponse, { ...syncGroupRes.defaultSyncGroupResponse(), throttleTimeMs: 2, assignment: Buffer.from('assign') });
      expect(out).toEqual({ ...(v >= 1 ? throttle(v, 2, 2) : {}), errorCode: 0, memberAssignment: Buffer.from('assign') });
    }
  });

  it('Heartbeat v0-3', async () => {
    for (const v of range(0, 3)) {
      const m = await decodeTheirs(kjsRequest('heartbeat', v, { groupId: 'g', groupGenerationId: 3, memberId: 'm-1', groupInstanceId: null }), ApiKey.Heartbeat, v, heartbeatReq.decodeHeartbeatRequest);
      expect(m).toStrictEqual({ groupId: 'g', generationId: 3, memberId: 'm-1', groupInstanceId: null });
      const out = await kafkajsReads('heartbeat', v, heartbeatRes.encodeHeartbeatResponse, { throttleTimeMs: 1, errorCode: 0 });
      expect(out).toEqual({ ...(v >= 1 ? throttle(v, 2, 1) : {}), errorCode: 0 });
      const rebalancing = kafkajsReads('heartbeat', v, heartbeatRes.encodeHeartbeatResponse, { throttleTimeMs: 0, errorCode: 27 });
      await expect(rebalancing).rejects.toMatchObject({ type: 'REBALANCE_IN_PROGRESS' });
    }
    const m = await decodeTheirs(kjsRequest('heartbeat', 3, { groupId: 'g', groupGenerationId: 3, memberId: 'm-1', groupInstanceId: 'inst-1' }), ApiKey.Heartbeat, 3, heartbeatReq.decodeHeartbeatRequest);
    expect(m.groupInstanceId).toBe('inst-1');
  });

  it('LeaveGroup v0-3', async () => {
    for (const v of range(0, 2)) {
      const m = await decodeTheirs(kjsRequest('leaveGroup', v, { groupId: 'g', memberId: 'm-1' }), ApiKey.LeaveGroup, v, leaveGroupReq.decodeLeaveGroupRequest);
      expect(m).toStrictEqual({ groupId: 'g', memberId: 'm-1', members: [] });
      const out = await kafkajsReads('leaveGroup', v, leaveGroupRes.encodeLeaveGroupResponse, { throttleTimeMs: 4, errorCode: 0, members: [] });
      expect(out).toEqual({ ...(v >= 1 ? throttle(v, 2, 4) : {}), errorCode: 0 });
    }
    const args = { groupId: 'g', members: [{ memberId: 'm-1', groupInstanceId: 'inst-1' }, { memberId: 'm-2' }] };
    const m = await decodeTheirs(kjsRequest('leaveGroup', 3, args), ApiKey.LeaveGroup, 3, leaveGroupReq.decodeLeaveGroupRequest);
    expect(m).toStrictEqual({
      groupId: 'g', memberId: '',
      members: [{ memberId: 'm-1', groupInstanceId: 'inst-1', reason: null }, { memberId: 'm-2', groupInstanceId: null, reason: null }],
    });
    const out = await kafkajsReads('leaveGroup', 3, leaveGroupRes.encodeLeaveGroupResponse, {
      throttleTimeMs: 4, errorCode: 0, members: [{ memberId: 'm-1', groupInstanceId: 'inst-1', errorCode: 0 }],
    });
    expect(out).toEqual({ throttleTime: 0, clientSideThrottleTime: 4, errorCode: 0, members: [{ memberId: 'm-1', groupInstanceId: 'inst-1', errorCode: 0 }] });
  });

  it('OffsetCommit v0-5', async () => {
    for (const v of range(0, 5)) {
      const args = {
        groupId: 'g', groupGenerationId: 3, memberId: 'm-1', retentionTime: 86400000,
        topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '10', metadata: 'md', timestamp: TS }, { partition: 1, offset: '20', timestamp: TS + 1 }] }],
      };
      const m = await decodeTheirs(kjsRequest('offsetCommit', v, args), ApiKey.OffsetCommit, v, offsetCommitReq.decodeOffsetCommitRequest);
      const part = (index: number, offset: bigint, md: string | null, ts: bigint): offsetCommitReq.OffsetCommitRequestPartition => ({
        partitionIndex: index, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: v === 1 ? ts : -1n, committedMetadata: md,
      });
      expect(m).toStrictEqual({
        groupId: 'g',
        generationIdOrMemberEpoch: v >= 1 ? 3 : -1,
        memberId: v >= 1 ? 'm-1' : '',
        groupInstanceId: null,
        retentionTimeMs: v >= 2 && v <= 4 ? 86400000n : -1n,
        topics: [{ name: 'orders', partitions: [part(0, 10n, 'md', BigInt(TS)), part(1, 20n, null, BigInt(TS + 1))] }],
      });
      const out = await kafkajsReads('offsetCommit', v, offsetCommitRes.encodeOffsetCommitResponse, {
        throttleTimeMs: 1,
        topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }, { partitionIndex: 1, errorCode: 0 }] }],
      });
      expect(out).toEqual({
        ...(v >= 3 ? throttle(v, 4, 1) : {}),
        responses: [{ topic: 'orders', partitions: [{ partition: 0, errorCode: 0 }, { partition: 1, errorCode: 0 }] }],
      });
    }
    const failing = kafkajsReads('offsetCommit', 5, offsetCommitRes.encodeOffsetCommitResponse, {
      throttleTimeMs: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 22 }] }],
    });
    await expect(failing).rejects.toMatchObject({ type: 'ILLEGAL_GENERATION' });
  });

  it('OffsetFetch v1-4', async () => {
    for (const v of range(1, 4)) {
      const args = { groupId: 'g', topics: [{ topic: 'orders', partitions: [{ partition: 0 }, { partition: 1 }] }] };
      const m = await decodeTheirs(kjsRequest('offsetFetch', v, args), ApiKey.OffsetFetch, v, offsetFetchReq.decodeOffsetFetchRequest);
      expect(m).toStrictEqual({ groupId: 'g', topics: [{ name: 'orders', partitionIndexes: [0, 1] }], groups: [], requireStable: false });
      const out = await kafkajsReads('offsetFetch', v, offsetFetchRes.encodeOffsetFetchResponse, {
        ...offsetFetchRes.defaultOffsetFetchResponse(),
        throttleTimeMs: 2,
        topics: [{
          name: 'orders',
          partitions: [
            { partitionIndex: 0, committedOffset: 10n, committedLeaderEpoch: -1, metadata: '', errorCode: 0 },
            { partitionIndex: 1, committedOffset: -1n, committedLeaderEpoch: -1, metadata: null, errorCode: 0 },
          ],
        }],
      });
      expect(out).toEqual({
        ...(v >= 3 ? throttle(v, 4, 2) : {}),
        ...(v >= 2 ? { errorCode: 0 } : {}),
        responses: [{
          topic: 'orders',
          partitions: [{ partition: 0, offset: '10', metadata: '', errorCode: 0 }, { partition: 1, offset: '-1', metadata: null, errorCode: 0 }],
        }],
      });
    }
  });

  it('ListGroups v0-2 and DescribeGroups v0-2', async () => {
    for (const v of range(0, 2)) {
      const lg = await decodeTheirs(kjsRequest('listGroups', v), ApiKey.ListGroups, v, listGroupsReq.decodeListGroupsRequest);
      expect(lg).toStrictEqual({ statesFilter: [], typesFilter: [] });
      const listed = await kafkajsReads('listGroups', v, listGroupsRes.encodeListGroupsResponse, {
        throttleTimeMs: 3, errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer', groupState: 'Stable', groupType: 'classic' }],
      });
      expect(listed).toEqual({ ...(v >= 1 ? throttle(v, 2, 3) : {}), errorCode: 0, groups: [{ groupId: 'g', protocolType: 'consumer' }] });

      const dg = await decodeTheirs(kjsRequest('describeGroups', v, { groupIds: ['g1', 'g2'] }), ApiKey.DescribeGroups, v, describeGroupsReq.decodeDescribeGroupsRequest);
      expect(dg).toStrictEqual({ groups: ['g1', 'g2'], includeAuthorizedOperations: false });
      const described = await kafkajsReads('describeGroups', v, describeGroupsRes.encodeDescribeGroupsResponse, {
        throttleTimeMs: 3,
        groups: [{
          ...describeGroupsRes.defaultDescribedGroup(), groupId: 'g1', groupState: 'Stable', protocolType: 'consumer', protocolData: 'RoundRobinAssigner',
          members: [{ memberId: 'm-1', groupInstanceId: null, clientId: 'c', clientHost: '/127.0.0.1', memberMetadata: Buffer.from('md'), memberAssignment: Buffer.from('as') }],
        }],
      });
      expect(described).toEqual({
        ...(v >= 1 ? throttle(v, 2, 3) : {}),
        groups: [{
          errorCode: 0, groupId: 'g1', state: 'Stable', protocolType: 'consumer', protocol: 'RoundRobinAssigner',
          members: [{ memberId: 'm-1', clientId: 'c', clientHost: '/127.0.0.1', memberMetadata: Buffer.from('md'), memberAssignment: Buffer.from('as') }],
        }],
      });
    }
  });

  it('DeleteGroups v0-1', async () => {
    for (const v of range(0, 1)) {
      const m = await decodeTheirs(kjsRequest('deleteGroups', v, ['g1', 'g2']), ApiKey.DeleteGroups, v, deleteGroupsReq.decodeDeleteGroupsRequest);
      expect(m).toStrictEqual({ groupsNames: ['g1', 'g2'] });
      const out = (await kafkajsReads('deleteGroups', v, deleteGroupsRes.encodeDeleteGroupsResponse, {
        throttleTimeMs: 0,
        results: [{ groupId: 'g1', errorCode: 0 }, { groupId: 'g2', errorCode: 69 }],
      })) as { throttleTimeMs: number; results: { groupId: string; errorCode: number; error?: { type: string } }[] };
      expect(out.throttleTimeMs).toBe(0);
      expect(out.results.map((r) => [r.groupId, r.errorCode, r.error?.type])).toEqual([
        ['g1', 0, undefined],
        ['g2', 69, 'GROUP_ID_NOT_FOUND'],
      ]);
    }
  });

  it('DeleteRecords v0-1', async () => {
    for (const v of range(0, 1)) {
      const topics = [{ topic: 'orders', partitions: [{ partition: 0, offset: '5' }] }];
      const m = await decodeTheirs(kjsRequest('deleteRecords', v, { topics, timeout: 1000 }), ApiKey.DeleteRecords, v, deleteRecordsReq.decodeDeleteRecordsRequest);
      expect(m).toStrictEqual({ topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, offset: 5n }] }], timeoutMs: 1000 });
      const out = (await kafkajsReads(
        'deleteRecords', v, deleteRecordsRes.encodeDeleteRecordsResponse,
        { throttleTimeMs: 1, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, lowWatermark: 5n, errorCode: 0 }] }] },
        { topics },
      )) as { topics: { topic: string; partitions: { partition: number; lowWatermark: { toString(): string }; errorCode: number }[] }[] };
      expect(out.topics.map((t) => [t.topic, t.partitions.map((p) => [p.partition, p.lowWatermark.toString(), p.errorCode])])).toEqual([['orders', [[0, '5', 0]]]]);
    }
  });

  it('InitProducerId v0-1, ApiVersions v0-2, SaslHandshake v0-1', async () => {
    for (const v of range(0, 1)) {
      for (const transactionalId of ['tx', null]) {
        const m = await decodeTheirs(kjsRequest('initProducerId', v, { transactionalId, transactionTimeout: 60000 }), ApiKey.InitProducerId, v, initProducerIdReq.decodeInitProducerIdRequest);
        expect(m).toStrictEqual({ transactionalId, transactionTimeoutMs: 60000, producerId: -1n, producerEpoch: -1 });
      }
      const out = await kafkajsReads('initProducerId', v, initProducerIdRes.encodeInitProducerIdResponse, { throttleTimeMs: 0, errorCode: 0, producerId: 1000n, producerEpoch: 0 });
      expect(out).toEqual({ ...throttle(v, 1, 0), errorCode: 0, producerId: '1000', producerEpoch: 0 });

      const sh = await decodeTheirs(kjsRequest('saslHandshake', v, { mechanism: 'PLAIN' }), ApiKey.SaslHandshake, v, saslHandshakeReq.decodeSaslHandshakeRequest);
      expect(sh).toStrictEqual({ mechanism: 'PLAIN' });
      const mechs = await kafkajsReads('saslHandshake', v, saslHandshakeRes.encodeSaslHandshakeResponse, { errorCode: 0, mechanisms: ['PLAIN', 'SCRAM-SHA-256'] });
      expect(mechs).toEqual({ errorCode: 0, enabledMechanisms: ['PLAIN', 'SCRAM-SHA-256'] });
    }
    for (const v of range(0, 2)) {
      const m = await decodeTheirs(kjsRequest('apiVersions', v), ApiKey.ApiVersions, v, apiVersionsReq.decodeApiVersionsRequest);
      expect(m).toStrictEqual({ clientSoftwareName: '', clientSoftwareVersion: '' });
      const keys = [{ apiKey: 0, minVersion: 0, maxVersion: 11 }, { apiKey: 18, minVersion: 0, maxVersion: 4 }];
      const out = await kafkajsReads('apiVersions', v, apiVersionsRes.encodeApiVersionsResponse, { ...apiVersionsRes.defaultApiVersionsResponse(), apiKeys: keys, throttleTimeMs: 9 });
      expect(out).toEqual({ ...(v >= 1 ? throttle(v, 2, 9) : {}), errorCode: 0, apiVersions: keys });
    }
    // The KIP-511 fallback answer: a v0 body with UNSUPPORTED_VERSION makes kafkajs step down.
    const unsupported = kafkajsReads('apiVersions', 0, apiVersionsRes.encodeApiVersionsResponse, {
      ...apiVersionsRes.defaultApiVersionsResponse(), errorCode: 35, apiKeys: [{ apiKey: 18, minVersion: 0, maxVersion: 4 }],
    });
    await expect(unsupported).rejects.toMatchObject({ type: 'UNSUPPORTED_VERSION' });
  });

  it('transactions: AddPartitionsToTxn, AddOffsetsToTxn, EndTxn, TxnOffsetCommit v0-1', async () => {
    const ids = { transactionalId: 'tx', producerId: '1000', producerEpoch: 2 };
    for (const v of range(0, 1)) {
      const apt = await decodeTheirs(kjsRequest('addPartitionsToTxn', v, { ...ids, topics: [{ topic: 'orders', partitions: [0, 1] }] }), ApiKey.AddPartitionsToTxn, v, addPartitionsToTxnReq.decodeAddPartitionsToTxnRequest);
      expect(apt).toStrictEqual({
        transactions: [], v3AndBelowTransactionalId: 'tx', v3AndBelowProducerId: 1000n, v3AndBelowProducerEpoch: 2,
        v3AndBelowTopics: [{ name: 'orders', partitions: [0, 1] }],
      });
      const aptOut = await kafkajsReads('addPartitionsToTxn', v, addPartitionsToTxnRes.encodeAddPartitionsToTxnResponse, {
        ...addPartitionsToTxnRes.defaultAddPartitionsToTxnResponse(),
        resultsByTopicV3AndBelow: [{ name: 'orders', resultsByPartition: [{ partitionIndex: 0, partitionErrorCode: 0 }, { partitionIndex: 1, partitionErrorCode: 0 }] }],
      });
      expect(aptOut).toEqual({ ...throttle(v, 1, 0), errors: [{ topic: 'orders', partitionErrors: [{ partition: 0, errorCode: 0 }, { partition: 1, errorCode: 0 }] }] });

      const aot = await decodeTheirs(kjsRequest('addOffsetsToTxn', v, { ...ids, groupId: 'g' }), ApiKey.AddOffsetsToTxn, v, addOffsetsToTxnReq.decodeAddOffsetsToTxnRequest);
      expect(aot).toStrictEqual({ transactionalId: 'tx', producerId: 1000n, producerEpoch: 2, groupId: 'g' });
      expect(await kafkajsReads('addOffsetsToTxn', v, addOffsetsToTxnRes.encodeAddOffsetsToTxnResponse, { throttleTimeMs: 0, errorCode: 0 })).toEqual({ ...throttle(v, 1, 0), errorCode: 0 });

      const end = await decodeTheirs(kjsRequest('endTxn', v, { ...ids, transactionResult: true }), ApiKey.EndTxn, v, endTxnReq.decodeEndTxnRequest);
      expect(end).toStrictEqual({ transactionalId: 'tx', producerId: 1000n, producerEpoch: 2, committed: true });
      const fenced = kafkajsReads('endTxn', v, endTxnRes.encodeEndTxnResponse, { ...endTxnRes.defaultEndTxnResponse(), errorCode: 47 });
      await expect(fenced).rejects.toMatchObject({ type: 'INVALID_PRODUCER_EPOCH' });

      const toc = await decodeTheirs(
        kjsRequest('txnOffsetCommit', v, { ...ids, groupId: 'g', topics: [{ topic: 'orders', partitions: [{ partition: 0, offset: '15', metadata: null }] }] }),
        ApiKey.TxnOffsetCommit, v, txnOffsetCommitReq.decodeTxnOffsetCommitRequest,
      );
      expect(toc).toStrictEqual({
        ...txnOffsetCommitReq.defaultTxnOffsetCommitRequest(), transactionalId: 'tx', groupId: 'g', producerId: 1000n, producerEpoch: 2,
        topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, committedOffset: 15n, committedLeaderEpoch: -1, committedMetadata: null }] }],
      });
      const tocOut = await kafkajsReads('txnOffsetCommit', v, txnOffsetCommitRes.encodeTxnOffsetCommitResponse, {
        throttleTimeMs: 0, topics: [{ name: 'orders', partitions: [{ partitionIndex: 0, errorCode: 0 }] }],
      });
      expect(tocOut).toEqual({ ...throttle(v, 1, 0), topics: [{ topic: 'orders', partitions: [{ partition: 0, errorCode: 0 }] }] });
    }
  });
});
