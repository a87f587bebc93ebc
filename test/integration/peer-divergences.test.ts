// Divergences from Apache Kafka found by the peers' own test suites (issue 11 §3), checked through
// real Produce and Fetch requests:
// - librdkafka test 0011 (KIP-467): a record without a key sent to a compacted topic is refused with
//   INVALID_RECORD, one recordErrors entry per keyless record and LogValidator's errorMessage.
// - librdkafka test 0034: a Fetch error partition carries EMPTY records, never null (librdkafka
//   refuses null: "invalid MessageSetSize -1"), with the unknown offsets (-1) Kafka sends.
// - librdkafka test 0081 (DescribeTopics / DescribeCluster / DescribeConsumerGroups with authorized operations): with no
//   authorizer Kafka reports AclEntry.supportedOperations of the resource type: for a topic 8
//   operations (no CLUSTER_ACTION), for the cluster 7 (also in Metadata v8-10, which librdkafka's
//   DescribeCluster uses), for a group in Kafka 4 READ, DELETE, DESCRIBE, DESCRIBE_CONFIGS and ALTER_CONFIGS.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { defaultFetchPartition, defaultFetchRequest, encodeFetchRequest, FetchRequestVersions } from '../../src/protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse, type PartitionData } from '../../src/protocol/generated/messages/fetch-response.js';
import { decodeDescribeGroupsResponse } from '../../src/protocol/generated/messages/describe-groups-response.js';
import { DescribeGroupsRequestVersions, encodeDescribeGroupsRequest } from '../../src/protocol/generated/messages/describe-groups-request.js';
import { defaultMetadataRequest, encodeMetadataRequest, MetadataRequestVersions } from '../../src/protocol/generated/messages/metadata-request.js';
import { decodeMetadataResponse } from '../../src/protocol/generated/messages/metadata-response.js';
import { encodeProduceRequest, ProduceRequestVersions } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse, type PartitionProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { CompressionCodec } from '../../src/protocol/records/compression.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const Fetch = api(FetchRequestVersions, encodeFetchRequest, decodeFetchResponse);
const Produce = api(ProduceRequestVersions, encodeProduceRequest, decodeProduceResponse);
const Metadata = api(MetadataRequestVersions, encodeMetadataRequest, decodeMetadataResponse);
const DescribeGroups = api(DescribeGroupsRequestVersions, encodeDescribeGroupsRequest, decodeDescribeGroupsResponse);
/** AclOperation codes to the bit set Kafka sends (Utils.to32BitField). */
const bits = (ops: number[]): number => ops.reduce((b, op) => b | (1 << op), 0);

describe('divergences found by the peers\u2019 test suites', () => {
  let b: TestBroker;
  let c: RawClient;

  beforeAll(async () => {
    b = await startTestBroker();
    const topics = b.running.broker.topics;
    topics.create('compacted', 1, { 'cleanup.policy': 'compact' });
    topics.create('compact-delete', 1, { 'cleanup.policy': 'compact,delete' });
    topics.create('plain', 1, {});
    c = await RawClient.connect(b.running.port);
  });
  afterAll(async () => {
    c.close();
    await b.dispose();
  });

  const produce = async (topic: string, records: Buffer, version = 11): Promise<PartitionProduceResponse> => {
    const r = await c.call(Produce, version, { transactionalId: null, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
    return r.responses[0]?.partitionResponses[0] as PartitionProduceResponse;
  };
  const keyMessage = (topic: string): string => `Compacted topic cannot accept message without key in topic partition ${topic}-0`;

  it('a compacted topic refuses a keyless record: INVALID_RECORD, recordErrors with batchIndex and message, errorMessage (v8+)', async () => {
    const msg = keyMessage('compacted');
    const r = await produce('compacted', encodeRecordBatch({ records: [{ key: null, value: 'v0' }] }));
    expect(r).toMatchObject({
      index: 0,
      errorCode: ErrorCode.INVALID_RECORD,
      baseOffset: -1n,
      logAppendTimeMs: -1n,
      logStartOffset: 0n,
      recordErrors: [{ batchIndex: 0, batchIndexErrorMessage: msg }],
      errorMessage: `One or more records have been rejected due to 1 record errors in total, and only showing the first three errors at most: [RecordError(batchIndex=0, message='${msg}')]`,
    });
    expect(ErrorCode.INVALID_RECORD).toBe(87);
    expect(b.running.broker.topics.get('compacted')?.partitions[0]?.log.logEndOffset).toBe(0);
  });

  it('every keyless record of a compressed batch is listed; the message shows the first three; nothing is appended', async () => {
    const keys = [null, 'k1', null, null, 'k4', null];
    const r = await produce('compact-delete', encodeRecordBatch({ records: keys.map((key, i) => ({ key, value: `v${i}` })), compression: CompressionCodec.GZIP }), 8);
    const msg = keyMessage('compact-delete');
    expect(r.errorCode).toBe(ErrorCode.INVALID_RECORD);
    expect(r.recordErrors.map((e) => [e.batchIndex, e.batchIndexErrorMessage])).toEqual([0, 2, 3, 5].map((i) => [i, msg]));
    const shown = [0, 2, 3].map((i) => `RecordError(batchIndex=${i}, message='${msg}')`).join(', ');
    expect(r.errorMessage).toBe(`One or more records have been rejected due to 4 record errors in total, and only showing the first three errors at most: [${shown}]`);
    expect(b.running.broker.topics.get('compact-delete')?.partitions[0]?.log.logEndOffset).toBe(0);
  });

  it('keyed records on a compacted topic and keyless records on a delete topic are appended; Produce v3 gets the bare error code', async () => {
    // Topics of its own: the tests above check that nothing was appended to theirs.
    b.running.broker.topics.create('compacted-keyed', 1, { 'cleanup.policy': 'compact' });
    b.running.broker.topics.create('plain-keyless', 1, {});
    expect(await produce('compacted-keyed', encodeRecordBatch({ records: [{ key: 'k', value: 'v' }, { key: 'k', value: null }] }))).toMatchObject({ errorCode: 0, baseOffset: 0n, recordErrors: [], errorMessage: null });
    expect(await produce('plain-keyless', encodeRecordBatch({ records: [{ key: null, value: 'v' }] }))).toMatchObject({ errorCode: 0, baseOffset: 0n });
    expect((await produce('compacted-keyed', encodeRecordBatch({ records: [{ key: null, value: 'v' }] }), 3)).errorCode).toBe(ErrorCode.INVALID_RECORD);
  });

  const fetch = async (version: number, topic: string, partition: number, fetchOffset: bigint, isolationLevel = 0): Promise<PartitionData> => {
    const r = await c.call(Fetch, version, {
      ...defaultFetchRequest(),
      maxWaitMs: 0,
      isolationLevel,
      topics: [{ topic, topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ ...defaultFetchPartition(), partition, fetchOffset }] }],
    });
    return r.responses[0]?.partitions[0] as PartitionData;
  };

  it('Fetch error partitions carry empty records (not null) and unknown offsets, at every version', async () => {
    b.running.broker.topics.create('fetch-errs', 1, {});
    expect(await produce('fetch-errs', encodeRecordBatch({ records: [{ key: null, value: 'v' }] }))).toMatchObject({ errorCode: 0, baseOffset: 0n });
    for (const version of [0, 4, 11, 12]) {
      for (const isolationLevel of [0, 1]) {
        const out = await fetch(version, 'fetch-errs', 0, 99n, isolationLevel);
        expect(out).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, highWatermark: -1n, lastStableOffset: -1n, logStartOffset: -1n });
        expect(out.records).toEqual(Buffer.alloc(0));
        const unknown = await fetch(version, 'fetch-errs', 7, 0n, isolationLevel);
        expect(unknown.errorCode).toBe(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION);
        expect(unknown.records).toEqual(Buffer.alloc(0));
      }
      const ok = await fetch(version, 'fetch-errs', 0, 1n);
      expect(ok).toMatchObject({ errorCode: 0, highWatermark: 1n });
      expect(ok.records).toEqual(Buffer.alloc(0));
    }
  });

  it('authorized operations without an authorizer: a topic’s 8 supported operations, the cluster’s 7 (Metadata v8–10), a group’s 5 (Kafka 4)', async () => {
    const READ = 3, WRITE = 4, CREATE = 5, DELETE = 6, ALTER = 7, DESCRIBE = 8, DESCRIBE_CONFIGS = 10, ALTER_CONFIGS = 11;
    const md = await c.call(Metadata, 12, { ...defaultMetadataRequest(), topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'plain' }], includeTopicAuthorizedOperations: true });
    expect(md.topics[0]?.topicAuthorizedOperations).toBe(bits([READ, WRITE, CREATE, DELETE, ALTER, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS]));
    const off = await c.call(Metadata, 12, { ...defaultMetadataRequest(), topics: [{ topicId: 'AAAAAAAAAAAAAAAAAAAAAA', name: 'plain' }], includeTopicAuthorizedOperations: false });
    expect(off.topics[0]?.topicAuthorizedOperations).toBe(-2147483648);
    const cluster = bits([CREATE, ALTER, DESCRIBE, 9 /* CLUSTER_ACTION */, DESCRIBE_CONFIGS, ALTER_CONFIGS, 12 /* IDEMPOTENT_WRITE */]);
    const v10 = await c.call(Metadata, 10, { ...defaultMetadataRequest(), topics: [], includeClusterAuthorizedOperations: true });
    expect(v10.clusterAuthorizedOperations).toBe(cluster);
    expect((await c.call(Metadata, 10, { ...defaultMetadataRequest(), topics: [] })).clusterAuthorizedOperations).toBe(-2147483648);
    const g = await c.call(DescribeGroups, 5, { groups: ['no-such-group'], includeAuthorizedOperations: true });
    expect(g.groups[0]?.authorizedOperations).toBe(bits([READ, DELETE, DESCRIBE, DESCRIBE_CONFIGS, ALTER_CONFIGS]));
  });
});
