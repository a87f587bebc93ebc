// ExpireDelegationToken: v0–2 (flexible from v2).
// Behaviour: no token authentication here (see delegation-tokens.ts): the error Kafka answers
// without delegation.token.secret.key, expiry timestamp 0.
import { decodeExpireDelegationTokenRequest, type ExpireDelegationTokenRequest } from '../../protocol/generated/messages/expire-delegation-token-request.js';
import { defaultExpireDelegationTokenResponse, encodeExpireDelegationTokenResponse, type ExpireDelegationTokenResponse } from '../../protocol/generated/messages/expire-delegation-token-response.js';
import { tokenRequestError } from './delegation-tokens.js';
import { defineHandler } from './types.js';

export default defineHandler<ExpireDelegationTokenRequest, ExpireDelegationTokenResponse>({
  apiKey: 40,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeExpireDelegationTokenRequest,
  encode: encodeExpireDelegationTokenResponse,
  handle(_req, ctx) {
    return { ...defaultExpireDelegationTokenResponse(), errorCode: tokenRequestError(ctx) };
  },
});
