// The v0/v1 forms of the admin, config and offset APIs that Kafka 3.9 serves and 4.0 dropped, sent
// as raw requests at exactly those versions (kafka-go 0.2 sends CreateTopics v0, sarama-era tools
// OffsetCommit/OffsetFetch v0–1).
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { ApiVersionsRequestVersions, encodeApiVersionsRequest } from '../../src/protocol/generated/messages/api-versions-request.js';
import { decodeApiVersionsResponse } from '../../src/protocol/generated/messages/api-versions-response.js';
import { CreateTopicsRequestVersions, defaultCreatableTopic, encodeCreateTopicsRequest } from '../../src/protocol/generated/messages/create-topics-request.js';
import { decodeCreateTopicsResponse } from '../../src/protocol/generated/messages/create-topics-response.js';
import { DeleteTopicsRequestVersions, encodeDeleteTopicsRequest } from '../../src/protocol/generated/messages/delete-topics-request.js';
import { decodeDeleteTopicsResponse } from '../../src/protocol/generated/messages/delete-topics-response.js';
import { DescribeConfigsRequestVersions, encodeDescribeConfigsRequest } from '../../src/protocol/generated/messages/describe-configs-request.js';
import { decodeDescribeConfigsResponse } from '../../src/protocol/generated/messages/describe-configs-response.js';
import { DescribeLogDirsRequestVersions, encodeDescribeLogDirsRequest } from '../../src/protocol/generated/messages/describe-log-dirs-request.js';
import { decodeDescribeLogDirsResponse } from '../../src/protocol/generated/messages/describe-log-dirs-response.js';
import { defaultOffsetCommitRequest, encodeOffsetCommitRequest, OffsetCommitRequestVersions } from '../../src/protocol/generated/messages/offset-commit-request.js';
import { decodeOffsetCommitResponse } from '../../src/protocol/generated/messages/offset-commit-response.js';
import { defaultOffsetFetchRequest, encodeOffsetFetchRequest, OffsetFetchRequestVersions } from '../../src/protocol/generated/messages/offset-fetch-request.js';
import { decodeOffsetFetchResponse } from '../../src/protocol/generated/messages/offset-fetch-response.js';
import { encodeOffsetForLeaderEpochRequest, OffsetForLeaderEpochRequestVersions } from '../../src/protocol/generated/messages/offset-for-leader-epoch-request.js';
import { decodeOffsetForLeaderEpochResponse } from '../../src/protocol/generated/messages/offset-for-leader-epoch-response.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const ApiVersions = api(ApiVersionsRequestVersions, encodeApiVersionsRequest, decodeApiVersionsResponse);
const CreateTopics = api(CreateTopicsRequestVersions, encodeCreateTopicsRequest, decodeCreateTopicsResponse);
const DeleteTopics = api(DeleteTopicsRequestVersions, encodeDeleteTopicsRequest, decodeDeleteTopicsResponse);
const DescribeConfigs = api(DescribeConfigsRequestVersions, encodeDescribeConfigsRequest, decodeDescribeConfigsResponse);
const DescribeLogDirs = api(DescribeLogDirsRequestVersions, encodeDescribeLogDirsRequest, decodeDescribeLogDirsResponse);
const OffsetCommit = api(OffsetCommitRequestVersions, encodeOffsetCommitRequest, decodeOffsetCommitResponse);
const OffsetFetch = api(OffsetFetchRequestVersions, encodeOffsetFetchRequest, decodeOffsetFetchResponse);
const OffsetForLeaderEpoch = api(OffsetForLeaderEpochRequestVersions, encodeOffsetForLeaderEpochRequest, decodeOffsetForLeaderEpochResponse);

describe('v0/v1 of the admin, config and offset APIs (Kafka 3.9 ranges)', () => {
  let b: TestBroker;
  let c: RawClient;

  beforeAll(async () => {
    b = await startTestBroker();
    c = await RawClient.connect(b.running.port);
  });
  afterAll(async () => {
    c.close();
    await b.dispose();
  });

  it('ApiVersions advertises these APIs from v0', async () => {
    const res = await c.call(ApiVersions, 2, { clientSoftwareName: '', clientSoftwareVersion: '' });
    const min = (key: number): number | undefined => res.apiKeys.find((k) => k.apiKey === key)?.minVersion;
    for (const key of [0, 1, 2, 8, 9, 19, 20, 23, 32, 35]) expect([key, min(key)]).toEqual([key, 0]);
  });

  it('CreateTopics v0 and v1 create topics and answer per-topic errors; DeleteTopics v0 deletes', async () => {
    const v0 = await c.call(CreateTopics, 0, { topics: [{ ...defaultCreatableTopic(), name: 'ct-v0', numPartitions: 2, replicationFactor: 1 }], timeoutMs: 5000, validateOnly: false });
    expect(v0.topics).toEqual([expect.objectContaining({ name: 'ct-v0', errorCode: 0 })]);
    expect(b.running.broker.topics.get('ct-v0')?.partitions).toHaveLength(2);
    const again = await c.call(CreateTopics, 1, { topics: [{ ...defaultCreatableTopic(), name: 'ct-v0', numPartitions: 1, replicationFactor: 1 }], timeoutMs: 5000, validateOnly: false });
    expect(again.topics[0]).toMatchObject({ name: 'ct-v0', errorCode: ErrorCode.TOPIC_ALREADY_EXISTS });
    expect(again.topics[0]?.errorMessage).toMatch(/already exists/);
    const validate = await c.call(CreateTopics, 1, { topics: [{ ...defaultCreatableTopic(), name: 'ct-v1', numPartitions: 1, replicationFactor: 1 }], timeoutMs: 5000, validateOnly: true });
    expect(validate.topics[0]).toMatchObject({ name: 'ct-v1', errorCode: 0 });
    expect(b.running.broker.topics.get('ct-v1')).toBeUndefined();
    const del = await c.call(DeleteTopics, 0, { topics: [], topicNames: ['ct-v0', 'nope'], timeoutMs: 5000 });
    expect(del.responses.map((r) => [r.name, r.errorCode]).sort()).toEqual([['ct-v0', 0], ['nope', ErrorCode.UNKNOWN_TOPIC_OR_PARTITION]]);
    expect(b.running.broker.topics.get('ct-v0')).toBeUndefined();
  });

  it('DescribeConfigs v0 reports isDefault instead of a source, and no synonyms', async () => {
    b.running.broker.topics.create('dc-v0', 1, { 'retention.ms': '1000' });
    const res = await c.call(DescribeConfigs, 0, { resources: [{ resourceType: 2, resourceName: 'dc-v0', configurationKeys: ['retention.ms', 'cleanup.policy'] }], includeSynonyms: false, includeDocumentation: false });
    expect(res.results[0]).toMatchObject({ errorCode: 0, errorMessage: '' });
    expect(res.results[0]?.configs.map((e) => [e.name, e.value, e.isDefault, e.synonyms])).toEqual([
      ['cleanup.policy', 'delete', true, []],
      ['retention.ms', '1000', false, []],
    ]);
  });

  it('DescribeLogDirs v0 lists the data dir with the requested partitions', async () => {
    b.running.broker.topics.create('ld-v0', 2, {});
    const res = await c.call(DescribeLogDirs, 0, { topics: [{ topic: 'ld-v0', partitions: [1] }] });
    expect(res.results).toHaveLength(1);
    const topic = res.results[0]?.topics.find((t) => t.name === 'ld-v0');
    expect(topic?.partitions.map((p) => p.partitionIndex)).toEqual([1]);
  });

  it('OffsetForLeaderEpoch v0 and v1 answer the end offset of epoch 0', async () => {
    b.running.broker.topics.create('ofle', 1, {});
    const req = { replicaId: -1, topics: [{ topic: 'ofle', partitions: [{ partition: 0, currentLeaderEpoch: -1, leaderEpoch: 0 }] }] };
    const v0 = await c.call(OffsetForLeaderEpoch, 0, req);
    expect(v0.topics[0]?.partitions[0]).toMatchObject({ errorCode: 0, partition: 0, endOffset: 0n });
    const v1 = await c.call(OffsetForLeaderEpoch, 1, req);
    expect(v1.topics[0]?.partitions[0]).toMatchObject({ errorCode: 0, leaderEpoch: 0, endOffset: 0n });
  });

  it('OffsetCommit v0/v1 store offsets that OffsetFetch v0 (and v5) read back', async () => {
    b.running.broker.topics.create('oc', 2, {});
    const commit = (partition: number, offset: bigint, metadata: string) => ({
      name: 'oc',
      partitions: [{ partitionIndex: partition, committedOffset: offset, committedLeaderEpoch: -1, commitTimestamp: -1n, committedMetadata: metadata }],
    });
    const v0 = await c.call(OffsetCommit, 0, { ...defaultOffsetCommitRequest(), groupId: 'old-group', topics: [commit(0, 42n, 'v0')] });
    expect(v0.topics[0]?.partitions[0]).toMatchObject({ partitionIndex: 0, errorCode: 0 });
    const v1 = await c.call(OffsetCommit, 1, { ...defaultOffsetCommitRequest(), groupId: 'old-group', generationIdOrMemberEpoch: -1, memberId: '', topics: [commit(1, 7n, 'v1')] });
    expect(v1.topics[0]?.partitions[0]).toMatchObject({ partitionIndex: 1, errorCode: 0 });
    const fetched = await c.call(OffsetFetch, 0, { ...defaultOffsetFetchRequest(), groupId: 'old-group', topics: [{ name: 'oc', partitionIndexes: [0, 1] }] });
    expect(fetched.topics[0]?.partitions.map((p) => [p.partitionIndex, p.committedOffset, p.metadata, p.errorCode])).toEqual([
      [0, 42n, 'v0', 0],
      [1, 7n, 'v1', 0],
    ]);
    const v5 = await c.call(OffsetFetch, 5, { ...defaultOffsetFetchRequest(), groupId: 'old-group', topics: [{ name: 'oc', partitionIndexes: [0] }] });
    expect(v5.topics[0]?.partitions[0]).toMatchObject({ committedOffset: 42n, metadata: 'v0' });
  });
});
