// DescribeTransactions: v0 (flexible).
// Behaviour: for each transactional id its state name (Empty, Ongoing, PrepareCommit, …), timeout,
// start time (-1 when no transaction has started), producer id/epoch and the partitions of the
// current transaction; an unknown id gets TRANSACTIONAL_ID_NOT_FOUND.
// Gaps: none known.
import { decodeDescribeTransactionsRequest, type DescribeTransactionsRequest } from '../../protocol/generated/messages/describe-transactions-request.js';
import {
  defaultDescribeTransactionsResponse,
  defaultTransactionState,
  encodeDescribeTransactionsResponse,
  type DescribeTransactionsResponse,
} from '../../protocol/generated/messages/describe-transactions-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { Op, Res, canTxn, keepAuthorized } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<DescribeTransactionsRequest, DescribeTransactionsResponse>({
  apiKey: 65,
  minVersion: 0,
  maxVersion: 0,
  decode: decodeDescribeTransactionsRequest,
  encode: encodeDescribeTransactionsResponse,
  handle(req, ctx) {
    const coordinator = ctx.broker.txn.coordinator;
    // KafkaApis: DESCRIBE on each transactional id; the partitions of topics the principal may not DESCRIBE are left out.
    return {
      ...defaultDescribeTransactionsResponse(),
      transactionStates: req.transactionalIds.map((transactionalId) => {
        if (!canTxn(ctx, Op.DESCRIBE, transactionalId)) return { ...defaultTransactionState(), transactionalId, errorCode: ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED };
        const m = transactionalId === '' ? undefined : coordinator.get(transactionalId);
        if (m === undefined) return { ...defaultTransactionState(), transactionalId, errorCode: ErrorCode.TRANSACTIONAL_ID_NOT_FOUND };
        return {
          ...defaultTransactionState(),
          errorCode: ErrorCode.NONE,
          transactionalId,
          transactionState: m.stateName,
          transactionTimeoutMs: m.timeoutMs,
          transactionStartTimeMs: BigInt(m.startTimestamp),
          producerId: m.producerId,
          producerEpoch: m.producerEpoch,
          topics: keepAuthorized(ctx, Op.DESCRIBE, Res.TOPIC, [...m.partitions], ([topic]) => topic).map(([topic, parts]) => ({ topic, partitions: [...parts] })),
        };
      }),
    };
  },
});
