// TxnOffsetCommit from a member of a KIP-848 consumer group (a Java 4.x consumer with
// group.protocol=consumer in a consume-transform-produce loop): its generation id carries the member
// epoch, checked as Kafka's ConsumerGroup.validateOffsetCommit does, and the offsets land on commit.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ErrorCode } from '../../src/protocol/error-codes.js';
import { AddOffsetsToTxnRequestVersions, encodeAddOffsetsToTxnRequest } from '../../src/protocol/generated/messages/add-offsets-to-txn-request.js';
import { decodeAddOffsetsToTxnResponse } from '../../src/protocol/generated/messages/add-offsets-to-txn-response.js';
import {
  ConsumerGroupHeartbeatRequestVersions,
  defaultConsumerGroupHeartbeatRequest,
  encodeConsumerGroupHeartbeatRequest,
} from '../../src/protocol/generated/messages/consumer-group-heartbeat-request.js';
import { decodeConsumerGroupHeartbeatResponse } from '../../src/protocol/generated/messages/consumer-group-heartbeat-response.js';
import { defaultEndTxnRequest, encodeEndTxnRequest, EndTxnRequestVersions } from '../../src/protocol/generated/messages/end-txn-request.js';
import { decodeEndTxnResponse } from '../../src/protocol/generated/messages/end-txn-response.js';
import { defaultInitProducerIdRequest, encodeInitProducerIdRequest, InitProducerIdRequestVersions } from '../../src/protocol/generated/messages/init-producer-id-request.js';
import { decodeInitProducerIdResponse } from '../../src/protocol/generated/messages/init-producer-id-response.js';
import { encodeTxnOffsetCommitRequest, TxnOffsetCommitRequestVersions } from '../../src/protocol/generated/messages/txn-offset-commit-request.js';
import { decodeTxnOffsetCommitResponse } from '../../src/protocol/generated/messages/txn-offset-commit-response.js';
import { startTestBroker, type TestBroker } from '../helpers/broker.js';
import { api, RawClient } from '../unit/broker/group/raw-client.js';

const HB = api(ConsumerGroupHeartbeatRequestVersions, encodeConsumerGroupHeartbeatRequest, decodeConsumerGroupHeartbeatResponse);
const INIT = api(InitProducerIdRequestVersions, encodeInitProducerIdRequest, decodeInitProducerIdResponse);
const ADD_OFFSETS = api(AddOffsetsToTxnRequestVersions, encodeAddOffsetsToTxnRequest, decodeAddOffsetsToTxnResponse);
const TXN_COMMIT = api(TxnOffsetCommitRequestVersions, encodeTxnOffsetCommitRequest, decodeTxnOffsetCommitResponse);
const END = api(EndTxnRequestVersions, encodeEndTxnRequest, decodeEndTxnResponse);

describe('TxnOffsetCommit to a KIP-848 consumer group', () => {
  let b: TestBroker;
  let c: RawClient;
  beforeAll(async () => {
    b = await startTestBroker();
    c = await RawClient.connect(b.running.port);
    expect(b.running.broker.topics.create('in', 1, {}).ok).toBe(true);
  });
  afterAll(async () => {
    c.close();
    await b.dispose();
  });

  it('checks the member and its epoch, and the offsets are committed with the transaction', async () => {
    const joined = await c.call(HB, 1, { ...defaultConsumerGroupHeartbeatRequest(), groupId: 'eos', memberId: 'm1', memberEpoch: 0, rebalanceTimeoutMs: 30_000, subscribedTopicNames: ['in'], topicPartitions: [] });
    expect(joined.errorCode).toBe(ErrorCode.NONE);
    const epoch = joined.memberEpoch;
    expect(epoch).toBeGreaterThan(0);

    const init = await c.call(INIT, 4, { ...defaultInitProducerIdRequest(), transactionalId: 'eos-tx', transactionTimeoutMs: 60_000, producerId: -1n, producerEpoch: -1 });
    expect(init.errorCode).toBe(ErrorCode.NONE);
    const { producerId, producerEpoch } = init;
    const added = await c.call(ADD_OFFSETS, 3, { transactionalId: 'eos-tx', producerId, producerEpoch, groupId: 'eos' });
    expect(added.errorCode).toBe(ErrorCode.NONE);

    const commit = async (memberId: string, generationId: number, offset: bigint): Promise<number[]> =>
      (
        await c.call(TXN_COMMIT, 3, {
          transactionalId: 'eos-tx',
          groupId: 'eos',
          producerId,
          producerEpoch,
          generationId,
          memberId,
          groupInstanceId: null,
          topics: [{ name: 'in', partitions: [{ partitionIndex: 0, committedOffset: offset, committedLeaderEpoch: -1, committedMetadata: null }] }],
        })
      ).topics.flatMap((t) => t.partitions.map((p) => p.errorCode));
    expect(await commit('nobody', epoch, 5n)).toEqual([ErrorCode.UNKNOWN_MEMBER_ID]);
    expect(await commit('m1', epoch - 1, 5n)).toEqual([ErrorCode.STALE_MEMBER_EPOCH]);
    expect(await commit('m1', epoch, 7n)).toEqual([ErrorCode.NONE]);
    // Pending until the transaction commits.
    expect(b.running.broker.groups.offsets.committed('eos', 'in', 0)).toBeUndefined();
    const ended = await c.call(END, 3, { ...defaultEndTxnRequest(), transactionalId: 'eos-tx', producerId, producerEpoch, committed: true });
    expect(ended.errorCode).toBe(ErrorCode.NONE);
    expect(b.running.broker.groups.offsets.committed('eos', 'in', 0)?.offset).toBe(7n);
  });
});
