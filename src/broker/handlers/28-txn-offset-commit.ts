// TxnOffsetCommit: v0–4 (flexible from v3). v5 is the KIP-890 transaction version 2 form.
// Behaviour: after the classic-group checks (an unknown group needs generation -1; a named member
// must exist and match the generation) and the transaction check (the group's offsets partition
// must be in the producer's ongoing transaction: TRANSACTION_ABORTABLE otherwise from v4, as Kafka 4.4
// answers, INVALID_TXN_STATE before; a stale epoch is
// INVALID_PRODUCER_EPOCH), the offsets are stored in __consumer_offsets as a transactional batch
// and become visible to OffsetFetch only when the transaction commits (dropped on abort).
// Version notes: v2 committed leader epoch, v3 generation/member/instance id (KIP-447).
// Gaps: none known.
import { decodeTxnOffsetCommitRequest, type TxnOffsetCommitRequest } from '../../protocol/generated/messages/txn-offset-commit-request.js';
import { defaultTxnOffsetCommitResponse, encodeTxnOffsetCommitResponse, type TxnOffsetCommitResponse } from '../../protocol/generated/messages/txn-offset-commit-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canGroup, canTxn, failPartitions, refuseDeniedTopics } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<TxnOffsetCommitRequest, TxnOffsetCommitResponse>({
  apiKey: 28,
  minVersion: 0,
  maxVersion: 4,
  decode: decodeTxnOffsetCommitRequest,
  encode: encodeTxnOffsetCommitResponse,
  handle(req, ctx) {
    const v = ctx.apiVersion;
    // KafkaApis: WRITE on the transactional id, READ on the group (either refusal fails every partition), READ on each topic.
    if (!canTxn(ctx, Op.WRITE, req.transactionalId)) return { ...defaultTxnOffsetCommitResponse(), topics: failPartitions(req.topics, ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED) };
    if (!canGroup(ctx, Op.READ, req.groupId)) return { ...defaultTxnOffsetCommitResponse(), topics: failPartitions(req.topics, ErrorCode.GROUP_AUTHORIZATION_FAILED) };
    const { allowed, refused } = refuseDeniedTopics(ctx, Op.READ, req.topics);
    if (allowed.length === 0 && refused.length > 0) return { ...defaultTxnOffsetCommitResponse(), topics: refused };
    const topics = ctx.broker.txn.txnOffsetCommit({
      apiVersion: v,
      transactionalId: req.transactionalId,
      groupId: req.groupId,
      producerId: req.producerId,
      producerEpoch: req.producerEpoch,
      generationId: v >= 3 ? req.generationId : -1,
      memberId: v >= 3 ? req.memberId : '',
      groupInstanceId: v >= 3 ? req.groupInstanceId : null,
      topics: allowed.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ ...p, committedLeaderEpoch: v >= 2 ? p.committedLeaderEpoch : -1 })),
      })),
    });
    return { ...defaultTxnOffsetCommitResponse(), topics: refused.length === 0 ? topics : [...refused, ...topics] };
  },
});
