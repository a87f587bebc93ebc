// FindCoordinator: v0–6 (flexible from v3).
// Behaviour: a single node coordinates every group (key type 0) and every transactional id (key
// type 1), so the answer is always this broker; other key types get INVALID_REQUEST. A group
// lookup creates __consumer_offsets if it is missing, as Kafka does. Error messages are Java's
// Errors.message(): "NONE" on success before v4; v4+ coordinators carry "" on success, as Kafka 4.4.
// Version notes: v1 key type and error message, v4 batched `coordinatorKeys` with one result per key.
// The coordinator's address is this broker's on the listener the request came in on, as Kafka's.
// Gaps: share-group key type 2 is rejected like any unknown type.
import { decodeFindCoordinatorRequest, type FindCoordinatorRequest } from '../../protocol/generated/messages/find-coordinator-request.js';
import {
  defaultFindCoordinatorResponse,
  encodeFindCoordinatorResponse,
  type Coordinator,
  type FindCoordinatorResponse,
} from '../../protocol/generated/messages/find-coordinator-response.js';
import { ErrorCode } from '../../protocol/error-codes.js';
import { AUTHZ_MESSAGE, Op, canGroup, canTxn } from '../security/authorize-requests.js';
import type { RequestContext } from './types.js';
import { defineHandler } from './types.js';

const KEY_TYPE_GROUP = 0;
const KEY_TYPE_TRANSACTION = 1;
/** Java's Errors.INVALID_REQUEST.message(), which Kafka answers for an unknown key type. */
const INVALID_REQUEST_MESSAGE = 'This most likely occurs because of a request being malformed by the client library or the message was sent to an incompatible broker. See the broker logs for more details.';

function lookup(ctx: RequestContext, key: string, keyType: number, batched: boolean): Coordinator {
  const { broker } = ctx;
  if (keyType !== KEY_TYPE_GROUP && keyType !== KEY_TYPE_TRANSACTION) {
    return { key, nodeId: -1, host: '', port: -1, errorCode: ErrorCode.INVALID_REQUEST, errorMessage: INVALID_REQUEST_MESSAGE };
  }
  // KafkaApis: DESCRIBE on the group or the transactional id, else no node (and Errors' message before v4).
  const refused = keyType === KEY_TYPE_GROUP ? (canGroup(ctx, Op.DESCRIBE, key) ? 0 : ErrorCode.GROUP_AUTHORIZATION_FAILED) : canTxn(ctx, Op.DESCRIBE, key) ? 0 : ErrorCode.TRANSACTIONAL_ID_AUTHORIZATION_FAILED;
  if (refused !== 0) return { key, nodeId: -1, host: '', port: -1, errorCode: refused, errorMessage: batched ? '' : AUTHZ_MESSAGE[refused] };
  if (keyType === KEY_TYPE_GROUP) broker.groups.ensureStorage();
  const { host, port } = broker.endpoint(ctx.session.listenerName);
  return { key, nodeId: broker.nodeId, host, port, errorCode: ErrorCode.NONE, errorMessage: batched ? '' : 'NONE' };
}

export default defineHandler<FindCoordinatorRequest, FindCoordinatorResponse>({
  apiKey: 10,
  minVersion: 0,
  maxVersion: 6,
  decode: decodeFindCoordinatorRequest,
  encode: encodeFindCoordinatorResponse,
  handle(req, ctx) {
    const { apiVersion } = ctx;
    if (apiVersion >= 4) {
      return { ...defaultFindCoordinatorResponse(), coordinators: req.coordinatorKeys.map((k) => lookup(ctx, k, req.keyType, true)) };
    }
    const c = lookup(ctx, req.key, apiVersion >= 1 ? req.keyType : KEY_TYPE_GROUP, false);
    return {
      ...defaultFindCoordinatorResponse(),
      errorCode: c.errorCode,
      errorMessage: c.errorMessage,
      nodeId: c.nodeId,
      host: c.host,
      port: c.port,
    };
  },
});
