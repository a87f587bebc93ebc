// DescribeProducers: v0 (flexible).
// Behaviour: the producer state of each requested partition: every producer id with its epoch,
// last sequence (-1 when only markers or coordinator writes were seen), last timestamp, coordinator
// epoch and the first offset of its open transaction (-1 when none). Unknown partitions get
// UNKNOWN_TOPIC_OR_PARTITION (with Kafka's message only when the whole topic is unknown).
// Gaps: none known.
import { decodeDescribeProducersRequest, type DescribeProducersRequest } from '../../protocol/generated/messages/describe-producers-request.js';
import { defaultDescribeProducersResponse, encodeDescribeProducersResponse, type DescribeProducersResponse, type PartitionResponse } from '../../protocol/generated/messages/describe-producers-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { AUTHZ_MESSAGE, Op, deniedTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<DescribeProducersRequest, DescribeProducersResponse>({
  apiKey: 61,
  minVersion: 0,
  maxVersion: 0,
  decode: decodeDescribeProducersRequest,
  encode: encodeDescribeProducersResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    // KafkaApis: READ on the topic, checked before whether it exists.
    const denied = deniedTopics(ctx, Op.READ, req.topics, (t) => t.name);
    return {
      ...defaultDescribeProducersResponse(),
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitionIndexes.map((partitionIndex): PartitionResponse => {
          if (denied?.has(t.name) === true) return { partitionIndex, errorCode: ErrorCode.TOPIC_AUTHORIZATION_FAILED, errorMessage: AUTHZ_MESSAGE[29], activeProducers: [] };
          const p = broker.topics.partition(t.name, partitionIndex);
          if (p === undefined) {
            // Kafka's message comes from its metadata check of the topic; a missing partition of a
            // known topic fails in the replica manager, without a message.
            const errorMessage = broker.topics.get(t.name) === undefined ? 'This server does not host this topic-partition.' : null;
            return { partitionIndex, errorCode: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage, activeProducers: [] };
          }
          const st = broker.txn.producers.get(p.log);
          const activeProducers = [...st.entries()].map((e) => ({
            producerId: e.producerId,
            producerEpoch: e.epoch,
            lastSequence: e.lastSeq,
            lastTimestamp: BigInt(e.lastTimestamp),
            coordinatorEpoch: e.coordinatorEpoch,
            currentTxnStartOffset: BigInt(e.txnFirstOffset),
          }));
          return { partitionIndex, errorCode: ErrorCode.NONE, errorMessage: null, activeProducers };
        }),
      })),
    };
  },
});
