// DescribeDelegationToken: v0–3 (flexible from v2).
// Behaviour: no token authentication here (see delegation-tokens.ts): the error Kafka answers
// without delegation.token.secret.key, no tokens.
import { decodeDescribeDelegationTokenRequest, type DescribeDelegationTokenRequest } from '../../protocol/generated/messages/describe-delegation-token-request.js';
import { defaultDescribeDelegationTokenResponse, encodeDescribeDelegationTokenResponse, type DescribeDelegationTokenResponse } from '../../protocol/generated/messages/describe-delegation-token-response.js';
import { tokenRequestError } from './delegation-tokens.js';
import { defineHandler } from './types.js';

export default defineHandler<DescribeDelegationTokenRequest, DescribeDelegationTokenResponse>({
  apiKey: 41,
  minVersion: 0,
  maxVersion: 3,
  decode: decodeDescribeDelegationTokenRequest,
  encode: encodeDescribeDelegationTokenResponse,
  handle(_req, ctx) {
    return { ...defaultDescribeDelegationTokenResponse(), errorCode: tokenRequestError(ctx) };
  },
});
