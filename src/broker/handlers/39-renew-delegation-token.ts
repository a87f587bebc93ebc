// RenewDelegationToken: v0–2 (flexible from v2).
// Behaviour: no token authentication here (see delegation-tokens.ts): the error Kafka answers
// without delegation.token.secret.key, expiry timestamp 0.
import { decodeRenewDelegationTokenRequest, type RenewDelegationTokenRequest } from '../../protocol/generated/messages/renew-delegation-token-request.js';
import { defaultRenewDelegationTokenResponse, encodeRenewDelegationTokenResponse, type RenewDelegationTokenResponse } from '../../protocol/generated/messages/renew-delegation-token-response.js';
import { tokenRequestError } from './delegation-tokens.js';
import { defineHandler } from './types.js';

export default defineHandler<RenewDelegationTokenRequest, RenewDelegationTokenResponse>({
  apiKey: 39,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeRenewDelegationTokenRequest,
  encode: encodeRenewDelegationTokenResponse,
  handle(_req, ctx) {
    return { ...defaultRenewDelegationTokenResponse(), errorCode: tokenRequestError(ctx) };
  },
});
