// WriteTxnMarkers: v0–1 (flexible from v1).
// Behaviour: what a transaction coordinator sends a partition leader to end a transaction there,
// and what Admin.abortTransaction (kafka-transactions.sh abort) sends to end a hanging one. Each
// marker is a COMMIT/ABORT control batch appended to the partition and applied to its producer
// state (the open transaction ends, an aborted one enters the aborted-transactions index, the last
// stable offset moves on); on __consumer_offsets the transaction's pending offsets are committed or
// dropped. Our own coordinator writes its markers through the same path (TransactionSystem.writeMarker).
// Errors per partition: UNKNOWN_TOPIC_OR_PARTITION for a partition this broker does not have,
// INVALID_PRODUCER_EPOCH / TRANSACTION_COORDINATOR_FENCED when the producer state refuses the
// marker (an older producer epoch or coordinator epoch), KAFKA_STORAGE_ERROR when the append fails.
// Authorisation as in KafkaApis: CLUSTER_ACTION on the cluster, else every partition answers
// CLUSTER_AUTHORIZATION_FAILED.
import { decodeWriteTxnMarkersRequest, type WriteTxnMarkersRequest } from '../../protocol/generated/messages/write-txn-markers-request.js';
import { encodeWriteTxnMarkersResponse, type WriteTxnMarkersResponse } from '../../protocol/generated/messages/write-txn-markers-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canCluster } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<WriteTxnMarkersRequest, WriteTxnMarkersResponse>({
  apiKey: 27,
  minVersion: 0,
  maxVersion: 1,
  decode: decodeWriteTxnMarkersRequest,
  encode: encodeWriteTxnMarkersResponse,
  handle(req, ctx) {
    const { broker } = ctx;
    const allowed = canCluster(ctx, Op.CLUSTER_ACTION);
    return {
      markers: req.markers.map((m) => ({
        producerId: m.producerId,
        topics: m.topics.map((t) => ({
          name: t.name,
          partitions: t.partitionIndexes.map((partitionIndex) => ({
            partitionIndex,
            errorCode: allowed
              ? broker.txn.writeMarker(m.producerId, m.producerEpoch, m.transactionResult, m.coordinatorEpoch, t.name, partitionIndex)
              : ErrorCode.CLUSTER_AUTHORIZATION_FAILED,
          })),
        })),
      })),
    };
  },
});
