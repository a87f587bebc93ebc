// What handlers 38–41 (delegation tokens) answer. This broker has no token authentication (no
// delegation.token.secret.key), so, as Kafka's KafkaApis and the controller's
// DelegationTokenControlManager decide it: on a PLAINTEXT or one-way SSL connection (anonymous
// principal) DELEGATION_TOKEN_REQUEST_NOT_ALLOWED, elsewhere DELEGATION_TOKEN_AUTH_DISABLED.
// (Kafka never sees a token-authenticated connection here either: without a key none can exist.)
import { ErrorCode } from '../../protocol/error-codes.js';
import { ANONYMOUS } from '../security/session.js';
import type { RequestContext } from './types.js';

export function tokenRequestError(ctx: RequestContext): number {
  const { securityProtocol, principal } = ctx.session;
  if (securityProtocol === 'PLAINTEXT' || (securityProtocol === 'SSL' && principal === ANONYMOUS)) return ErrorCode.DELEGATION_TOKEN_REQUEST_NOT_ALLOWED;
  return ErrorCode.DELEGATION_TOKEN_AUTH_DISABLED;
}
