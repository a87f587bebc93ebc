// InitProducerId: v0–5 (flexible from v2).
// Behaviour: without a transactional id, a fresh producer id (never reused, even after a restart)
// with epoch 0. With one, the coordinator bumps the id's epoch (a new id the first time), fencing
// the previous instance; a transaction it left open is aborted first. transaction.timeout.ms must
// be in 1..transaction.max.timeout.ms (INVALID_TRANSACTION_TIMEOUT). v3+ may name the current
// producer id/epoch (KIP-360): a stale pair is PRODUCER_FENCED, a retried bump gets the same epoch.
// Version notes: v3 producer id/epoch in the request, v4 PRODUCER_FENCED (INVALID_PRODUCER_EPOCH
// before), v5 (KIP-890) changes nothing here for the classic flow.
// Gaps: KIP-939 two-phase commit fields (v6) are not advertised.
import { decodeInitProducerIdRequest, type InitProducerIdRequest } from '../../protocol/generated/messages/init-producer-id-request.js';
import { defaultInitProducerIdResponse, encodeInitProducerIdResponse, type InitProducerIdResponse } from '../../protocol/generated/messages/init-producer-id-response.js';
import { fencedErrorFor } from '../txn/transaction-system.js';
import { authorizeInitProducerId } from '../security/authorizer.js';
import { defineHandler } from './types.js';

export default defineHandler<InitProducerIdRequest, InitProducerIdResponse>({
  apiKey: 22,
  minVersion: 0,
  maxVersion: 5,
  decode: decodeInitProducerIdRequest,
  encode: encodeInitProducerIdResponse,
  handle(req, ctx) {
    // KafkaApis: WRITE on the transactional id, or (idempotent only) IDEMPOTENT_WRITE on the cluster or WRITE on some topic.
    const refused = ctx.broker.authorizer.enabled ? authorizeInitProducerId(ctx, req.transactionalId) : 0;
    if (refused !== 0) return { ...defaultInitProducerIdResponse(), errorCode: refused, producerId: -1n, producerEpoch: -1 };
    const expected = ctx.apiVersion >= 3 && req.producerId >= 0n ? { producerId: req.producerId, producerEpoch: req.producerEpoch } : null;
    const r = ctx.broker.txn.coordinator.initProducerId(req.transactionalId, req.transactionTimeoutMs, expected);
    return {
      ...defaultInitProducerIdResponse(),
      errorCode: fencedErrorFor(r.errorCode, ctx.apiVersion, 4),
      producerId: r.producerId,
      producerEpoch: r.producerEpoch,
    };
  },
});
