// One SASL connection's authentication state, as Kafka's SaslServerAuthenticator keeps it: which
// requests may come before authentication, the mechanism and exchange in progress, whether tokens
// are raw frames (SaslHandshake v0) or SaslAuthenticate requests (v1), and the KIP-368 session
// expiry and re-authentication. Handlers 17/36 and the connection drive it; it holds no socket.
import { ErrorCode } from '../../protocol/error-codes.js';
import { ApiKey, apiInfo } from '../../protocol/generated/api-keys.js';
import { SaslAuthenticationError, type SaslAuthenticator, type SaslExchange } from './sasl-server.js';

export type SaslPhase = 'HANDSHAKE_OR_VERSIONS' | 'HANDSHAKE' | 'AUTHENTICATE' | 'COMPLETE';

/**
 * What the connection does with a request frame: dispatch it, or close the connection, answering
 * first with the request's own error response carrying `answer` when Kafka does (an
 * IllegalSaslStateException, an AuthenticationException, is answered before the close).
 */
export type Admission = { readonly ok: true } | { readonly ok: false; readonly reason: string; readonly answer?: number };

const OK: Admission = { ok: true };

function apiName(apiKey: number): string {
  const name = apiInfo(apiKey)?.name;
  // Kafka names the ApiKeys enum constant, e.g. METADATA, in these messages.
  return name === undefined ? String(apiKey) : name.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toUpperCase();
}

export class SaslConnectionState {
  phase: SaslPhase = 'HANDSHAKE_OR_VERSIONS';
  /** SaslHandshake v0: the tokens that follow are size-prefixed frames without Kafka headers. */
  rawTokens = false;
  mechanism: string | undefined;
  principal: string | undefined;
  /** Clock time after which a non-authentication request closes the connection (KIP-368). */
  expiresAt: number | undefined;
  /** A SaslAuthenticate v1+ was seen: the client can re-authenticate on this connection. */
  clientSupportsReauth = false;
  private exchange: SaslExchange | undefined;
  /** Set while re-authenticating: the mechanism and principal that must not change. */
  private previous: { mechanism: string; principal: string } | undefined;
  /** A re-authentication asked for another mechanism: the next token fails with this message. */
  private badMechanism: string | undefined;

  readonly listenerName: string;
  private readonly authenticator: SaslAuthenticator;
  private readonly maxReauthMs: number;
  private readonly now: () => number;
  private readonly onAuthenticated: (principal: string) => void;

  constructor(listenerName: string, authenticator: SaslAuthenticator, maxReauthMs: number, now: () => number, onAuthenticated: (principal: string) => void) {
    this.listenerName = listenerName;
    this.authenticator = authenticator;
    this.maxReauthMs = maxReauthMs;
    this.now = now;
    this.onAuthenticated = onAuthenticated;
  }

  get authenticated(): boolean {
    return this.phase === 'COMPLETE';
  }

  /**
   * Before a Kafka request is dispatched. Before authentication only ApiVersions (first) and
   * SaslHandshake may come, then only SaslAuthenticate; anything else closes the connection, as
   * Kafka's authenticator fails the channel. In the handshake phase that is an
   * InvalidRequestException (or, for a second ApiVersions, an IllegalStateException): closed
   * without an answer. After SaslHandshake v1 it is an IllegalSaslStateException, which Kafka
   * answers with the request's error response carrying ILLEGAL_SASL_STATE before closing. Once
   * authenticated, a SaslHandshake from a client that used SaslAuthenticate v1+ starts a
   * re-authentication, and any other request after the session expired closes the connection.
   */
  admit(apiKey: number): Admission {
    switch (this.phase) {
      case 'HANDSHAKE_OR_VERSIONS':
        if (apiKey === ApiKey.ApiVersions) {
          this.phase = 'HANDSHAKE';
          return OK;
        }
        return apiKey === ApiKey.SaslHandshake ? OK : { ok: false, reason: `Unexpected Kafka request of type ${apiName(apiKey)} during SASL handshake.` };
      case 'HANDSHAKE':
        if (apiKey === ApiKey.SaslHandshake) return OK;
        return { ok: false, reason: apiKey === ApiKey.ApiVersions ? 'Unexpected ApiVersions request received during SASL authentication state HANDSHAKE_REQUEST' : `Unexpected Kafka request of type ${apiName(apiKey)} during SASL handshake.` };
      case 'AUTHENTICATE':
        if (apiKey === ApiKey.SaslAuthenticate) return OK;
        return { ok: false, reason: `Unexpected Kafka request of type ${apiName(apiKey)} during SASL authentication.`, answer: ErrorCode.ILLEGAL_SASL_STATE };
      case 'COMPLETE':
        if (apiKey === ApiKey.SaslHandshake && this.clientSupportsReauth) {
          this.previous = { mechanism: this.mechanism ?? '', principal: this.principal ?? '' };
          this.phase = 'HANDSHAKE';
          return OK;
        }
        if (this.expiresAt !== undefined && this.now() > this.expiresAt) return { ok: false, reason: 'Disconnecting expired session (connections.max.reauth.ms)' };
        return OK;
    }
  }

  /** SaslHandshake: the mechanism is enabled on this listener (errorCode 0) or not (33, then close). */
  handshake(mechanism: string, version: number): { errorCode: number; mechanisms: string[] } {
    const enabled = [...this.authenticator.enabledMechanisms(this.listenerName)];
    if (this.phase !== 'HANDSHAKE' && this.phase !== 'HANDSHAKE_OR_VERSIONS') return { errorCode: ErrorCode.ILLEGAL_SASL_STATE, mechanisms: [] };
    const exchange = enabled.includes(mechanism) ? this.authenticator.begin(mechanism, this.listenerName) : undefined;
    if (exchange === undefined) return { errorCode: ErrorCode.UNSUPPORTED_SASL_MECHANISM, mechanisms: enabled };
    this.rawTokens = version === 0;
    this.badMechanism =
      this.previous !== undefined && this.previous.mechanism !== mechanism
        ? `SASL mechanism '${mechanism}' requested by client is not supported for re-authentication of mechanism '${this.previous.mechanism}'`
        : undefined;
    this.exchange = exchange;
    this.mechanism = mechanism;
    this.phase = 'AUTHENTICATE';
    return { errorCode: ErrorCode.NONE, mechanisms: enabled };
  }

  /**
   * One client token (from SaslAuthenticate `authVersion`, or a raw frame when null). Resolves the
   * reply and, once done, the session lifetime to report; rejects with a SaslAuthenticationError
   * whose message is Kafka's error_message (the caller answers it, then closes).
   */
  async authenticate(token: Buffer, authVersion: number | null): Promise<{ reply: Buffer; sessionLifetimeMs: number }> {
    if (authVersion !== null && authVersion > 0) this.clientSupportsReauth = true;
    const exchange = this.exchange;
    const mechanism = this.mechanism ?? '';
    const what = this.previous === undefined ? 'authentication' : 're-authentication';
    if (this.badMechanism !== undefined) throw new SaslAuthenticationError(this.badMechanism);
    if (exchange === undefined || this.phase !== 'AUTHENTICATE') throw new SaslAuthenticationError(`Unexpected SaslAuthenticate request during SASL ${what}`);
    let r: Awaited<ReturnType<SaslExchange['evaluate']>>;
    try {
      r = await exchange.evaluate(token);
    } catch (err) {
      if (err instanceof SaslAuthenticationError) throw err;
      // Kafka never echoes other failures: they could tell whether a user exists.
      throw new SaslAuthenticationError(`Authentication failed during ${what} due to invalid credentials with SASL mechanism ${mechanism}`);
    }
    if (!r.done) return { reply: r.reply, sessionLifetimeMs: 0 };
    const principal = r.principal ?? 'User:ANONYMOUS';
    if (this.previous !== undefined && this.previous.principal !== principal) {
      const dotted = (p: string): string => p.replace(':', '.');
      throw new SaslAuthenticationError(`Cannot change principals during re-authentication from ${dotted(this.previous.principal)}: ${dotted(principal)}`);
    }
    // KIP-368: the session lasts connections.max.reauth.ms, or less if the credential expires sooner.
    let lifetime = 0;
    const maxSet = this.maxReauthMs > 0;
    const now = this.now();
    this.expiresAt = undefined;
    if (r.lifetimeMs !== undefined || maxSet) {
      if (r.lifetimeMs === undefined) lifetime = this.maxReauthMs;
      else if (!maxSet) lifetime = Math.max(0, r.lifetimeMs);
      else lifetime = Math.max(0, Math.min(r.lifetimeMs, this.maxReauthMs));
      this.expiresAt = now + lifetime;
    }
    this.phase = 'COMPLETE';
    this.principal = principal;
    this.previous = undefined;
    this.exchange = undefined;
    this.onAuthenticated(principal);
    return { reply: r.reply, sessionLifetimeMs: lifetime };
  }
}
