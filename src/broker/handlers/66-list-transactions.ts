// ListTransactions: v0–2 (flexible; v2 from scripts/protocol-overlay.ts).
// Behaviour: every transactional id this coordinator knows (Dead ones excepted), filtered by state
// names (unknown names are echoed in unknownStateFilters), producer ids, from v1 a minimum running
// time (durationFilter, -1 = any) and from v2 a transactional id pattern (RE2/J syntax, matched
// against the whole id; null or empty = any; one that does not compile answers
// INVALID_REGULAR_EXPRESSION, as Kafka's TransactionStateManager throws InvalidRegularExpression).
// Gaps: none known.
import { decodeListTransactionsRequest, type ListTransactionsRequest } from '../../protocol/generated/messages/list-transactions-request.js';
import { defaultListTransactionsResponse, encodeListTransactionsResponse, type ListTransactionsResponse } from '../../protocol/generated/messages/list-transactions-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { compileTopicRegex } from '../group/consumer-group.js';
import { Op, Res, keepAuthorized } from '../security/authorize-requests.js';
import { defineHandler } from './types.js';

export default defineHandler<ListTransactionsRequest, ListTransactionsResponse>({
  apiKey: 66,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeListTransactionsRequest,
  encode: encodeListTransactionsResponse,
  handle(req, ctx) {
    const duration = ctx.apiVersion >= 1 ? Number(req.durationFilter) : -1;
    const source = ctx.apiVersion >= 2 ? req.transactionalIdPattern : null;
    const pattern = source === null || source === '' ? null : compileTopicRegex(source);
    if (typeof pattern === 'string') return { ...defaultListTransactionsResponse(), errorCode: ErrorCode.INVALID_REGULAR_EXPRESSION };
    const r = ctx.broker.txn.coordinator.list(req.stateFilters, req.producerIdFilters, duration, pattern);
    return {
      ...defaultListTransactionsResponse(),
      errorCode: ErrorCode.NONE,
      unknownStateFilters: r.unknownStateFilters,
      // KafkaApis: only the transactional ids the principal may DESCRIBE.
      transactionStates: keepAuthorized(ctx, Op.DESCRIBE, Res.TRANSACTIONAL_ID, r.states, (m) => m.transactionalId).map((m) => ({ transactionalId: m.transactionalId, producerId: m.producerId, transactionState: m.stateName })),
    };
  },
});
