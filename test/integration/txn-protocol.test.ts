import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { AddPartitionsToTxnRequestVersions, defaultAddPartitionsToTxnRequest, encodeAddPartitionsToTxnRequest } from '../../src/protocol/generated/messages/add-partitions-to-txn-request.js';
import { decodeAddPartitionsToTxnResponse } from '../../src/protocol/generated/messages/add-partitions-to-txn-response.js';
import { ApiVersionsRequestVersions, defaultApiVersionsRequest, encodeApiVersionsRequest } from '../../src/protocol/generated/messages/api-versions-request.js';
import { decodeApiVersionsResponse } from '../../src/protocol/generated/messages/api-versions-response.js';
import { defaultDescribeProducersRequest, DescribeProducersRequestVersions, encodeDescribeProducersRequest } from '../../src/protocol/generated/messages/describe-producers-request.js';
import { decodeDescribeProducersResponse } from '../../src/protocol/generated/messages/describe-producers-response.js';
import { defaultDescribeTransactionsRequest, DescribeTransactionsRequestVersions, encodeDescribeTransactionsRequest } from '../../src/protocol/generated/messages/describe-transactions-request.js';
import { decodeDescribeTransactionsResponse } from '../../src/protocol/generated/messages/describe-transactions-response.js';
import { defaultEndTxnRequest, encodeEndTxnRequest, EndTxnRequestVersions } from '../../src/protocol/generated/messages/end-txn-request.js';
import { decodeEndTxnResponse } from '../../src/protocol/generated/messages/end-txn-response.js';
import { defaultFetchPartition, defaultFetchRequest, encodeFetchRequest, FetchRequestVersions } from '../../src/protocol/generated/messages/fetch-request.js';
import { decodeFetchResponse } from '../../src/protocol/generated/messages/fetch-response.js';
import { defaultInitProducerIdRequest, encodeInitProducerIdRequest, InitProducerIdRequestVersions } from '../../src/protocol/generated/messages/init-producer-id-request.js';
import { decodeInitProducerIdResponse } from '../../src/protocol/generated/messages/init-producer-id-response.js';
import { defaultListOffsetsPartition, defaultListOffsetsRequest, encodeListOffsetsRequest, ListOffsetsRequestVersions } from '../../src/protocol/generated/messages/list-offsets-request.js';
import { decodeListOffsetsResponse } from '../../src/protocol/generated/messages/list-offsets-response.js';
import { defaultListTransactionsRequest, encodeListTransactionsRequest, ListTransactionsRequestVersions } from '../../src/protocol/generated/messages/list-transactions-request.js';
import { decodeListTransactionsResponse } from '../../src/protocol/generated/messages/list-transactions-response.js';
import { defaultProduceRequest, encodeProduceRequest, ProduceRequestVersions } from '../../src/protocol/generated/messages/produce-request.js';
import { decodeProduceResponse } from '../../src/protocol/generated/messages/produce-response.js';
import { encodeRecordBatch, splitRecordBatches, decodeRecordBatch } from '../../src/protocol/records/batch.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const ApiVersions = api(ApiVersionsRequestVersions, encodeApiVersionsRequest, decodeApiVersionsResponse);
const InitProducerId = api(InitProducerIdRequestVersions, encodeInitProducerIdRequest, decodeInitProducerIdResponse);
const AddPartitionsToTxn = api(AddPartitionsToTxnRequestVersions, encodeAddPartitionsToTxnRequest, decodeAddPartitionsToTxnResponse);
const EndTxn = api(EndTxnRequestVersions, encodeEndTxnRequest, decodeEndTxnResponse);
const Produce = api(ProduceRequestVersions, encodeProduceRequest, decodeProduceResponse);
const Fetch = api(FetchRequestVersions, encodeFetchRequest, decodeFetchResponse);
const ListOffsets = api(ListOffsetsRequestVersions, encodeListOffsetsRequest, decodeListOffsetsResponse);
const DescribeProducers = api(DescribeProducersRequestVersions, encodeDescribeProducersRequest, decodeDescribeProducersResponse);
const DescribeTransactions = api(DescribeTransactionsRequestVersions, encodeDescribeTransactionsRequest, decodeDescribeTransactionsResponse);
const ListTransactions = api(ListTransactionsRequestVersions, encodeListTransactionsRequest, decodeListTransactionsResponse);

describe('transaction APIs on the wire', () => {
  let b: TestBroker;
  let c: RawClient;

  beforeAll(async () => {
    b = await startTestBroker({ config: { 'transaction.max.timeout.ms': '120000' } });
    c = await RawClient.connect(b.running.port);
    const created = b.running.broker.topics.create('w', 2, {});
    expect(created.ok).toBe(true);
  });

  afterAll(async () => {
    c.close();
    await b.dispose();
  });

  const init = (transactionalId: string | null, timeoutMs = 60_000, version = 4) =>
    c.call(InitProducerId, version, { ...defaultInitProducerIdRequest(), transactionalId, transactionTimeoutMs: timeoutMs, producerId: -1n, producerEpoch: -1 });
  const add = async (id: string, pid: bigint, epoch: number, topics: { name: string; partitions: number[] }[], version = 3) =>
    (await c.call(AddPartitionsToTxn, version, { ...defaultAddPartitionsToTxnRequest(), v3AndBelowTransactionalId: id, v3AndBelowProducerId: pid, v3AndBelowProducerEpoch: epoch, v3AndBelowTopics: topics }))
      .resultsByTopicV3AndBelow.flatMap((t) => t.resultsByPartition.map((p) => [t.name, p.partitionIndex, p.partitionErrorCode]));
  const end = async (id: string, pid: bigint, epoch: number, committed: boolean, version = 3) =>
    (await c.call(EndTxn, version, { ...defaultEndTxnRequest(), transactionalId: id, producerId: pid, producerEpoch: epoch, committed })).errorCode;
  const produce = async (partition: number, pid: bigint, epoch: number, seq: number, values: string[], txnId: string | null, version = 9) => {
    const records = encodeRecordBatch({ records: values.map((v) => ({ value: Buffer.from(v) })), producerId: pid, producerEpoch: epoch, baseSequence: seq, isTransactional: txnId !== null });
    const res = await c.call(Produce, version, { ...defaultProduceRequest(), transactionalId: txnId, acks: -1, timeoutMs: 5000, topicData: [{ name: 'w', partitionData: [{ index: partition, records }] }] });
    const p = res.responses[0]?.partitionResponses[0];
    return [p?.errorCode, p?.baseOffset];
  };

  it('advertises the classic transaction flow (AddPartitionsToTxn up to 3, EndTxn up to 4) and ListTransactions up to 2 (KIP-1152 pattern)', async () => {
    const res = await c.call(ApiVersions, 2, defaultApiVersionsRequest());
    const range = (k: number) => res.apiKeys.filter((a) => a.apiKey === k).map((a) => [a.minVersion, a.maxVersion]);
    expect([22, 24, 25, 26, 28, 61, 65, 66].map(range)).toEqual([[[0, 5]], [[0, 3]], [[0, 4]], [[0, 4]], [[0, 4]], [[0, 0]], [[0, 0]], [[0, 2]]]);
  });

  it('a deleted topic\'s producer state never leaks into a new topic of the same name', async () => {
    const broker = b.running.broker;
    expect(broker.topics.create('again', 1, {}).ok).toBe(true);
    const { producerId: pid, producerEpoch: epoch } = await init('again-tx');
    await add('again-tx', pid, epoch, [{ name: 'again', partitions: [0] }]);
    const records = encodeRecordBatch({ records: [{ value: Buffer.from('x') }], producerId: pid, producerEpoch: epoch, baseSequence: 0, isTransactional: true });
    await c.call(Produce, 9, { ...defaultProduceRequest(), transactionalId: 'again-tx', acks: -1, timeoutMs: 5000, topicData: [{ name: 'again', partitionData: [{ index: 0, records }] }] });
    const old = broker.topics.partition('again', 0);
    if (old === undefined) throw new Error('no partition');
    expect(broker.txn.lastStableOffset(old)).toBe(0);
    expect(broker.topics.delete('again').ok).toBe(true);
    expect(broker.topics.create('again', 1, {}).ok).toBe(true);
    const fresh = broker.topics.partition('again', 0);
    if (fresh === undefined) throw new Error('no partition');
    // One record, so a stale snapshot of the old log (at offset 1) would look usable.
    fresh.log.append(encodeRecordBatch({ records: [{ value: Buffer.from('new') }] }), { leaderEpoch: 0 });
    broker.txn.producers.snapshotAll(true);
    expect(broker.txn.lastStableOffset(fresh)).toBe(1);
    expect(broker.txn.producers.get(fresh.log).producerCount).toBe(0);
    // Markers go by name, as in Kafka: the new partition gets a marker that ends nothing.
    expect(await end('again-tx', pid, epoch, true)).toBe(0);
    expect(broker.txn.lastStableOffset(fresh)).toBe(fresh.log.highWatermark);
  });

  it('checks the transaction timeout against transaction.max.timeout.ms', async () => {
    expect((await init('too-long', 120_001)).errorCode).toBe(ErrorCode.INVALID_TRANSACTION_TIMEOUT);
    expect((await init('ok', 120_000)).errorCode).toBe(0);
  });

  it('idempotent produce: duplicate, gap, stale epoch', async () => {
    const { producerId: pid } = await init(null);
    expect(await produce(0, pid, 0, 0, ['a', 'b'], null)).toEqual([0, 0n]);
    expect(await produce(0, pid, 0, 0, ['a', 'b'], null)).toEqual([0, 0n]);
    expect(await produce(0, pid, 0, 5, ['x'], null)).toEqual([ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER, -1n]);
    expect(await produce(0, pid, 1, 0, ['c'], null)).toEqual([0, 2n]);
    expect(await produce(0, pid, 0, 2, ['d'], null)).toEqual([ErrorCode.INVALID_PRODUCER_EPOCH, -1n]);
  });

  it('transactions: partitions must be added, fencing errors by version, LSO and aborted transactions', async () => {
    const { producerId: pid, producerEpoch: epoch } = await init('wire-tx');
    expect(await add('wire-tx', pid, epoch, [{ name: 'w', partitions: [1] }, { name: 'nope', partitions: [0] }])).toEqual([
      ['w', 1, ErrorCode.OPERATION_NOT_ATTEMPTED],
      ['nope', 0, ErrorCode.UNKNOWN_TOPIC_OR_PARTITION],
    ]);
    expect(await add('wire-tx', pid, epoch, [{ name: 'w', partitions: [1] }])).toEqual([['w', 1, 0]]);
    // Partition 0 was not added: INVALID_TXN_STATE before Produce v11, TRANSACTION_ABORTABLE from it.
    expect(await produce(0, pid, epoch, 0, ['t'], 'wire-tx')).toEqual([ErrorCode.INVALID_TXN_STATE, -1n]);
    expect(await produce(0, pid, epoch, 0, ['t'], 'wire-tx', 11)).toEqual([ErrorCode.TRANSACTION_ABORTABLE, -1n]);
    const base = b.running.broker.topics.partition('w', 1)?.log.logEndOffset ?? -1;
    expect(await produce(1, pid, epoch, 0, ['t0', 't1'], 'wire-tx')).toEqual([0, BigInt(base)]);

    const lso = async (isolationLevel: number) =>
      (await c.call(ListOffsets, 5, { ...defaultListOffsetsRequest(), replicaId: -1, isolationLevel, topics: [{ name: 'w', partitions: [{ ...defaultListOffsetsPartition(), partitionIndex: 1, timestamp: -1n }] }] })).topics[0]?.partitions[0]?.offset;
    expect(await lso(1)).toBe(BigInt(base));
    expect(await lso(0)).toBe(BigInt(base + 2));

    const txns = await c.call(DescribeTransactions, 0, { ...defaultDescribeTransactionsRequest(), transactionalIds: ['wire-tx', 'missing'] });
    expect(txns.transactionStates.map((t) => [t.transactionalId, t.errorCode, t.transactionState, t.producerId, t.topics])).toEqual([
      ['wire-tx', 0, 'Ongoing', pid, [{ topic: 'w', partitions: [1] }]],
      ['missing', ErrorCode.TRANSACTIONAL_ID_NOT_FOUND, '', 0n, []],
    ]);
    const listed = await c.call(ListTransactions, 1, { ...defaultListTransactionsRequest(), stateFilters: ['Ongoing', 'Nope'], producerIdFilters: [], durationFilter: -1n });
    expect(listed.unknownStateFilters).toEqual(['Nope']);
    expect(listed.transactionStates.map((t) => t.transactionalId)).toEqual(['wire-tx']);
    const producers = await c.call(DescribeProducers, 0, { ...defaultDescribeProducersRequest(), topics: [{ name: 'w', partitionIndexes: [1] }] });
    expect(producers.topics[0]?.partitions[0]?.activeProducers.map((p) => [p.producerId, p.producerEpoch, p.lastSequence, p.currentTxnStartOffset])).toEqual([[pid, epoch, 1, BigInt(base)]]);

    // A stale epoch: PRODUCER_FENCED from EndTxn v2, INVALID_PRODUCER_EPOCH before.
    expect(await end('wire-tx', pid, epoch - 1, false, 1)).toBe(ErrorCode.INVALID_PRODUCER_EPOCH);
    expect(await end('wire-tx', pid, epoch - 1, false, 3)).toBe(ErrorCode.PRODUCER_FENCED);
    expect(await end('wire-tx', pid, epoch, false)).toBe(0);
    expect(await end('wire-tx', pid, epoch, false)).toBe(0);
    expect(await end('wire-tx', pid, epoch, true)).toBe(ErrorCode.INVALID_TXN_STATE);

    const fetch = async (isolationLevel: number) => {
      const res = await c.call(Fetch, 11, {
        ...defaultFetchRequest(),
        replicaId: -1,
        maxWaitMs: 0,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel,
        topics: [{ topic: 'w', topicId: 'AAAAAAAAAAAAAAAAAAAAAA', partitions: [{ ...defaultFetchPartition(), partition: 1, fetchOffset: BigInt(base), partitionMaxBytes: 1 << 20 }] }],
      });
      return res.responses[0]?.partitions[0];
    };
    const committed = await fetch(1);
    expect(committed?.lastStableOffset).toBe(BigInt(base + 3));
    expect(committed?.abortedTransactions).toEqual([{ producerId: pid, firstOffset: BigInt(base) }]);
    const batches = splitRecordBatches(committed?.records ?? Buffer.alloc(0)).batches.map((raw) => decodeRecordBatch(raw));
    expect(batches.map((x) => [x.isControl, x.isTransactional, Number(x.baseOffset)])).toEqual([
      [false, true, base],
      [true, true, base + 2],
    ]);
    expect((await fetch(0))?.abortedTransactions).toBeNull();
  });
});
