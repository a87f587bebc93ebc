// SaslAuthenticate: v0–2 (flexible from v2).
// Behaviour: one token of the exchange SaslHandshake v1 began (KIP-152), evaluated by the
// listener's mechanism (ctx.broker.sasl, Seam 2). Failure → SASL_AUTHENTICATION_FAILED with Kafka's
// error_message, then the connection closes. Success sets the connection's principal; v1+ answers
// session_lifetime_ms (KIP-368: connections.max.reauth.ms, capped by the credential's lifetime).
// After authentication (or on a listener without SASL) ILLEGAL_SASL_STATE, as KafkaApis answers.
import { ErrorCode } from '../../protocol/error-codes.js';
import { decodeSaslAuthenticateRequest, type SaslAuthenticateRequest } from '../../protocol/generated/messages/sasl-authenticate-request.js';
import { defaultSaslAuthenticateResponse, encodeSaslAuthenticateResponse, type SaslAuthenticateResponse } from '../../protocol/generated/messages/sasl-authenticate-response.js';
import { SaslAuthenticationError } from '../security/sasl-server.js';
import { defineHandler } from './types.js';

export default defineHandler<SaslAuthenticateRequest, SaslAuthenticateResponse>({
  apiKey: 36,
  minVersion: 0,
  maxVersion: 2,
  decode: decodeSaslAuthenticateRequest,
  encode: encodeSaslAuthenticateResponse,
  async handle(req, ctx) {
    const sasl = ctx.sasl;
    if (sasl === undefined || sasl.authenticated) {
      return { ...defaultSaslAuthenticateResponse(), errorCode: ErrorCode.ILLEGAL_SASL_STATE, errorMessage: 'SaslAuthenticate request received after successful authentication' };
    }
    try {
      const { reply, sessionLifetimeMs } = await sasl.authenticate(req.authBytes, ctx.apiVersion);
      return { ...defaultSaslAuthenticateResponse(), authBytes: reply, sessionLifetimeMs: BigInt(sessionLifetimeMs) };
    } catch (err) {
      if (!(err instanceof SaslAuthenticationError)) throw err;
      ctx.broker.log(`SASL authentication from ${ctx.remoteAddress} on ${ctx.session.listenerName} failed (${sasl.mechanism ?? '?'}): ${err.message}`);
      ctx.closeAfterResponse();
      return { ...defaultSaslAuthenticateResponse(), errorCode: ErrorCode.SASL_AUTHENTICATION_FAILED, errorMessage: err.message };
    }
  },
});
