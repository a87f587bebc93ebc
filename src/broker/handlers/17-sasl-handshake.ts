// SaslHandshake: v0–1.
// Behaviour: on a SASL listener before authentication, picks the mechanism (KIP-43): enabled →
// NONE with the listener's enabled list; not enabled → UNSUPPORTED_SASL_MECHANISM with that list,
// then the connection closes (as Kafka's authenticator fails the channel). v0 means the tokens that
// follow are raw size-prefixed frames (Connection handles them); v1 means SaslAuthenticate requests.
// After authentication a client that used SaslAuthenticate v1+ re-authenticates with it (KIP-368;
// the connection's SASL state admits it). Anywhere else ILLEGAL_SASL_STATE, as KafkaApis answers.
import { ErrorCode } from '../../protocol/error-codes.js';
import { decodeSaslHandshakeRequest, type SaslHandshakeRequest } from '../../protocol/generated/messages/sasl-handshake-request.js';
import { encodeSaslHandshakeResponse, type SaslHandshakeResponse } from '../../protocol/generated/messages/sasl-handshake-response.js';
import { defineHandler } from './types.js';

export default defineHandler<SaslHandshakeRequest, SaslHandshakeResponse>({
  apiKey: 17,
  minVersion: 0,
  maxVersion: 1,
  decode: decodeSaslHandshakeRequest,
  encode: encodeSaslHandshakeResponse,
  handle(req, ctx) {
    const sasl = ctx.sasl;
    if (sasl === undefined || sasl.authenticated) return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    const res = sasl.handshake(req.mechanism, ctx.apiVersion);
    if (res.errorCode !== ErrorCode.NONE) {
      ctx.broker.log(`SASL handshake from ${ctx.remoteAddress} on ${ctx.session.listenerName} failed: mechanism '${req.mechanism}' is not enabled (enabled: ${res.mechanisms.join(', ') || 'none'})`);
      ctx.closeAfterResponse();
    }
    return res;
  },
});
