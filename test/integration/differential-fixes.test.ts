// Regression tests for the divergences the differential corpus (test/reference/differential.test.ts)
// found between Apache Kafka 4.4 and this broker, against our broker only: each expectation is what
// Kafka 4.4 answered to the same request.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { CreateTopicsRequestVersions, encodeCreateTopicsRequest } from '../../src/protocol/generated/messages/create-topics-request.js';
import { decodeCreateTopicsResponse } from '../../src/protocol/generated/messages/create-topics-response.js';
import { DescribeConfigsRequestVersions, encodeDescribeConfigsRequest } from '../../src/protocol/generated/messages/describe-configs-request.js';
import { decodeDescribeConfigsResponse } from '../../src/protocol/generated/messages/describe-configs-response.js';
import { DescribeProducersRequestVersions, encodeDescribeProducersRequest } from '../../src/protocol/generated/messages/describe-producers-request.js';
import { decodeDescribeProducersResponse } from '../../src/protocol/generated/messages/describe-producers-response.js';
import { AddPartitionsToTxnRequestVersions, encodeAddPartitionsToTxnRequest } from '../../src/protocol/generated/messages/add-partitions-to-txn-request.js';
import { decodeAddPartitionsToTxnResponse } from '../../src/protocol/generated/messages/add-partitions-to-txn-response.js';
import { encodeFetchRequest, FetchRequestVersions } from '../../src/protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse } from '../../src/protocol/generated/messages/fetch-response.js';
import { encodeFindCoordinatorRequest, FindCoordinatorRequestVersions } from '../../src/protocol/generated/messages/find-coordinator-request.js';
import { decodeFindCoordinatorResponse } from '../../src/protocol/generated/messages/find-coordinator-response.js';
import { encodeInitProducerIdRequest, InitProducerIdRequestVersions } from '../../src/protocol/generated/messages/init-producer-id-request.js';
import { decodeInitProducerIdResponse } from '../../src/protocol/generated/messages/init-producer-id-response.js';
import { encodeLeaveGroupRequest, LeaveGroupRequestVersions } from '../../src/protocol/generated/messages/leave-group-request.js';
import { decodeLeaveGroupResponse } from '../../src/protocol/generated/messages/leave-group-response.js';
import { encodeProduceRequest, ProduceRequestVersions } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { encodeTxnOffsetCommitRequest, TxnOffsetCommitRequestVersions } from '../../src/protocol/generated/messages/txn-offset-commit-request.js';
import { decodeTxnOffsetCommitResponse } from '../../src/protocol/generated/messages/txn-offset-commit-response.js';
import { encodeRecordBatch } from '../../src/protocol/records/batch.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const CreateTopics = api(CreateTopicsRequestVersions, encodeCreateTopicsRequest, decodeCreateTopicsResponse);
const DescribeConfigs = api(DescribeConfigsRequestVersions, encodeDescribeConfigsRequest, decodeDescribeConfigsResponse);
const DescribeProducers = api(DescribeProducersRequestVersions, encodeDescribeProducersRequest, decodeDescribeProducersResponse);
const AddPartitionsToTxn = api(AddPartitionsToTxnRequestVersions, encodeAddPartitionsToTxnRequest, decodeAddPartitionsToTxnResponse);
const Fetch = api(FetchRequestVersions, encodeFetchRequest, decodeFetchResponse);
const FindCoordinator = api(FindCoordinatorRequestVersions, encodeFindCoordinatorRequest, decodeFindCoordinatorResponse);
const InitProducerId = api(InitProducerIdRequestVersions, encodeInitProducerIdRequest, decodeInitProducerIdResponse);
const LeaveGroup = api(LeaveGroupRequestVersions, encodeLeaveGroupRequest, decodeLeaveGroupResponse);
const Produce = api(ProduceRequestVersions, encodeProduceRequest, decodeProduceResponse);
const TxnOffsetCommit = api(TxnOffsetCommitRequestVersions, encodeTxnOffsetCommitRequest, decodeTxnOffsetCommitResponse);

const T0 = 1_700_000_000_000n;

describe('divergences from Apache Kafka 4.4 found by the differential corpus', () => {
  let b: TestBroker;
  let c: RawClient;

  beforeAll(async () => {
    b = await startTestBroker();
    c = await RawClient.connect(b.running.port);
    for (const t of ['dx-crc', 'dx-idem', 'dx-fence', 'dx-fetch', 'dx-dp', 'dx-toc']) b.running.broker.topics.create(t, 1, {});
  });
  afterAll(async () => {
    c.close();
    await b.dispose();
  });

  const produce = async (topic: string, records: Buffer, transactionalId: string | null = null) => {
    const r = await c.call(Produce, 11, { transactionalId, acks: -1, timeoutMs: 5000, topicData: [{ name: topic, partitionData: [{ index: 0, records }] }] });
    const p = r.responses[0]?.partitionResponses[0];
    return { errorCode: p?.errorCode, errorMessage: p?.errorMessage, logStartOffset: p?.logStartOffset, logAppendTimeMs: p?.logAppendTimeMs, baseOffset: p?.baseOffset };
  };
  const batch = (opts: { producerId?: bigint; producerEpoch?: number; baseSequence?: number; isTransactional?: boolean } = {}): Buffer =>
    encodeRecordBatch({ records: [{ value: 'x', timestamp: T0 }], timestamp: T0, ...opts });
  const initPid = (transactionalId: string | null) => c.call(InitProducerId, 5, { transactionalId, transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });

  it('Produce: a corrupt batch is CORRUPT_MESSAGE without a message and log start offset -1', async () => {
    const bad = batch();
    bad.writeUInt32BE((bad.readUInt32BE(17) ^ 1) >>> 0, 17);
    expect(await produce('dx-crc', bad)).toMatchObject({ errorCode: ErrorCode.CORRUPT_MESSAGE, errorMessage: null, logStartOffset: -1n });
  });

  it('Produce: a duplicate answers the stored batch timestamp; sequence and epoch errors carry no message and the log start offset', async () => {
    const p = await initPid(null);
    const seq = (s: number, epoch = p.producerEpoch): Buffer => batch({ producerId: p.producerId, producerEpoch: epoch, baseSequence: s });
    expect(await produce('dx-idem', seq(0))).toMatchObject({ errorCode: 0, baseOffset: 0n, logAppendTimeMs: -1n });
    expect(await produce('dx-idem', seq(0))).toMatchObject({ errorCode: 0, baseOffset: 0n, logAppendTimeMs: T0, logStartOffset: 0n });
    expect(await produce('dx-idem', seq(5))).toMatchObject({ errorCode: ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, errorMessage: null, logStartOffset: 0n, baseOffset: -1n });
    expect(await produce('dx-idem', seq(1, p.producerEpoch - 1))).toMatchObject({ errorCode: ErrorCode.INVALID_PRODUCER_EPOCH, errorMessage: null, logStartOffset: 0n });
  });

  it('Produce: a fenced transactional producer fails verification with log start offset -1', async () => {
    const old = await initPid('dx-fence');
    await initPid('dx-fence');
    await c.call(AddPartitionsToTxn, 3, { transactions: [], v3AndBelowTransactionalId: 'dx-fence', v3AndBelowProducerId: old.producerId, v3AndBelowProducerEpoch: old.producerEpoch, v3AndBelowTopics: [{ name: 'dx-fence', partitions: [0] }] });
    const r = await produce('dx-fence', batch({ producerId: old.producerId, producerEpoch: old.producerEpoch, baseSequence: 0, isTransactional: true }), 'dx-fence');
    expect(r).toMatchObject({ errorCode: ErrorCode.INVALID_PRODUCER_EPOCH, errorMessage: null, logStartOffset: -1n });
  });

  it('Fetch: an out-of-range partition has null aborted transactions', async () => {
    const r = await c.call(Fetch, 12, {
      clusterId: null,
      replicaId: -1,
      replicaState: { replicaId: -1, replicaEpoch: -1n },
      maxWaitMs: 0,
      minBytes: 0,
      maxBytes: 1 << 20,
      isolationLevel: 0,
      sessionId: 0,
      sessionEpoch: -1,
      topics: [{ topic: 'dx-fetch', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ partition: 0, currentLeaderEpoch: -1, fetchOffset: 100n, lastFetchedEpoch: -1, logStartOffset: -1n, partitionMaxBytes: 1 << 20, replicaDirectoryId: 'AAAAAAAAAAAAAAAAAAAAAA' }] }],
      forgottenTopicsData: [],
      rackId: '',
    });
    expect(r.responses[0]?.partitions[0]).toMatchObject({ errorCode: ErrorCode.OFFSET_OUT_OF_RANGE, abortedTransactions: null });
  });

  it('LeaveGroup: an unknown group answers UNKNOWN_MEMBER_ID per member from v3, at the top level before', async () => {
    const v5 = await c.call(LeaveGroup, 5, { groupId: 'dx-nope', memberId: '', members: [{ memberId: 'nobody', groupInstanceId: null, reason: 'bye' }] });
    expect(v5.errorCode).toBe(0);
    expect(v5.members).toEqual([{ memberId: 'nobody', groupInstanceId: null, errorCode: ErrorCode.UNKNOWN_MEMBER_ID }]);
    const v2 = await c.call(LeaveGroup, 2, { groupId: 'dx-nope', memberId: 'nobody', members: [] });
    expect(v2.errorCode).toBe(ErrorCode.UNKNOWN_MEMBER_ID);
  });

  it("FindCoordinator: an unknown key type carries Java's INVALID_REQUEST message", async () => {
    const r = await c.call(FindCoordinator, 6, { key: '', keyType: 5, coordinatorKeys: ['g'] });
    expect(r.coordinators[0]).toMatchObject({
      errorCode: ErrorCode.INVALID_REQUEST,
      errorMessage: 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.',
    });
  });

  it('DescribeProducers: a missing partition of a known topic has no message; an unknown topic has one', async () => {
    const r = await c.call(DescribeProducers, 0, { topics: [{ name: 'dx-dp', partitionIndexes: [4] }, { name: 'dx-none', partitionIndexes: [0] }] });
    expect(r.topics.map((t) => [t.partitions[0]?.errorCode, t.partitions[0]?.errorMessage])).toEqual([
      [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, null],
      [ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, 'This server does not host this topic-partition.'],
    ]);
  });

  it('TxnOffsetCommit without AddOffsetsToTxn: TRANSACTION_ABORTABLE from v4, INVALID_TXN_STATE before', async () => {
    const p = await initPid('dx-toc');
    const commit = async (version: number) =>
      (
        await c.call(TxnOffsetCommit, version, {
          transactionalId: 'dx-toc',
          groupId: 'dx-toc-g',
          producerId: p.producerId,
          producerEpoch: p.producerEpoch,
          generationId: -1,
          memberId: '',
          groupInstanceId: null,
          topics: [{ name: 'dx-toc', partitions: [{ partitionIndex: 0, committedOffset: 1n, committedLeaderEpoch: -1, committedMetadata: '' }] }],
        })
      ).topics[0]?.partitions[0]?.errorCode;
    expect(await commit(4)).toBe(ErrorCode.TRANSACTION_ABORTABLE);
    expect(await commit(3)).toBe(ErrorCode.INVALID_TXN_STATE);
  });

  it("CreateTopics: invalid names carry the KRaft controller's messages", async () => {
    const names = ['bad name', '.', '..', 'x'.repeat(250), ''];
    const r = await c.call(CreateTopics, 7, { topics: names.map((name) => ({ name, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] })), timeoutMs: 5000, validateOnly: false });
    expect(r.topics.map((t) => [t.errorCode, t.errorMessage])).toEqual([
      [ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic name is invalid: 'bad name' contains one or more characters other than ASCII alphanumerics, '.', '_' and '-'"],
      [ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic name is invalid: '.' is not allowed"],
      [ErrorCode.INVALID_TOPIC_EXCEPTION, "Topic name is invalid: '..' is not allowed"],
      [ErrorCode.INVALID_TOPIC_EXCEPTION, `Topic name is invalid: the length of '${'x'.repeat(250)}' is longer than the max allowed length 249`],
      [ErrorCode.INVALID_TOPIC_EXCEPTION, 'Topic name is invalid: the empty string is not allowed'],
    ]);
  });

  it("DescribeConfigs: a topic lists Kafka 4.4's newer configs with their broker synonyms", async () => {
    const r = await c.call(DescribeConfigs, 4, {
      resources: [{ resourceType: 2, resourceName: 'dx-dp', configurationKeys: ['errors.deadletterqueue.group.enable', 'max.decompressed.message.bytes', 'remote.copy.lag.bytes', 'remote.copy.lag.ms'] }],
      includeSynonyms: true,
      includeDocumentation: false,
    });
    const configs = (r.results[0]?.configs ?? []).map((e) => [e.name, e.value, e.configSource, e.synonyms.map((s) => [s.name, s.value, s.source])]).sort();
    expect(configs).toEqual([
      ['errors.deadletterqueue.group.enable', 'false', 5, []],
      ['max.decompressed.message.bytes', '2147483639', 5, [['max.decompressed.message.bytes', '2147483639', 5]]],
      ['remote.copy.lag.bytes', '-1', 5, [['log.remote.copy.lag.bytes', '-1', 5]]],
      ['remote.copy.lag.ms', '0', 5, [['log.remote.copy.lag.ms', '0', 5]]],
    ]);
  });
});
