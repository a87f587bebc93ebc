// CreateDelegationToken: v0–3 (flexible from v2).
// Behaviour: no token authentication here (see delegation-tokens.ts): the error Kafka answers
// without delegation.token.secret.key, with the requester as owner (v3 echoes the requester too)
// and zero timestamps, empty token id and HMAC, as Kafka's error response carries.
import { decodeCreateDelegationTokenRequest, type CreateDelegationTokenRequest } from '../../protocol/generated/messages/create-delegation-token-request.js';
import { defaultCreateDelegationTokenResponse, encodeCreateDelegationTokenResponse, type CreateDelegationTokenResponse } from '../../protocol/generated/messages/create-delegation-token-response.js';
import { tokenRequestError } from './delegation-tokens.js';
import { defineHandler } from './types.js';

function splitPrincipal(principal: string): [string, string] {
  const colon = principal.indexOf(':');
  return colon < 0 ? ['User', principal] : [principal.slice(0, colon), principal.slice(colon + 1)];
}

export default defineHandler<CreateDelegationTokenRequest, CreateDelegationTokenResponse>({
  apiKey: 38,
  minVersion: 0,
  maxVersion: 3,
  decode: decodeCreateDelegationTokenRequest,
  encode: encodeCreateDelegationTokenResponse,
  handle(req, ctx) {
    const [requesterType, requesterName] = splitPrincipal(ctx.session.principal);
    // KafkaApis: the owner is the one asked for (v3), else the requester.
    const owner = req.ownerPrincipalName !== null && req.ownerPrincipalName !== '' ? [req.ownerPrincipalType ?? 'User', req.ownerPrincipalName] : [requesterType, requesterName];
    return {
      ...defaultCreateDelegationTokenResponse(),
      errorCode: tokenRequestError(ctx),
      principalType: owner[0] ?? requesterType,
      principalName: owner[1] ?? requesterName,
      tokenRequesterPrincipalType: requesterType,
      tokenRequesterPrincipalName: requesterName,
    };
  },
});
