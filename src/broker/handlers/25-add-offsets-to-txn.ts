// AddOffsetsToTxn: v0–4 (flexible from v3).
// Behaviour: adds the group's __consumer_offsets partition (abs(hashCode(groupId)) % partitions,
// the topic created if missing) to the ongoing transaction, so its TxnOffsetCommit records get the
// transaction's marker. Errors as AddPartitionsToTxn.
// Version notes: v2 PRODUCER_FENCED (INVALID_PRODUCER_EPOCH before).
// Gaps: none known.
import { decodeAddOffsetsToTxnRequest, type AddOffsetsToTxnRequest } from '../../protocol/generated/messages/add-offsets-to-txn-request.js';
import { defaultAddOffsetsToTxnResponse, encodeAddOffsetsToTxnResponse, type AddOffsetsToTxnResponse } from '../../protocol/generated/messages/add-offsets-to-txn-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { OFFSETS_TOPIC } from '../group/index.js';
import { fencedErrorFor } from '../txn/transaction-system.js';
import { Op, canGroup, canTxn } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<AddOffsetsToTxnRequest, AddOffsetsToTxnResponse>({
  apiKey: 25,
  minVersion: 0,
  maxVersion: 4,
  decode: decodeAddOffsetsToTxnRequest,
  encode: encodeAddOffsetsToTxnResponse,
  handle(req, ctx) {
    const { txn } = ctx.broker;
    // KafkaApis: WRITE on the transactional id, then READ on the group.
    if (!canTxn(ctx, Op.WRITE, req.transactionalId)) return { ...defaultAddOffsetsToTxnResponse(), errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED };
    if (!canGroup(ctx, Op.READ, req.groupId)) return { ...defaultAddOffsetsToTxnResponse(), errorCode: ErrorCode.GROUP_AUTHORIZATION_FAILED };
    let partition: number;
    try {
      partition = ctx.broker.groups.offsets.prepareOffsetsPartition(req.groupId);
    } catch {
      return { ...defaultAddOffsetsToTxnResponse(), errorCode: ErrorCode.COORDINATOR_NOT_AVAILABLE };
    }
    const err = txn.coordinator.addPartitions(req.transactionalId, req.producerId, req.producerEpoch, [{ topic: OFFSETS_TOPIC, partition }]);
    return { ...defaultAddOffsetsToTxnResponse(), errorCode: fencedErrorFor(err, ctx.apiVersion, 2) };
  },
});
