// AddPartitionsToTxn: v0–3 (flexible from v3). v4+ is the broker-to-broker batched form (and
// verifyOnly), used only with KIP-890 transaction version 2, which is not advertised.
// Behaviour: adds the partitions to the ongoing transaction (starting it, and its timeout, when
// there is none). All partitions must exist: otherwise those get UNKNOWN_TOPIC_OR_PARTITION (internal
// topics TOPIC_AUTHORIZATION_FAILED, as Kafka does) and the rest OPERATION_NOT_ATTEMPTED. The
// coordinator's answer (INVALID_PRODUCER_ID_MAPPING, PRODUCER_FENCED, CONCURRENT_TRANSACTIONS …)
// applies to every partition.
// Version notes: v2 PRODUCER_FENCED (INVALID_PRODUCER_EPOCH before).
// Gaps: none known.
import { decodeAddPartitionsToTxnRequest, type AddPartitionsToTxnRequest } from '../../protocol/generated/messages/add-partitions-to-txn-request.js';
import { defaultAddPartitionsToTxnResponse, encodeAddPartitionsToTxnResponse, type AddPartitionsToTxnResponse } from '../../protocol/generated/messages/add-partitions-to-txn-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { fencedErrorFor } from '../txn/transaction-system.js';
import { Op, canTxn, deniedTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<AddPartitionsToTxnRequest, AddPartitionsToTxnResponse>({
  apiKey: 24,
  minVersion: 0,
  maxVersion: 3,
  decode: decodeAddPartitionsToTxnRequest,
  encode: encodeAddPartitionsToTxnResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    const topics = req.v3AndBelowTopics;
    // KafkaApis: WRITE on the transactional id (else every partition fails with it), then WRITE on each topic.
    const txnRefused = !canTxn(ctx, Op.WRITE, req.v3AndBelowTransactionalId);
    const denied = txnRefused ? null : deniedTopics(ctx, Op.WRITE, topics, (t) => t.name);
    const problem = (topic: string, partition: number): number => {
      if (txnRefused) return ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
      if (denied?.has(topic) === true) return ErrorCode.TOPIC_AUTHORIZATION_FAILED;
      const t = broker.topics.get(topic);
      if (t === undefined || partition < 0 || partition >= t.partitions.length) return ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
      return t.internal ? ErrorCode.TOPIC_AUTHORIZATION_FAILED : ErrorCode.NONE;
    };
    const anyProblem = topics.some((t) => t.partitions.some((p) => problem(t.name, p) !== ErrorCode.NONE));
    let shared: number = ErrorCode.NONE;
    if (!anyProblem) {
      const list = topics.flatMap((t) => t.partitions.map((partition) => ({ topic: t.name, partition })));
      shared = fencedErrorFor(broker.txn.coordinator.addPartitions(req.v3AndBelowTransactionalId, req.v3AndBelowProducerId, req.v3AndBelowProducerEpoch, list), ctx.apiVersion, 2);
    }
    return {
      ...defaultAddPartitionsToTxnResponse(),
      resultsByTopicV3AndBelow: topics.map((t) => ({
        name: t.name,
        resultsByPartition: t.partitions.map((partitionIndex) => {
          if (!anyProblem) return { partitionIndex, partitionErrorCode: shared };
          const err = problem(t.name, partitionIndex);
          return { partitionIndex, partitionErrorCode: err === ErrorCode.NONE ? ErrorCode.OPERATION_NOT_ATTEMPTED : err };
        }),
      })),
    };
  },
});
