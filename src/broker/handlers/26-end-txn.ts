// EndTxn: v0–4 (flexible from v3). v5 belongs to KIP-890 transaction version 2 (the coordinator
// bumps the epoch on every commit), which is not advertised.
// Behaviour: commits or aborts the ongoing transaction: PrepareCommit/PrepareAbort in the
// transaction log, one COMMIT/ABORT control batch in every partition of the transaction (which moves
// their last stable offsets and, for aborts, fills the aborted-transaction index), then the pending
// TxnOffsetCommit offsets are applied or dropped, then CompleteCommit/CompleteAbort. A retry after
// completion succeeds; the other outcome is INVALID_TXN_STATE; while markers are still being
// written, CONCURRENT_TRANSACTIONS.
// Version notes: v2 PRODUCER_FENCED (INVALID_PRODUCER_EPOCH before).
// Gaps: none known.
import { decodeEndTxnRequest, type EndTxnRequest } from '../../protocol/generated/messages/end-txn-request.js';
import { defaultEndTxnResponse, encodeEndTxnResponse, type EndTxnResponse } from '../../protocol/generated/messages/end-txn-response.js';
import { fencedErrorFor } from '../txn/transaction-system.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, canTxn } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<EndTxnRequest, EndTxnResponse>({
  apiKey: 26,
  minVersion: 0,
  maxVersion: 4,
  decode: decodeEndTxnRequest,
  encode: encodeEndTxnResponse,
  handle(req, ctx) {
    if (!canTxn(ctx, Op.WRITE, req.transactionalId)) return { ...defaultEndTxnResponse(), errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED };
    const err = ctx.broker.txn.coordinator.endTxn(req.transactionalId, req.producerId, req.producerEpoch, req.committed);
    return { ...defaultEndTxnResponse(), errorCode: fencedErrorFor(err, ctx.apiVersion, 2) };
  },
});
