import { ErrorCode, errorInfo } from '../../protocol/error-codes.js';
import { createSaslClient, type SaslClientOptions } from '../../protocol/sasl/client.js';
import type { SaslAuthenticateResponse } from '../../protocol/generated/messages/sasl-authenticate-response.js';
import type { SaslHandshakeResponse } from '../../protocol/generated/messages/sasl-handshake-response.js';
import { type ApiDef } from './apis.js';
import { SaslAuthenticateApi } from './apis/sasl-authenticate.js';
import { SaslHandshakeApi } from './apis/sasl-handshake.js';

/** What the client authenticates with: the mechanism and its credentials (an OAUTHBEARER token source). */
export type SaslConfig = SaslClientOptions;

/**
 * The broker refused to authenticate us: bad credentials (SASL_AUTHENTICATION_FAILED, with the
 * broker's error_message), a mechanism it does not enable, or a broker without SASL. The message is
 * one line and never contains a credential.
 */
export class SaslAuthenticationError extends Error {
  override readonly name = 'SaslAuthenticationError';
  readonly broker: string;
  readonly errorCode: number;

  constructor(message: string, broker: string, errorCode: number) {
    super(message);
    this.broker = broker;
    this.errorCode = errorCode;
  }
}

/** The part of a BrokerConnection the exchange needs (kept structural: no import cycle). */
export interface SaslChannel {
  readonly address: string;
  supportedVersion(apiKey: number): number | undefined;
  sendNow<Req, Res>(api: ApiDef<Req, Res>, req: Req, opts: { version: number }): Promise<Res>;
}

/**
 * One SASL authentication over Kafka requests (KIP-152): SaslHandshake v1 names the mechanism,
 * then the mechanism's tokens travel in SaslAuthenticate until the client has nothing more to say.
 * Returns the session lifetime the broker granted (0: none, no re-authentication needed).
 */
export async function authenticate(ch: SaslChannel, cfg: SaslConfig): Promise<number> {
  const handshakeMax = ch.supportedVersion(SaslHandshakeApi.apiKey);
  const authMax = ch.supportedVersion(SaslAuthenticateApi.apiKey);
  if (handshakeMax === undefined) {
    throw new SaslAuthenticationError(`The broker at ${ch.address} does not offer SASL on this listener (no SaslHandshake in its ApiVersions); check security.protocol and the port.`, ch.address, ErrorCode.ILLEGAL_SASL_STATE);
  }
  if (handshakeMax < 1 || authMax === undefined) {
    throw new SaslAuthenticationError(`The broker at ${ch.address} is too old for SASL over Kafka requests (needs SaslHandshake v1, Kafka 1.0+).`, ch.address, ErrorCode.ILLEGAL_SASL_STATE);
  }
  const hs: SaslHandshakeResponse = await ch.sendNow(SaslHandshakeApi, { mechanism: cfg.mechanism }, { version: 1 });
  if (hs.errorCode === ErrorCode.UNSUPPORTED_SASL_MECHANISM) {
    const enabled = hs.mechanisms.length === 0 ? 'none' : hs.mechanisms.join(', ');
    throw new SaslAuthenticationError(`The broker at ${ch.address} does not enable SASL mechanism ${cfg.mechanism}; its enabled mechanisms: ${enabled}.`, ch.address, hs.errorCode);
  }
  if (hs.errorCode === ErrorCode.ILLEGAL_SASL_STATE) {
    // What Kafka answers on a listener without SASL (PLAINTEXT or SSL).
    throw new SaslAuthenticationError(`The broker at ${ch.address} does not expect SASL on this listener (SaslHandshake: ILLEGAL_SASL_STATE); check security.protocol and the port.`, ch.address, hs.errorCode);
  }
  if (hs.errorCode !== ErrorCode.NONE) {
    throw new SaslAuthenticationError(`SaslHandshake with ${ch.address} failed: ${errorInfo(hs.errorCode).message}`, ch.address, hs.errorCode);
  }
  const version = Math.min(authMax, SaslAuthenticateApi.max);
  const exchange = createSaslClient(cfg);
  let token: Buffer | null = await mechanismStep(ch, cfg, () => exchange.initial());
  let lifetimeMs = 0;
  while (token !== null) {
    const res: SaslAuthenticateResponse = await ch.sendNow(SaslAuthenticateApi, { authBytes: token }, { version });
    if (res.errorCode !== ErrorCode.NONE) {
      const why = res.errorMessage !== null && res.errorMessage !== '' ? res.errorMessage : errorInfo(res.errorCode).message;
      // OAUTHBEARER's error_message is the server's JSON status (RFC 7628 §3.2.2), e.g. {"status":"invalid_token"}.
      const oauth = cfg.mechanism === 'OAUTHBEARER' && why.trimStart().startsWith('{') ? `The broker rejected the OAUTHBEARER token: ${why}` : why;
      throw new SaslAuthenticationError(oneLine(oauth), ch.address, res.errorCode);
    }
    lifetimeMs = Number(res.sessionLifetimeMs);
    const reply = res.authBytes;
    token = await mechanismStep(ch, cfg, () => exchange.next(reply));
  }
  return lifetimeMs > 0 ? lifetimeMs : 0;
}

/**
 * When to re-authenticate a session of `lifetimeMs` that began at `startedAt`: as Java's client
 * does, at a random point between 85% and 95% of the lifetime, so a fleet does not re-authenticate
 * at once and the exchange finishes well before the broker would close the connection.
 */
export function reauthenticationTime(startedAt: number, lifetimeMs: number, random: () => number = Math.random): number {
  return startedAt + Math.floor(lifetimeMs * (0.85 + 0.1 * random()));
}

/**
 * A step of the mechanism (e.g. SCRAM's check of the server's signature). Its failures become
 * SaslAuthenticationError; a failure to obtain an OAUTHBEARER token keeps its own wording.
 */
async function mechanismStep(ch: SaslChannel, cfg: SaslConfig, step: () => Promise<Buffer | null>): Promise<Buffer | null> {
  try {
    return await step();
  } catch (err) {
    if (err instanceof Error && (err.name === 'OAuthTokenError' || err instanceof SaslAuthenticationError)) throw err;
    const why = err instanceof Error ? err.message : String(err);
    throw new SaslAuthenticationError(`SASL ${cfg.mechanism} exchange with ${ch.address} failed: ${oneLine(why)}`, ch.address, ErrorCode.SASL_AUTHENTICATION_FAILED);
  }
}

function oneLine(s: string): string {
  return s.replace(/\s+/g, ' ').trim();
}
